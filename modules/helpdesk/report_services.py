"""Reports (T14): the business rules. The first response of a request is recorded when staff
first answer in public; the monthly service report is sent to the client as a message with
the PDF attached (modules.messaging): the client reads it in the panel, its users get the
`message.new` e-mail (without the file), and the office keeps the conversation."""

from __future__ import annotations

import uuid

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from common.exceptions import ApplicationError
from common.storage import office_delete, office_save
from modules.audit.services import audit_record
from modules.helpdesk.models import FirstResponse, Reply, Request
from modules.helpdesk.reports import Period


def first_response_mark(*, request: Request, reply: Reply) -> None:
    """`reply` (public, by staff) answers `request` first unless someone answered before;
    a concurrent first answer loses quietly (ON CONFLICT DO NOTHING on the primary key)."""
    if reply.internal:
        return
    FirstResponse.objects.bulk_create(
        [
            FirstResponse(
                request=request, reply=reply, at=reply.created_at, raised_at=request.created_at
            )
        ],
        ignore_conflicts=True,
    )


@transaction.atomic
def service_report_send(*, actor, client, period: Period, note: str = "") -> object:
    """Send `client` its monthly service report for `period` (a month that has begun) as a
    message with the PDF, in the client's language. Returns the message."""
    from modules.helpdesk.report_files import client_report_file_name, client_report_pdf
    from modules.messaging.services import StoredFile, message_send

    if period.kind != "month":
        raise ApplicationError(_("The service report covers one month."), code="not_a_month")
    if period.start > timezone.localdate():
        raise ApplicationError(_("This month has not begun yet."), code="future")
    language = getattr(client, "language", "") or translation.get_language()
    pdf = client_report_pdf(client=client, period=period, language=language)
    with translation.override(language):
        file_name = client_report_file_name(client=client, period=period)
        subject = _("Service report for %(month)s") % {"month": period.text}
        body = note.strip() or _("Please find the service report for %(month)s attached.") % {
            "month": period.text
        }
    stored = office_save(f"helpdesk/reports/{uuid.uuid4().hex}.pdf", pdf)
    try:
        message = message_send(
            actor=actor,
            client=client,
            subject=subject,
            body=body,
            attachments=[StoredFile(stored, file_name)],
        )
    finally:
        office_delete(stored)  # messaging keeps its own copy
    audit_record(
        action="helpdesk.report_sent",
        actor=actor,
        target=client,
        changes={"month": [None, period.label], "message": [None, message.pk]},
    )
    return message
