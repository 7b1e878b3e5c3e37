"""Drafts, issuing with gap-free numbering, payments, corrections (I1, issue items 1-2)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from common import numbering, singletons
from common.audit import audit_value
from common.exceptions import ApplicationError
from modules.audit.services import audit_record
from modules.billing import selectors as billing
from modules.clients.models import Client, ClientAddress
from modules.invoices.channels import channels_active
from modules.invoices.dates import period_text
from modules.invoices.events import ACCEPTANCE_ANSWERED, ACCEPTANCE_REQUESTED
from modules.invoices.models import Invoice, InvoiceCounter, InvoiceLine, InvoiceSettings
from modules.invoices.money import REVERSE_CHARGE, ZERO, invoice_totals, line_figures
from modules.invoices.policies import (
    VS_COUNTRY,
    default_number_pattern,
    office_ksef_available,
    variable_symbol_candidates,
)
from modules.invoices.services.einvoice import einvoice_rules_ready, invoice_ubl_issue_check
from modules.office.services import office_profile_get
from tenants.selectors import office_today

EU = {"PL", "SK", "CZ"}  # the client card's EU countries (Client.Country)


def settings_get() -> InvoiceSettings:
    """The office's settings; a new office's row starts with its country's numbering
    pattern (policies.default_number_pattern: "FA/{number}/{YYYY}" in Slovakia)."""
    return singletons.settings_get(
        InvoiceSettings,
        defaults=lambda: {
            "number_pattern": default_number_pattern(getattr(_office(), "country", ""))
        },
    )


def settings_update(*, actor, data: dict) -> InvoiceSettings:
    if not office_ksef_available():  # KSeF is Polish: elsewhere the switch stays off
        data = {k: v for k, v in data.items() if k != "ksef_enabled"}
    row, _changes = singletons.settings_update(
        InvoiceSettings,
        actor=actor,
        data=data,
        fields=(
            "number_pattern",
            "number_reset",
            "payment_days",
            "reminder_days",
            "bilingual",
            "ksef_enabled",
            "client_acceptance",
            "ubl_attach",
            "vat_exemption_basis",
        ),
        action="invoices.settings_changed",
    )
    return row


def _office():
    return connection.tenant


# --- seller and buyer ------------------------------------------------------------------


def seller_snapshot() -> dict:
    """The office as the seller, frozen on the invoice at issue. Missing details are refused
    before anything is numbered."""
    office, profile = _office(), office_profile_get()
    data = {
        "name": profile.legal_name or office.name,
        "street": profile.street,
        "postal_code": profile.postal_code,
        "city": profile.city,
        "country": office.country,
        "nip": profile.nip,
        "ic_dph": profile.ic_dph,
        "ico": profile.ico,
        "dic": profile.dic,
        "iban": profile.iban,
        "register_entry": profile.register_entry,
        "email": profile.email,
        # frozen with the seller: a later change of the setting leaves issued invoices alone
        "vat_exemption_basis": settings_get().vat_exemption_basis,
    }
    missing = [
        label
        for key, label in (
            ("street", _("street and number")),
            ("city", _("city")),
            ("iban", _("bank account (IBAN)")),
        )
        if not data[key]
    ]
    if office.country == "PL" and not data["nip"]:
        missing.append(_("NIP"))
    if office.country == "SK" and not (data["ico"] or data["ic_dph"]):
        missing.append(_("IČO"))
    if missing:
        raise ApplicationError(
            _("Fill in the office details first (Administration > General): %(fields)s.")
            % {"fields": ", ".join(str(m) for m in missing)},
            code="seller_incomplete",
        )
    return data


def _buyer_tax_id_check(client: Client) -> None:
    from stdnum.eu import vat as eu_vat
    from stdnum.pl import nip as pl_nip
    from stdnum.sk import dph as sk_dph

    checks = ((client.nip, pl_nip), (client.ic_dph, sk_dph))
    for value, module in checks:
        if value and not module.is_valid(value):
            raise ApplicationError(
                _("The client's tax number %(number)s is not valid.") % {"number": value},
                code="buyer_tax_id",
            )
    if _reverse_charge_for(client) and not eu_vat.is_valid(_eu_vat_id(client)):
        raise ApplicationError(
            _("Reverse charge needs the client's EU VAT number."), code="buyer_tax_id"
        )


def _eu_vat_id(client: Client) -> str:
    if client.ic_dph:
        return client.ic_dph
    if client.nip:
        return "PL" + client.nip
    return ""


def buyer_vat_id(invoice: Invoice) -> str:
    """The buyer's EU VAT number a reverse-charged invoice names: frozen at issue, the
    client's own on a draft (the draft's page printed "Reverse charge" with nothing)."""
    return invoice.buyer.get("vat_id") or (_eu_vat_id(invoice.client) if invoice.client_id else "")


def client_reverse_charged(client: Client) -> bool:
    """Whether the client's invoices are reverse-charged (what its drafts get)."""
    return _reverse_charge_for(client)


