"""SMS through Vonage's SMS API (the `vonage` SDK): encoding, length, countries, sending.

Configuration comes from the environment, read when a message is sent:
VONAGE_API_KEY, VONAGE_API_SECRET, VONAGE_REST_HOST (default rest.nexmo.com) and
VONAGE_CA_BUNDLE (a certificate to trust, for the local fake). In development without a key
the messages go to the local fake of the API that `manage.py mailcatcher` serves.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from django.conf import settings

# GSM 03.38: the basic table (1 septet each) and the extension table (escape + char = 2).
GSM7_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENDED = set("^{}\\[~]|€\f")
MAX_PARTS = 4

# Country calling codes of the countries an office may allow (ISO 3166 alpha-2).
CALLING_CODES = {
    "PL": "48",
    "SK": "421",
    "CZ": "420",
    "DE": "49",
    "AT": "43",
    "HU": "36",
    "UA": "380",
    "GB": "44",
    "IE": "353",
    "FR": "33",
    "NL": "31",
    "BE": "32",
    "IT": "39",
    "ES": "34",
    "LT": "370",
    "LV": "371",
    "EE": "372",
    "SE": "46",
    "DK": "45",
    "NO": "47",
    "FI": "358",
    "CH": "41",
    "RO": "40",
    "BG": "359",
    "HR": "385",
    "SI": "386",
    "US": "1",
}


@dataclass(frozen=True)
class SmsLength:
    encoding: str  # "gsm7" or "ucs2"
    units: int  # septets (GSM-7) or UTF-16 code units (UCS-2)
    parts: int


def sms_length(text: str) -> SmsLength:
    """How many parts a message takes: 160/153 GSM-7 septets or 70/67 UCS-2 units per part."""
    if all(ch in GSM7_BASIC or ch in GSM7_EXTENDED for ch in text):
        units = sum(2 if ch in GSM7_EXTENDED else 1 for ch in text)
        single, multi, encoding = 160, 153, "gsm7"
    else:
        units = len(text.encode("utf-16-le")) // 2
        single, multi, encoding = 70, 67, "ucs2"
    if units == 0:
        return SmsLength(encoding, 0, 0)
    parts = 1 if units <= single else -(-units // multi)
    return SmsLength(encoding, units, parts)


def sms_fit(text: str, *, max_parts: int = MAX_PARTS) -> str:
    """Shorten a message to `max_parts` parts, ending it with an ellipsis."""
    text = text.strip()
    if sms_length(text).parts <= max_parts:
        return text
    while text and sms_length(text + "…").parts > max_parts:
        text = text[:-1]
    return text.rstrip() + "…"


def sms_country(number: str) -> str | None:
    """The country of an E.164 number among CALLING_CODES (longest prefix wins)."""
    digits = number.lstrip("+")
    for country, code in sorted(CALLING_CODES.items(), key=lambda kv: -len(kv[1])):
        if digits.startswith(code):
            return country
    return None


def normalise_phone(value: str) -> str:
    """ "+48 601 234 567", "0048601234567" -> "+48601234567" (validation is the model's)."""
    cleaned = "".join(ch for ch in value if ch.isdigit() or ch == "+")
    if cleaned.startswith("00"):
        cleaned = "+" + cleaned[2:]
    return cleaned


class SmsPermanentError(Exception):
    pass


class SmsTemporaryError(Exception):
    pass


# Vonage SMS API status codes that are worth another attempt (throttled, internal error,
# communication failed).
TEMPORARY_STATUSES = {"1", "5", "6"}


def _fake_address() -> str:
    from modules.notifications.devtools.addresses import fake_vonage_address

    return fake_vonage_address()


def sms_client():
    from vonage import Auth, HttpClientOptions, Vonage

    key = os.environ.get("VONAGE_API_KEY", "")
    host = os.environ.get("VONAGE_REST_HOST", "")
    ca_bundle = os.environ.get("VONAGE_CA_BUNDLE", "")
    if not key and settings.DEBUG:
        from modules.notifications.devtools.fake_vonage import certificate_paths

        key, host = "dev", host or _fake_address()
        ca_bundle = ca_bundle or str(certificate_paths()[0])
    options = HttpClientOptions(rest_host=host or "rest.nexmo.com", timeout=15, max_retries=0)
    client = Vonage(
        Auth(api_key=key, api_secret=os.environ.get("VONAGE_API_SECRET", "dev")), options
    )
    if ca_bundle:
        session = client.http_client._session
        session.verify = ca_bundle
        # Otherwise REQUESTS_CA_BUNDLE from the environment would win over the bundle.
        session.trust_env = False
    return client


def sms_send(*, to: str, sender: str, text: str) -> str:
    """Send one SMS; returns the provider's message id. Raises SmsTemporaryError or
    SmsPermanentError."""
    from requests.exceptions import RequestException
    from vonage_http_client.errors import HttpRequestError, RateLimitedError, ServerError
    from vonage_sms import SmsMessage
    from vonage_sms.errors import SmsError

    encoding = sms_length(text).encoding
    message = SmsMessage(
        to=to.lstrip("+"),
        from_=sender or "Vireo",
        text=text,
        type="unicode" if encoding == "ucs2" else "text",
    )
    try:
        response = sms_client().sms.send(message)
    except SmsError as exc:
        status = str(exc).split("error code ")[-1].split(":")[0].strip()
        if status in TEMPORARY_STATUSES:
            raise SmsTemporaryError(str(exc)) from exc
        raise SmsPermanentError(str(exc)) from exc
    except (ServerError, RateLimitedError, RequestException) as exc:
        raise SmsTemporaryError(f"{exc.__class__.__name__}: {exc}") from exc
    except HttpRequestError as exc:
        raise SmsPermanentError(f"{exc.__class__.__name__}: {exc}") from exc
    return ",".join(m.message_id or "" for m in response.messages)
