"""H7: one person authorised for several companies collects their mail in one go."""

from modules.handover.models import HandOver, HandOverItem
from modules.mail.models import MailItem
from tests.helpers.offices import OfficeClient, in_office
from tests.modules.clients.factories import ClientFactory
from tests.modules.handover.factories import authorised, pdf_of, pdf_text, waiting


def _world(office):
    with in_office(office):
        green = ClientFactory(name="Zielony Las sp. z o.o.", language="en")
        smith = ClientFactory(name="Kowalski Consulting", language="en")
        other = ClientFactory(name="Trzecia Firma", language="en")
        items = waiting(green, count=2) + waiting(smith, count=1)
        waiting(other)
        # The same person is a contact of both companies (two contact rows, one name).
        marek_green = authorised(green, first_name="Marek", last_name="Zieliński")
        marek_smith = authorised(smith, first_name="Marek", last_name="Zielinski ".strip())
        ewa = authorised(green, first_name="Ewa", last_name="Zielińska")
        authorised(other, first_name="Marek", last_name="Zieliński")
    return green, smith, items, marek_green, marek_smith, ewa


def test_a_person_authorised_for_two_companies_appears_once_with_both(office_a, staff_a):
    green, smith, items, _marek_green, _marek_smith, _ewa = _world(office_a)
    client = OfficeClient(office_a, user=staff_a)
    panel = client.get(f"/mail/hand-over/panel/?clients={green.pk}&clients={smith.pk}")
    people = panel.context["people"]
    assert [(p.name, p.client_names) for p in people] == [
        ("Marek Zieliński", ["Kowalski Consulting", "Zielony Las sp. z o.o."]),
        ("Ewa Zielińska", ["Zielony Las sp. z o.o."]),
    ]
    assert [i.pk for i in panel.context["items"]] == [items[2].pk, items[0].pk, items[1].pk]
    html = panel.content.decode()
    assert html.count('data-person="Marek Zieliński"') == 1
    assert "Authorised for" in html


def test_items_of_both_companies_are_handed_over_in_one_handover(office_a, staff_a):
    green, smith, items, marek_green, _marek_smith, _ewa = _world(office_a)
    client = OfficeClient(office_a, user=staff_a)
    response = client.post(
        "/mail/hand-over/record/",
        {
            "clients": [green.pk, smith.pk],
            "items": [i.pk for i in items],
            "person": str(marek_green.pk),
            "way": "printed",
        },
    )
    assert response.status_code == 302
    with in_office(office_a):
        handover = HandOver.objects.get()
        assert sorted(c.name for c in handover.clients.all()) == [
            "Kowalski Consulting",
            "Zielony Las sp. z o.o.",
        ]
        assert handover.person_name == "Marek Zieliński"
        assert handover.item_count == 3
        assert sorted(HandOverItem.objects.values_list("client_id", flat=True)) == sorted(
            [green.pk, green.pk, smith.pk]
        )
        assert set(
            MailItem.objects.filter(pk__in=[i.pk for i in items]).values_list(
                "status__code", "picked_up_by"
            )
        ) == {("picked_up", "Marek Zieliński")}
        text = pdf_text(pdf_of(handover))
        assert "Zielony Las sp. z o.o." in text and "Kowalski Consulting" in text
        assert all(i.number in text for i in items)


def test_list_search_by_the_person_finds_every_company_they_collect_for(office_a, staff_a):
    _green, _smith, *_ = _world(office_a)
    rows = OfficeClient(office_a, user=staff_a).get("/mail/hand-over/?q=Marek Zielinski")
    names = [c.name for c in rows.context["rows"]]
    assert names == ["Kowalski Consulting", "Trzecia Firma", "Zielony Las sp. z o.o."]


def test_a_persons_phone_reads_as_everywhere_else(in_office_a):
    """The panel's line under a person: role, phone in the international format (stored as
    E.164) and e-mail, as the client card shows them."""
    from modules.handover.selectors import authorised_person_list

    green = ClientFactory(name="Zielony Las sp. z o.o.")
    authorised(
        green,
        first_name="Marek",
        last_name="Zieliński",
        role="Prezes",
        phones=["+48601234567"],
        emails=["marek@zielonylas.pl"],
    )
    [person] = authorised_person_list(clients=[green])
    assert person.details == "Prezes · +48 601 234 567 · marek@zielonylas.pl"


