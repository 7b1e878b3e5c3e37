import pytest

from accounts.models import Membership, Role
from modules.clients.models import Client, CustomField, CustomFieldValue
from modules.clients.selectors import client_list, client_search
from modules.clients.services.search import client_search_refresh
from tests.helpers.offices import OfficeClient, member
from tests.modules.clients.factories import (
    AddressFactory,
    ClientFactory,
    ContactFactory,
    refresh,
)


@pytest.fixture
def staff_membership(office_a, in_office_a):
    return Membership.objects.get(user=member(office_a, Role.STAFF), office=office_a)


@pytest.fixture
def card_file(in_office_a):
    """Three companies, the first with everything filled in."""
    zielony = ClientFactory(
        name="Zielony Łąka sp. z o.o.",
        code="ZL-001",
        nip="5260250274",
        regon="012345675",
        notes="Odbiór poczty w czwartki",
        ico="",
        email="biuro@zielonylaka.pl",
    )
    AddressFactory(client=zielony, street="ul. Świętokrzyska 12", city="Łódź", postal_code="90-001")
    ContactFactory(
        client=zielony,
        first_name="Małgorzata",
        last_name="Wiśniewska",
        emails=["m.wisniewska@zielonylaka.pl"],
        phones=["+48 601 234 567"],
    )
    field = CustomField.objects.create(name="Skrytka")
    CustomFieldValue.objects.create(client=zielony, field=field, value="Skrytka pocztowa 17B")
    tatry = ClientFactory(
        name="Tatry Stavby s.r.o.", code="SK-002", country="SK", ico="35757442", nip=""
    )
    AddressFactory(client=tatry, street="Štúrova 5", city="Žilina", postal_code="010 01")
    ContactFactory(client=tatry, first_name="Ľubica", last_name="Ďuricová")
    other = ClientFactory(name="Bursztyn Logistyka S.A.", code="BL-003")
    AddressFactory(client=other, street="ul. Długa 1", city="Gdańsk")
    client_search_refresh(client_ids=[zielony.pk, tatry.pk, other.pk])
    return {"zielony": zielony, "tatry": tatry, "other": other}


def _ids(membership, query, **kwargs):
    return [hit.id for hit in client_search(membership=membership, query=query, **kwargs)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Zielony", "zielony"),  # company name
        ("łąka", "zielony"),
        ("Świętokrzyska 12", "zielony"),  # address
        ("90-001", "zielony"),  # postal code
        ("Wiśniewska", "zielony"),  # contact person
        ("m.wisniewska@zielonylaka.pl", "zielony"),  # contact e-mail
        ("601 234 567", "zielony"),  # contact phone, as typed
        ("601234567", "zielony"),  # and as digits
        ("526-025-02-74", "zielony"),  # NIP with dashes
        ("012345675", "zielony"),  # REGON
        ("zl-001", "zielony"),  # client code
        ("czwartki", "zielony"),  # notes
        ("17B", "zielony"),  # custom field value
        ("35757442", "tatry"),  # IČO
        ("Štúrova", "tatry"),
    ],
)
def test_search_finds_by_each_field_kind(staff_membership, card_file, query, expected):
    assert _ids(staff_membership, query) == [card_file[expected].pk]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("zielony laka", "zielony"),
        ("swietokrzyska", "zielony"),
        ("lodz", "zielony"),
        ("wisniewska", "zielony"),
        ("sturova", "tatry"),
        ("zilina", "tatry"),
        ("lubica duricova", "tatry"),
        ("gdansk", "other"),
    ],
)
def test_search_ignores_missing_diacritics(staff_membership, card_file, query, expected):
    assert _ids(staff_membership, query) == [card_file[expected].pk]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Zielny", "zielony"),
        ("Wisniewka", "zielony"),
        ("Bursztym", "other"),
        ("Duricova Zilna", "tatry"),
        ("Logistkya", "other"),
    ],
)
def test_search_tolerates_a_typo(staff_membership, card_file, query, expected):
    hits = client_search(membership=staff_membership, query=query)
    assert [h.id for h in hits][:1] == [card_file[expected].pk]
    assert hits[0].fuzzy is True


def test_search_short_words_match_word_prefixes(staff_membership, card_file):
    assert _ids(staff_membership, "Ta St") == [card_file["tatry"].pk]


def test_search_ranks_name_prefix_first(staff_membership, card_file, in_office_a):
    later = ClientFactory(name="Agencja Zielony Punkt", code="AZ-004")
    assert _ids(staff_membership, "zielony") == [card_file["zielony"].pk, later.pk]


