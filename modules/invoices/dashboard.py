"""Dashboard tiles (common.dashboard): overdue invoices for staff, invoices to pay for the
client panel (the company the person acts for only)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from common.money import money
from modules.invoices.selectors import client_due_figures, overdue_figures


def overdue_tile(request) -> dict:
    row = overdue_figures()
    detail = ""
    if row["count"]:
        detail = money(row["amount"], request.office.currency)
    return {
        "label": _("Overdue invoices"),
        "value": row["count"],
        "detail": detail,
        "tone": "danger" if row["count"] else "",
        "url": reverse("invoices:list") + "?status=overdue",
        "icon": "file-earmark-text",
    }


def client_due_tile(request) -> dict | None:
    client_id = getattr(request.membership, "client_id", None)
    if not client_id:
        return None
    row = client_due_figures(client_id=client_id)
    if not row["count"]:
        return None  # nothing to pay: no tile (as the panel's other tiles)
    # What is outstanding, per currency when there are several ("1 234,00 zł + 50,00 €");
    # the tile had only the count until 2026-12-07.
    office = request.office.currency  # the office's currency first
    outstanding = sorted(row["outstanding"], key=lambda pair: (pair[0] != office, pair[0]))
    amounts = " + ".join(money(amount, currency) for currency, amount in outstanding)
    detail = _("%(amount)s to pay") % {"amount": amounts}
    if row["overdue"]:
        detail += " · " + _("%(count)s overdue") % {"count": row["overdue"]}
    return {
        "label": _("Invoices due"),
        "value": row["count"],
        "detail": detail,
        "tone": "danger" if row["overdue"] else "",
        "url": reverse("invoices:portal_list"),
        "icon": "file-earmark-text",
        # The home's sentence of what waits (modules/portal/README.md): "Waiting for you:
        # 2 invoices to pay (1 230,00 zł)"; it said "Nothing new this week." until 2026-12-07.
        "summary": ngettext(
            "%(count)s invoice to pay (%(amount)s)",
            "%(count)s invoices to pay (%(amount)s)",
            row["count"],
        )
        % {"count": row["count"], "amount": amounts},
    }
