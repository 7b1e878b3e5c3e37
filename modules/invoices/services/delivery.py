"""The invoice's PDF, its e-mail to the client (I2) and reminders of overdue invoices (I3)."""

from __future__ import annotations

import datetime as dt

from django.db import connection, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from common.exceptions import ApplicationError
from common.jobs import job_rows_requeue_stale, job_send_on_commit
from common.money import money
from common.storage import office_delete, office_save
from modules.audit.services import audit_record
from modules.invoices.events import NEW_EVENT, REMINDER_EVENT
from modules.invoices.models import Invoice, InvoiceMailing, Reminder
from modules.invoices.selectors import client_receives, invoice_reminder_refusal
from modules.invoices.services.einvoice import invoice_ubl_path
from modules.invoices.services.invoices import invoices_overdue_mark, office_today, settings_get
from modules.invoices.ubl import ubl_unavailable_reason
from modules.notifications.services import Attachment, NotifyItem, notify_many


def invoice_filename(invoice: Invoice, extension: str = "pdf") -> str:
    return (invoice.number or f"draft-{invoice.pk}").replace("/", "-") + "." + extension


def invoice_pdf_store(*, invoice: Invoice) -> str:
    """Render and keep the PDF of an issued invoice (again when its KSeF number arrived);
    the stored file is what the client downloads and what the e-mail carries."""
    from modules.invoices.pdf import invoice_pdf_render

    if invoice.is_draft:
        raise ApplicationError(_("A draft has no PDF yet."))
    content = invoice_pdf_render(invoice=invoice, bilingual=settings_get().bilingual)
    name = office_save(
        f"invoices/{invoice.issue_date:%Y/%m}/{invoice.pk}-{timezone.now():%H%M%S%f}.pdf",
        content,
    )
    old = invoice.pdf_path
    Invoice.objects.filter(pk=invoice.pk).update(pdf_path=name)
    invoice.pdf_path = name
    if old and old != name:
        schema = connection.schema_name
        transaction.on_commit(lambda: office_delete(old, schema=schema))
    return name


def invoice_pdf_path(*, invoice: Invoice) -> str:
    return invoice.pdf_path or invoice_pdf_store(invoice=invoice)


def _context(invoice: Invoice) -> dict:
    office = connection.tenant
    return {
        "client_name": invoice.buyer.get("name", ""),
        "invoice_number": invoice.number,
        "invoice_total": money(invoice.outstanding, invoice.currency, language=invoice.language),
        "invoice_due_date": invoice.due_date,
        "invoice_url": office.url + reverse("invoices:portal_detail", args=[invoice.pk]),
        # Sent again once paid, the e-mail said "na kwotę 0,00 zł" (the amount to pay).
        "invoice_paid": invoice.status == Invoice.Status.PAID and invoice.gross > 0,
    }


def _new_context(invoice: Invoice) -> dict:
    """The new-invoice e-mail's: the reminder's, and what a correction names."""
    return {
        **_context(invoice),
        # A correction names the invoice it corrects, and a reducing one what it takes off
        # (it was e-mailed as an invoice "na kwotę -123,00 zł, płatną do ...").
        "invoice_correction": invoice.corrects.number if invoice.corrects_id else "",
        "invoice_credit": (
            money(invoice.credit, invoice.currency, language=invoice.language)
            if invoice.credit
            else ""
        ),
        # A correction of exactly 0.00: nothing to pay, nothing taken off (it was e-mailed
        # "na kwotę 0,00 zł, płatną do ...").
        "invoice_unchanged": invoice.nothing_to_pay and invoice.gross == 0,
    }


def _ubl_attachment(invoice: Invoice) -> Attachment | None:
    """The invoice's e-invoice for the e-mail, when it has one (a party without a VAT
    number has none; a document breaking the rules, possible only outside Slovakia where
    it is not checked at issue, is left out rather than holding the e-mail back)."""
    if ubl_unavailable_reason(invoice):
        return None
    try:
        path = invoice_ubl_path(invoice=invoice)
    except ApplicationError:
        return None
    return Attachment(path, invoice_filename(invoice, "xml"), "application/xml")


