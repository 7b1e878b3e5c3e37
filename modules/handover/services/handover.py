"""Recording a hand-over (H3-H6): one write path for the four ways and the PO box.

Safety: the items are locked in primary-key order (two receptionists never deadlock) and
their status is checked again under the lock. Whoever comes second finds the items already
handed over and gets a translated refusal; nothing of theirs is recorded. Everything
(statuses, lines, audit) is one transaction: all items or none. The items' status and
pickup fields and their history are written by the mail module (mail_items_hand_over);
the confirmation PDF is rendered after the transaction.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.exceptions import ApplicationError
from common.storage import office_delete, office_new_name, office_save
from modules.audit.services import audit_record
from modules.clients.models import ContactPerson
from modules.handover.models import HandOver, HandOverItem
from modules.handover.selectors import person_key
from modules.mail.services import (
    HANDED_OVER_ALREADY,
    mail_items_hand_over,
    mail_items_lock_for_handover,
)
from tenants.selectors import office_language

logger = logging.getLogger(__name__)
Method = HandOver.Method
NEEDS_PERSON = {Method.CONFIRMED, Method.PRINTED, Method.DIGITAL}
WITH_PDF = {Method.PRINTED, Method.DIGITAL}
# A pickup a few minutes ahead is a clock difference; more is a typing mistake.
FUTURE_TOLERANCE = dt.timedelta(minutes=5)
MAX_ITEMS = 500
TAKEN = HANDED_OVER_ALREADY  # the items were handed over (or changed) meanwhile: 409


@dataclass(frozen=True)
class Forwarding:
    address: str
    carrier: str = ""
    tracking_number: str = ""
    tracking_url: str = ""


def confirmation_language(clients) -> str:
    """The clients' language when they share one; the office's otherwise (point 7)."""
    languages = {c.language for c in clients if c.language}
    return languages.pop() if len(languages) == 1 else office_language()


def _person(
    *,
    method: str,
    person_name: str,
    contact_person_id: int | None,
    client_ids: set[int],
    item_clients: dict | None = None,
) -> tuple[str, ContactPerson | None]:
    """The person picking up. A contact of one of `client_ids` (the opened companies); when
    the same person is also a contact of a company whose items are ticked, that contact is
    the one recorded. A person chosen from the list must be authorised for every company
    whose items are ticked (`item_clients`: {id: Client}); "Someone else" typed by hand is
    the receptionist's own decision (H5)."""
    contact = None
    if contact_person_id:
        contact = ContactPerson.objects.filter(
            pk=contact_person_id, client_id__in=client_ids, authorised_to_pick_up_mail=True
        ).first()
        if contact is None:
            raise ApplicationError(
                _("This person is not authorised to pick up mail for the selected clients."),
                code="person",
            )
        if item_clients:
            contact = _authorised_for_all(contact=contact, clients=item_clients)
    name = " ".join((person_name or "").split())[:200] or (contact.full_name if contact else "")
    if method in NEEDS_PERSON and not name:
        raise ApplicationError(
            _("Who picks up the mail? Choose or type the person."), code="person"
        )
    return name, contact


def _authorised_for_all(*, contact: ContactPerson, clients: dict) -> ContactPerson:
    """The contact row to record for `contact` picking up the mail of `clients` ({id:
    Client}): theirs if it is of one of those companies, else the same person's (same name,
    accents aside) contact there. Refused when the person is authorised for only some of
    the companies: the panel lists each person with the companies they may collect for,
    and the mail of the others must not leave with them."""
    key = person_key(contact.full_name)
    same = [
        c
        for c in ContactPerson.objects.filter(
            client_id__in=list(clients), authorised_to_pick_up_mail=True
        ).order_by("client_id", "pk")
        if c.pk == contact.pk or person_key(c.full_name) == key
    ]
    covered = {c.client_id for c in same}
    missing = [clients[i] for i in clients if i not in covered]
    if missing:
        names = sorted(str(client.name) for client in missing)
        raise ApplicationError(
            _(
                "%(person)s is not authorised to pick up mail for %(clients)s. Untick "
                "those items, or choose another person."
            )
            % {"person": contact.full_name, "clients": ", ".join(names)},
            code="person",
        )
    if contact.client_id in clients:
        return contact
    return same[0]


