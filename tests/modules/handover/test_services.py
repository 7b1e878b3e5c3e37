import datetime as dt

import pytest
from django.utils import timezone

from common.exceptions import ApplicationError
from modules.audit.models import AuditEntry
from modules.handover.models import HandOver, HandOverItem
from modules.handover.services import (
    Forwarding,
    handover_pdf_ensure,
    handover_record,
    signature_check,
)
from modules.mail.models import MailItem
from tests.modules.clients.factories import ClientFactory
from tests.modules.handover.factories import (
    authorised,
    pdf_images,
    pdf_of,
    pdf_text,
    signature_png,
    waiting,
)

pytestmark = pytest.mark.usefixtures("in_office_a")


def _state(items):
    return [
        (i.status.code, i.pickup_method, i.picked_up_by)
        for i in MailItem.objects.select_related("status")
        .filter(pk__in=[x.pk for x in items])
        .order_by("pk")
    ]


def test_confirm_pickup_records_person_time_and_status(staff_a):
    items = waiting(count=2)
    person = authorised(items[0].client)
    when = timezone.now() - dt.timedelta(hours=2)
    handover = handover_record(
        actor=staff_a,
        item_ids=[i.pk for i in items],
        method="confirmed",
        contact_person_id=person.pk,
        handed_over_at=when,
    )
    assert handover.method == "confirmed"
    assert handover.person_name == "Jan Kowalski"
    assert handover.contact_person == person
    assert handover.handed_over_by == staff_a
    assert handover.handed_over_at == when
    assert handover.item_count == 2
    assert handover.pdf_path == ""
    assert list(handover.clients.all()) == [items[0].client]
    assert _state(items) == [("picked_up", "confirmed", "Jan Kowalski")] * 2
    assert set(
        MailItem.objects.filter(pk__in=[i.pk for i in items]).values_list("picked_up_at", flat=True)
    ) == {when}
    lines = HandOverItem.objects.filter(handover=handover).order_by("item_id")
    assert [(line.item_id, line.previous_status.code) for line in lines] == [
        (items[0].pk, "to_pick_up"),
        (items[1].pk, "to_pick_up"),
    ]
    # target_id is text: ordered by number here ("100" sorts before "99" as text).
    item_entries = sorted(
        AuditEntry.objects.filter(
            action="mail.handed_over", target_id__in=[str(i.pk) for i in items]
        ),
        key=lambda e: int(e.target_id),
    )
    assert [e.target_id for e in item_entries] == [str(items[0].pk), str(items[1].pk)]
    assert item_entries[0].changes["picked_up_by"] == "Jan Kowalski"
    assert item_entries[0].changes["handover"] == handover.reference
    entry = AuditEntry.objects.get(action="handover.recorded", target_id=str(handover.pk))
    assert entry.target_id == str(handover.pk)
    assert entry.changes["items"] == [items[0].number, items[1].number]


def test_confirm_pickup_by_a_person_typed_by_hand(staff_a):
    items = waiting()
    handover = handover_record(
        actor=staff_a, item_ids=[items[0].pk], method="confirmed", person_name="  Anna   Nowak "
    )
    assert (handover.person_name, handover.contact_person) == ("Anna Nowak", None)
    assert _state(items) == [("picked_up", "confirmed", "Anna Nowak")]


def test_a_person_is_required_to_confirm_and_nothing_changes_without_one(staff_a):
    items = waiting()
    with pytest.raises(ApplicationError) as error:
        handover_record(actor=staff_a, item_ids=[items[0].pk], method="confirmed")
    assert error.value.message == "Who picks up the mail? Choose or type the person."
    assert _state(items) == [("to_pick_up", "", "")]
    assert HandOver.objects.count() == 0


def test_a_contact_not_authorised_or_of_another_client_is_refused(staff_a):
    items = waiting()
    stranger = authorised(ClientFactory())
    with pytest.raises(ApplicationError) as error:
        handover_record(
            actor=staff_a, item_ids=[items[0].pk], method="confirmed", contact_person_id=stranger.pk
        )
    assert error.value.code == "person"
    assert _state(items) == [("to_pick_up", "", "")]


