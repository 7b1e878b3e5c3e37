"""The invoice's EN 16931 e-invoice (UBL, Peppol BIS 3.0; ubl.py): checked at issue in a
Slovak office, stored once through common.storage for downloads and the e-mail."""

from __future__ import annotations

from django.db import connection, transaction
from django.utils.translation import gettext as _

from common.exceptions import ApplicationError
from common.storage import office_delete, office_save
from modules.invoices.models import Invoice
from modules.invoices.ubl import (
    UblError,
    ubl_build,
    ubl_rules_load,
    ubl_unavailable_reason,
    ubl_validate,
)

UBL_OFFICE_COUNTRIES = {"SK"}  # where the e-invoice is checked at issue (mandate from 2027)
SHOWN_RULES = 5


def _refusal(exc: UblError) -> ApplicationError:
    rules = "; ".join(f"[{rule}] {text}" for rule, text in exc.rules[:SHOWN_RULES])
    if len(exc.rules) > SHOWN_RULES:
        rules += f" (+{len(exc.rules) - SHOWN_RULES})"
    return ApplicationError(
        _("The e-invoice (UBL, Peppol BIS 3.0) breaks these rules: %(rules)s") % {"rules": rules},
        code="ubl_invalid",
    )


def einvoice_rules_ready(*, country: str) -> None:
    """Before an issue takes its number: an office that checks e-invoices at issue has the
    rules loaded (the first time in a process takes seconds; never under the counter lock)."""
    if country in UBL_OFFICE_COUNTRIES:
        ubl_rules_load()


def invoice_ubl_issue_check(*, invoice: Invoice) -> None:
    """Inside the issuing transaction, after the number is given: in a Slovak office an
    invoice whose e-invoice breaks the schema or a fatal EN 16931 / Peppol rule is refused
    with the rule IDs (the transaction rolls back, the number with it). An invoice without
    a Peppol address (a party without a VAT number) has no e-invoice and is issued."""
    if getattr(connection.tenant, "country", "") not in UBL_OFFICE_COUNTRIES:
        return
    if ubl_unavailable_reason(invoice):
        return
    try:
        ubl_validate(ubl_build(invoice))
    except UblError as exc:
        raise _refusal(exc) from exc


def invoice_ubl_path(*, invoice: Invoice) -> str:
    """The stored UBL file of an issued invoice, built, validated and stored the first time
    (`invoices/YYYY/MM/<id>-ubl.xml`). The document is made from the frozen invoice only,
    so building it again gives the same bytes; two requests storing it at once keep the
    first file (conditional UPDATE) and drop the other. UblNotApplicable propagates;
    a document breaking the rules is an ApplicationError with the rule IDs."""
    if invoice.ubl_path:
        return invoice.ubl_path
    xml = ubl_build(invoice)
    try:
        ubl_validate(xml)
    except UblError as exc:
        raise _refusal(exc) from exc
    name = office_save(f"invoices/{invoice.issue_date:%Y/%m}/{invoice.pk}-ubl.xml", xml)
    if Invoice.objects.filter(pk=invoice.pk, ubl_path="").update(ubl_path=name):
        invoice.ubl_path = name
        return name
    schema = connection.schema_name
    transaction.on_commit(lambda: office_delete(name, schema=schema))
    invoice.refresh_from_db(fields=["ubl_path"])
    return invoice.ubl_path