# Invoices per mailing (one worker message): PDFs are rendered there, so runs are spread
# over the workers.
MAILING_BATCH = 50
# A mailing that failed this many times (the task's own retries and the sweep's) stops.
MAILING_ATTEMPTS = 6
# Queued this long: its message never reached the broker (Redis was down) or was lost;
# running longer than the task's time limit (10 minutes): its worker died.
MAILING_STALE_QUEUED = dt.timedelta(minutes=10)
MAILING_STALE_RUNNING = dt.timedelta(minutes=15)


@transaction.atomic
def invoice_mailing_create(*, invoice_ids: list[int]) -> list[InvoiceMailing]:
    """Record the e-mailing of these invoices, MAILING_BATCH to a row, in the caller's
    transaction (the rows are the outbox), and send their jobs once it commits."""
    from modules.invoices.tasks import invoice_mailing_run_task

    mailings = []
    for start in range(0, len(invoice_ids), MAILING_BATCH):
        mailing = InvoiceMailing(invoice_ids=list(invoice_ids[start : start + MAILING_BATCH]))
        mailing.full_clean()
        mailing.save()
        job_send_on_commit(invoice_mailing_run_task, mailing.pk)
        mailings.append(mailing)
    return mailings


def invoice_mailing_run(*, mailing_id: int) -> InvoiceMailing | None:
    """E-mail the invoices of a queued mailing. The run claims the row (queued to running),
    so a mailing sent twice (by the sweep and by a message that was not lost after all) runs
    once at a time; a failed run is queued again for the task's retry (or the sweep) until
    MAILING_ATTEMPTS, and invoices already e-mailed are not sent again."""
    claimed = InvoiceMailing.objects.filter(
        pk=mailing_id, status=InvoiceMailing.Status.QUEUED
    ).update(
        status=InvoiceMailing.Status.RUNNING, attempts=F("attempts") + 1, updated_at=timezone.now()
    )
    if not claimed:
        return None
    mailing = InvoiceMailing.objects.get(pk=mailing_id)
    try:
        sent = invoices_deliver(invoice_ids=mailing.invoice_ids)
    except Exception as exc:
        failed = mailing.attempts >= MAILING_ATTEMPTS
        InvoiceMailing.objects.filter(pk=mailing.pk).update(
            status=InvoiceMailing.Status.FAILED if failed else InvoiceMailing.Status.QUEUED,
            error=f"{exc.__class__.__name__}: {exc}"[:300],
            updated_at=timezone.now(),
        )
        raise
    InvoiceMailing.objects.filter(pk=mailing.pk).update(
        status=InvoiceMailing.Status.DONE, sent=sent, error="", updated_at=timezone.now()
    )
    mailing.refresh_from_db()
    return mailing


def invoice_mailing_requeue_stale(
    *,
    queued_for: dt.timedelta = MAILING_STALE_QUEUED,
    running_for: dt.timedelta = MAILING_STALE_RUNNING,
) -> int:
    """The outbox sweep of invoice e-mails (common.jobs): send again this office's mailings
    queued or running for too long. Returns how many were sent."""
    from modules.invoices.tasks import invoice_mailing_run_task

    return job_rows_requeue_stale(
        InvoiceMailing, invoice_mailing_run_task, queued_for=queued_for, running_for=running_for
    )


def invoices_deliver(*, invoice_ids: list[int], actor=None) -> int:
    """E-mail each issued invoice, with its PDF, once (the bulk path of notifications). The
    invoices are claimed by a conditional UPDATE of `emailed_at`, so two workers running the
    same message send nothing twice; a crash before commit leaves them unclaimed."""
    sent = 0
    attach_ubl = settings_get().ubl_attach_effective(getattr(connection.tenant, "country", ""))
    for start in range(0, len(invoice_ids), 200):
        with transaction.atomic():
            chunk = list(
                Invoice.objects.select_for_update(skip_locked=True)
                .filter(pk__in=invoice_ids[start : start + 200], emailed_at__isnull=True)
                .exclude(status=Invoice.Status.DRAFT)
                .order_by("pk")
            )
            items = []
            for invoice in chunk:
                path = invoice_pdf_path(invoice=invoice)
                attachments = [Attachment(path, invoice_filename(invoice), "application/pdf")]
                if attach_ubl and (ubl := _ubl_attachment(invoice)):
                    attachments.append(ubl)
                items.append(
                    NotifyItem(
                        client_id=invoice.client_id,
                        context=_new_context(invoice),
                        attachments=tuple(attachments),
                    )
                )
            if items:
                notify_many(event=NEW_EVENT, items=items, actor=actor)
                Invoice.objects.filter(pk__in=[i.pk for i in chunk]).update(
                    emailed_at=timezone.now()
                )
                sent += len(items)
    return sent


