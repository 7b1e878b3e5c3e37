"""E-mail through Django's mail backends: SMTP configured from the environment.

NOTIFICATIONS_EMAIL_URL (e.g. smtp+tls://user:pass@smtp.example.com:587), read when a
message is sent, wins; otherwise Django's own EMAIL_URL settings apply. In development
(DEBUG with the console backend) the mail goes to the local SMTP catcher that
`manage.py mailcatcher` runs, so that people can read what clients would receive.
"""

from __future__ import annotations

import os
import re
import smtplib
from email.mime.image import MIMEImage
from email.utils import formataddr, make_msgid, parseaddr

import environ
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.message import SafeMIMEMultipart
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import format_html, linebreaks, urlize
from django.utils.safestring import mark_safe

from common.emails import office_contact_email
from common.storage import office_read

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
OFFICE_HEADER = "X-Vireo-Office"
DELIVERY_HEADER = "X-Vireo-Delivery"
LOGO_CID = "office-logo@vireo"


class EmailPermanentError(Exception):
    pass


class EmailTemporaryError(Exception):
    pass


def email_connection():
    url = os.environ.get("NOTIFICATIONS_EMAIL_URL", "")
    if url:
        config = environ.Env.email_url_config(url)
        return get_connection(
            config["EMAIL_BACKEND"],
            host=config.get("EMAIL_HOST"),
            port=config.get("EMAIL_PORT"),
            username=config.get("EMAIL_HOST_USER") or "",
            password=config.get("EMAIL_HOST_PASSWORD") or "",
            use_tls=config.get("EMAIL_USE_TLS", False),
            use_ssl=config.get("EMAIL_USE_SSL", False),
            timeout=15,
        )
    if settings.DEBUG and settings.EMAIL_BACKEND.endswith("console.EmailBackend"):
        from modules.notifications.devtools.addresses import mailcatcher_address

        host, port = mailcatcher_address().rsplit(":", 1)
        return get_connection(SMTP_BACKEND, host=host, port=int(port), timeout=15)
    return get_connection()


# "Label: https://..." at the end of a line: the HTML links the label instead.
_LABELLED = re.compile(r"^(?P<label>.*?\S)\s*:\s+(?P<url>https?://\S+)$")
_LINK_STYLE = "word-break:break-all;overflow-wrap:anywhere"


def html_body(text: str, actions: list[dict] | tuple = ()) -> str:
    """The HTML part, built from the escaped plain text: office templates never write HTML.
    Raw addresses belong to the plain-text part: a line that is only a button's address is
    left out (the button says it), "Label: <address>" becomes the label as a link, and any
    other address is a link that wraps (a ~150-character signed link overflowed the card)."""
    buttons = {str(action["url"]) for action in actions}
    lines = []
    for line in text.replace("\r", "").split("\n"):
        bare = line.strip()
        if bare in buttons:
            continue
        labelled = _LABELLED.match(bare)
        if labelled:
            lines.append(
                format_html(
                    '{} <a href="{}" style="{}">{}</a>',
                    "" if not labelled["label"].startswith("- ") else "-",
                    labelled["url"],
                    _LINK_STYLE,
                    labelled["label"].removeprefix("- "),
                ).lstrip()
            )
            continue
        linked = urlize(line, nofollow=True, autoescape=True)
        lines.append(linked.replace("<a href=", f'<a style="{_LINK_STYLE}" href='))
    html = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return mark_safe(linebreaks(html))


class _Message(EmailMultiAlternatives):
    """Text and HTML alternatives, with the office's logo beside the HTML in a
    multipart/related part (referenced as cid:); attachments stay in the outer
    multipart/mixed, where mail programs list them."""

    logo: MIMEImage | None = None

    def _create_alternatives(self, msg):
        msg = super()._create_alternatives(msg)
        if self.logo is None:
            return msg
        related = SafeMIMEMultipart(_subtype="related", encoding=self.encoding)
        related.attach(msg)
        related.attach(self.logo)
        return related


def _logo(office) -> MIMEImage | None:
    """The office's logo as an inline image, or None (no logo, or it cannot be read)."""
    name = getattr(office, "logo", "")
    if not name or not name.startswith("office/logo-"):
        return None
    try:
        content = office_read(name, schema=office.schema_name)
    except (OSError, ValueError):
        return None
    image = MIMEImage(content, _subtype="png" if name.endswith(".png") else "jpeg")
    image.add_header("Content-ID", f"<{LOGO_CID}>")
    image.add_header("Content-Disposition", "inline", filename="logo")
    return image


def _text_with_actions(body: str, actions: list[dict]) -> str:
    """The plain-text alternative: the body, then each button's address it does not hold."""
    extra = [f"{a['label']}: {a['url']}" for a in actions if a["url"] not in body]
    return body + ("\n\n" + "\n".join(extra) if extra else "")


