"""The Billing tab of a client's card: the package in force and this month's summary."""

from django.utils import timezone

from modules.billing import selectors
from modules.billing.periods import month_start


def billing_client_tab(request, client):
    today = timezone.localdate()
    return "billing/client_tab.html", {
        "assignment": selectors.assignment_current(client_id=client.pk, day=today),
        "summary": selectors.summary_get(client_id=client.pk, period=month_start(today)),
    }
