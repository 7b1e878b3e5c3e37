"""Billing (settlements): accepted quotes are billed when the work is done (the request is
resolved), billable work at once; both through billing's usage_record."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.exceptions import ApplicationError
from modules.audit.services import audit_record
from modules.helpdesk.models import (
    BillableWork,
    Quote,
    Request,
)
from modules.helpdesk.services.base import S, _history, _lock
from modules.helpdesk.work_selectors import quote_covers_work


def vat_codes() -> dict[Decimal, str]:
    """The VAT rates of the office's country (billing owns the table: 23/8/5/0 in Poland,
    23/19/5/0 in Slovakia) by percentage ("23" for 23 %); "zw" (exempt) is not a
    percentage a quote line can name, so 0 % bills as "0"."""
    from django.db import connection

    from modules.billing.selectors import vat_rate_choices

    country = getattr(connection.tenant, "country", "PL")
    codes = [code for code, _label in vat_rate_choices(country=country)]
    return {Decimal(code): code for code in codes if code.isdigit()}


def _vat_code(rate: Decimal) -> str:
    code = vat_codes().get(Decimal(rate).normalize()) if rate == int(rate) else None
    if code is None:
        raise ApplicationError(
            _("Use one of the VAT rates: %(rates)s.")
            % {"rates": ", ".join(sorted(vat_codes().values(), key=int, reverse=True))},
            code="vat_rate",
        )
    return code


def _quotes_bill(*, request: Request, actor) -> int:
    """The request is resolved: its accepted quotes not billed yet become usage records in
    the client's settlement, one per line (source helpdesk, ref hd-quote:<quote>:<line>).
    Idempotent: the quote row is locked and marked `billed_at` in the same transaction, so a
    resolve after a reopen bills nothing twice."""
    from modules.billing.models import UsageRecord
    from modules.billing.services import usage_record

    quotes = list(
        Quote.objects.select_for_update()
        .filter(request=request, status=Quote.Status.ACCEPTED, billed_at__isnull=True)
        .order_by("pk")
    )
    today = timezone.localdate()
    for quote in quotes:
        for line in quote.lines.order_by("pk"):
            usage_record(
                client=request.client,
                date=today,
                quantity=line.quantity,
                description=f"{request.number}: {line.description}"[:300],
                unit_price=line.unit_price,
                vat_rate=_vat_code(line.vat_rate),
                source=UsageRecord.Source.HELPDESK,
                source_ref=f"hd-quote:{quote.pk}:{line.pk}"[:40],
                actor=actor if actor is not None and actor.is_authenticated else None,
            )
        quote.billed_at = timezone.now()
        quote.save(update_fields=["billed_at", "updated_at"])
        _history(request, actor=actor, changes={f"quote {quote.pk} billed": [None, True]})
    return len(quotes)


@transaction.atomic
def work_record(
    *,
    request: Request,
    actor,
    description: str,
    quantity: Decimal,
    unit_price: Decimal,
    vat_rate: str,
    key,
    beyond_quote: bool = False,
) -> BillableWork:
    """Billable work on a client's request, recorded in the client's settlement at once
    (usage_record, source helpdesk, ref hd-work:<id>). The same `key` twice (a form sent
    again) returns the first record and bills nothing more. On a request with an accepted
    fixed-price quote the quote bills the work when the request is resolved, so more work is
    recorded only when staff say it is `beyond_quote` (the work log's rule, one owner:
    `work_selectors.quote_covers_work`)."""
    from modules.billing.models import UsageRecord
    from modules.billing.services import usage_record

    locked = _lock(request)
    done = BillableWork.objects.filter(key=key).first()
    if done is not None:
        if done.request_id != locked.pk:
            raise ApplicationError(_("Unknown action."), code="unknown_action")
        return done
    if locked.client_id is None:
        raise ApplicationError(_("An internal request has no client to charge."), code="no_client")
    if locked.status == S.CLOSED:
        raise ApplicationError(_("A closed request cannot be changed."), code="closed")
    if vat_rate not in vat_codes().values():
        raise ValidationError({"vat_rate": _("Choose a VAT rate.")})
    if not beyond_quote and quote_covers_work(request_id=locked.pk):
        raise ValidationError(
            {
                "beyond_quote": _(
                    "The accepted quote already bills the work on this request: record here "
                    "only work beyond it, and tick this box to say so."
                )
            }
        )
    work = BillableWork(
        request=locked,
        description=description.strip(),
        quantity=quantity,
        unit_price=unit_price,
        vat_rate=vat_rate,
        key=key,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    work.full_clean()
    work.save()
    usage = usage_record(
        client=locked.client,
        date=timezone.localdate(),
        quantity=quantity,
        description=f"{locked.number}: {work.description}"[:300],
        unit_price=unit_price,
        vat_rate=vat_rate,
        source=UsageRecord.Source.HELPDESK,
        source_ref=f"hd-work:{work.pk}",
        actor=work.created_by,
    )
    work.usage_id = usage.pk
    work.save(update_fields=["usage_id"])
    _history(
        locked,
        actor=actor,
        # The parts, not a sentence: the timeline writes them in the reader's numbers and
        # the office's currency ("1,5 × 40,00 zł"; rows.py). Before 2026-12-07 this was
        # the text "<description>: 1.5 x 40", shown as stored.
        changes={
            "billable work": [
                None,
                {
                    "description": work.description,
                    "quantity": str(quantity),
                    "unit_price": str(unit_price),
                },
            ]
        },
    )
    audit_record(
        action="helpdesk.work_recorded",
        actor=actor,
        target=locked,
        changes={"work": [None, work.pk], "usage": [None, usage.pk]},
    )
    return work
