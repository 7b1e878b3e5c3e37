import threading
import time

import pytest
from django.db import connection, connections, transaction

from common.numbering import number_next
from modules.documents.models import DocumentCounter
from modules.invoices.models import InvoiceCounter
from modules.mail.models import MailCounter
from tests.helpers.offices import in_office
from tests.modules.handover.factories import committed_office

N = 20
YEAR = 2091  # a series no other test uses: its rows are committed


def test_a_series_starts_at_one_and_counts_up_per_key(in_office_a):
    numbers = [number_next(DocumentCounter, key=k) for k in (2030, 2030, 2031, 2030)]
    assert numbers == [1, 2, 1, 3]
    assert dict(DocumentCounter.objects.values_list("year", "last")) == {2030: 3, 2031: 1}


def test_a_counter_keyed_by_another_column_counts_its_own_series(in_office_a):
    numbers = [number_next(InvoiceCounter, key=k) for k in ("2030-01", "2030", "2030-01")]
    assert numbers == [1, 1, 2]
    assert dict(InvoiceCounter.objects.values_list("period", "last")) == {"2030-01": 2, "2030": 1}


def test_a_rolled_back_number_is_given_back(in_office_a):
    assert number_next(MailCounter, key=2030) == 1
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        assert number_next(MailCounter, key=2030) == 2
        1 / 0  # noqa: B018 (the caller fails after taking its number)
    assert number_next(MailCounter, key=2030) == 2


@pytest.fixture
def numbering_office(session_offices, django_db_blocker):
    with django_db_blocker.unblock():
        office = committed_office()
        with in_office(office):
            MailCounter.objects.filter(year=YEAR).delete()
        connection.set_schema_to_public()
        yield office
        with in_office(office):
            MailCounter.objects.filter(year=YEAR).delete()
        connection.set_schema_to_public()


def test_outside_a_transaction_it_refuses_to_count(numbering_office, django_db_blocker):
    with django_db_blocker.unblock(), in_office(numbering_office):
        with pytest.raises(RuntimeError):
            number_next(MailCounter, key=YEAR)
        assert not MailCounter.objects.filter(year=YEAR).exists()
    connection.set_schema_to_public()


def test_twenty_threads_starting_a_series_get_one_to_twenty_and_a_failure_leaves_no_gap(
    numbering_office, django_db_blocker
):
    office = numbering_office
    barrier = threading.Barrier(N + 1)
    taken: list[int] = []
    errors: list[BaseException] = []

    def take() -> None:
        try:
            with in_office(office):
                barrier.wait(timeout=30)
                with transaction.atomic():
                    number = number_next(MailCounter, key=YEAR)
                taken.append(number)
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    def take_and_fail() -> None:
        try:
            with in_office(office):
                barrier.wait(timeout=30)
                with transaction.atomic():
                    number_next(MailCounter, key=YEAR)
                    time.sleep(0.2)  # others queue on the row meanwhile
                    raise ZeroDivisionError
        except ZeroDivisionError:
            pass
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    with django_db_blocker.unblock():
        threads = [threading.Thread(target=take) for _ in range(N)]
        threads.append(threading.Thread(target=take_and_fail))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        with in_office(office):
            last = MailCounter.objects.get(year=YEAR).last
        connection.set_schema_to_public()
    assert errors == []
    assert sorted(taken) == list(range(1, N + 1))
    assert last == N
