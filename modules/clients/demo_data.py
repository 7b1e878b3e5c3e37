"""Realistic Polish and Slovak client companies, for the demo office and the benchmarks.

Deterministic (seeded), with valid tax and registry numbers.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator

from modules.clients.models import Client, ClientAddress, ContactPerson
from modules.clients.services.clients import contact_recipients
from modules.notifications.services import recipient_add_many

PL_FIRST = [
    "Anna",
    "Piotr",
    "Katarzyna",
    "Tomasz",
    "Agnieszka",
    "Paweł",
    "Małgorzata",
    "Michał",
    "Joanna",
    "Krzysztof",
    "Ewa",
    "Łukasz",
    "Magdalena",
    "Grzegorz",
    "Zofia",
    "Wojciech",
    "Barbara",
    "Jakub",
    "Dorota",
    "Mateusz",
    "Aleksandra",
    "Marcin",
    "Beata",
    "Rafał",
]
PL_LAST = [
    "Nowak",
    "Kowalski",
    "Wiśniewski",
    "Wójcik",
    "Kowalczyk",
    "Kamiński",
    "Lewandowski",
    "Zieliński",
    "Szymański",
    "Woźniak",
    "Dąbrowski",
    "Kozłowski",
    "Jankowski",
    "Mazur",
    "Kwiatkowski",
    "Krawczyk",
    "Piotrowski",
    "Grabowski",
    "Nowakowski",
    "Pawłowski",
    "Michalski",
    "Król",
    "Wieczorek",
    "Jabłoński",
    "Wróbel",
    "Majewski",
    "Olszewski",
    "Stępień",
    "Jaworski",
    "Malinowski",
    "Górski",
    "Rutkowski",
    "Sikora",
    "Baran",
]
PL_STEMS = [
    "Zielony",
    "Bursztyn",
    "Wisła",
    "Tatra",
    "Orzeł",
    "Sokół",
    "Jantar",
    "Mazowsze",
    "Pomorze",
    "Kraków",
    "Bałtyk",
    "Słoneczny",
    "Dębowy",
    "Lipowy",
    "Srebrny",
    "Złoty",
    "Nowa Era",
    "Perła",
    "Kasztan",
    "Żuraw",
    "Wrzos",
    "Modrzew",
    "Jodła",
    "Łabędź",
]
PL_TRADES = [
    "Consulting",
    "Logistyka",
    "Budownictwo",
    "Software",
    "Marketing",
    "Finanse",
    "Design",
    "Transport",
    "Medical",
    "Nieruchomości",
    "Doradztwo",
    "Handel",
    "Media",
    "Energia",
    "Catering",
    "Tłumaczenia",
    "Serwis",
    "Technologie",
    "Inwestycje",
]
PL_FORMS = ["sp. z o.o.", "sp. z o.o.", "sp. z o.o.", "S.A.", "sp.j.", "sp.k.", ""]
PL_STREETS = [
    "Marszałkowska",
    "Puławska",
    "Mickiewicza",
    "Słowackiego",
    "Kościuszki",
    "Długa",
    "Piłsudskiego",
    "Grunwaldzka",
    "Świętokrzyska",
    "Żelazna",
    "Kwiatowa",
    "Leśna",
    "Ogrodowa",
    "Polna",
    "Szkolna",
    "Łąkowa",
    "Źródlana",
    "Wrocławska",
]
PL_CITIES = [
    ("00-001", "Warszawa"),
    ("30-001", "Kraków"),
    ("50-001", "Wrocław"),
    ("80-001", "Gdańsk"),
    ("60-001", "Poznań"),
    ("90-001", "Łódź"),
    ("40-001", "Katowice"),
    ("20-001", "Lublin"),
    ("15-001", "Białystok"),
    ("70-001", "Szczecin"),
    ("35-001", "Rzeszów"),
    ("10-001", "Olsztyn"),
]
PL_ROLES = [
    "Prezes zarządu",
    "Członek zarządu",
    "Księgowa",
    "Asystentka",
    "Dyrektor finansowy",
    "Właściciel",
    "Office manager",
    "Pełnomocnik",
]

SK_FIRST = [
    "Ján",
    "Peter",
    "Mária",
    "Zuzana",
    "Martin",
    "Lucia",
    "Tomáš",
    "Katarína",
    "Michal",
    "Jana",
    "Marek",
    "Eva",
    "Juraj",
    "Ľubica",
    "Róbert",
    "Monika",
    "Ľudovít",
    "Veronika",
]
SK_LAST = [
    "Horváth",
    "Kováč",
    "Varga",
    "Tóth",
    "Nagy",
    "Baláž",
    "Szabó",
    "Molnár",
    "Lukáč",
    "Novák",
    "Kollár",
    "Ďurica",
    "Šimko",
    "Polák",
    "Hudák",
    "Oravec",
    "Čierny",
    "Bartoš",
]
SK_STEMS = [
    "Tatry",
    "Dunaj",
    "Javor",
    "Sokol",
    "Hron",
    "Váh",
    "Orava",
    "Pieniny",
    "Devín",
    "Kriváň",
    "Poľana",
    "Zlatý klas",
    "Lipa",
    "Šíravá",
    "Biely orol",
    "Malá Fatra",
]
SK_TRADES = [
    "Consulting",
    "Stavby",
    "Logistika",
    "Software",
    "Reality",
    "Obchod",
    "Účtovníctvo",
    "Doprava",
    "Média",
    "Služby",
    "Energie",
    "Preklady",
]
SK_FORMS = ["s.r.o.", "s.r.o.", "s.r.o.", "a.s.", "k.s.", ""]
SK_STREETS = [
    "Obchodná",
    "Štúrova",
    "Hlavná",
    "Mlynská",
    "Záhradnícka",
    "Špitálska",
    "Námestie SNP",
    "Račianska",
    "Košická",
    "Šancová",
    "Dlhá",
    "Ružová",
]
SK_CITIES = [
    ("811 01", "Bratislava"),
    ("040 01", "Košice"),
    ("010 01", "Žilina"),
    ("080 01", "Prešov"),
    ("974 01", "Banská Bystrica"),
    ("949 01", "Nitra"),
    ("917 01", "Trnava"),
    ("911 01", "Trenčín"),
    ("031 01", "Liptovský Mikuláš"),
]
SK_ROLES = ["Konateľ", "Riaditeľ", "Účtovníčka", "Asistentka", "Prokurista", "Majiteľ"]


def nip(rng: random.Random) -> str:
    while True:
        digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(8)]
        check = sum(w * d for w, d in zip((6, 5, 7, 2, 3, 4, 5, 6, 7), digits, strict=True)) % 11
        if check != 10:
            return "".join(map(str, digits)) + str(check)


def regon(rng: random.Random) -> str:
    digits = [rng.randint(0, 9) for _ in range(8)]
    check = sum(w * d for w, d in zip((8, 9, 2, 3, 4, 5, 6, 7), digits, strict=True)) % 11 % 10
    return "".join(map(str, digits)) + str(check)


def ico(rng: random.Random) -> str:
    digits = [rng.randint(0, 9) for _ in range(7)]
    check = (11 - sum(w * d for w, d in zip(range(8, 1, -1), digits, strict=True)) % 11) % 10
    return "".join(map(str, digits)) + str(check)


# The third digit of a Slovak DIČ / IČ DPH (python-stdnum's sk.dph): one of these.
_DIC_THIRD = "2223478999"  # the digit drawn -> an allowed one (index = the digit drawn)


def dic(rng: random.Random) -> str:
    """A DIČ whose IČ DPH ("SK" + it) python-stdnum accepts, as the invoices check it: a
    multiple of 11 whose third digit is 2, 3, 4, 7, 8 or 9 (the demo's "SK2059755929" was
    refused at issue). One draw, as before, so the other generated values do not move."""
    base = rng.randint(2020000000, 2129999999)
    text = str(base)
    base = int(text[:2] + _DIC_THIRD[int(text[2])] + text[3:])
    number = base - base % 11 + 11 if base % 11 else base
    while str(number)[2] not in "234789":  # a carry into the third digit: step back
        number -= 11
    return str(number)


# Mobile prefixes (as libphonenumber, which the contact form uses, reads them): a contact's
# number is one an SMS can reach. Slovak 913, 920-939, 941, 942 and 946 are not in use (the
# form refused them); the other Polish prefixes from 500 to 899 are landlines or not in use.
PL_MOBILE = (50, 51, 53, 57, 60, 66, 69, 72, 73, 78, 79, 88)
SK_MOBILE = (10, 11, 12, 14, 15, 16, 17, 18, 19, 40, 43, 44, 45, 47, 48, 49)


# Roles said of a woman and of a man: a role is drawn from one list, then written for the
# person ("Peter Szabó · Účtovník", "Ewa Nowak · Księgowa"; the demo had "Peter Szabó ·
# Účtovníčka").
ROLE_FORMS = [
    ("Księgowy", "Księgowa"),
    ("Asystent", "Asystentka"),
    ("Właściciel", "Właścicielka"),
    ("Dyrektor finansowy", "Dyrektorka finansowa"),
    ("Konateľ", "Konateľka"),
    ("Riaditeľ", "Riaditeľka"),
    ("Účtovník", "Účtovníčka"),
    ("Asistent", "Asistentka"),
    ("Prokurista", "Prokuristka"),
    ("Majiteľ", "Majiteľka"),
]
_MASCULINE = {feminine: masculine for masculine, feminine in ROLE_FORMS}
_FEMININE = dict(ROLE_FORMS)
# Polish and Slovak women's first names end in -a; these men's names do too.
_MEN_IN_A = {"Kuba", "Barnaba", "Bonawentura", "Jarema"}


def role_for(role: str, first_name: str) -> str:
    """`role` as said of the person named `first_name` (feminine for a woman's name)."""
    woman = first_name.endswith("a") and first_name not in _MEN_IN_A
    return _FEMININE.get(role, role) if woman else _MASCULINE.get(role, role)


def _person(rng, first, last, domain):
    f, surname = rng.choice(first), rng.choice(last)
    feminine_pl = f.endswith("a") and surname.endswith("ski")
    if feminine_pl:
        surname = surname[:-1] + "a"
    local = f"{f}.{surname}".lower()
    for a, b in zip("ąćęłńóśźżáäčďéíĺľňôŕšťúýž", "acelnoszzaacdeillnorstuyz", strict=True):
        local = local.replace(a, b)
    return ContactPerson(
        first_name=f,
        last_name=surname,
        emails=[f"{local}@{domain}"],
        phones=[
            f"+48 {rng.choice(PL_MOBILE)}{rng.randint(0, 9)} {rng.randint(100, 999)} "
            f"{rng.randint(100, 999)}"
            if domain.endswith(".pl")
            else f"+421 9{rng.choice(SK_MOBILE)} {rng.randint(100, 999)} {rng.randint(100, 999)}"
        ],
    )


def client_build(
    rng: random.Random, number: int, *, slovak: bool
) -> tuple[Client, list[ClientAddress], list[ContactPerson]]:
    """One company with 2 addresses and 2 contact persons (unsaved)."""
    stems, trades, forms = (
        (SK_STEMS, SK_TRADES, SK_FORMS) if slovak else (PL_STEMS, PL_TRADES, PL_FORMS)
    )
    form = rng.choice(forms)
    name = f"{rng.choice(stems)} {rng.choice(trades)}" + (f" {form}" if form else "")
    tld = "sk" if slovak else "pl"
    domain = "".join(ch for ch in name.split()[0].lower() if ch.isalpha())
    for a, b in zip("ąćęłńóśźżáäčďéíĺľňôŕšťúýž", "acelnoszzaacdeillnorstuyz", strict=True):
        domain = domain.replace(a, b)
    domain = f"{domain}{number}.{tld}"
    start = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randint(0, 2200))
    status = rng.choices(["active", "suspended", "ended"], weights=[85, 5, 10])[0]
    client = Client(
        name=name,
        legal_form=form,
        code=f"{'SK' if slovak else 'PL'}-{number:05d}",
        country="SK" if slovak else "PL",
        language="sk" if slovak else "pl",
        email=f"biuro@{domain}" if not slovak else f"kancelaria@{domain}",
        phone=f"+48 22 {rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
        if not slovak
        else f"+421 2 {rng.randint(2000, 9999)} {rng.randint(1000, 9999)}",
        status=status,
        contract_start=start,
        contract_end=start + dt.timedelta(days=365 * rng.randint(1, 3))
        if status == "ended"
        else None,
    )
    if slovak:
        client.ico, client.dic = ico(rng), dic(rng)
        client.ic_dph = f"SK{client.dic}" if rng.random() < 0.7 else ""
    else:
        client.nip, client.regon = nip(rng), regon(rng)
        client.krs = f"{rng.randint(1, 999999):010d}" if "sp." in form or "S.A." in form else ""
    streets, cities = (SK_STREETS, SK_CITIES) if slovak else (PL_STREETS, PL_CITIES)
    addresses = []
    for kind in (ClientAddress.Kind.REGISTERED, ClientAddress.Kind.CORRESPONDENCE):
        postal, city = rng.choice(cities)
        flat = f"/{rng.randint(1, 40)}" if rng.random() < 0.4 else ""
        addresses.append(
            ClientAddress(
                kind=kind,
                street=f"{'ul. ' if not slovak else ''}{rng.choice(streets)} "
                f"{rng.randint(1, 150)}{flat}",
                postal_code=postal,
                city=city,
                country="SK" if slovak else "PL",
            )
        )
    first, last, roles = (SK_FIRST, SK_LAST, SK_ROLES) if slovak else (PL_FIRST, PL_LAST, PL_ROLES)
    contacts = []
    for i in range(2):
        person = _person(rng, first, last, domain)
        person.role = role_for(rng.choice(roles), person.first_name)
        person.authorised_to_pick_up_mail = i == 0 or rng.random() < 0.3
        person.receives_notifications = i == 0
        contacts.append(person)
    return client, addresses, contacts