def _unsubscribe(delivery, office) -> str:
    """The per-event opt-out link of a client recipient's e-mail, or ""."""
    from modules.notifications.hooks import CLIENT, event_get
    from modules.notifications.services.unsubscribe import unsubscribe_url

    try:
        client_event = event_get(delivery.event).audience == CLIENT
    except LookupError:
        return ""
    if not client_event or delivery.recipient_id is None:
        return ""
    return unsubscribe_url(office=office, recipient_id=delivery.recipient_id, event=delivery.event)


def office_address(*, office, office_settings) -> str:
    """THE office's e-mail address for notifications: its notification address
    (Administration > Notifications), else its e-mail (Administration > General); "" when
    it has neither. The office events' e-mails go there (services.notify) and replies to
    the clients' e-mails too (email_reply_to). Before 2026-12-07 an office that filled in
    only General's e-mail got its replies there but none of its office e-mails (a new
    helpdesk request: the in-app alert alone)."""
    return office_settings.office_email or office_contact_email(office)


def email_reply_to(*, office, office_settings) -> str:
    """Where a reply to the office's notification e-mails goes (they come from the platform's
    no-reply address): office_address; "" when the office has none, and the footer then
    asks not to reply (email_build)."""
    return office_address(office=office, office_settings=office_settings)


def email_build(*, delivery, office, reply_to: str = "") -> EmailMultiAlternatives:
    sender_address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    actions = list(delivery.actions or [])
    headers = {
        OFFICE_HEADER: office.schema_name,
        DELIVERY_HEADER: str(delivery.pk),
        # On the office's own host: replies and threads belong to the office.
        "Message-ID": make_msgid(f"{office.schema_name}.{delivery.pk}", domain=office.host),
        "Auto-Submitted": "auto-generated",
    }
    unsubscribe = _unsubscribe(delivery, office)
    if unsubscribe:
        headers["List-Unsubscribe"] = f"<{unsubscribe}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = _Message(
        subject=delivery.subject,
        body=_text_with_actions(delivery.body, actions),
        from_email=formataddr((office.name, sender_address)),
        to=[delivery.address],
        reply_to=[reply_to] if reply_to else None,
        headers=headers,
    )
    message.logo = _logo(office)
    with translation.override(delivery.language or None):
        html = render_to_string(
            "notifications/email/message.html",
            {
                "subject": delivery.subject,
                "body_html": html_body(delivery.body, actions),
                "office": office,
                "actions": actions,
                "logo_src": f"cid:{LOGO_CID}" if message.logo is not None else "",
                "unsubscribe_url": unsubscribe,
                "language": delivery.language,
                # Only an e-mail with a Reply-To invites a reply.
                "can_reply": bool(reply_to),
            },
        )
    message.attach_alternative(html, "text/html")
    notification = delivery.notification
    if not notification.attachments_linked:
        for item in notification.attachments:
            try:
                content = office_read(item["path"], schema=office.schema_name)
            except ValueError as exc:
                raise EmailPermanentError(f"attachment outside the office's files: {exc}") from exc
            except OSError as exc:
                raise EmailPermanentError(f"attachment missing: {item['filename']}") from exc
            message.attach(item["filename"], content, item.get("content_type") or None)
    return message


def email_send(*, delivery, office, reply_to: str = "", smtp=None) -> str:
    """Send one delivery's e-mail; `smtp` is an open connection a batch reuses (closed
    here after an error, so that the next message of the batch opens a fresh one)."""
    message = email_build(delivery=delivery, office=office, reply_to=reply_to)
    try:
        _send(message, smtp)
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _msg in exc.recipients.values()]
        error = f"recipient refused: {exc.recipients}"
        if codes and min(codes) >= 500:
            raise EmailPermanentError(error) from exc
        raise EmailTemporaryError(error) from exc
    except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as exc:
        error = f"{exc.smtp_code} {exc.smtp_error.decode(errors='replace')}"
        if exc.smtp_code >= 500:
            raise EmailPermanentError(error) from exc
        raise EmailTemporaryError(error) from exc
    except (smtplib.SMTPException, OSError) as exc:
        raise EmailTemporaryError(f"{exc.__class__.__name__}: {exc}") from exc
    return message.extra_headers["Message-ID"]


def _send(message, smtp) -> None:
    if smtp is None:
        email_connection().send_messages([message])
        return
    try:
        # Opened here, not by send_messages(): a connection the backend opens inside
        # send_messages() it also closes when that call ends.
        smtp.open()
        smtp.send_messages([message])
    except BaseException:
        smtp.close()
        raise
