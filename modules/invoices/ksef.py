"""Sending invoices to KSeF (Poland) over its 2.0 API: an online session for a few invoices,
a batch session (batch.py) for a run of KSEF_BATCH_MIN or more.

How a real client talks to KSeF 2.0 (the `ksef-client` SDK, whose crypto helpers we use):
GET /security/public-key-certificates; POST /auth/challenge; then either POST
/auth/xades-signature with an AuthTokenRequest signed XAdES by the office's KSeF certificate
(certificates.py), or - only up to 31 December 2026 - POST /auth/ksef-token with the
token encrypted (RSA-OAEP) as "token|timestampMs" and the context NIP; GET /auth/{ref};
POST /auth/token/redeem -> access token; POST /sessions/online with an AES-256 key
encrypted for KSeF; POST /sessions/online/{ref}/invoices per invoice (AES-CBC content, the
SHA-256 of the plain and encrypted document); GET /sessions/{ref}/invoices/{invoiceRef} for
the status and KSeF number; GET .../invoices/ksef/{ksefNumber}/upo for the official receipt;
POST /sessions/online/{ref}/close.

Invoice states: queued (issued, waiting) -> sent (KSeF took it: its reference is kept, so a
retry polls instead of sending again) -> accepted (KSeF number, UPO) or rejected (reason;
staff correct and resend). KSeF unreachable or answering 5xx: the invoices stay issued and
become *offline*; a job retries every 15 minutes and sends them with offlineMode. A 429
waits Retry-After (up to 30 s in place, longer by re-enqueueing the task with that delay).
A worker dying mid-run loses nothing: an invoice already sent is found again by its
reference, or, if the reference was not saved, KSeF answers "duplicate" (440) with the first
KSeF number, which we take."""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import hashlib
import logging
import time
from typing import NamedTuple

import httpx
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from common.exceptions import ApplicationError
from common.storage import office_delete, office_save
from modules.audit.services import audit_record
from modules.invoices.events import KSEF_REFUSED
from modules.invoices.fa3 import Fa3Error, fa3_build, fa3_validate
from modules.invoices.models import Invoice
from modules.invoices.policies import office_ksef_available
from modules.invoices.sealed import secret_open, secret_seal
from modules.invoices.services.invoices import office_today, settings_get

logger = logging.getLogger("vireo.invoices.ksef")
WAIT_IN_PLACE = 30  # seconds of Retry-After we wait inside the task; longer: re-enqueue
POLL = (0.05, 0.1, 0.2, 0.4, 0.8, 1.6, 3.2)
PENDING = (Invoice.Ksef.QUEUED, Invoice.Ksef.OFFLINE, Invoice.Ksef.SENT)
# What staff may send again (*Send to KSeF again*): REFUSED waits for them (the token or
# certificate fixed), not for the 15-minute job, which would only be refused again.
RESENDABLE = (Invoice.Ksef.REJECTED, Invoice.Ksef.OFFLINE, Invoice.Ksef.REFUSED)


class KsefUnavailable(Exception):
    pass


class KsefThrottled(Exception):
    def __init__(self, retry_after: int):
        super().__init__(f"429, retry after {retry_after}s")
        self.retry_after = retry_after


class KsefRefused(Exception):
    pass


class KsefNotConnected(Exception):
    pass


# What an invoice's `ksef_error` starts with, kept in English in the database and put in the
# reader's language by `ksef_error_words` (the worker has no reader; "KSeF refused the
# session" was shown half in English to a Polish office).
SESSION_REFUSED = "KSeF refused the session: "
UNAVAILABLE = "KSeF unavailable: "
ALERT_SUBJECT = "invoices.ksef_credentials"  # the staff alert of a refused token


# KSeF tokens stop working after this day; only certificates authenticate from 2027.
TOKEN_LAST_DAY = dt.date(2026, 12, 31)


def token_expired_message() -> str:
    return _(
        "KSeF tokens stopped working on 31 December 2026. Upload the office's KSeF "
        "certificate in Administration > Invoices."
    )


def ksef_available_check() -> None:
    """Refuse KSeF work (token, certificate, resending) in an office outside Poland."""
    if not office_ksef_available():
        raise ApplicationError(_("KSeF is used only by offices in Poland."), code="no_ksef")


# --- settings -----------------------------------------------------------------------------


class KsefConnected(NamedTuple):
    """What saving the office's token or certificate did: `checked` whether KSeF was asked
    and accepted it (False: not asked, or out of reach), `resent` how many invoices KSeF had
    refused to take (the login refused) were queued for it again."""

    checked: bool
    resent: int = 0