def test_search_filters_by_status(staff_membership, card_file):
    Client.objects.filter(pk=card_file["other"].pk).update(status=Client.Status.ENDED)
    assert _ids(staff_membership, "Bursztyn", status="active") == []
    assert _ids(staff_membership, "Bursztyn", status="ended") == [card_file["other"].pk]


def test_search_treats_like_wildcards_and_quotes_as_text(staff_membership, card_file):
    assert _ids(staff_membership, "100%") == []
    assert _ids(staff_membership, "a_b") == []
    hits = client_search(membership=staff_membership, query="O'Brien\\")
    assert all(hit.fuzzy for hit in hits)


def test_search_follows_changes_made_through_services(staff_membership, card_file, staff_a):
    from modules.clients.services.clients import client_update, contact_person_save

    client_update(client=card_file["other"], actor=staff_a, data={"name": "Jantar Trade"})
    contact_person_save(
        client=card_file["other"],
        actor=staff_a,
        data={"last_name": "Przybyszewski", "emails": "p@jantar.pl"},
    )
    assert _ids(staff_membership, "jantar trade") == [card_file["other"].pk]
    assert _ids(staff_membership, "przybyszewski") == [card_file["other"].pk]
    assert _ids(staff_membership, "bursztyn") == []


def test_client_user_search_sees_only_own_company(office_a, card_file):
    membership = Membership.objects.get(
        user=member(office_a, Role.CLIENT, client_id=card_file["zielony"].pk), office=office_a
    )
    assert _ids(membership, "Zielony") == [card_file["zielony"].pk]
    assert _ids(membership, "Wisniewska") == [card_file["zielony"].pk]
    assert _ids(membership, "Tatry") == []  # another company of the office
    assert _ids(membership, "Bursztym") == []  # not even through the typo pass
    assert _ids(membership, "ul") == [card_file["zielony"].pk]  # both have "ul."


def test_search_endpoint_renders_hits_while_typing(
    office_a, staff_a, card_file, django_assert_max_num_queries
):
    web = OfficeClient(office_a, user=staff_a)
    with django_assert_max_num_queries(13):
        response = web.get("/clients/search/", {"q": "wisniewska"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response.templates[0].name == "clients/partials/search_results.html"
    assert response.content.count(b'data-testid="search-hit"') == 1
    assert "Zielony Łąka sp. z o.o." in response.content.decode()
    assert f'href="/clients/{card_file["zielony"].pk}/"' in response.content.decode()


def test_search_joins_a_short_word_to_its_neighbour(staff_membership, card_file, in_office_a):
    AddressFactory(client=card_file["other"], street="ul. Świętokrzyska 1", city="Gdańsk")
    client_search_refresh(client_ids=[card_file["other"].pk])
    assert _ids(staff_membership, "swietokrzyska 12") == [card_file["zielony"].pk]
    assert sorted(_ids(staff_membership, "swietokrzyska 1")) == sorted(
        [card_file["zielony"].pk, card_file["other"].pk]
    )
    assert _ids(staff_membership, "M Wiśniewska") == [card_file["zielony"].pk]


@pytest.fixture
def two_kowalskis(in_office_a):
    """Two companies with a Kowalski; streets Długa 5, 15 and 50 (typed with two spaces)."""
    jan = ClientFactory(name="Alfa Serwis", code="AS-001", legal_form="")
    ContactFactory(client=jan, first_name="Jan", last_name="Kowalski")
    AddressFactory(client=jan, street="ul. Długa 5", city="Kraków", postal_code="30-001")
    piotr = ClientFactory(name="Beta Handel", code="BH-002", legal_form="")
    ContactFactory(client=piotr, first_name="Piotr", last_name="Kowalski")
    AddressFactory(client=piotr, street="ul. Długa 15", city="Kraków", postal_code="30-001")
    fifty = ClientFactory(name="Gamma Trans", code="GT-003", legal_form="")
    AddressFactory(client=fifty, street="ul. Długa  50/2", city="Kraków", postal_code="30-001")
    refresh(jan, piotr, fifty)
    return {"jan": jan.pk, "piotr": piotr.pk, "fifty": fifty.pk}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Kowalski J", ["jan"]),  # a short word after a long one
        ("kowalski jan", ["jan"]),
        ("J Kowalski", ["jan"]),
        ("Jan K", ["jan"]),
        ("Kowalski P", ["piotr"]),
        ("Kowalski", ["jan", "piotr"]),
        ("Kowalski Q", []),  # every word narrows, even one letter
        ("Kowalski Piotr Jan", []),
        ("ul Dluga 5", ["jan", "fifty"]),  # "ul. Długa 5" and "ul. Długa 50/2", not 15
        ("ul. Długa 15", ["piotr"]),
        ("Długa 50/2", ["fifty"]),
        ("dluga 5 krakow", ["jan", "fifty"]),
        ("Kraków Długa 1", ["piotr"]),
        ("Alfa 5", ["jan"]),  # no "Alfa 5" on the card: each word on its own
        ("Dl 5", ["jan", "fifty"]),  # short words only: each begins a word (not "15")
    ],
)
def test_search_every_word_begins_a_word(staff_membership, two_kowalskis, query, expected):
    assert sorted(_ids(staff_membership, query)) == sorted(two_kowalskis[k] for k in expected)


