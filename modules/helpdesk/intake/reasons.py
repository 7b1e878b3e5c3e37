"""Why a received e-mail waits for triage, was ignored or kept: a code and its values,
stored with the e-mail (`InboundEmail.reason_code`, `reason_params`) and put into words when
the list is read, in the reader's language. The worker that stores them runs in the office's
language (tenants.dramatiq); a reader in another language would otherwise see that one.

A helpdesk service's refusal met by an e-mail (a race: the request was closed, or accepted,
between the e-mail's check and its reply) is kept as `refused:<the ApplicationError's code>`
with the refusal's values (`ApplicationError.extra`) and put into words when read, as the
others; a refusal this module cannot put into words (`REFUSALS` lacks its code) shows the
words stored with it.

`reason` (text) keeps the words as stored, for the API and for reasons that have no code:
rows stored before their reason had a code, and unknown codes."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

REASONS = {
    "unknown_sender": _("Unknown sender."),
    "several_clients": _("The sender belongs to several clients: choose one."),
    "reopen_limit": _("Not reopened: more than %(limit)s reopens by e-mail in an hour."),
    "failed": _("Processing failed: %(error)s"),
    # Why a machine sent it (parsing.automatic_reason): the header that says so.
    "auto_submitted": _("Sent automatically (Auto-Submitted: %(value)s)."),
    "precedence": _("Bulk or list mail (Precedence: %(value)s)."),
    "report": _("A delivery status report."),
    "empty_return_path": _("An automatic message: it has no return address."),
    "autoreply": _("An automatic reply (%(header)s: %(value)s)."),
    "mailing_list": _("Mail from a mailing list (List-Id / List-Unsubscribe)."),
    # Why the parser could not use it (parsing.Unusable): the e-mail is quarantined.
    "too_large": _("The message is too large (%(size)s MB, at most %(max)s MB)."),
    "unreadable": _("The message cannot be read: %(error)s"),
    "broken_mime": _("Broken MIME structure (%(defects)s)."),
    "unknown_charset": _("Unknown character set “%(charset)s”."),
    "attachment_too_large": _(
        "The attachment “%(name)s” is too large (%(size)s MB, at most %(max)s MB)."
    ),
    "zip_bomb": _(
        "The attachment “%(name)s” looks like a zip bomb (%(packed)s bytes unpack to %(unpacked)s)."
    ),
}


REFUSED = "refused:"


def _transition_refused(params: dict) -> str:
    from modules.helpdesk.services import transition_refused_text

    return transition_refused_text(
        action=params["action"], status=params["status"], allowed=list(params["allowed"])
    )


# The refusals of the helpdesk services an e-mail can meet (codes of their ApplicationError):
# the same words as the service's (one msgid, so one translation), or a function of the
# refusal's values for those that name things.
REFUSALS = {
    "closed": _("A closed request cannot be changed."),
    "empty": _("Write a reply."),
    "transition_refused": _transition_refused,
}


class Reason(str):
    """A reason as text (what `reason` stores) that also carries its code and values, so
    that code written for text (`if parsed.automatic`, `reason == "..."`) keeps working."""

    code: str
    params: dict

    def __new__(cls, code: str = "", **params) -> Reason:
        text = str(REASONS[code]) % params if code else ""
        reason = super().__new__(cls, text)
        reason.code, reason.params = code, params
        return reason

    @classmethod
    def refused(cls, exc) -> Reason:
        """A service's refusal (ApplicationError): its code and values, its words as said
        (in the worker's language; kept for codes no one can put into words). A refusal
        without a code is kept as words only."""
        reason = super().__new__(cls, exc.message)
        reason.code = f"{REFUSED}{exc.code}"[:40] if exc.code else ""
        reason.params = dict(exc.extra) if exc.code in REFUSALS else {}
        return reason


def reason_label(code: str, params: dict, stored: str) -> str:
    """The words of a stored reason in the reader's language (`stored` when it has no code,
    or one this version no longer knows)."""
    if code.startswith(REFUSED):
        template = REFUSALS.get(code.removeprefix(REFUSED))
    else:
        template = REASONS.get(code)
    if template is None:
        return stored
    try:
        if callable(template):
            return template(params or {})
        return str(template) % (params or {})
    except (KeyError, TypeError, ValueError):
        return stored