# The reverse-charge rule (EU B2B): a client in another EU country than the office's, with
# an EU VAT number (_eu_vat_id: its IČ DPH, else its NIP). Written once for one client
# (_reverse_charge_for, a draft's lines) and once as a query (clients_reverse_charged,
# billing's settlements of a whole office: billing.hooks.reverse_charge_rule_register);
# tests/modules/invoices/test_settlement_reverse_charge.py holds the two equal.
def _reverse_charge_for(client: Client) -> bool:
    office_country = getattr(_office(), "country", "PL")
    return client.country in EU and client.country != office_country and bool(_eu_vat_id(client))


def clients_reverse_charged(client_ids: list[int] | None = None) -> set[int]:
    """The ids of the clients (of `client_ids`, None: every client) whose invoices are
    reverse-charged (_reverse_charge_for), in one query."""
    office_country = getattr(_office(), "country", "PL")
    qs = (
        Client.objects.filter(country__in=EU)
        .exclude(country=office_country)
        .filter(~Q(ic_dph="") | ~Q(nip=""))
    )
    if client_ids is not None:
        qs = qs.filter(pk__in=list(client_ids))
    return set(qs.values_list("pk", flat=True))


def buyer_snapshot(client: Client) -> dict:
    addresses = list(ClientAddress.objects.filter(client=client).order_by("pk"))
    registered = [a for a in addresses if a.kind == ClientAddress.Kind.REGISTERED]
    address = (registered or addresses or [None])[0]
    return {
        "name": client.legal_name,  # with its legal form: the clients module's rule
        "street": address.street if address else "",
        "postal_code": address.postal_code if address else "",
        "city": address.city if address else "",
        "country": client.country if client.country != "XX" else "",
        "nip": client.nip,
        "ic_dph": client.ic_dph,
        "ico": client.ico,
        "dic": client.dic,
        "code": client.code,
        "vat_id": _eu_vat_id(client),
    }


# --- drafts ----------------------------------------------------------------------------


def _lines_clean(
    lines: list[dict], *, reverse_charge: bool, correction: bool = False, negative: bool = False
) -> list:
    """The lines checked and priced. `correction`: any sign; `negative`: a line may reduce
    the invoice (quantity below zero: a month's correction or a cancelled booking carried
    from the settlements), the invoice's total is held against zero by the caller."""
    allowed = {code for code, _label in billing.vat_rate_choices(country=_office().country)}
    if reverse_charge:
        allowed = {REVERSE_CHARGE}
    result, errors = [], []
    for position, data in enumerate(lines, start=1):
        try:
            quantity = Decimal(str(data["quantity"]))
            unit_price = Decimal(str(data["unit_price"]))
        except (KeyError, InvalidOperation):
            errors.append(_("Line %(n)s: enter a quantity and a price.") % {"n": position})
            continue
        rate = REVERSE_CHARGE if reverse_charge else str(data.get("vat_rate", ""))
        if rate not in allowed:
            errors.append(
                _("Line %(n)s: the VAT rate %(rate)s is not allowed in this country.")
                % {"n": position, "rate": rate}
            )
            continue
        if not str(data.get("description", "")).strip():
            errors.append(_("Line %(n)s: enter a name.") % {"n": position})
            continue
        if negative and not correction and quantity == 0:
            errors.append(_("Line %(n)s: enter a quantity other than zero.") % {"n": position})
            continue
        if not correction and not negative and (quantity <= 0 or unit_price < 0):
            errors.append(
                _("Line %(n)s: quantity must be above zero and the price not negative.")
                % {"n": position}
            )
            continue
        net, vat, gross = line_figures(quantity=quantity, unit_price=unit_price, vat_rate=rate)
        result.append(
            InvoiceLine(
                position=position,
                description=str(data["description"]).strip()[:300],
                quantity=quantity,
                unit=str(data.get("unit", ""))[:20],
                unit_price=unit_price,
                vat_rate=rate,
                net=net,
                vat=vat,
                gross=gross,
                ref=str(data.get("ref", ""))[:40],
            )
        )
    if errors:
        raise ValidationError({"lines": errors})
    return result