def ksef_connect(
    *, actor, token: str, expires_on: dt.date | None = None, check: bool = True
) -> KsefConnected:
    """Save the office's KSeF token (encrypted). The 2026 stopgap: tokens stop working on
    31 December 2026 and are refused after it; the certificate is the way from then on.
    `check`: log in to KSeF with it first (the office's NIP as the context); a token KSeF
    refuses is not saved (ApplicationError with KSeF's answer). `checked` says whether KSeF
    was asked: False when it could not be reached (the token is saved unchecked) or `check`
    was off (the demo, before its fake KSeF runs). Accepted, the refused-login alert is read
    and the invoices KSeF refused are queued again (`resent`)."""
    from modules.invoices.models import InvoiceSettings

    ksef_available_check()
    if office_today() > TOKEN_LAST_DAY:
        raise ApplicationError(token_expired_message(), code="token_expired")
    token = token.strip()
    checked = check and ksef_token_check(token=token)
    resent = 0
    with transaction.atomic():
        row = InvoiceSettings.objects.select_for_update().get(pk=settings_get().pk)
        row.ksef_token_encrypted = secret_seal(token)
        row.ksef_token_expires_on = min(expires_on or TOKEN_LAST_DAY, TOKEN_LAST_DAY)
        row.save(update_fields=["ksef_token_encrypted", "ksef_token_expires_on"])
        audit_record(
            action="invoices.ksef_connected",
            actor=actor,
            target=row,
            changes={"token": ["***", "***"]},
        )
        if checked:
            _credentials_alert_resolve()
            resent = _refused_requeue(actor=actor)
    return KsefConnected(checked=checked, resent=resent)


def _office_nip(what: str) -> str:
    """The office's NIP, the context KSeF checks a token or certificate against."""
    from modules.office.services import office_profile_get

    nip = office_profile_get().nip
    if not nip:
        raise ApplicationError(
            _(
                "Fill in the office's NIP first (Administration > General): KSeF checks the token "
                "against it."
            )
            if what == "token"
            else _(
                "Fill in the office's NIP first (Administration > General): KSeF checks the "
                "certificate against it."
            ),
            code="no_nip",
        )
    return nip


def ksef_token_check(*, token: str) -> bool:
    """Log in to KSeF with `token` for the office's NIP (nothing is sent). Refused: an
    ApplicationError saying so with KSeF's answer. True when KSeF accepted it, False when
    KSeF could not be reached or asked to wait (the token cannot be judged now)."""
    return _login_check(
        "token", lambda client, nip: client.authenticate_token(token=token, nip=nip)
    )


def ksef_certificate_check(*, bundle) -> bool:
    """Log in to KSeF with the certificate `bundle` (XAdES, as the sending does) for the
    office's NIP; nothing is sent. Refused: an ApplicationError with KSeF's answer. True
    when KSeF accepted it, False when KSeF could not be reached or asked to wait."""
    return _login_check(
        "certificate",
        lambda client, nip: client.authenticate_certificate(bundle=bundle, nip=nip),
    )


def _login_check(what: str, login) -> bool:
    """`login(client, nip)` against KSeF for the office's NIP, `what` ("token" or
    "certificate") naming the credential in the refusal."""
    nip = _office_nip(what)
    client = KsefClient(settings.KSEF_API_BASE, timeout=10.0)
    try:
        login(client, nip)
    except KsefRefused as exc:
        message = (
            _(
                "KSeF did not accept this token for NIP %(nip)s, so it was not saved. Check the "
                "token in the KSeF application. KSeF's answer: %(answer)s"
            )
            if what == "token"
            else _(
                "KSeF did not accept this certificate for NIP %(nip)s, so it was not saved. "
                "Check that it is the office's KSeF certificate. KSeF's answer: %(answer)s"
            )
        )
        raise ApplicationError(
            message % {"nip": nip, "answer": str(exc)}, code=f"{what}_refused"
        ) from None
    except (KsefUnavailable, KsefThrottled) as exc:
        logger.warning(f"ksef {what} check", extra={"error": str(exc)})
        return False
    finally:
        client.close()
    return True


def _refused_requeue(*, actor) -> int:
    """Inside the caller's transaction, once KSeF has accepted the office's new token or
    certificate: every invoice stopped as *refused* (KSeF refused the login) is queued for
    KSeF again, as *Send to KSeF again* does one by one (row locks, one audit entry each),
    and handed to the worker after the commit. The task takes only queued invoices, so a
    second save (or a second message) sends nothing twice. Returns how many."""
    from modules.audit.services import audit_record_many

    invoices = list(
        Invoice.objects.select_for_update()
        .filter(ksef_status=Invoice.Ksef.REFUSED)
        .order_by("pk")
        .only("pk", "number")
    )
    if not invoices:
        return 0
    ids = [i.pk for i in invoices]
    Invoice.objects.filter(pk__in=ids).update(
        ksef_status=Invoice.Ksef.QUEUED, ksef_error="", updated_at=timezone.now()
    )
    audit_record_many(
        action="invoices.ksef_resent", actor=actor, targets=[(i, {}) for i in invoices]
    )
    from modules.invoices.tasks import ksef_enqueue

    transaction.on_commit(lambda: ksef_enqueue(ids))
    return len(ids)


