"""Reads of invoices. The schema isolates offices; these isolate people within an office: a
client user sees only issued invoices of the company they act for."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.access import STAFF, membership_allows
from common.collation import name_ordering
from modules.invoices.events import REMINDER_EVENT
from modules.invoices.models import Invoice
from modules.notifications.selectors import client_event_reaches


def invoice_list(
    *,
    membership,
    status: str = "",
    client_id: int | None = None,
    search: str = "",
    month: dt.date | None = None,
    ksef_status: str = "",
    with_drafts_to_accept: bool = False,
) -> QuerySet[Invoice]:
    qs = Invoice.objects.select_related("client").order_by("-issue_date", "-id")
    if not membership_allows(membership, STAFF):
        # Client users: their company only, never drafts (except, in the panel, the drafts
        # the office showed them to accept).
        qs = qs.filter(client_id=membership.client_id)
        if with_drafts_to_accept:
            qs = qs.exclude(status=Invoice.Status.DRAFT, acceptance="")
        else:
            qs = qs.exclude(status=Invoice.Status.DRAFT)
    if status == "unpaid":
        qs = qs.filter(status__in=Invoice.UNPAID)
    elif status == Invoice.Status.CORRECTED:
        # An invoice with an issued correction: it keeps its own payment status (unpaid,
        # overdue, paid); the status "corrected" of invoices before 2026-12-06 is no more.
        qs = qs.filter(
            Exists(
                Invoice.objects.filter(corrects=OuterRef("pk")).exclude(status=Invoice.Status.DRAFT)
            )
        )
    elif status == Invoice.Status.DRAFT:
        # Drafts have no number and are made together (a month's run, one per client, in
        # the clients' order): newest first read them Ż to B. By the client's name in the
        # office language's alphabet (common.collation, as the clients list), then as made.
        qs = qs.filter(status=status).order_by(*name_ordering("client__name"), "id")
    elif status:
        qs = qs.filter(status=status)
    if client_id:
        qs = qs.filter(client_id=client_id)
    if ksef_status:
        qs = qs.filter(ksef_status=ksef_status)
    if month:  # a range, not __year/__month: the (status, issue_date) index serves it
        end = (month + dt.timedelta(days=32)).replace(day=1)
        qs = qs.filter(issue_date__gte=month, issue_date__lt=end)
    if search:
        qs = qs.filter(Q(number__icontains=search) | Q(client__name__icontains=search))
    return qs


# The register's columns (rows.register_rows_html): not the parties' JSON, the notes or the
# KSeF paths, which every other reader of an invoice needs.
REGISTER_FIELDS = (
    "id",
    "number",
    "status",
    "kind",  # a reducing correction reads "Nothing to pay" (rows.py)
    "acceptance",
    "issue_date",
    "due_date",
    "gross",
    "paid",
    "corrections_gross",
    "currency",
    "ksef_status",
    "client__id",
    "client__name",
)


def invoice_register_page(*, membership, page: int, page_size: int, **filters) -> dict:
    """A page of the staff register (filters as invoice_list), without a COUNT over the
    register: one row more than the page tells whether a next page exists. Newest first is
    served by an index for every tab (invoices_issue_idx for all, invoices_unpaid_idx for
    unpaid, invoices_status_idx for one status, migration 0005): the rows are read in order
    and the scan stops after the page, whatever the register's size."""
    page = max(page, 1)
    qs = invoice_list(membership=membership, **filters).only(*REGISTER_FIELDS)
    rows = list(qs[(page - 1) * page_size : page * page_size + 1])
    return {"rows": rows[:page_size], "has_next": len(rows) > page_size, "page": page}


def invoice_get(
    *, membership, invoice_id: int, with_drafts_to_accept: bool = False
) -> Invoice | None:
    return (
        invoice_list(membership=membership, with_drafts_to_accept=with_drafts_to_accept)
        .filter(pk=invoice_id)
        .first()
    )


def drafts_to_accept(*, client_id: int) -> list[Invoice]:
    return list(
        Invoice.objects.filter(
            client_id=client_id, status=Invoice.Status.DRAFT, acceptance=Invoice.Acceptance.PENDING
        ).order_by("-id")[:50]
    )


def status_counts() -> dict[str, int]:
    rows = Invoice.objects.values("status").annotate(n=Count("pk")).order_by()
    return {row["status"]: row["n"] for row in rows}


def overdue_figures() -> dict:
    return Invoice.objects.filter(status=Invoice.Status.OVERDUE).aggregate(
        count=Count("pk"), amount=Sum(F("gross") + F("corrections_gross"))
    )


def client_due_figures(*, client_id: int) -> dict:
    """The company's unpaid invoices: how many, how many overdue, and what is outstanding
    (`Invoice.outstanding`: the gross as corrected less what was paid) per currency, as
    [(currency, amount)]. One query."""
    rows = (
        Invoice.objects.filter(client_id=client_id, status__in=Invoice.UNPAID)
        .values("currency")
        .annotate(
            count=Count("pk"),
            overdue=Count("pk", filter=Q(status=Invoice.Status.OVERDUE)),
            amount=Sum(F("gross") + F("corrections_gross") - F("paid")),
        )
        .order_by("currency")
    )
    figures = {"count": 0, "overdue": 0, "outstanding": []}
    for row in rows:
        figures["count"] += row["count"]
        figures["overdue"] += row["overdue"]
        figures["outstanding"].append((row["currency"], row["amount"]))
    return figures