def _lines_set(invoice: Invoice, lines: list[InvoiceLine]) -> None:
    invoice.lines.all().delete()
    for line in lines:
        line.invoice = invoice
    InvoiceLine.objects.bulk_create(lines)
    invoice.net, invoice.vat, invoice.gross = invoice_totals(lines)


def _due_date_default(payment_days: int | None = None) -> dt.date:
    """An invoice given no due date is due the office's payment term from today."""
    days = settings_get().payment_days if payment_days is None else payment_days
    return office_today() + dt.timedelta(days=days)


def due_date_check(due_date: dt.date, *, today: dt.date | None = None) -> None:
    """An invoice cannot fall due before it is issued (it would be overdue the day it is
    made). A draft is issued today at the earliest, so its due date is held against today;
    `invoice_issue` holds it against the issue date (today) again, for a draft saved
    earlier. The form and the API reach it through the services."""
    today = today or office_today()
    if due_date < today:
        raise ValidationError(
            {
                "due_date": _(
                    "The due date cannot be before the issue date: a draft is issued today"
                    " (%(today)s) at the earliest."
                )
                % {"today": date_format(today, "SHORT_DATE_FORMAT")}
            },
            code="due_date",
        )


def sale_period_check(sale_from: dt.date, sale_to: dt.date) -> None:
    """The service period runs forwards: it cannot end before it starts (the PDF, KSeF's
    FA(3) and the UBL's InvoicePeriod would all carry it). The form and the API reach it
    through the services; `invoice_issue` holds a draft saved earlier to it again."""
    if sale_to < sale_from:
        raise ValidationError(
            {
                "sale_to": _(
                    "The service period cannot end before it starts (%(start)s): enter an end"
                    " on or after it."
                )
                % {"start": date_format(sale_from, "SHORT_DATE_FORMAT")}
            },
            code="sale_period",
        )


def _draft_build(
    *,
    client: Client,
    lines: list[dict],
    sale_from: dt.date,
    sale_to: dt.date,
    due_date: dt.date | None,
    payment_method: str,
    notes: str,
    period: dt.date | None,
    reverse_charge: bool | None,
    acceptance: bool,
    payment_days: int | None = None,
) -> tuple[Invoice, list[InvoiceLine]]:
    """An unsaved draft and its lines, checked (no query: the bulk path builds a thousand)."""
    office = _office()
    if reverse_charge is None:
        reverse_charge = _reverse_charge_for(client)
    sale_period_check(sale_from, sale_to)
    if due_date is None:
        due_date = _due_date_default(payment_days)
    else:
        due_date_check(due_date)
    invoice = Invoice(
        client=client,
        period=period,
        sale_from=sale_from,
        sale_to=sale_to,
        due_date=due_date,
        payment_method=payment_method,
        currency=office.currency,
        language=client.language or office.language,
        reverse_charge=reverse_charge,
        notes=notes,
        acceptance=Invoice.Acceptance.PENDING if acceptance else "",
    )
    # A draft made from the settlements takes the month as billed: its reducing lines too.
    cleaned = _lines_clean(lines, reverse_charge=reverse_charge, negative=period is not None)
    invoice.net, invoice.vat, invoice.gross = invoice_totals(cleaned)
    # The constraints (one regular invoice per client and month) are the database's; a
    # draft has no number yet.
    invoice.full_clean(exclude=["client", "corrects", "issued_by"], validate_constraints=False)
    return invoice, cleaned