def handover_person_check(*, contact_person_id: int | None, opened: list, ticked: list) -> None:
    """Refuse (ApplicationError, code "person") a chosen person who may not pick up the mail
    of all of `ticked` (the companies whose items are ticked; `opened`: the companies the
    panel shows): the panel asks it before a printout or the signing page, the hand-over
    itself again when it is recorded."""
    if contact_person_id:
        _person(
            method="",
            person_name="",
            contact_person_id=contact_person_id,
            client_ids={c.pk for c in opened} | {c.pk for c in ticked},
            item_clients={c.pk: c for c in ticked},
        )


def _when(*, method: str, handed_over_at: dt.datetime | None) -> dt.datetime:
    if handed_over_at is None:
        if method == Method.PO_BOX:
            # H6: nobody saw the client at the box; the time must be typed, never guessed.
            raise ApplicationError(
                _("Enter the date and time the mail was taken from the PO box."), code="when"
            )
        return timezone.now()
    if timezone.is_naive(handed_over_at):
        handed_over_at = timezone.make_aware(handed_over_at)
    if handed_over_at > timezone.now() + FUTURE_TOLERANCE and method != Method.FORWARDED:
        raise ApplicationError(_("The pickup time cannot be in the future."), code="when")
    return handed_over_at


def _forwarding(method: str, forwarding: Forwarding | None) -> Forwarding:
    if method != Method.FORWARDED:
        return Forwarding(address="")
    if forwarding is None or not forwarding.address.strip():
        raise ApplicationError(
            _("Enter the address the mail was or will be sent to."), code="address"
        )
    url = forwarding.tracking_url.strip()
    if url and not url.lower().startswith(("https://", "http://")):
        raise ApplicationError(
            _("The tracking link must start with https:// or http://."), code="tracking_url"
        )
    return Forwarding(
        address=forwarding.address.strip()[:1000],
        carrier=forwarding.carrier.strip()[:100],
        tracking_number=forwarding.tracking_number.strip()[:100],
        tracking_url=url[:500],
    )


def handover_record(
    *,
    actor,
    item_ids: list[int],
    method: str,
    person_name: str = "",
    contact_person_id: int | None = None,
    handed_over_at: dt.datetime | None = None,
    forwarding: Forwarding | None = None,
    signature_png: bytes | None = None,
    client_ids: list[int] | None = None,
    notes: str = "",
) -> HandOver:
    """Hand over the items in one of the ways (H4) or record a PO box pickup (H6).

    `client_ids`, when given, are the clients the receptionist opened: an item of another
    client is refused. `signature_png` must already be checked (services.signature).

    The confirmation of a printed or digital hand-over is rendered after the transaction,
    once the items' row locks are released: the render (about 200 ms) would otherwise hold
    up the other desks waiting for these items. A render that fails leaves the hand-over
    recorded without its PDF; handover_pdf_ensure() makes it on the first request.
    """
    handover = _handover_record(
        actor=actor,
        item_ids=item_ids,
        method=method,
        person_name=person_name,
        contact_person_id=contact_person_id,
        handed_over_at=handed_over_at,
        forwarding=forwarding,
        signature_png=signature_png,
        client_ids=client_ids,
        notes=notes,
    )
    if method in WITH_PDF:
        try:
            handover = handover_pdf_ensure(handover=handover)
        except Exception:
            logger.exception("hand-over confirmation not rendered", extra={"id": handover.pk})
    return handover