def test_pickup_time_in_the_future_is_refused(staff_a):
    items = waiting()
    with pytest.raises(ApplicationError) as error:
        handover_record(
            actor=staff_a,
            item_ids=[items[0].pk],
            method="confirmed",
            person_name="Anna Nowak",
            handed_over_at=timezone.now() + dt.timedelta(days=1),
        )
    assert error.value.message == "The pickup time cannot be in the future."
    assert HandOver.objects.count() == 0


def test_printed_confirmation_pdf_lists_items_person_and_signature_lines(staff_a):
    client = ClientFactory(name="Zielony Las sp. z o.o.", language="en")
    items = waiting(client, count=3)
    handover = handover_record(
        actor=staff_a, item_ids=[i.pk for i in items], method="printed", person_name="Anna Nowak"
    )
    assert _state(items) == [("picked_up", "printed", "Anna Nowak")] * 3
    reader = pdf_of(handover)
    text = pdf_text(reader)
    assert "Mail hand-over confirmation" in text
    assert handover.reference in text
    assert "Zielony Las sp. z o.o." in text
    assert "Anna Nowak" in text
    for item in items:
        assert item.number in text
    assert "Received by (signature)" in text
    assert "Handed over by (office)" in text
    assert "3 items (3 pieces in total)." in text
    assert pdf_images(reader) == []


def test_pdf_speaks_the_clients_language(staff_a):
    slovak = ClientFactory(language="sk")
    items = waiting(slovak)
    handover = handover_record(
        actor=staff_a, item_ids=[items[0].pk], method="printed", person_name="Ján Novák"
    )
    assert handover.language == "sk"
    text = pdf_text(pdf_of(handover))
    assert "Potvrdenie o prevzatí pošty" in text
    assert "Ján Novák" in text


def test_pdf_of_clients_with_different_languages_uses_the_office_language(staff_a, office_a):
    items = waiting(ClientFactory(language="sk")) + waiting(ClientFactory(language="en"))
    handover = handover_record(
        actor=staff_a, item_ids=[i.pk for i in items], method="printed", person_name="Ewa Lis"
    )
    assert handover.language == office_a.language == "pl"
    assert "Potwierdzenie odbioru poczty" in pdf_text(pdf_of(handover))


def test_digital_confirmation_embeds_the_signature_in_the_pdf(staff_a):
    client = ClientFactory(language="en")
    items = waiting(client, count=2)
    person = authorised(client, first_name="Marek", last_name="Zieliński")
    png = signature_check(signature_png())
    handover = handover_record(
        actor=staff_a,
        item_ids=[i.pk for i in items],
        method="digital",
        contact_person_id=person.pk,
        signature_png=png,
    )
    assert _state(items) == [("picked_up", "digital", "Marek Zieliński")] * 2
    assert handover.signature_path.endswith(".png")
    reader = pdf_of(handover)
    text = pdf_text(reader)
    assert "Marek Zieliński" in text
    assert all(i.number in text for i in items)
    assert "Signed electronically" in text
    images = pdf_images(reader)
    assert len(images) == 1
    assert images[0].image.size == (600, 200)


def test_digital_confirmation_without_a_signature_is_refused(staff_a):
    items = waiting()
    with pytest.raises(ApplicationError):
        handover_record(
            actor=staff_a, item_ids=[items[0].pk], method="digital", person_name="Anna Nowak"
        )
    assert _state(items) == [("to_pick_up", "", "")]