@transaction.atomic
def invoice_create(
    *,
    client: Client,
    lines: list[dict],
    actor,
    sale_from: dt.date,
    sale_to: dt.date,
    due_date: dt.date | None = None,
    payment_method: str = Invoice.Payment.TRANSFER,
    notes: str = "",
    period: dt.date | None = None,
    reverse_charge: bool | None = None,
    acceptance: bool = False,
) -> Invoice:
    """A draft for `client` (a manual invoice, or one month of its billing summary);
    `acceptance`: shown to the client at once to accept (office setting on)."""
    invoice, cleaned = _draft_build(
        client=client,
        lines=lines,
        sale_from=sale_from,
        sale_to=sale_to,
        due_date=due_date,
        payment_method=payment_method,
        notes=notes,
        period=period,
        reverse_charge=reverse_charge,
        acceptance=acceptance,
    )
    invoice.validate_constraints()
    invoice.save()
    for line in cleaned:
        line.invoice = invoice
    InvoiceLine.objects.bulk_create(cleaned)
    audit_record(
        action="invoices.draft_created",
        actor=actor,
        target=invoice,
        changes={"client": audit_value(client), "gross": audit_value(invoice.gross)},
    )
    if acceptance:
        _acceptance_notify(invoice, actor=actor)
    return invoice


@transaction.atomic
def invoice_update(*, invoice: Invoice, actor, data: dict, lines: list[dict] | None) -> Invoice:
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if not invoice.is_draft:
        raise ApplicationError(_("An issued invoice cannot be changed; issue a correction."))
    if "due_date" in data and data["due_date"] is None:  # emptied: the term, as when new
        data = {**data, "due_date": _due_date_default()}
    if "due_date" in data:
        due_date_check(data["due_date"])
    changes = {}
    for field in ("sale_from", "sale_to", "due_date", "payment_method", "notes", "language"):
        if field in data and data[field] != getattr(invoice, field):
            changes[field] = [audit_value(getattr(invoice, field)), audit_value(data[field])]
            setattr(invoice, field, data[field])
    sale_period_check(invoice.sale_from, invoice.sale_to)
    invoice.full_clean(exclude=["client", "corrects", "issued_by"])
    if lines is not None:
        cleaned = _lines_clean(
            lines,
            reverse_charge=invoice.reverse_charge,
            correction=invoice.kind == Invoice.Kind.CORRECTION,
            negative=invoice.period is not None,
        )
        old_gross = invoice.gross
        _lines_set(invoice, cleaned)
        if old_gross != invoice.gross:
            changes["gross"] = [audit_value(old_gross), audit_value(invoice.gross)]
    if changes and invoice.acceptance:
        # the client accepted or rejected other content: ask again
        changes["acceptance"] = [invoice.acceptance, ""]
        invoice.acceptance, invoice.acceptance_at, invoice.acceptance_by = "", None, None
        invoice_alerts_resolve(invoice)  # the answer is acted on
    invoice.save()
    if changes:
        audit_record(action="invoices.draft_changed", actor=actor, target=invoice, changes=changes)
    return invoice


# --- the client's acceptance of a draft ----------------------------------------------------


@transaction.atomic
def invoice_acceptance_request(*, invoice: Invoice, actor) -> Invoice:
    """Show a draft to its client in the panel to accept or reject (office setting on)."""
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if not settings_get().client_acceptance:
        raise ApplicationError(_("Client acceptance of drafts is switched off."), code="off")
    if not invoice.is_draft:
        raise ApplicationError(_("Only a draft can be sent for acceptance."), code="not_draft")
    if invoice.acceptance == Invoice.Acceptance.PENDING:
        return invoice
    old = invoice.acceptance
    invoice.acceptance, invoice.acceptance_comment = Invoice.Acceptance.PENDING, ""
    invoice.acceptance_at, invoice.acceptance_by = None, None
    invoice.save()
    audit_record(
        action="invoices.acceptance_requested",
        actor=actor,
        target=invoice,
        changes={"acceptance": [old, invoice.acceptance]},
    )
    invoice_alerts_resolve(invoice)  # an earlier answer is handled: asked again
    _acceptance_notify(invoice, actor=actor)
    return invoice