def clients_generate(
    count: int, *, seed: int = 4, slovak_share: float = 0.3, start: int = 1
) -> Iterator[tuple[Client, list, list]]:
    rng = random.Random(seed)
    for number in range(start, start + count):
        yield client_build(rng, number, slovak=rng.random() < slovak_share)


def clients_bulk_save(rows) -> None:
    """Insert generated companies with their addresses and contacts (demo and benchmarks
    only: no audit entries; the caller refreshes the search documents). A contact ticked
    "receives notifications" becomes a recipient with the default events, as a contact
    saved on the card or imported does (C4): the card's list, its form and the sending
    all read those rows."""
    Client.objects.bulk_create([c for c, _a, _p in rows], batch_size=2000)
    addresses, contacts = [], []
    for client, client_addresses, client_contacts in rows:
        for a in client_addresses:
            a.client_id = client.pk
            addresses.append(a)
        for p in client_contacts:
            p.client_id = client.pk
            contacts.append(p)
    ClientAddress.objects.bulk_create(addresses, batch_size=5000)
    ContactPerson.objects.bulk_create(contacts, batch_size=5000)
    recipient_add_many(
        contacts=[
            {**row, "client_id": client.pk, "client_label": client.name}
            for client, _a, client_contacts in rows
            for row in contact_recipients(client, client_contacts)
        ]
    )
