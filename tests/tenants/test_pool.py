import threading

import pytest
from django.db import connection, transaction
from django.test import Client
from django_tenants.utils import schema_exists

from common.exceptions import ApplicationError
from tenants.models import Domain, Office
from tenants.services import (
    office_pool_add,
    office_pool_claim,
    office_pool_refill,
    office_pool_size,
)

CLAIM = {"name": "Biuro Nowe", "country": "SK"}


@pytest.mark.django_db
def test_a_pooled_office_is_migrated_but_never_routed_or_listed(session_offices):
    office = office_pool_add()
    assert office.state == Office.State.POOLED
    assert schema_exists(office.schema_name)
    assert not Domain.objects.filter(tenant=office).exists()
    assert Client(HTTP_HOST=office.host).get("/").status_code == 404


@pytest.mark.django_db
def test_a_claim_renames_the_office_and_routes_its_subdomain(session_offices):
    pooled = office_pool_add()
    office = office_pool_claim(slug="biuro-nowe", **CLAIM)
    assert office.pk == pooled.pk
    office.refresh_from_db()
    assert (office.name, office.slug, office.state) == ("Biuro Nowe", "biuro-nowe", "active")
    assert (office.language, office.currency, office.time_zone) == (
        "sk",
        "EUR",
        "Europe/Bratislava",
    )
    assert list(Domain.objects.filter(tenant=office).values_list("domain", flat=True)) == [
        "biuro-nowe.localhost"
    ]
    assert office_pool_size() == 0


@pytest.mark.django_db
def test_an_empty_pool_answers_none(session_offices):
    assert office_pool_size() == 0
    assert office_pool_claim(slug="nobody-pooled", **CLAIM) is None


@pytest.mark.django_db
def test_a_claim_refuses_a_taken_or_reserved_subdomain_and_keeps_the_pooled_office(
    session_offices,
):
    pooled = office_pool_add()
    with pytest.raises(ApplicationError, match="already taken"):
        office_pool_claim(slug="office-a", **CLAIM)
    with pytest.raises(Exception, match="reserved"):
        office_pool_claim(slug="console", **CLAIM)
    pooled.refresh_from_db()
    assert pooled.state == Office.State.POOLED


@pytest.mark.django_db
def test_refill_tops_the_pool_up_to_its_size(session_offices):
    assert office_pool_refill(size=2) == 2
    assert office_pool_refill(size=2) == 0
    assert office_pool_size() == 2


def _drop(offices) -> None:
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        for office in offices:
            cursor.execute(f'DROP SCHEMA IF EXISTS "{office.schema_name}" CASCADE')
    Domain.objects.filter(tenant__in=offices).delete()
    Office.objects.filter(pk__in=[o.pk for o in offices]).delete()


def test_two_simultaneous_claims_never_get_the_same_office(session_offices, django_db_blocker):
    """Two real transactions on two connections, both holding their claim at once."""
    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        pooled = [office_pool_add(), office_pool_add()]
        both_claimed = threading.Barrier(2, timeout=20)
        results, errors = {}, []

        def claim(slug: str) -> None:
            try:
                with transaction.atomic():
                    office = office_pool_claim(slug=slug, **CLAIM)
                    both_claimed.wait()  # neither commits before the other has claimed
                    results[slug] = office.pk if office else None
            except Exception as exc:  # surfaced below
                errors.append(exc)
            finally:
                connection.close()

        threads = [threading.Thread(target=claim, args=(s,)) for s in ("race-one", "race-two")]
        try:
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(30)
            assert errors == []
            assert sorted(results.values()) == sorted(o.pk for o in pooled)
            assert Office.objects.get(pk=results["race-one"]).slug == "race-one"
            assert Office.objects.get(pk=results["race-two"]).slug == "race-two"
        finally:
            _drop(pooled)


def test_a_claim_skips_a_locked_office_and_falls_back_when_none_is_free(
    session_offices, django_db_blocker
):
    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        pooled = [office_pool_add()]
        holding, release = threading.Event(), threading.Event()
        seen = {}

        def hold() -> None:
            with transaction.atomic():
                seen["first"] = office_pool_claim(slug="holder-one", **CLAIM)
                holding.set()
                release.wait(20)
            connection.close()

        thread = threading.Thread(target=hold)
        try:
            thread.start()
            assert holding.wait(20)
            # The only pooled row is locked by the other transaction: no wait, no double use.
            assert office_pool_claim(slug="holder-two", **CLAIM) is None
            release.set()
            thread.join(30)
            assert seen["first"].pk == pooled[0].pk
        finally:
            release.set()
            _drop(pooled)