def invoice_alert_subject(invoice: Invoice) -> str:
    """What the invoices module's staff alerts announce: one invoice (today the client's
    answer to a draft, `invoices.acceptance_answered`, the module's only office event)."""
    from modules.notifications.services import alert_subject

    return alert_subject("invoices.invoice", invoice.pk)


def invoice_alerts_resolve(invoice: Invoice, *, user=None) -> int:
    """The staff alerts about `invoice` are read: `user`'s when they open its page, everyone's
    (user None) when it is handled: issued, deleted, changed after the client's answer (the
    answer is superseded) or sent for acceptance again."""
    from modules.notifications.services import alerts_resolve

    return alerts_resolve(subject=invoice_alert_subject(invoice), user=user)


def _acceptance_notify(invoice: Invoice, *, actor, answered: bool = False) -> None:
    """The client is told a draft waits (e-mail with the panel link); the office is told the
    client's answer (in-app alert and its address, with the staff link)."""
    from django.urls import reverse

    from common.money import money
    from modules.notifications.services import notify

    office = _office()
    name = "invoices:detail" if answered else "invoices:portal_detail"
    context = {
        "client_name": invoice.client.name,
        "draft_answer": invoice.acceptance,
        "draft_comment": invoice.acceptance_comment,
        "invoice_url": getattr(office, "url", "") + reverse(name, args=[invoice.pk]),
    }

    def localise(language: str) -> dict:
        # each reader's own language: the client's for the request, the office's and its
        # staff's for the answer
        return {
            "invoice_total": money(invoice.gross, invoice.currency, language=language),
            "draft_period": period_text(invoice.sale_from, invoice.sale_to, language=language),
        }

    if answered:
        notify(
            event=ACCEPTANCE_ANSWERED,
            context=context,
            actor=actor,
            localise=localise,
            alert_subject=invoice_alert_subject(invoice),
        )
    else:
        notify(
            event=ACCEPTANCE_REQUESTED,
            client_id=invoice.client_id,
            context=context,
            actor=actor,
            localise=localise,
        )


@transaction.atomic
def invoice_acceptance_answer(
    *, invoice: Invoice, actor, client_id: int, accept: bool, comment: str = ""
) -> Invoice:
    """The client's answer to a draft waiting for it: accepted, or rejected with a comment.
    `client_id`: the company the person acts for (another company's draft is refused)."""
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if invoice.client_id != client_id:
        raise ApplicationError(_("This draft is not for your company."), code="other_client")
    if not invoice.is_draft or invoice.acceptance != Invoice.Acceptance.PENDING:
        raise ApplicationError(
            _("This draft is not waiting for your acceptance."), code="not_pending"
        )
    comment = comment.strip()
    if not accept and not comment:
        raise ValidationError({"comment": _("Say what should change.")})
    invoice.acceptance = Invoice.Acceptance.ACCEPTED if accept else Invoice.Acceptance.REJECTED
    invoice.acceptance_comment = comment[:2000]
    invoice.acceptance_at, invoice.acceptance_by = timezone.now(), actor
    invoice.save()
    audit_record(
        action="invoices.accepted_by_client" if accept else "invoices.rejected_by_client",
        actor=actor,
        target=invoice,
        changes={
            "acceptance": [Invoice.Acceptance.PENDING, invoice.acceptance],
            "comment": comment,
        },
    )
    _acceptance_notify(invoice, actor=actor, answered=True)
    return invoice


@transaction.atomic
def invoice_delete(*, invoice: Invoice, actor) -> None:
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if not invoice.is_draft:
        raise ApplicationError(_("Only a draft can be deleted."))
    audit_record(
        action="invoices.draft_deleted",
        actor=actor,
        target=invoice,
        changes={"client": audit_value(invoice.client)},
    )
    invoice_alerts_resolve(invoice)
    invoice.delete()


# --- numbering and issuing ---------------------------------------------------------------


def number_next(*, day: dt.date, row: InvoiceSettings | None = None) -> str:
    """The next number of the office's series for `day`, in the caller's transaction
    (`common.numbering`: concurrent issues queue on the period's row and a rolled-back issue
    gives its number back: no gap, no duplicate)."""
    return _number_take(day=day, row=row or settings_get())[0]