@transaction.atomic
def _handover_record(
    *,
    actor,
    item_ids: list[int],
    method: str,
    person_name: str,
    contact_person_id: int | None,
    handed_over_at: dt.datetime | None,
    forwarding: Forwarding | None,
    signature_png: bytes | None,
    client_ids: list[int] | None,
    notes: str,
) -> HandOver:
    if method not in Method.values:
        raise ApplicationError(_("Choose how the mail is handed over."), code="method")
    item_ids = sorted({int(i) for i in item_ids})
    if not item_ids:
        raise ApplicationError(_("Select the items to hand over."), code="items")
    if len(item_ids) > MAX_ITEMS:
        raise ApplicationError(
            _("Hand over at most %(count)s items at once.") % {"count": MAX_ITEMS}, code="items"
        )
    if method == Method.DIGITAL and not signature_png:
        raise ApplicationError(_("The signature is missing. Ask the person to sign."))
    when = _when(method=method, handed_over_at=handed_over_at)
    sending = _forwarding(method, forwarding)

    items = mail_items_lock_for_handover(item_ids)
    item_clients = {i.client_id: i.client for i in items}
    if client_ids is not None and not set(item_clients) <= set(client_ids):
        raise ApplicationError(_("An item of another client was selected."), code="items")
    # A person authorised for several of the opened companies is one person for the
    # hand-over, whatever subset of their items is ticked.
    name, contact = _person(
        method=method,
        person_name=person_name,
        contact_person_id=contact_person_id,
        client_ids=set(item_clients) | set(client_ids or ()),
        item_clients=item_clients,
    )
    written: list[str] = []
    try:
        handover = _record(
            actor=actor,
            items=items,
            item_clients=item_clients,
            method=method,
            when=when,
            name=name,
            contact=contact,
            sending=sending,
            notes=notes,
            signature_png=signature_png,
            written=written,
        )
    except BaseException:
        # The rows roll back with the transaction; the files must be taken out by hand.
        office_delete(*written)
        raise
    return handover


def _record(
    *,
    actor,
    items,
    item_clients,
    method,
    when,
    name,
    contact,
    sending,
    notes,
    signature_png,
    written,
) -> HandOver:
    if signature_png:
        written.append(office_save(office_new_name("handover", ".png"), signature_png))
    handover = HandOver(
        method=method,
        handed_over_at=when,
        handed_over_by=actor if actor is not None and actor.is_authenticated else None,
        person_name=name,
        contact_person=contact,
        forward_address=sending.address,
        carrier=sending.carrier,
        tracking_number=sending.tracking_number,
        tracking_url=sending.tracking_url,
        notes=" ".join(notes.split())[:500],
        language=confirmation_language(item_clients.values()),
        item_count=len(items),
        signature_path=written[0] if written else "",
    )
    handover.full_clean()
    handover.save()
    handover.clients.add(*item_clients)
    HandOverItem.objects.bulk_create(
        HandOverItem(
            handover=handover, item=item, client_id=item.client_id, previous_status=item.status
        )
        for item in items
    )
    # The items' own fields and history are the mail module's to write.
    mail_items_hand_over(
        items=items,
        actor=actor,
        pickup_method=method,
        picked_up_at=when,
        picked_up_by=name,
        reference=handover.reference,
    )
    audit_record(
        action="handover.recorded",
        actor=actor,
        target=handover,
        changes={
            "method": method,
            "person": name,
            "contact_person_id": contact.pk if contact else None,
            "items": [i.number for i in items],
            "clients": sorted(item_clients),
            "forwarding": sending.__dict__ if method == Method.FORWARDED else None,
        },
    )
    return handover


@transaction.atomic
def handover_pdf_ensure(*, handover: HandOver) -> HandOver:
    """The stored confirmation, made on first request for hand-overs recorded without one
    (re-printing from the register, H8)."""
    handover = HandOver.objects.select_for_update().get(pk=handover.pk)
    if handover.pdf_path:
        return handover
    from modules.handover.pdf import handover_pdf_render

    handover.pdf_path = office_save(
        office_new_name("handover", ".pdf"), handover_pdf_render(handover=handover)
    )
    try:
        handover.save(update_fields=["pdf_path", "updated_at"])
    except BaseException:
        office_delete(handover.pdf_path)
        raise
    return handover