def _credentials_alert_resolve() -> None:
    """The office's login works again: the alert about a refused one is read for all."""
    from modules.notifications.services import alerts_resolve

    alerts_resolve(subject=ALERT_SUBJECT)


def ksef_certificate_connect(
    *,
    actor,
    certificate: bytes,
    private_key: bytes | None = None,
    password: str = "",
    check: bool = True,
) -> KsefConnected:
    """Save the office's KSeF certificate and its private key (sealed), after checking them
    (certificates.certificate_read: readable, the key is the certificate's, valid today, a
    key KSeF takes) and, with `check`, logging in to KSeF with it as the token's save does
    (`ksef_certificate_check`): refused, nothing is saved (ApplicationError with KSeF's
    answer); out of reach, saved unchecked. Only an accepted certificate marks the
    refused-login alert read and queues the refused invoices again. Replaces the previous
    certificate."""
    from modules.invoices.certificates import certificate_read, certificate_summary
    from modules.invoices.models import InvoiceSettings

    ksef_available_check()
    bundle = certificate_read(certificate=certificate, private_key=private_key, password=password)
    summary = certificate_summary(bundle.certificate)
    checked = check and ksef_certificate_check(bundle=bundle)
    resent = 0
    with transaction.atomic():
        row = InvoiceSettings.objects.select_for_update().get(pk=settings_get().pk)
        old, old_valid_to = row.ksef_certificate_serial, row.ksef_certificate_valid_to
        row.ksef_certificate_pem = bundle.certificate_pem
        row.ksef_private_key_encrypted = secret_seal(bundle.private_key_pem, purpose="ksef-key")
        row.ksef_certificate_subject = summary["subject"]
        row.ksef_certificate_serial = summary["serial"]
        row.ksef_certificate_valid_to = summary["valid_to"]
        row.save(
            update_fields=[
                "ksef_certificate_pem",
                "ksef_private_key_encrypted",
                "ksef_certificate_subject",
                "ksef_certificate_serial",
                "ksef_certificate_valid_to",
            ]
        )
        audit_record(
            action="invoices.ksef_certificate_saved",
            actor=actor,
            target=row,
            changes={
                "certificate": [old, summary["serial"]],
                "valid_to": [
                    old_valid_to.isoformat() if old_valid_to else None,
                    summary["valid_to"].isoformat(),
                ],
            },
        )
        if checked:
            _credentials_alert_resolve()
            resent = _refused_requeue(actor=actor)
    return KsefConnected(checked=checked, resent=resent)


@transaction.atomic
def ksef_certificate_remove(*, actor) -> None:
    from modules.invoices.models import InvoiceSettings

    row = InvoiceSettings.objects.select_for_update().get(pk=settings_get().pk)
    if not row.ksef_certificate_pem:
        return
    audit_record(
        action="invoices.ksef_certificate_removed",
        actor=actor,
        target=row,
        changes={"certificate": [row.ksef_certificate_serial, None]},
    )
    row.ksef_certificate_pem = row.ksef_private_key_encrypted = ""
    row.ksef_certificate_subject = row.ksef_certificate_serial = ""
    row.ksef_certificate_valid_to = None
    row.save()


def ksef_certificate_get(row=None):
    """The office's certificate and key (KsefCertificate) or None."""
    from modules.invoices.certificates import KsefCertificate

    row = row or settings_get()
    key = secret_open(row.ksef_private_key_encrypted, purpose="ksef-key")
    if not (row.ksef_certificate_pem and key):
        return None
    return KsefCertificate(certificate_pem=row.ksef_certificate_pem, private_key_pem=key)


def ksef_credentials(row, today: dt.date):
    """("certificate", KsefCertificate) or ("token", str): the certificate when the office has
    a valid one, the token only up to 31 December 2026. KsefNotConnected says why not."""
    bundle = ksef_certificate_get(row)
    if (
        bundle is not None
        and row.ksef_certificate_valid_to
        and row.ksef_certificate_valid_to > today
    ):
        return "certificate", bundle
    token = secret_open(row.ksef_token_encrypted)
    if token and today <= TOKEN_LAST_DAY:
        return "token", token
    # in English: stored on the invoices and translated when shown (ksef_error_words)
    if bundle is not None:
        raise KsefNotConnected(NOT_CONNECTED[0])
    if token:
        raise KsefNotConnected(NOT_CONNECTED[2])
    raise KsefNotConnected(NOT_CONNECTED[1])


