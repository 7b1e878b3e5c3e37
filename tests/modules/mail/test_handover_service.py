import datetime as dt

import pytest
from django.utils import timezone

from common.exceptions import ApplicationError
from modules.audit.models import AuditEntry
from modules.mail.models import MailItem
from modules.mail.services import mail_items_hand_over, mail_items_lock_for_handover
from tests.modules.mail.factories import item_register, status

pytestmark = pytest.mark.usefixtures("in_office_a")


def _locked(items):
    return mail_items_lock_for_handover([i.pk for i in items])


def test_the_lock_gives_the_waiting_items_in_order_with_status_and_client():
    first, second = item_register(), item_register()

    locked = mail_items_lock_for_handover([second.pk, first.pk])

    assert [i.pk for i in locked] == [first.pk, second.pk]
    assert [i.status.code for i in locked] == ["to_pick_up", "to_pick_up"]
    assert locked[0].client.pk == first.client_id


@pytest.mark.parametrize("gone", [False, True])
def test_the_lock_refuses_the_whole_list_for_one_item_taken_or_gone(gone):
    waiting = item_register()
    other = item_register(status=status("picked_up"))
    if gone:
        MailItem.objects.filter(pk=other.pk).delete()

    with pytest.raises(ApplicationError) as refused:
        mail_items_lock_for_handover([waiting.pk, other.pk])

    assert refused.value.code == "taken"
    assert (other.number in refused.value.message) is not gone


def test_handing_over_sets_the_status_the_pickup_and_the_history():
    items = [item_register(), item_register()]
    when = timezone.now() - dt.timedelta(minutes=30)

    target = mail_items_hand_over(
        items=_locked(items),
        actor=None,
        pickup_method="po_box",
        picked_up_at=when,
        picked_up_by="",
        reference="WP-000042",
    )

    assert target == status("picked_up")
    assert (
        list(
            MailItem.objects.filter(pk__in=[i.pk for i in items])
            .order_by("pk")
            .values_list("status__code", "picked_up_at", "picked_up_by", "pickup_method")
        )
        == [("picked_up", when, "", "po_box")] * 2
    )
    entries = AuditEntry.objects.filter(
        action="mail.handed_over", target_id__in=[str(i.pk) for i in items]
    ).order_by("target_id")
    assert [e.changes for e in entries] == [
        {
            "status": ["To pick up", "Picked up"],
            "pickup_method": "PO box",
            "picked_up_by": "",
            "picked_up_at": timezone.localtime(when).isoformat(timespec="minutes"),
            "handover": "WP-000042",
        }
    ] * 2


def test_forwarding_sets_the_forwarded_status():
    item = item_register()

    target = mail_items_hand_over(
        items=_locked([item]),
        actor=None,
        pickup_method="forwarded",
        picked_up_at=timezone.now(),
        picked_up_by="",
        reference="WP-000043",
    )

    assert target.code == "forwarded"
    assert MailItem.objects.get(pk=item.pk).status.code == "forwarded"


def test_an_item_no_longer_waiting_refuses_the_whole_hand_over():
    waiting, done = item_register(), item_register(status=status("picked_up"))
    before = list(MailItem.objects.order_by("pk").values_list("pk", "status_id", "pickup_method"))

    # Past the lock (which would refuse them first): the update itself checks again.
    rows = list(MailItem.objects.select_for_update().filter(pk__in=[waiting.pk, done.pk]))
    with pytest.raises(ApplicationError) as refused:
        mail_items_hand_over(
            items=rows,
            actor=None,
            pickup_method="confirmed",
            picked_up_at=timezone.now(),
            picked_up_by="Jan Kowalski",
            reference="WP-000044",
        )

    assert refused.value.code == "taken"
    assert (
        list(MailItem.objects.order_by("pk").values_list("pk", "status_id", "pickup_method"))
        == before
    )
    assert not AuditEntry.objects.filter(action="mail.handed_over").exists()
