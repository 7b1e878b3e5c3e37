"""The audit log's entry of a plan payment: one per checkout, its object named without the
subscription's raw status ("… · Business · trialing" read English in a Polish log)."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from common.audit import audit_entry_words, audit_target_label
from modules.audit.models import AuditEntry
from tests.helpers.offices import OfficeClient, in_office
from tests.platform.subscriptions.factories import subscription_for

pytestmark = pytest.mark.django_db


def test_one_checkout_is_one_entry_named_by_its_plan(fake_stripe, office_a, admin_a):
    subscription_for(office_a, trial_ends_at=timezone.now() + timedelta(days=10))
    client = OfficeClient(office_a, user=admin_a)
    choice = {"plan": "business", "interval": "month"}
    first = client.post("/administration/subscription/checkout/", choice)["Location"]
    # a second click (the page answered slowly) or a second tab: the same Checkout session
    again = client.post("/administration/subscription/checkout/", choice)["Location"]
    assert again == first
    with in_office(office_a):
        entries = list(AuditEntry.objects.filter(action="subscription.checkout_started"))
        assert len(entries) == 1
        assert entries[0].target_label == "Business"
        with translation.override("pl"):
            assert audit_target_label(entries[0]) == "Business"
            # the plan by its name, the period in words; the session's id is kept, not shown
            words = [(str(label), str(text)) for label, text in audit_entry_words(entries[0])]
        assert words == [("Plan", "Business"), ("Okres rozliczeniowy", "miesięcznie")]
    # another choice is another payment started
    client.post("/administration/subscription/checkout/", {**choice, "interval": "year"})
    with in_office(office_a):
        assert AuditEntry.objects.filter(action="subscription.checkout_started").count() == 2


def test_entries_stored_before_read_without_the_raw_status(office_a):
    old = AuditEntry(
        target_type="subscriptions.subscription", target_label="Biuro A · Business · trialing"
    )
    assert audit_target_label(old) == "Business"


def test_the_entry_names_the_plan_chosen_not_the_trials_plan(fake_stripe, office_a, admin_a):
    """A Start trial paying for Business was logged "Plan payment started: Start"."""
    subscription_for(office_a, plan="start", trial_ends_at=timezone.now() + timedelta(days=10))
    client = OfficeClient(office_a, user=admin_a)
    client.post("/administration/subscription/checkout/", {"plan": "business", "interval": "year"})
    with in_office(office_a):
        entry = AuditEntry.objects.get(action="subscription.checkout_started")
        assert entry.target_label == "Business"
        assert entry.changes["plan"] == "Business"