def ksef_requeue(*, invoice: Invoice, actor) -> Invoice:
    ksef_available_check()
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if invoice.ksef_status not in RESENDABLE:
            raise ApplicationError(
                _(
                    "Only an invoice KSeF rejected, refused or could not be reached for is sent "
                    "again."
                )
            )
        invoice.ksef_status, invoice.ksef_error = Invoice.Ksef.QUEUED, ""
        invoice.save(update_fields=["ksef_status", "ksef_error", "updated_at"])
        audit_record(action="invoices.ksef_resent", actor=actor, target=invoice, changes={})
        from modules.invoices.tasks import ksef_submit_task

        pk = invoice.pk
        transaction.on_commit(lambda: ksef_submit_task.send([pk]))
    return invoice


def ksef_pending_ids() -> list[int]:
    return list(
        Invoice.objects.filter(ksef_status__in=PENDING).order_by("pk").values_list("pk", flat=True)
    )


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def invoice_hash(invoice: Invoice) -> bytes:
    """SHA-256 of the invoice's FA(3) file: the one KSeF got, or the one it will get (the
    XML is built from the frozen invoice and its issue time, so it does not change)."""
    if invoice.ksef_hash:
        return base64.b64decode(invoice.ksef_hash)
    return hashlib.sha256(fa3_build(invoice)).digest()


def verification_url(invoice: Invoice) -> str:
    """KOD I: the link printed as a QR code on the invoice (qr.ksef.mf.gov.pl/invoice/
    <seller NIP>/<issue date DD-MM-YYYY>/<SHA-256 of the FA(3) file, base64url>)."""
    hash_url = _b64url(invoice_hash(invoice))
    return (
        f"{settings.KSEF_QR_BASE.rstrip('/')}/invoice/{invoice.seller.get('nip', '')}/"
        f"{invoice.issue_date:%d-%m-%Y}/{hash_url}"
    )


def certificate_url(invoice: Invoice, bundle, serial: str) -> str:
    """KOD II, the offline certificate code: qr.ksef.mf.gov.pl/certificate/Nip/<context NIP>/
    <seller NIP>/<certificate serial>/<invoice hash, base64url>/<signature, base64url>; the
    signature is over the link without its scheme, by the office's KSeF certificate
    (RSA-PSS SHA-256 with a 32-byte salt, or ECDSA P-256 SHA-256 as r||s), as
    ksef_client's VerificationLinkService makes it."""
    from cryptography.hazmat.primitives.asymmetric import rsa
    from ksef_client.services.crypto import sign_path_ecdsa, sign_path_rsa_pss

    nip = invoice.seller.get("nip", "")
    link = (
        f"{settings.KSEF_QR_BASE.rstrip('/')}/certificate/Nip/{nip}/{nip}/{serial}/"
        f"{_b64url(invoice_hash(invoice))}"
    )
    signed = link.removeprefix("https://").removeprefix("http://").encode()
    key = bundle.private_key
    if isinstance(key, rsa.RSAPrivateKey):
        signature = sign_path_rsa_pss(key, signed)
    else:
        signature = sign_path_ecdsa(key, signed, format="p1363")
    return f"{link}/{_b64url(signature)}"


def offline_codes(invoice: Invoice) -> list[tuple[str, str]]:
    """The QR codes of an invoice issued offline: KOD I labelled OFFLINE and, when the office
    has a valid KSeF certificate, KOD II labelled CERTYFIKAT. [(label, link)]"""
    codes = [("OFFLINE", verification_url(invoice))]
    row = settings_get()
    bundle = ksef_certificate_get(row)
    valid_to = row.ksef_certificate_valid_to
    if bundle is not None and valid_to and valid_to >= (invoice.issue_date or valid_to):
        codes.append(("CERTYFIKAT", certificate_url(invoice, bundle, row.ksef_certificate_serial)))
    return codes


# --- the HTTP client ----------------------------------------------------------------------


