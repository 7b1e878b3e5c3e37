"""Twenty staff issue twenty drafts at the same moment (each its own thread, connection and
transaction, committed), plus one whose issue fails after it took its number: the numbers
are 1..20 with no gap and no duplicate. Committed rows live in an office of their own."""

from __future__ import annotations

import threading
import uuid

import pytest
from django.db import connection, connections

from common.exceptions import ApplicationError
from modules.invoices import services
from modules.invoices.models import Invoice, InvoiceCounter
from tests.helpers.offices import in_office
from tests.modules.invoices.factories import buyer, draft, office_details

N = 20


def invoices_office():
    from tenants.models import Office
    from tenants.services import office_provision

    connection.set_schema_to_public()
    stale = Office.objects.filter(slug="office-invoices").first()
    if stale is not None:  # left by an earlier session, maybe on older migrations
        with connection.cursor() as cursor:
            cursor.execute(f'DROP SCHEMA IF EXISTS "{stale.schema_name}" CASCADE')
        stale.domains.all().delete()
        stale.delete()
    return office_provision(name="Biuro Faktur", slug="office-invoices", country="PL")


@pytest.fixture
def committed(session_offices, django_db_blocker):
    with django_db_blocker.unblock():
        office = invoices_office()
        with in_office(office):
            Invoice.objects.all().delete()
            InvoiceCounter.objects.all().delete()
            office_details()
            client = buyer(code=f"R-{uuid.uuid4().hex[:8]}")
            drafts = [draft(client) for _ in range(N)]
            refused = draft(client)
        connection.set_schema_to_public()
        yield office, drafts, refused
        connection.set_schema_to_public()


def test_twenty_concurrent_issues_have_no_gap_and_no_duplicate(committed, django_db_blocker):
    office, drafts, refused = committed
    barrier = threading.Barrier(N + 1)
    errors: list = []

    def issue(invoice) -> None:
        try:
            with in_office(office):
                barrier.wait(timeout=30)
                services.invoice_issue(invoice=invoice, actor=None)
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    def issue_and_fail() -> None:
        # takes a number, then its transaction fails: the number must come back
        from django.db import transaction

        try:
            with in_office(office):
                barrier.wait(timeout=30)
                with transaction.atomic():
                    services.invoice_issue(invoice=refused, actor=None)
                    raise ApplicationError("printer on fire")
        except ApplicationError:
            pass
        finally:
            connections.close_all()

    with django_db_blocker.unblock():
        threads = [threading.Thread(target=issue, args=(d,)) for d in drafts]
        threads.append(threading.Thread(target=issue_and_fail))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        with in_office(office):
            numbers = sorted(
                int(n.split("/")[1])
                for n in Invoice.objects.exclude(number="").values_list("number", flat=True)
            )
            refused_after = Invoice.objects.get(pk=refused.pk)
        connection.set_schema_to_public()
    assert errors == []
    assert numbers == list(range(1, N + 1))
    assert (refused_after.status, refused_after.number) == ("draft", "")