def _number_take(*, day: dt.date, row: InvoiceSettings) -> tuple[str, int]:
    """number_next's number and the counter's integer it was made from."""
    key = f"{day:%Y-%m}" if row.number_reset == InvoiceSettings.Reset.MONTHLY else f"{day:%Y}"
    last = numbering.number_next(InvoiceCounter, key=key)
    number = (
        row.number_pattern.replace("{number}", str(last))
        .replace("{MM}", f"{day:%m}")
        .replace("{YYYY}", f"{day:%Y}")
    )
    return number, last


def _variable_symbol_take(*, number: str, day: dt.date, sequence: int, row) -> str:
    """The first of policies.variable_symbol_candidates that no other invoice of the office
    has (every VS holds its year, so unique in the year and beyond). Runs under the series'
    counter lock (concurrent issues of the period queue on it); the constraint
    invoices_vs_unique is the last line of defence."""
    candidates = variable_symbol_candidates(
        number=number,
        day=day,
        sequence=sequence,
        monthly=row.number_reset == InvoiceSettings.Reset.MONTHLY,
    )
    for candidate in candidates:
        if not Invoice.objects.filter(variable_symbol=candidate).exists():
            return candidate
    raise AssertionError("unreachable: the candidates end with a ValueError")


@dataclass
class _IssueContext:
    """What every issue of a bulk run reads alike: read once, not per invoice."""

    settings: InvoiceSettings
    seller: dict
    allowed_rates: set[str]


def _issue_context() -> _IssueContext:
    row = settings_get()
    country = _office().country
    allowed = {code for code, _label in billing.vat_rate_choices(country=country)}
    allowed.add(REVERSE_CHARGE)
    einvoice_rules_ready(country=country)  # before any number is taken
    return _IssueContext(row, seller_snapshot(), allowed)


def _issue_checks(invoice: Invoice, context: _IssueContext, today: dt.date) -> None:
    if invoice.due_date < today:
        raise ApplicationError(
            _(
                "The due date %(due)s is before the issue date %(today)s: change the draft's"
                " due date first."
            )
            % {
                "due": date_format(invoice.due_date, "SHORT_DATE_FORMAT"),
                "today": date_format(today, "SHORT_DATE_FORMAT"),
            },
            code="due_date",
        )
    if invoice.sale_to < invoice.sale_from:  # a draft saved before the field refused it
        raise ApplicationError(
            _(
                "The service period ends (%(end)s) before it starts (%(start)s): change the"
                " draft's service period first."
            )
            % {
                "end": date_format(invoice.sale_to, "SHORT_DATE_FORMAT"),
                "start": date_format(invoice.sale_from, "SHORT_DATE_FORMAT"),
            },
            code="sale_period",
        )
    if (
        invoice.kind == Invoice.Kind.REGULAR
        and context.settings.client_acceptance
        and invoice.acceptance != Invoice.Acceptance.ACCEPTED
    ):
        raise ApplicationError(
            _("The client has not accepted this draft yet."), code="not_accepted"
        )
    _buyer_tax_id_check(invoice.client)
    lines = list(invoice.lines.all())
    if not lines:
        raise ApplicationError(_("An invoice needs at least one line."), code="empty")
    if invoice.kind == Invoice.Kind.REGULAR and invoice.gross <= ZERO:
        raise ApplicationError(
            _("A zero or negative invoice can only be a correction."), code="not_positive"
        )
    for line in lines:
        if line.vat_rate not in context.allowed_rates:
            raise ApplicationError(
                _("The VAT rate %(rate)s is not allowed in this country.")
                % {"rate": line.vat_rate},
                code="vat_rate",
            )


