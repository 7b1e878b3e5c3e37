"""Outages of our own infrastructure in the middle of a request: the database connection
killed by the server, the file storage refusing a write, Redis unreachable. The request
answers 503 with a translated sentence (JSON under /api/), nothing it started is kept, and
the next request is served."""

from __future__ import annotations

import shutil

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client as HttpClient
from django.utils import translation

from accounts.models import Role
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.mail.factories import item_register, pdf_bytes, upload

DB_LOST = "Usługa jest chwilowo niedostępna. Nic nie zostało zapisane; spróbuj ponownie za chwilę."
STORAGE = "Nie udało się zapisać pliku. Nic nie zostało zapisane; spróbuj ponownie za chwilę."


def _terminate_own_backend(**_kwargs):
    # The server ends this very connection, as a failover or a restart would.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(pg_backend_pid())")


@pytest.fixture
def committed_staff(session_offices, django_db_blocker):
    """A staff member committed to the database: the connection of this test dies, so it
    cannot run inside the usual rolled-back transaction."""
    office_a = session_offices[0]
    with django_db_blocker.unblock():
        person = member(office_a, Role.STAFF)
        yield office_a, person
        connection.close()
        connection.set_schema_to_public()
        person.memberships.all().delete()
        person.delete()


def test_the_database_lost_mid_request_answers_503_and_keeps_nothing(committed_staff, monkeypatch):
    from modules.clients.models import Client
    from modules.clients.services import clients as client_services

    office, person = committed_staff
    browser = OfficeClient(office, user=person, HTTP_ACCEPT_LANGUAGE="pl")
    monkeypatch.setattr(client_services, "client_search_refresh", _terminate_own_backend)
    response = browser.post(
        "/clients/new/",
        {"name": "Znikająca Firma", "code": "ZNIK1", "country": "PL", "status": "active",
         "language": "pl"},
    )  # fmt: skip
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert DB_LOST in response.content.decode()
    monkeypatch.undo()
    connection.close()  # what the next request's close_old_connections does in production
    with in_office(office):
        assert not Client.objects.filter(code="ZNIK1").exists()
    connection.set_schema_to_public()
    assert browser.get("/clients/").status_code == 200


def test_the_database_lost_in_an_api_call_answers_503_in_the_error_shape(
    committed_staff, monkeypatch
):
    from modules.clients.models import Client
    from modules.clients.services import clients as client_services

    office, person = committed_staff
    person.memberships.update(role=Role.ADMIN)
    api = OfficeClient(office, user=person, HTTP_ACCEPT_LANGUAGE="pl")
    monkeypatch.setattr(client_services, "client_search_refresh", _terminate_own_backend)
    response = api.post(
        "/api/v1/clients/", {"name": "Znikająca API", "code": "ZNIK2"}, "application/json"
    )
    assert response.status_code == 503
    assert response.json() == {"code": "unavailable", "detail": DB_LOST, "fields": {}}
    monkeypatch.undo()
    connection.close()
    with in_office(office):
        assert not Client.objects.filter(code="ZNIK2").exists()


@pytest.mark.django_db
def test_a_storage_write_failure_answers_503_and_keeps_no_scan(office_a, staff_a):
    from modules.mail.models import MailItem, MailScan

    with in_office(office_a):
        item = item_register()
    # A file where the item's scan folder must go: the storage cannot create the folder (a
    # real filesystem error, as a full or read-only disk gives).
    folder = settings.MEDIA_ROOT / office_a.schema_name / "mail" / "scans"
    folder.mkdir(parents=True, exist_ok=True)
    blocker = folder / str(item.pk)
    shutil.rmtree(blocker, ignore_errors=True)
    blocker.write_bytes(b"not a folder")
    try:
        browser = OfficeClient(office_a, user=staff_a, HTTP_ACCEPT_LANGUAGE="pl")
        response = browser.post(
            f"/mail/{item.pk}/scans/", {"scans": [upload("a.pdf", pdf_bytes())]}
        )
    finally:
        blocker.unlink()
    assert response.status_code == 503
    assert STORAGE in response.content.decode()
    with in_office(office_a):
        assert MailScan.objects.filter(item=item).count() == 0
        assert MailItem.objects.get(pk=item.pk).scan_count == 0


def test_readiness_fails_while_redis_is_down_and_liveness_does_not(settings):
    from tests.helpers.net import free_port

    settings.REDIS_URL = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    client = HttpClient(HTTP_HOST="10.0.0.7:8000")
    with translation.override("en"):
        ready = client.get("/readyz")
    assert ready.status_code == 503
    assert ready.json()["redis"] == "error: ConnectionError"
    live = client.get("/livez")
    assert (live.status_code, live.json()) == (200, {"status": "ok"})


def test_the_database_lost_while_routing_answers_503_not_500(committed_staff, monkeypatch):
    from tenants import middleware as routing
    from tenants.selectors import office_for_host

    office, person = committed_staff

    def lost(host):
        _terminate_own_backend()
        return office_for_host(host)

    monkeypatch.setattr(routing, "office_for_host", lost)
    browser = OfficeClient(office, user=person, raise_request_exception=False)
    page = browser.get("/clients/")
    assert (page.status_code, page["Retry-After"]) == (503, "30")
    api = browser.get("/api/v1/clients/")
    assert api.status_code == 503
    assert api.json()["code"] == "unavailable"
    monkeypatch.undo()
    connection.close()
    assert browser.get("/clients/").status_code == 200


def test_redis_lost_while_reading_the_session_answers_503_not_500(office_a, staff_a, monkeypatch):
    from django.core.cache import caches
    from django_redis.cache import RedisCache

    from tests.helpers.net import free_port

    browser = OfficeClient(office_a, user=staff_a, raise_request_exception=False)
    dead = RedisCache(f"redis://127.0.0.1:{free_port()}/0", {"OPTIONS": {}})
    monkeypatch.setattr(caches._connections, "sessions", dead, raising=False)
    page = browser.get("/clients/")
    assert (page.status_code, page["Retry-After"]) == (503, "30")
    monkeypatch.undo()
    assert browser.get("/clients/").status_code == 200


def test_an_error_that_is_no_outage_stays_a_500_in_the_api_error_shape(
    office_a, staff_a, monkeypatch
):
    from tenants import middleware as routing

    def broken(host):
        raise RuntimeError("a bug, not an outage")

    monkeypatch.setattr(routing, "office_for_host", broken)
    browser = OfficeClient(office_a, user=staff_a, raise_request_exception=False)
    assert browser.get("/clients/").status_code == 500
    api = browser.get("/api/v1/clients/")
    assert api.status_code == 500
    assert api.json()["code"] == "server_error"