class KsefClient:
    def __init__(self, base_url: str, *, timeout: float = 20.0):
        self.http = httpx.Client(base_url=base_url.rstrip("/"), timeout=timeout)
        self.access = ""
        self.certificates: dict[str, str] = {}

    def close(self) -> None:
        self.http.close()

    def _call(
        self, method: str, path: str, *, token: str = "", json=None, content=None, headers=None
    ) -> httpx.Response:
        headers = {"Accept": "application/json", **(headers or {})}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return self._request(method, path, json=json, content=content, headers=headers)

    def _request(self, method: str, url: str, **kwargs) -> httpx.Response:
        """One request; 429, 5xx/unreachable and 4xx become KsefThrottled, KsefUnavailable
        and KsefRefused."""
        try:
            response = self.http.request(method, url, **kwargs)
        except httpx.HTTPError as exc:
            raise KsefUnavailable(str(exc)) from exc
        if response.status_code == 429:
            raise KsefThrottled(int(response.headers.get("Retry-After") or 1))
        if response.status_code >= 500:
            raise KsefUnavailable(f"HTTP {response.status_code}")
        if response.status_code >= 400:
            raise KsefRefused(_error_text(response))
        return response

    def _public_keys(self) -> None:
        for row in self._call("GET", "/security/public-key-certificates").json():
            for usage in row.get("usage", []):
                self.certificates[usage] = _pem(row["certificate"])

    def authenticate(self, credentials: tuple[str, object], *, nip: str) -> None:
        kind, secret = credentials
        if kind == "certificate":
            self.authenticate_certificate(bundle=secret, nip=nip)
        else:
            self.authenticate_token(token=secret, nip=nip)

    def authenticate_certificate(self, *, bundle, nip: str) -> None:
        """The challenge in an AuthTokenRequest (schema 2.0), signed XAdES with the office's
        certificate, posted as XML to /auth/xades-signature."""
        from ksef_client.services.auth import build_auth_token_request_xml

        from modules.invoices.certificates import xades_sign

        self._public_keys()
        challenge = self._call("POST", "/auth/challenge").json()
        request = build_auth_token_request_xml(
            challenge=challenge["challenge"],
            context_identifier_type="nip",
            context_identifier_value=nip,
            subject_identifier_type="certificateSubject",
            schema_version="2.0",
        )
        signed = xades_sign(request.encode(), bundle)
        started = self._call(
            "POST",
            "/auth/xades-signature",
            content=signed,
            headers={"Content-Type": "application/xml"},
        ).json()
        self._auth_finish(started)

    def authenticate_token(self, *, token: str, nip: str) -> None:
        from ksef_client.services.crypto import encrypt_ksef_token_rsa

        self._public_keys()
        challenge = self._call("POST", "/auth/challenge").json()
        encrypted = encrypt_ksef_token_rsa(
            self.certificates["KsefTokenEncryption"], token, challenge["timestampMs"]
        )
        started = self._call(
            "POST",
            "/auth/ksef-token",
            json={
                "challenge": challenge["challenge"],
                "contextIdentifier": {"type": "Nip", "value": nip},
                "encryptedToken": base64.b64encode(encrypted).decode(),
            },
        ).json()
        self._auth_finish(started)

    def _auth_finish(self, started: dict) -> None:
        auth_token = started["authenticationToken"]["token"]
        for pause in POLL:
            status = self._call(
                "GET", f"/auth/{started['referenceNumber']}", token=auth_token
            ).json()["status"]
            if status["code"] == 200:
                break
            if status["code"] >= 400:
                raise KsefRefused(
                    "; ".join(
                        [
                            str(status["code"]),
                            status.get("description", ""),
                            *status.get("details", []),
                        ]
                    )
                )
            time.sleep(pause)
        tokens = self._call("POST", "/auth/token/redeem", token=auth_token).json()
        self.access = tokens["accessToken"]["token"]

    def session_open(self):
        from ksef_client.services.crypto import build_encryption_data

        data = build_encryption_data(self.certificates["SymmetricKeyEncryption"])
        info = data.encryption_info
        response = self._call(
            "POST",
            "/sessions/online",
            token=self.access,
            json={
                "formCode": {"systemCode": "FA (3)", "schemaVersion": "1-0E", "value": "FA"},
                "encryption": {
                    "encryptedSymmetricKey": info.encrypted_symmetric_key,
                    "initializationVector": info.initialization_vector,
                },
            },
        )
        return response.json()["referenceNumber"], data

    def invoice_send(self, session: str, data, xml: bytes, *, offline: bool) -> str:
        from ksef_client.services.crypto import build_send_invoice_request

        request = build_send_invoice_request(xml, data.key, data.iv, offline_mode=offline)
        body = {
            "invoiceHash": request.invoice_hash,
            "invoiceSize": request.invoice_size,
            "encryptedInvoiceHash": request.encrypted_invoice_hash,
            "encryptedInvoiceSize": request.encrypted_invoice_size,
            "encryptedInvoiceContent": request.encrypted_invoice_content,
            "offlineMode": offline,
        }
        response = self._call(
            "POST", f"/sessions/online/{session}/invoices", token=self.access, json=body
        )
        return response.json()["referenceNumber"]

    def invoice_status(self, session: str, reference: str) -> dict:
        return self._call(
            "GET", f"/sessions/{session}/invoices/{reference}", token=self.access
        ).json()

    def upo(self, session: str, ksef_number: str) -> bytes:
        return self._call(
            "GET", f"/sessions/{session}/invoices/ksef/{ksef_number}/upo", token=self.access
        ).content

    def session_close(self, session: str) -> None:
        self._call("POST", f"/sessions/online/{session}/close", token=self.access)

    # batch sessions (batch.py)
    def batch_open(self, body: dict) -> dict:
        return self._call("POST", "/sessions/batch", token=self.access, json=body).json()

    def part_upload(self, request: dict, content: bytes) -> None:
        """PUT one encrypted part to its pre-signed URL (absolute, no Authorization)."""
        headers = {"Content-Type": "application/octet-stream", **(request.get("headers") or {})}
        self._request(request["method"], request["url"], content=content, headers=headers)

    def batch_close(self, session: str) -> None:
        self._call("POST", f"/sessions/batch/{session}/close", token=self.access)

    def session_status(self, session: str) -> dict:
        return self._call("GET", f"/sessions/{session}", token=self.access).json()

    def session_invoices(self, session: str) -> list[dict]:
        """Every invoice of a session, page after page (x-continuation-token)."""
        result, continuation = [], ""
        while True:
            headers = {"x-continuation-token": continuation} if continuation else None
            page = self._call(
                "GET", f"/sessions/{session}/invoices", token=self.access, headers=headers
            ).json()
            result.extend(page.get("invoices") or [])
            continuation = page.get("continuationToken") or ""
            if not continuation:
                return result