@transaction.atomic
def invoice_issue(
    *,
    invoice: Invoice,
    actor,
    notify_client: bool = True,
    enqueue: bool = True,
    context: _IssueContext | None = None,
    day: dt.date | None = None,
) -> Invoice:
    """Freeze the seller, buyer and lines and give the number; an issued invoice is
    immutable. Every check runs before the number is taken. `context`: the settings and
    seller read once by a bulk issue (invoices_issue). `day`: the issue date of a history
    (the demo loader, issuing in date order so the numbers follow the dates); screens, the
    API and tasks never pass it: an invoice is issued today."""
    invoice = Invoice.objects.select_for_update().select_related("client").get(pk=invoice.pk)
    if not invoice.is_draft:
        raise ApplicationError(_("Only draft invoices can be issued."), code="not_draft")
    context = context or _issue_context()
    today = office_today()
    if day is not None:
        if day > today:
            raise ValueError("an invoice cannot be issued in the future")
        today = day
    _issue_checks(invoice, context, today)
    invoice.seller, invoice.buyer = dict(context.seller), buyer_snapshot(invoice.client)
    invoice.issue_date = today
    invoice.number, sequence = _number_take(day=today, row=context.settings)
    if invoice.seller.get("country") == VS_COUNTRY:
        # the client pays with it: given with the number, in the same transaction
        invoice.variable_symbol = _variable_symbol_take(
            number=invoice.number, day=today, sequence=sequence, row=context.settings
        )
    invoice.status, invoice.issued_at, invoice.issued_by = (
        Invoice.Status.ISSUED,
        timezone.now(),
        actor,
    )
    if invoice.reduces:
        invoice.status = Invoice.Status.PAID  # nothing to pay on a reducing correction
    for channel in channels_active(country=_office().country, settings=context.settings):
        channel.queue(invoice)  # KSeF in a Polish office with KSeF on (channels.py)
    # The number is unique by the counter's lock (and the database's constraint): the
    # constraints' three SELECTs per invoice are not run again here.
    invoice.full_clean(exclude=["client", "corrects", "issued_by"], validate_constraints=False)
    invoice.save()
    invoice_ubl_issue_check(invoice=invoice)  # Slovakia: a failing e-invoice rolls back
    if invoice.corrects_id and invoice.gross <= ZERO:
        _correction_apply(original_id=invoice.corrects_id, gross=invoice.gross, today=today)
    if invoice.acceptance:  # the client answered (an alert was raised): handled now
        invoice_alerts_resolve(invoice)
    audit_record(
        action="invoices.issued",
        actor=actor,
        target=invoice,
        changes={"number": invoice.number, "gross": audit_value(invoice.gross)},
    )
    if enqueue:
        from modules.invoices.tasks import after_issue

        after_issue(invoice_ids=[invoice.pk], notify_client=notify_client)
    return invoice


def invoices_issue(*, invoice_ids: list[int], actor) -> tuple[list[Invoice], list[tuple]]:
    """Issue many drafts (bulk); each in its own transaction, in pk order, so one refused
    invoice (missing tax id) does not hold back the rest. Returns (issued, [(invoice,
    message)])."""
    issued, refused = [], []
    drafts = Invoice.objects.filter(pk__in=invoice_ids, status=Invoice.Status.DRAFT)
    try:
        context = _issue_context()
    except ApplicationError as exc:  # the office's details missing: every draft refused
        return [], [(invoice, exc.message) for invoice in drafts.order_by("pk")]
    from modules.invoices.tasks import ISSUE_CHUNK, after_issue

    waiting = []  # issued, not handed to KSeF / e-mail yet
    for invoice in drafts.order_by("pk"):
        try:
            issued.append(
                invoice_issue(invoice=invoice, actor=actor, enqueue=False, context=context)
            )
            waiting.append(issued[-1].pk)
        except (ApplicationError, ValidationError) as exc:
            refused.append((invoice, getattr(exc, "message", None) or "; ".join(exc.messages)))
        if len(waiting) >= ISSUE_CHUNK:
            # one KSeF / e-mail message per chunk, not one per invoice, and the workers
            # start on the first chunk while the rest are numbered (invoice_run_1k_s)
            after_issue(invoice_ids=waiting)
            waiting = []
    if waiting:
        after_issue(invoice_ids=waiting)
    return issued, refused


@dataclass
class IssuePreview:
    """What issuing the selected drafts would do (invoices_issue_preview): the drafts that
    pass the issue's checks today, the ones that would be refused with the reason (a
    selected invoice no longer a draft among them), and whether they go to KSeF."""

    issuable: list[Invoice]
    skipped: list[tuple[Invoice, str]]
    ksef: bool
    today: dt.date