def test_forwarding_records_address_carrier_tracking_and_status(staff_a):
    items = waiting(count=2)
    handover = handover_record(
        actor=staff_a,
        item_ids=[i.pk for i in items],
        method="forwarded",
        forwarding=Forwarding(
            address="Jan Kowalski\nul. Długa 5\n00-001 Warszawa",
            carrier="InPost",
            tracking_number="6209 1234 5678",
            tracking_url="https://inpost.pl/sledzenie-przesylek?number=620912345678",
        ),
    )
    handover.refresh_from_db()
    assert (handover.carrier, handover.tracking_number) == ("InPost", "6209 1234 5678")
    assert handover.forward_address == "Jan Kowalski\nul. Długa 5\n00-001 Warszawa"
    assert handover.tracking_url.startswith("https://inpost.pl/")
    assert _state(items) == [("forwarded", "forwarded", "")] * 2


def test_forwarding_needs_an_address_and_a_web_tracking_link(staff_a):
    items = waiting()
    with pytest.raises(ApplicationError) as error:
        handover_record(
            actor=staff_a, item_ids=[items[0].pk], method="forwarded", forwarding=Forwarding("")
        )
    assert error.value.code == "address"
    with pytest.raises(ApplicationError) as error:
        handover_record(
            actor=staff_a,
            item_ids=[items[0].pk],
            method="forwarded",
            forwarding=Forwarding("ul. Długa 5", tracking_url="javascript:alert(1)"),
        )
    assert error.value.code == "tracking_url"
    assert _state(items) == [("to_pick_up", "", "")]


def test_po_box_pickup_needs_the_typed_time_and_records_it(staff_a):
    items = waiting(code="po_box")
    with pytest.raises(ApplicationError) as error:
        handover_record(actor=staff_a, item_ids=[items[0].pk], method="po_box")
    assert error.value.code == "when"
    when = timezone.make_aware(dt.datetime(2026, 1, 10, 21, 15))
    handover = handover_record(
        actor=staff_a, item_ids=[items[0].pk], method="po_box", handed_over_at=when
    )
    item = MailItem.objects.get(pk=items[0].pk)
    assert (item.status.code, item.pickup_method, item.picked_up_at) == (
        "picked_up",
        "po_box",
        when,
    )
    assert handover.person_name == ""


def test_all_or_nothing_when_one_item_is_no_longer_waiting(staff_a):
    client = ClientFactory()
    first, second = waiting(client, count=2)
    handover_record(actor=staff_a, item_ids=[second.pk], method="confirmed", person_name="A B")
    with pytest.raises(ApplicationError) as error:
        handover_record(
            actor=staff_a, item_ids=[first.pk, second.pk], method="confirmed", person_name="C D"
        )
    assert error.value.code == "taken"
    assert error.value.extra["numbers"] == [second.number]
    assert second.number in error.value.message
    assert _state([first]) == [("to_pick_up", "", "")]
    assert HandOver.objects.count() == 1
    assert HandOverItem.objects.filter(item=first).count() == 0


def test_items_of_a_client_not_opened_are_refused(staff_a):
    mine, other = waiting()[0], waiting()[0]
    with pytest.raises(ApplicationError):
        handover_record(
            actor=staff_a,
            item_ids=[mine.pk, other.pk],
            client_ids=[mine.client_id],
            method="confirmed",
            person_name="A B",
        )
    assert _state([mine, other]) == [("to_pick_up", "", "")] * 2


def test_items_in_other_routed_statuses_are_handed_over_too(staff_a):
    client = ClientFactory()
    items = waiting(client) + waiting(client, code="po_box")
    handover_record(
        actor=staff_a, item_ids=[i.pk for i in items], method="confirmed", person_name="A B"
    )
    assert _state(items) == [("picked_up", "confirmed", "A B")] * 2


def test_reprint_makes_the_pdf_once_for_a_handover_recorded_without_one(staff_a):
    items = waiting()
    handover = handover_record(
        actor=staff_a, item_ids=[items[0].pk], method="confirmed", person_name="Anna Nowak"
    )
    first = handover_pdf_ensure(handover=handover).pdf_path
    assert first and "Anna Nowak" in pdf_text(pdf_of(HandOver.objects.get(pk=handover.pk)))
    assert handover_pdf_ensure(handover=handover).pdf_path == first