def _pem(der_base64: str) -> str:
    body = "\n".join(der_base64[i : i + 64] for i in range(0, len(der_base64), 64))
    return f"-----BEGIN CERTIFICATE-----\n{body}\n-----END CERTIFICATE-----\n"


def _error_text(response: httpx.Response) -> str:
    try:
        details = response.json()["exception"]["exceptionDetailList"]
        return "; ".join(f"{d['exceptionCode']}: {d['exceptionDescription']}" for d in details)
    except (ValueError, KeyError, TypeError):
        return f"HTTP {response.status_code}"


# --- the submission -----------------------------------------------------------------------


def _update(invoice: Invoice, **fields) -> None:
    for name, value in fields.items():
        setattr(invoice, name, value)
    Invoice.objects.filter(pk=invoice.pk).update(**fields, updated_at=timezone.now())


def _accepted(
    client: KsefClient, session: str, invoice: Invoice, ksef_number: str, *, render: bool = True
) -> None:
    """KSeF took the invoice: its number and UPO are kept, its PDF made again with the number
    and the QR code (now, or - render=False, a batch - by the e-mail task that needs it)."""
    from modules.invoices.services.delivery import invoice_pdf_store

    upo_path = ""
    try:
        upo = client.upo(session, ksef_number)
        upo_path = office_save(f"invoices/upo/{invoice.pk}-{ksef_number}.xml", upo)
    except (KsefRefused, KsefUnavailable) as exc:  # the UPO can be fetched later
        logger.warning("ksef upo", extra={"invoice": invoice.pk, "error": str(exc)})
    old_pdf = invoice.pdf_path
    _update(
        invoice,
        ksef_status=Invoice.Ksef.ACCEPTED,
        ksef_number=ksef_number,
        ksef_upo_path=upo_path,
        ksef_error="",
        **({} if render else {"pdf_path": ""}),
    )
    if render:
        invoice_pdf_store(invoice=invoice)  # now with the KSeF number and the QR code
    elif old_pdf:
        office_delete(old_pdf)


def ksef_submit(*, invoice_ids: list[int]) -> dict[str, int]:
    """Send the queued/offline invoices among `invoice_ids` and settle the sent ones. Safe to
    run twice (see the module's docstring). KSEF_BATCH_MIN new invoices or more go in one
    batch session (batch.py docstring: zipped, parts, resumable); fewer, or a batch KSeF
    refuses to open, go one by one in an online session. Returns counts per outcome."""
    row = settings_get()
    outcome = {"accepted": 0, "rejected": 0, "offline": 0, "throttled": 0, "refused": 0}
    if not row.ksef_enabled or not office_ksef_available():
        return outcome
    invoices = list(
        Invoice.objects.filter(pk__in=invoice_ids, ksef_status__in=PENDING)
        .select_related("corrects")
        .order_by("pk")
    )
    if not invoices:
        return outcome
    try:
        credentials = ksef_credentials(row, office_today())
    except KsefNotConnected as exc:
        for invoice in invoices:
            _update(invoice, ksef_error=exc.args[0])
        return outcome
    nip = invoices[0].seller.get("nip", "")
    client = KsefClient(settings.KSEF_API_BASE)
    in_batch = [i for i in invoices if _batch_session(i)]
    fresh = [i for i in invoices if i.ksef_status != Invoice.Ksef.SENT]
    try:
        try:
            client.authenticate(credentials, nip=nip)
        except KsefUnavailable as exc:
            for invoice in fresh:
                _offline(invoice, str(exc))
            outcome["offline"] = len(fresh)
            return outcome
        except KsefRefused as exc:
            _login_refused(invoices, str(exc), outcome)
            return outcome
        from modules.invoices.batch import batch_resume, batch_send

        batch_resume(client, in_batch, outcome)
        fresh += [i for i in in_batch if i.ksef_status == Invoice.Ksef.QUEUED]  # cancelled
        online = [i for i in invoices if i not in in_batch]
        if len(fresh) >= settings.KSEF_BATCH_MIN:
            online = [i for i in online if i not in fresh] + batch_send(client, fresh, outcome)
        else:
            online += [i for i in fresh if i not in online]
        if online:
            _online_send(client, online, outcome)
    finally:
        client.close()
        _deliver_settled([i.pk for i in invoices])
    return outcome