def client_invoices(*, client_id: int, limit: int = 20) -> list[Invoice]:
    return list(Invoice.objects.filter(client_id=client_id).order_by("-issue_date", "-id")[:limit])


def period_reopen_refusal(client_id: int, period: dt.date) -> str | None:
    """Billing's reopen guard (billing.hooks): a month stays closed once a draft or an
    invoice was made from it (`Invoice.period`: the month a run from the settlements made it
    from, one regular invoice per client and month). A draft can be
    deleted first; an issued invoice is corrected, never re-made from changed figures."""
    invoice = (
        Invoice.objects.filter(client_id=client_id, period=period)
        .only("pk", "number", "status")
        .order_by("pk")
        .first()
    )
    if invoice is None:
        return None
    if invoice.status == Invoice.Status.DRAFT:
        return _("A draft invoice was made from this month: delete the draft first, then reopen.")
    return _(
        "Invoice %(number)s was issued from this month: it cannot be reopened (correct the"
        " invoice instead)."
    ) % {"number": invoice.number}


def same_period_invoices(*, drafts) -> list[tuple[Invoice, list[Invoice]]]:
    """For each regular draft of `drafts`, the issued regular invoices of its client whose
    service period overlaps the draft's: what the bulk issue warns about before a client is
    billed twice for a month (at month end the demo's Kriváň Média s.r.o. had FV/5/12/2026
    for November made by hand, and the month's draft was issued beside it without a word)."""
    drafts = [d for d in drafts if d.kind == Invoice.Kind.REGULAR and d.sale_from and d.sale_to]
    if not drafts:
        return []
    issued = list(
        Invoice.objects.filter(
            client_id__in={d.client_id for d in drafts},
            kind=Invoice.Kind.REGULAR,
            sale_from__lte=max(d.sale_to for d in drafts),
            sale_to__gte=min(d.sale_from for d in drafts),
        )
        .exclude(status=Invoice.Status.DRAFT)
        .only("pk", "number", "client_id", "sale_from", "sale_to")
        .order_by("issue_date", "pk")
    )
    found = []
    for draft in drafts:
        same = [
            i
            for i in issued
            if i.client_id == draft.client_id
            and i.sale_from <= draft.sale_to
            and i.sale_to >= draft.sale_from
        ]
        if same:
            found.append((draft, same))
    return found


def reverse_charge_note(client_id: int) -> str | None:
    """Billing's VAT note (billing.hooks): a client invoiced with reverse charge gets
    invoices without VAT, and so its settlement (reverse_charged_clients): its lines carry
    the mark instead of a rate. Billing adds why a month closed before still shows VAT."""
    from modules.clients.models import Client
    from modules.invoices.money import REVERSE_CHARGE, rate_label
    from modules.invoices.services import client_reverse_charged

    client = Client.objects.filter(pk=client_id).first()
    if client is None or not client_reverse_charged(client):
        return None
    return _(
        "Invoices to this company are reverse-charged (%(mark)s): they carry no VAT, which the"
        " buyer accounts for in its own country."
    ) % {"mark": rate_label(REVERSE_CHARGE)}


def reverse_charged_clients(client_ids: list[int] | None) -> set[int]:
    """Billing's reverse-charge rule (billing.hooks.reverse_charge_rule_register): the
    clients whose invoices carry no VAT, so their settlements carry none either."""
    from modules.invoices.services import clients_reverse_charged

    return clients_reverse_charged(client_ids)


def client_receives(*, client_id: int, event: str) -> bool:
    """Whether anybody of the client receives the invoice e-mail `event` (notifications' own
    rule: who notify() picks): what the issue and the reminder say they did."""
    return client_event_reaches(client_id=client_id, event=event)


def invoice_reminder_refusal(*, invoice: Invoice, today: dt.date) -> str:
    """Why a payment reminder cannot go now ("" when it can): only an unpaid invoice past
    its due date (its e-mail says the deadline passed), and only when somebody of the client
    receives reminders (else nothing would be sent, and nothing is recorded)."""
    if invoice.status not in Invoice.UNPAID:
        return _("Reminders are sent only for unpaid invoices.")
    if today <= invoice.due_date:
        return _(
            "The invoice is not overdue yet: a reminder can be sent after its due date (%(due)s)."
        ) % {"due": date_format(invoice.due_date, "SHORT_DATE_FORMAT")}
    if not client_receives(client_id=invoice.client_id, event=REMINDER_EVENT):
        return _(
            "Nobody at %(client)s receives payment reminders: add a recipient for them in the"
            " client's notifications first. Nothing was sent."
        ) % {"client": invoice.client.name}
    return ""


def invoice_corrections(*, membership, invoice: Invoice) -> list[Invoice]:
    """The corrections of `invoice` the person may see (staff: drafts too; a client user:
    the issued ones), oldest first: the link from an original to its corrections."""
    return list(invoice_list(membership=membership).filter(corrects_id=invoice.pk).order_by("pk"))
