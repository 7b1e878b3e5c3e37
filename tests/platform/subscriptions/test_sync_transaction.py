"""subscription_sync outside a test transaction (committed rows, its own thread): the
module has no django_db mark, so what the test writes is committed and seen by the thread."""

from subscriptions.models import Subscription
from tests.platform.subscriptions.factories import subscription_for


def test_a_sync_outside_any_transaction_takes_its_own(session_offices, django_db_blocker):
    """The checkout return and the webhook task call subscription_sync with no transaction
    open (a test's own transaction hid that): it locks the office's row, so it must open one.
    It answered 500 ("select_for_update cannot be used outside of a transaction") when its
    decorator had slipped onto the helper above it. Run on a thread of its own: a
    connection in autocommit, as a request's or a worker's."""
    import threading

    from django.db import connections

    from subscriptions.services import subscription_sync
    from tests.modules.handover.factories import committed_office

    with django_db_blocker.unblock():
        office = committed_office()
        subscription = subscription_for(office)  # committed: removed below
        outcome = []

        def sync() -> None:
            try:
                outcome.append(
                    subscription_sync(
                        stripe_subscription={
                            "id": "sub_outside_transaction",
                            "customer": "",
                            "metadata": {"office_id": str(office.pk)},
                            "status": "active",
                            "items": {"data": []},
                        }
                    )
                )
            except Exception as exc:  # the assertion below names it
                outcome.append(exc)
            finally:
                connections.close_all()

        thread = threading.Thread(target=sync)
        thread.start()
        thread.join(timeout=30)
        try:
            assert isinstance(outcome[0], Subscription), outcome
            assert outcome[0].stripe_subscription_id == "sub_outside_transaction"
        finally:
            Subscription.objects.filter(pk=subscription.pk).delete()
