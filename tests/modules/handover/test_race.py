"""Two receptionists hand over the same items at the same moment (two real transactions on
two connections). Exactly one succeeds; the other is refused and nothing is recorded twice.

The rows are committed (the threads have their own connections, so a test transaction would
hide them) and removed afterwards, in an office of their own (audit rows cannot be removed);
pytest-django's transaction=True flush would truncate the
public schema, offices included, so the committed-data pattern of tests/browser is used."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections, transaction

from common.exceptions import ApplicationError
from modules.audit.models import AuditEntry
from modules.handover.models import HandOver, HandOverItem
from modules.handover.services import handover_record
from modules.mail.models import MailItem
from tests.helpers.offices import in_office
from tests.modules.clients.factories import ClientFactory
from tests.modules.handover.factories import committed_office, waiting


@pytest.fixture
def committed_items(session_offices, django_db_blocker, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    with django_db_blocker.unblock():
        office = committed_office()
        with in_office(office):
            client = ClientFactory(name="Wyścig sp. z o.o.")
            items = waiting(client, count=4)
        connection.set_schema_to_public()
        yield office, items
        with in_office(office):
            # Audit rows are append-only (a trigger refuses DELETE): they stay.
            handover_ids = list(
                HandOverItem.objects.filter(client=client).values_list("handover_id", flat=True)
            )
            HandOverItem.objects.filter(client=client).delete()
            HandOver.objects.filter(pk__in=handover_ids).delete()
            MailItem.objects.filter(client=client).delete()
            client.delete()
        connection.set_schema_to_public()


def _race(office, calls: list[dict]) -> list:
    """Run the calls at the same moment, each in its own thread and transaction."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index: int, kwargs: dict) -> None:
        try:
            connection.set_tenant(office)
            barrier.wait(timeout=10)
            results[index] = handover_record(actor=None, **kwargs)
        except ApplicationError as exc:
            results[index] = exc
        except Exception as exc:
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, kw)) for i, kw in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.mark.parametrize("method", ["confirmed", "printed"])
def test_two_desks_same_items_exactly_one_wins(committed_items, django_db_blocker, method):
    office, items = committed_items
    ids = [i.pk for i in items]
    with django_db_blocker.unblock():
        results = _race(
            office,
            [
                {"item_ids": ids, "method": method, "person_name": "Anna Nowak"},
                {"item_ids": list(reversed(ids)), "method": method, "person_name": "Ewa Lis"},
            ],
        )
        wins = [r for r in results if isinstance(r, HandOver)]
        refusals = [r for r in results if isinstance(r, ApplicationError)]
        assert len(wins) == 1, results
        assert len(refusals) == 1, results
        assert refusals[0].code == "taken"
        assert refusals[0].message.startswith("Someone has just handed over")
        with in_office(office):
            assert HandOver.objects.filter(lines__item_id__in=ids).distinct().count() == 1
            assert HandOverItem.objects.filter(item_id__in=ids).count() == 4
            assert set(
                MailItem.objects.filter(pk__in=ids).values_list("status__code", "picked_up_by")
            ) == {("picked_up", wins[0].person_name)}
            assert (
                AuditEntry.objects.filter(
                    action="mail.handed_over", target_id__in=[str(i) for i in ids]
                ).count()
                == 4
            )
        connection.set_schema_to_public()


def test_overlapping_selections_one_is_refused_whole(committed_items, django_db_blocker):
    office, items = committed_items
    a, b, c, d = (i.pk for i in items)
    with django_db_blocker.unblock():
        results = _race(
            office,
            [
                {"item_ids": [a, b, c], "method": "confirmed", "person_name": "Anna Nowak"},
                {"item_ids": [c, d], "method": "confirmed", "person_name": "Ewa Lis"},
            ],
        )
        wins = [r for r in results if isinstance(r, HandOver)]
        assert len(wins) == 1, results
        with in_office(office):
            handed = set(
                HandOverItem.objects.filter(item_id__in=[a, b, c, d]).values_list(
                    "item_id", flat=True
                )
            )
            # All of the winner's items and none of the loser's (atomic): item d or items a, b
            # are still waiting.
            assert handed in ({a, b, c}, {c, d})
            waiting_codes = set(
                MailItem.objects.filter(pk__in={a, b, c, d} - handed).values_list(
                    "status__code", flat=True
                )
            )
            assert waiting_codes == {"to_pick_up"}
        connection.set_schema_to_public()


def test_the_confirmation_is_rendered_after_the_items_are_unlocked(
    committed_items, django_db_blocker, monkeypatch
):
    from modules.handover import pdf

    office, items = committed_items
    ids = [i.pk for i in items]
    render, seen = pdf.handover_pdf_render, []

    def lockable_from_another_desk() -> None:
        try:
            connection.set_tenant(office)
            with transaction.atomic():
                locked = MailItem.objects.select_for_update(nowait=True).filter(pk__in=ids)
                seen.append(len(locked))
        except Exception as exc:
            seen.append(exc)
        finally:
            connections.close_all()

    def render_watched(*, handover):
        desk = threading.Thread(target=lockable_from_another_desk)
        desk.start()
        desk.join(timeout=30)
        return render(handover=handover)

    monkeypatch.setattr(pdf, "handover_pdf_render", render_watched)
    with django_db_blocker.unblock():
        connection.set_tenant(office)
        handover = handover_record(
            actor=None, item_ids=ids, method="printed", person_name="Anna Nowak"
        )
        connection.set_schema_to_public()
    assert seen == [4]
    assert handover.pdf_path.endswith(".pdf")