def test_search_finds_fragments_inside_words(staff_membership, two_kowalskis):
    assert sorted(_ids(staff_membership, "owalsk")) == sorted(
        [two_kowalskis["jan"], two_kowalskis["piotr"]]
    )
    assert _ids(staff_membership, "lfa serw") == [two_kowalskis["jan"]]


def test_search_completes_letters_inside_e_mail_domains(staff_membership, in_office_a):
    """A word of letters is completed through the lexicon of runs of letters: "srebrny"
    also begins the "srebrny1" of biuro@srebrny1.pl."""
    company = ClientFactory(name="Omega", code="OM-001", email="biuro@srebrny1.pl")
    ClientFactory(name="Srebrny Las", code="SL-002")
    refresh(company)
    assert sorted(_ids(staff_membership, "srebrny")) == sorted(
        Client.objects.filter(code__in=["OM-001", "SL-002"]).values_list("pk", flat=True)
    )


def test_search_and_list_show_each_person_the_same_clients(office_a, card_file):
    Client.objects.filter(pk=card_file["other"].pk).update(status=Client.Status.ENDED)
    for client in card_file.values():
        ClientFactory(name=f"Wspólny {client.code}")  # another client for every one
    # A word every card shows (a client user's query matches only what they are shown).
    Client.objects.update(legal_form="wspólny")
    client_search_refresh(client_ids=list(Client.objects.values_list("pk", flat=True)))
    people = [
        Membership.objects.get(user=member(office_a, role, **extra), office=office_a)
        for role, extra in [
            (Role.STAFF, {}),
            (Role.CLIENT, {"client_id": card_file["zielony"].pk}),
            (Role.CLIENT, {"client_id": card_file["other"].pk}),
        ]
    ]
    for membership in [*people, None]:
        for status in ("", "active", "ended"):
            listed = set(
                client_list(membership=membership, status=status).values_list("pk", flat=True)
            )
            found = set(_ids(membership, "wspolny", status=status, limit=100))
            assert found == listed, (membership, status)
    assert len(set(client_list(membership=people[0]).values_list("pk", flat=True))) == 6
    assert _ids(people[2], "wspolny", status="ended") == [card_file["other"].pk]
    assert _ids(people[2], "wspolny", status="active") == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [("Świętokrzyska", "zielony"), ("SK-002", "tatry"), ("35757442", "tatry")],
)
def test_the_top_bars_search_lands_on_the_list_filtered(
    office_a, staff_a, card_file, query, expected
):
    """The top bar's box (layouts/app.html) sends ?q= to the list: the same hits as typing in
    the list's own box, the box filled, not the whole card file."""
    web = OfficeClient(office_a, user=staff_a)
    html = web.get("/clients/", {"q": query}).content.decode()
    typed = web.get("/clients/search/", {"q": query}, HTTP_HX_REQUEST="true").content.decode()
    assert html.count('data-testid="search-hit"') == 1
    assert typed.count('data-testid="search-hit"') == 1
    assert f'href="/clients/{card_file[expected].pk}/"' in html
    assert "Bursztyn Logistyka" not in html  # not the whole list
    assert 'data-testid="client-rows"' not in html
    assert f'name="q" value="{query}"' in html
    # Nothing typed: the list as before.
    assert 'data-testid="client-rows"' in web.get("/clients/", {"q": " "}).content.decode()


def test_the_live_results_keep_the_lists_number_column(office_a, staff_a, card_file):
    """The list shows the office's number (NIP in Poland): the results while typing show it
    too, the city beside it, rather than swapping one for the other."""
    web = OfficeClient(office_a, user=staff_a)
    html = web.get("/clients/search/", {"q": "zielony"}, HTTP_HX_REQUEST="true").content.decode()
    head = html.split("<thead>")[1].split("</thead>")[0]
    assert [h.split("<")[0] for h in head.split("<th>")[1:]] == [
        "Kod",
        "Nazwa firmy",
        "NIP",
        "Miejscowość",
        "Status",
    ]
    assert '<td data-label="NIP">5260250274</td>' in html
    assert '<td data-label="Miejscowość">Łódź</td>' in html