@transaction.atomic
def invoice_remind(*, invoice: Invoice, actor, again_today: bool = False) -> Reminder:
    """The manual "send reminder" button. A reminder (manual or automatic) was sent today
    already: refused with code `reminder_sent_today` unless `again_today` (the person
    confirmed sending a second one the same day)."""
    invoice = Invoice.objects.select_for_update().select_related("client").get(pk=invoice.pk)
    today = office_today()
    refusal = invoice_reminder_refusal(invoice=invoice, today=today)
    if refusal:  # not due yet, paid, or nobody to receive it: nothing sent, nothing recorded
        raise ApplicationError(refusal, code="reminder_refused")
    if not again_today and invoice.reminders.filter(day=today).exists():
        raise ApplicationError(
            _("A reminder of this invoice was already sent today."), code="reminder_sent_today"
        )
    reminder = Reminder.objects.create(
        invoice=invoice,
        day=today,
        kind=Reminder.Kind.MANUAL,
        days_overdue=(today - invoice.due_date).days,
        sent_by=actor,
    )
    _reminders_notify([invoice], actor=actor)
    audit_record(action="invoices.reminded", actor=actor, target=invoice, changes={})
    return reminder


def _reminders_notify(invoices: list[Invoice], *, actor=None) -> None:
    items = [
        NotifyItem(client_id=invoice.client_id, context=_context(invoice)) for invoice in invoices
    ]
    if items:
        notify_many(event=REMINDER_EVENT, items=items, actor=actor)


@transaction.atomic
def invoices_remind_due(*, now: dt.datetime | None = None) -> int:
    """The daily job (in the office's time zone): mark overdue invoices, then remind those
    whose due date was exactly one of the office's reminder days ago. Each automatic reminder
    is a row unique per invoice and day, inserted with ON CONFLICT DO NOTHING: a second run
    the same day finds them and sends nothing; a paid invoice is never reminded."""
    today = office_today(now)
    invoices_overdue_mark(today=today)
    days = settings_get().reminder_day_list()
    if not days:
        return 0
    due_dates = [today - dt.timedelta(days=d) for d in days]
    candidates = list(
        Invoice.objects.filter(status=Invoice.Status.OVERDUE, due_date__in=due_dates)
        .exclude(reminders__day=today, reminders__kind=Reminder.Kind.AUTO)
        .order_by("pk")
    )
    # A client nobody of which receives reminders gets none recorded (nothing would go).
    reached = {
        client_id
        for client_id in {i.client_id for i in candidates}
        if client_receives(client_id=client_id, event=REMINDER_EVENT)
    }
    candidates = [i for i in candidates if i.client_id in reached]
    if not candidates:
        return 0
    # INSERT ... ON CONFLICT DO NOTHING RETURNING: only the rows this run inserted come
    # back, so two runs racing on the same day send each reminder once.
    now = timezone.now()
    values = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(candidates))
    params = []
    for invoice in candidates:
        params += [now, now, invoice.pk, today, Reminder.Kind.AUTO, (today - invoice.due_date).days]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Reminder._meta.db_table} "
            "(created_at, updated_at, invoice_id, day, kind, days_overdue) VALUES "
            + values
            + " ON CONFLICT (invoice_id, day) WHERE kind = 'auto' DO NOTHING RETURNING invoice_id",
            params,
        )
        mine = {row[0] for row in cursor.fetchall()}
    chosen = [i for i in candidates if i.pk in mine]
    _reminders_notify(chosen)
    return len(chosen)