def test_a_person_authorised_for_one_company_cannot_take_the_others_mail(office_a, staff_a):
    """Audit (H7): the panel lists Ewa as authorised for Zielony Las only; ticking a
    Kowalski Consulting item too and choosing her recorded the hand-over of Kowalski's mail
    to her. Now refused, nothing recorded, and the panel says whose mail she may not take."""
    green, smith, items, _marek_green, _marek_smith, ewa = _world(office_a)
    client = OfficeClient(office_a, user=staff_a)
    response = client.post(
        "/mail/hand-over/record/",
        {
            "clients": [green.pk, smith.pk],
            "items": [i.pk for i in items],
            "person": str(ewa.pk),
            "way": "confirmed",
        },
    )
    assert response.status_code == 400
    assert response.context["error"] == (
        "Ewa Zielińska is not authorised to pick up mail for Kowalski Consulting. Untick "
        "those items, or choose another person."
    )
    with in_office(office_a):
        assert HandOver.objects.count() == 0
        assert set(
            MailItem.objects.filter(pk__in=[i.pk for i in items]).values_list(
                "status__code", "picked_up_by"
            )
        ) == {("to_pick_up", "")}
    # Her own company's items alone are handed over to her.
    response = client.post(
        "/mail/hand-over/record/",
        {
            "clients": [green.pk, smith.pk],
            "items": [items[0].pk, items[1].pk],
            "person": str(ewa.pk),
            "way": "confirmed",
        },
    )
    assert response.status_code == 302
    with in_office(office_a):
        handover = HandOver.objects.get()
        assert (handover.person_name, handover.contact_person_id) == ("Ewa Zielińska", ewa.pk)
        assert handover.item_count == 2


def test_the_print_tab_and_the_signing_page_refuse_that_person_before_anything(office_a, staff_a):
    """The same refusal before a paper is printed or the person signs."""
    green, smith, items, _marek_green, _marek_smith, ewa = _world(office_a)
    client = OfficeClient(office_a, user=staff_a)
    selection = {
        "clients": [green.pk, smith.pk],
        "items": [i.pk for i in items],
        "person": str(ewa.pk),
    }
    for url in ("/mail/hand-over/print/", "/mail/hand-over/sign/"):
        response = client.post(url, selection)
        assert response.status_code == 400, url
        assert (
            "is not authorised to pick up mail for Kowalski Consulting"
            in (response.context["error"])
        )
    with in_office(office_a):
        assert HandOver.objects.count() == 0


def test_a_person_of_both_companies_signs_for_the_items_of_the_other_one_only(office_a, staff_a):
    """The person's radio holds their contact row of the first company; with only the
    second company's items ticked the signing page opens (they are authorised there too),
    and the hand-over records their contact of that company."""
    green, smith, items, marek_green, marek_smith, _ewa = _world(office_a)
    client = OfficeClient(office_a, user=staff_a)
    selection = {
        "clients": [green.pk, smith.pk],
        "items": [items[2].pk],
        "person": str(marek_green.pk),
    }
    assert client.post("/mail/hand-over/sign/", selection).status_code == 200
    assert client.post("/mail/hand-over/print/", selection).status_code == 200
    response = client.post("/mail/hand-over/record/", {**selection, "way": "confirmed"})
    assert response.status_code == 302
    with in_office(office_a):
        assert HandOver.objects.get().contact_person_id == marek_smith.pk


def test_a_typed_name_may_collect_for_any_opened_company(office_a, staff_a):
    """H5 stays: "Someone else" typed by hand is the receptionist's decision."""
    green, smith, items, *_ = _world(office_a)
    response = OfficeClient(office_a, user=staff_a).post(
        "/mail/hand-over/record/",
        {
            "clients": [green.pk, smith.pk],
            "items": [i.pk for i in items],
            "person": "other",
            "person_name": "Jan Kurier",
            "way": "confirmed",
        },
    )
    assert response.status_code == 302
    with in_office(office_a):
        assert HandOver.objects.get().person_name == "Jan Kurier"
