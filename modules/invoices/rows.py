"""The register's rows rendered in Python, as the mail archive's (modules/mail/rows.py): 50
rows through the template language (a URL reversed, a partial included, two dates and an
amount formatted per row) were most of the list's time beyond its SQL. Plain formatting
with the same escaping (Django's `escape` is `html.escape`) gives the same markup; what
repeats (the badges, the translated words, the column names) is prepared once per page."""

from __future__ import annotations

from html import escape

from django.urls import reverse
from django.utils.formats import get_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from common.formats import datetime_formatter
from common.money import money
from modules.invoices.models import Invoice

_ROW = (
    "<tr><td>{check}</td>"
    '<td><a class="fw-semibold" href="{url}{pk}/">{number}</a></td>'
    '<td class="text-break" data-label="{l[client]}">{client}</td>'
    '<td data-label="{l[issued]}">{issued}</td><td data-label="{l[due]}">{due}</td>'
    '<td class="text-end num" data-label="{l[gross]}">{gross}</td>'
    '<td data-label="{l[status]}">{status}</td>{ksef}</tr>'
)
_KSEF = '<td data-label="KSeF">{}</td>'  # Polish offices only (policies.ksef_available)
_CHECK = (
    '<input class="form-check-input" type="checkbox" name="ids" value="{pk}" aria-label="{label}">'
)
# The colours of partials/status_badge.html, which shows one invoice the same way.
_STATUS_CSS = {
    "overdue": "text-bg-danger",
    "paid": "text-bg-success",
    "draft": "text-bg-secondary",
    "partly_paid": "text-bg-warning",
}
_ACCEPTANCE_CSS = {"accepted": "text-bg-success", "rejected": "text-bg-danger"}
_BADGE = '<span class="badge {css}" data-testid="{testid}">{label}</span>'


def register_rows_html(rows, *, ksef: bool) -> SafeString:
    """`rows` from selectors.invoice_register_page: the <tr>s of the staff register; `ksef`:
    with the KSeF column (a Polish office)."""
    url = escape(reverse("invoices:detail", args=[0])[:-2])
    date = datetime_formatter(get_format("SHORT_DATE_FORMAT"))
    draft_word = escape(_("draft"))
    check = _CHECK.replace("{label}", escape(_("Select")))
    statuses = {
        value: _BADGE.format(
            css=_STATUS_CSS.get(value, "text-bg-primary"), testid="status", label=escape(str(label))
        )
        for value, label in Invoice.Status.choices
    }
    nothing = _BADGE.format(
        css="text-bg-secondary",
        testid="status",
        label=escape(pgettext("invoice", "Nothing to pay")),
    )
    acceptances = {
        value: " "
        + _BADGE.format(
            css=_ACCEPTANCE_CSS.get(value, "text-bg-warning"),
            testid="acceptance",
            label=escape(str(label)),
        )
        for value, label in Invoice.Acceptance.choices
    }
    ksef_cells = {value: _KSEF.format(escape(str(label))) for value, label in Invoice.Ksef.choices}
    labels = {
        "client": escape(_("Client")),
        "issued": escape(_("Issue date")),
        "due": escape(pgettext("invoice", "Due date")),
        "gross": escape(_("Gross")),
        "status": escape(_("Status")),
    }
    overpaid_word = _("Overpaid %(amount)s")
    amounts: dict[tuple, str] = {}  # the same amounts recur (a package's price)
    parts = []
    for invoice in rows:
        draft = invoice.status == Invoice.Status.DRAFT
        key = (invoice.gross, invoice.currency)
        if key not in amounts:
            amounts[key] = escape(money(invoice.gross, invoice.currency))
        # A reducing correction is "paid" for the queries but has nothing to pay: it read
        # "Opłacona" in the register.
        status = nothing if invoice.nothing_to_pay else statuses.get(invoice.status, "")
        if draft and invoice.acceptance:
            status += acceptances.get(invoice.acceptance, "")
        elif not draft and invoice.overpaid:
            # "Opłacona" alone hid money the office owes back: the overpaid amount beside it
            status += " " + _BADGE.format(
                css="text-bg-warning",
                testid="overpaid-status",
                label=escape(overpaid_word % {"amount": money(invoice.overpaid, invoice.currency)}),
            )
        parts.append(
            _ROW.format(
                check=check.format(pk=invoice.pk) if draft else "",
                url=url,
                pk=invoice.pk,
                number=escape(invoice.number) if invoice.number else draft_word,
                client=escape(invoice.client.name),
                issued=date(invoice.issue_date) if invoice.issue_date else "–",
                due=date(invoice.due_date),
                gross=amounts[key],
                status=status,
                ksef=(
                    ksef_cells.get(invoice.ksef_status, _KSEF.format(escape(invoice.ksef_status)))
                    if ksef
                    else ""
                ),
                l=labels,
            )
        )
    return mark_safe("".join(parts))