def _login_refused(invoices: list[Invoice], reason: str, outcome: dict) -> None:
    """KSeF refused to log the office in: the invoices not sent yet stop as *refused* with
    KSeF's answer (no retry: the same token would be refused every 15 minutes), those it
    already holds stay *sent* (polled once the login works), and the office is alerted."""
    refused = [i for i in invoices if i.ksef_status != Invoice.Ksef.SENT]
    for invoice in invoices:
        if invoice in refused:
            _update(invoice, ksef_status=Invoice.Ksef.REFUSED, ksef_error=reason[:1000])
        else:
            _update(invoice, ksef_error=f"{SESSION_REFUSED}{reason}"[:1000])
    outcome["refused"] += len(refused)
    if refused:
        _login_refused_notify(len(refused), reason)


def _login_refused_notify(count: int, reason: str) -> None:
    from django.urls import reverse

    from modules.notifications.services import notify

    office = connection.tenant
    notify(
        event=KSEF_REFUSED,
        context={
            "invoice_count": count,
            "ksef_answer": reason,
            "settings_url": getattr(office, "url", "") + reverse("invoices:settings"),
        },
        alert_subject=ALERT_SUBJECT,
    )


def ksef_error_words(invoice: Invoice) -> str:
    """The invoice's KSeF problem in the reader's language: the stored `ksef_error` holds
    KSeF's own answer (its words, in Polish) behind an English lead that is translated
    here; "" when there is none."""
    error = invoice.ksef_error
    if not error:
        return ""
    if invoice.ksef_status == Invoice.Ksef.REFUSED:
        return _(
            "KSeF did not accept the office's token or certificate. Correct it in "
            "Administration > Invoices, then send the invoice to KSeF again. KSeF's answer: "
            "%(answer)s"
        ) % {"answer": error}
    if error.startswith(SESSION_REFUSED):
        return _("KSeF refused the session: %(answer)s") % {
            "answer": error.removeprefix(SESSION_REFUSED)
        }
    if error.startswith(UNAVAILABLE):
        return _(
            "KSeF could not be reached (%(reason)s). The invoice is issued in offline mode "
            "and sent again automatically every 15 minutes."
        ) % {"reason": error.removeprefix(UNAVAILABLE)}
    if error.startswith(BATCH_PREFIX):
        session, _colon, answer = error.removeprefix(BATCH_PREFIX).partition(": ")
        return _("KSeF batch session %(session)s: %(answer)s") % {
            "session": session,
            "answer": answer,
        }
    if error in NOT_CONNECTED:
        return _(error)
    return error  # KSeF's answer or the schema's finding, as they wrote it


BATCH_PREFIX = "KSeF batch session "
# The reasons nothing was sent (KsefNotConnected), stored in English and translated when shown.
NOT_CONNECTED = (
    gettext_noop("The office's KSeF certificate has expired."),
    gettext_noop("KSeF is not connected (no certificate)."),
    gettext_noop(
        "KSeF tokens stopped working on 31 December 2026. Upload the office's KSeF "
        "certificate in Administration > Invoices."
    ),
)


def _batch_session(invoice: Invoice) -> str:
    """The batch session an invoice was sent in ("batch:<session>"), else ""."""
    if invoice.ksef_status == Invoice.Ksef.SENT and invoice.ksef_reference.startswith("batch:"):
        return invoice.ksef_reference.removeprefix("batch:")
    return ""


def fa3_checked(invoice: Invoice, outcome: dict) -> bytes | None:
    """The invoice's FA(3) XML, or None (rejected here: not valid against the schema)."""
    xml = fa3_build(invoice)
    try:
        fa3_validate(xml)
    except Fa3Error as exc:
        _update(invoice, ksef_status=Invoice.Ksef.REJECTED, ksef_error=str(exc)[:1000])
        outcome["rejected"] += 1
        return None
    return xml