def invoices_issue_preview(*, invoice_ids: list[int]) -> IssuePreview:
    """The bulk issue's confirmation: invoice_issue's checks (_issue_checks) run on each
    selected draft without taking a number or writing anything, so the page can say how
    many will be issued, which will not and why, and where they are sent. The issue itself
    checks again under the row lock (something may change in between)."""
    invoices = list(
        Invoice.objects.filter(pk__in=invoice_ids).select_related("client").order_by("pk")
    )
    today = office_today()
    try:
        context = _issue_context()
    except ApplicationError as exc:  # the office's details missing: nothing can be issued
        return IssuePreview([], [(i, exc.message) for i in invoices], False, today)
    issuable, skipped = [], []
    for invoice in invoices:
        if not invoice.is_draft:
            skipped.append((invoice, _("It is no longer a draft: it was issued meanwhile.")))
            continue
        try:
            _issue_checks(invoice, context, today)
        except (ApplicationError, ValidationError) as exc:
            skipped.append((invoice, getattr(exc, "message", None) or "; ".join(exc.messages)))
            continue
        issuable.append(invoice)
    ksef = any(
        channel.name == "ksef"
        for channel in channels_active(country=_office().country, settings=context.settings)
    )
    return IssuePreview(issuable, skipped, ksef, today)


# --- payments and status -----------------------------------------------------------------


def _correction_apply(*, original_id: int, gross: Decimal, today: dt.date) -> None:
    """A reducing correction issued: it has nothing to pay itself, it lowers what the
    original's client owes. The original keeps its payment status (unpaid, overdue, paid)
    recomputed against the corrected amount, under its row lock. (A correction that adds is
    an invoice to pay of its own, chased as any other.)"""
    original = Invoice.objects.select_for_update().get(pk=original_id)
    original.corrections_gross += gross
    original.status = _status_from_payments(original, today)
    original.save(update_fields=["corrections_gross", "status", "updated_at"])


def _status_from_payments(invoice: Invoice, today: dt.date) -> str:
    if invoice.paid >= invoice.amount_due:
        return Invoice.Status.PAID
    if today > invoice.due_date:
        return Invoice.Status.OVERDUE
    return Invoice.Status.PARTLY_PAID if invoice.paid > 0 else Invoice.Status.ISSUED


def invoices_overdue_mark(*, today: dt.date) -> int:
    """Issued and partly paid invoices past their due date become overdue (the daily job;
    `today` is the office's date). Idempotent."""
    return Invoice.objects.filter(
        status__in=(Invoice.Status.ISSUED, Invoice.Status.PARTLY_PAID), due_date__lt=today
    ).update(status=Invoice.Status.OVERDUE, updated_at=timezone.now())


# --- corrections ------------------------------------------------------------------------


@transaction.atomic
def invoice_correct(*, invoice: Invoice, actor, reason: str, lines: list[dict]) -> Invoice:
    """A correction draft for an issued invoice: its lines are the differences (negative to
    reduce). Issuing it marks the original corrected; the original never changes."""
    invoice = Invoice.objects.select_for_update().select_related("client").get(pk=invoice.pk)
    if invoice.is_draft:
        raise ApplicationError(_("Only an issued invoice can be corrected."))
    if not reason.strip():
        raise ValidationError({"correction_reason": _("Enter the reason for the correction.")})
    correction = Invoice(
        client=invoice.client,
        kind=Invoice.Kind.CORRECTION,
        corrects=invoice,
        correction_reason=reason.strip(),
        sale_from=invoice.sale_from,
        sale_to=invoice.sale_to,
        due_date=max(invoice.due_date, office_today()),
        payment_method=invoice.payment_method,
        currency=invoice.currency,
        language=invoice.language,
        reverse_charge=invoice.reverse_charge,
    )
    cleaned = _lines_clean(lines, reverse_charge=invoice.reverse_charge, correction=True)
    correction.save()
    _lines_set(correction, cleaned)
    correction.save(update_fields=["net", "vat", "gross", "updated_at"])
    audit_record(
        action="invoices.correction_created",
        actor=actor,
        target=correction,
        changes={"corrects": invoice.number, "reason": correction.correction_reason},
    )
    return correction
