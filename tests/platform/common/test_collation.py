import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common import collation
from common.collation import collation_key, icu_collation, sorted_by_language
from tests.helpers.offices import in_office
from tests.modules.clients.factories import ClientFactory

NAMES = ["Zeman", "Šimko", "Adam", "Sova", "Chudý", "Hudák", "Čierny", "Cyril"]


def test_slovak_letters_sort_after_their_base_letter_without_icu():
    assert sorted(["Zeman", "Šimko", "Adam"], key=lambda n: collation_key(n, "sk")) == [
        "Adam",
        "Šimko",
        "Zeman",
    ]
    assert sorted(NAMES, key=lambda n: collation_key(n, "sk")) == [
        "Adam", "Cyril", "Čierny", "Hudák", "Chudý", "Sova", "Šimko", "Zeman",
    ]  # fmt: skip


def test_polish_letters_sort_after_their_base_letter_without_icu():
    names = ["Żak", "Zając", "Źrebiec", "Łukasz", "Lis", "Ćwik", "Cebula", "Śliwa", "Sowa"]
    assert sorted(names, key=lambda n: collation_key(n, "pl")) == [
        "Cebula", "Ćwik", "Lis", "Łukasz", "Sowa", "Śliwa", "Zając", "Źrebiec", "Żak",
    ]  # fmt: skip


def test_clients_sorted_in_the_offices_language_by_the_database_or_python(office_b):
    with in_office(office_b):
        for name in ("Zeman", "Šimko", "Adam"):
            ClientFactory(name=name)
        from modules.clients.models import Client

        rows = Client.objects.filter(name__in=["Zeman", "Šimko", "Adam"])
        # The embedded PostgreSQL sorts bytes: "Š" after "Z".
        assert [c.name for c in rows.order_by("name")] == ["Adam", "Zeman", "Šimko"]
        collation._collations_present.cache_clear()
        try:
            assert icu_collation("sk") is None
            assert [c.name for c in sorted_by_language(rows, language="sk")] == [
                "Adam",
                "Šimko",
                "Zeman",
            ]
            # A PostgreSQL with ICU's Slovak sorts in the database. This build has no ICU,
            # so a stand-in of that name (C order, rolled back with the test) shows that the
            # rows are then read in the order the database gives under that collation.
            with connection.cursor() as cursor:
                cursor.execute('CREATE COLLATION "sk-x-icu" FROM "C"')
            collation._collations_present.cache_clear()
            assert icu_collation("sk") == "sk-x-icu"
            with CaptureQueriesContext(connection) as queries:
                names = [c.name for c in sorted_by_language(rows, language="sk")]
            assert 'COLLATE "sk-x-icu"' in queries[-1]["sql"]
            assert names == ["Adam", "Zeman", "Šimko"]  # the stand-in's C order
        finally:
            collation._collations_present.cache_clear()


@pytest.mark.parametrize("language", ["en", "", "de"])
def test_languages_without_a_tailoring_sort_by_base_letters(language):
    assert sorted(["b", "á", "a"], key=lambda n: collation_key(n, language)) == ["a", "á", "b"]


MIXED = [
    "Zeman", "šimko", "Adam", "adam", "Ábel", "Sova", "Chudý", "CHEMIKA s.r.o.", "Hudák",
    "Čierny", "Cyril", "Ďurica", "Dunaj", "Dębowy", "Óbuda", "Ostry", "Ôsmy", "Ölberg",
    "Łukasz", "Lis", "Żak", "Zając", "Źrebiec", "Ćwik", "Cebula", "Śliwa", "Ąkowo", "Ańcia",
    "Ex Libris", "1. Fabryka", "Érsek", "Ľubica", "Lýdia", "Ťahan", "Tatra",
]  # fmt: skip


@pytest.mark.parametrize("language", ["sk", "pl", "en"])
def test_the_databases_sort_key_orders_as_collation_key(language, office_a):
    """The client list sorts in SQL (it pages 100,000 rows); its order is collation_key's."""
    with in_office(office_a):
        for name in MIXED:
            ClientFactory(name=name)
        from modules.clients.models import Client

        rows = Client.objects.filter(name__in=MIXED).order_by(
            *collation.name_ordering(language=language), "pk"
        )
        assert [c.name for c in rows] == sorted(MIXED, key=lambda n: collation_key(n, language))


def test_the_client_list_is_in_the_offices_alphabet_and_served_by_its_index(office_b):
    from accounts.models import Membership, Role
    from modules.clients.models import Client
    from modules.clients.selectors import client_list
    from tests.helpers.offices import OfficeClient, member

    with in_office(office_b):
        for name in NAMES:
            ClientFactory(name=name)
        staff = member(office_b, Role.STAFF)
        membership = Membership.objects.get(user=staff, office=office_b)
        assert [c.name for c in client_list(membership=membership)] == [
            "Adam", "Cyril", "Čierny", "Hudák", "Chudý", "Sova", "Šimko", "Zeman",
        ]  # fmt: skip
        # The page's query is the indexed expression (the planner picks the index once the
        # table is large; here sequential scans are ruled out to show that it can).
        query = client_list(membership=membership)[:50].query
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_bitmapscan = off")
            sql, params = query.sql_with_params()
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert "client_name_sort_sk_idx" in plan, plan
        assert Client.objects.count() == len(NAMES)
    page = OfficeClient(office_b, user=staff).get("/clients/").content.decode()
    assert [page.index(f">{name}<") for name in ("Hudák", "Chudý", "Sova", "Šimko")] == sorted(
        page.index(f">{name}<") for name in ("Hudák", "Chudý", "Sova", "Šimko")
    )