def _online_send(client: KsefClient, invoices: list[Invoice], outcome: dict) -> None:
    sent: list[tuple[Invoice, str, str]] = []  # (invoice, its reference, its session)
    try:
        session, keys = client.session_open()
    except KsefUnavailable as exc:
        fresh = [i for i in invoices if i.ksef_status != Invoice.Ksef.SENT]
        for invoice in fresh:
            _offline(invoice, str(exc))
        outcome["offline"] += len(fresh)
        return
    except KsefRefused as exc:
        for invoice in invoices:
            _update(invoice, ksef_error=f"{SESSION_REFUSED}{exc}"[:1000])
        return
    for index, invoice in enumerate(invoices):
        if invoice.ksef_status == Invoice.Ksef.SENT and ":" in invoice.ksef_reference:
            old_session, old_ref = invoice.ksef_reference.split(":", 1)
            sent.append((invoice, old_ref, old_session))
            continue
        xml = fa3_checked(invoice, outcome)
        if xml is None:
            continue
        digest = base64.b64encode(hashlib.sha256(xml).digest()).decode()
        try:
            reference = _send_honouring_429(client, session, keys, xml, invoice)
        except KsefThrottled as exc:
            _requeue_later([i.pk for i in invoices[index:]], exc.retry_after)
            outcome["throttled"] += len(invoices) - index
            break
        except KsefUnavailable as exc:
            for rest in invoices[index:]:
                _offline(rest, str(exc))
            outcome["offline"] += len(invoices) - index
            break
        except KsefRefused as exc:
            _update(invoice, ksef_status=Invoice.Ksef.REJECTED, ksef_error=str(exc)[:1000])
            outcome["rejected"] += 1
            continue
        _update(
            invoice,
            ksef_status=Invoice.Ksef.SENT,
            ksef_reference=f"{session}:{reference}",
            ksef_hash=digest,
            ksef_sent_at=timezone.now(),
            ksef_attempts=invoice.ksef_attempts + 1,
        )
        sent.append((invoice, reference, session))
    for invoice, reference, invoice_session in sent:
        result = _settle(client, invoice_session, invoice, reference)
        outcome[result] = outcome.get(result, 0) + 1
    with contextlib.suppress(KsefRefused, KsefUnavailable):
        client.session_close(session)


def _deliver_settled(ids: list[int]) -> None:
    """E-mail the invoices KSeF accepted (or that went offline: legally issued in offline
    mode) and were not e-mailed yet."""
    ready = list(
        Invoice.objects.filter(
            pk__in=ids,
            emailed_at__isnull=True,
            ksef_status__in=(Invoice.Ksef.ACCEPTED, Invoice.Ksef.OFFLINE),
        ).values_list("pk", flat=True)
    )
    if ready:  # the mailings are the outbox: a lost message is swept
        from modules.invoices.services.delivery import invoice_mailing_create

        invoice_mailing_create(invoice_ids=ready)


def _send_honouring_429(client, session, keys, xml: bytes, invoice: Invoice) -> str:
    offline = invoice.ksef_status == Invoice.Ksef.OFFLINE
    while True:
        try:
            return client.invoice_send(session, keys, xml, offline=offline)
        except KsefThrottled as exc:
            if exc.retry_after > WAIT_IN_PLACE:
                raise
            time.sleep(exc.retry_after)


def _requeue_later(ids: list[int], seconds: int) -> None:
    from modules.invoices.tasks import ksef_submit_task

    ksef_submit_task.send_with_options(args=(ids,), delay=seconds * 1000)


def _offline(invoice: Invoice, reason: str) -> None:
    """Issued in offline mode: its PDF is made again (by the e-mail task) with the offline
    QR codes."""
    old_pdf = invoice.pdf_path if invoice.ksef_status != Invoice.Ksef.OFFLINE else ""
    _update(
        invoice,
        ksef_status=Invoice.Ksef.OFFLINE,
        ksef_error=f"{UNAVAILABLE}{reason}"[:1000],
        ksef_attempts=invoice.ksef_attempts + 1,
        **({"pdf_path": ""} if old_pdf else {}),
    )
    if old_pdf:
        office_delete(old_pdf)


def _settle(client: KsefClient, session: str, invoice: Invoice, reference: str) -> str:
    for pause in POLL:
        try:
            status = client.invoice_status(session, reference)
        except KsefUnavailable:
            return "offline"  # stays "sent"; the next run polls again
        code = status["status"]["code"]
        if code == 200:
            _accepted(client, session, invoice, status["ksefNumber"])
            return "accepted"
        if code == 440 and status["status"].get("details"):
            # a duplicate: KSeF already has this document (a run that died after sending)
            _accepted(client, session, invoice, status["status"]["details"][0])
            return "accepted"
        if code >= 400:
            reason = "; ".join(
                [status["status"]["description"], *status["status"].get("details", [])]
            )
            _update(invoice, ksef_status=Invoice.Ksef.REJECTED, ksef_error=reason[:1000])
            return "rejected"
        time.sleep(pause)
    return "sent"
