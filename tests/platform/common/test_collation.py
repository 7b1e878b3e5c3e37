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
