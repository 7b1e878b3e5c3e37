import pytest
from django.utils import timezone

from accounts.models import Role
from modules.helpdesk.demo import seed_demo
from modules.helpdesk.models import (
    Category,
    CategoryField,
    Quote,
    Reply,
    Request,
    Schedule,
    SlaClock,
    SlaPolicy,
)
from tests.helpers.offices import member
from tests.modules.clients.factories import ClientFactory


def test_demo_has_every_stage_and_runs_twice(in_office_a, office_a):
    ClientFactory()
    ClientFactory()
    people = {"client": member(office_a, Role.CLIENT), "staff": member(office_a, Role.STAFF)}
    seed_demo(office=office_a, people=people)
    seed_demo(office=office_a, people=people)
    # Today's requests (the reports' history is raised before today: test_report_demo).
    today = Request.objects.filter(created_at__date=timezone.localdate())
    assert sorted(today.values_list("status", flat=True)) == [
        "accepted",
        "in_progress",
        "new",
        "resolved",
        "waiting_approval",
        "waiting_quote",
    ]
    assert Category.objects.count() == 5
    assert Schedule.objects.count() == 2
    assert SlaPolicy.objects.count() == 3
    assert SlaClock.objects.filter(request__in=today).count() == 6
    assert Quote.objects.get().status == "sent"
    assert Reply.objects.filter(internal=True).count() == 1
    assert today.get(status="accepted").rating == 5
    assert Request.objects.get(status="waiting_quote").team.name == "Kurierzy"
    assert (
        list(Request.objects.exclude(fields={}).values_list("fields", flat=True))
        == [{str(CategoryField.objects.get().pk): "Niemcy"}] * 2
    )


@pytest.mark.usefixtures("raw_emails_removed")
def test_demo_intake_mailbox_triage_and_quarantine(in_office_a, office_a):
    from modules.helpdesk.demo import intake_demo_seed
    from modules.helpdesk.intake.services import intake_password, intake_settings_get
    from modules.helpdesk.models import InboundEmail

    intake_demo_seed(office=office_a)
    intake_demo_seed(office=office_a)

    row = intake_settings_get()
    assert (row.enabled, row.host, row.username) == (True, "127.0.0.1", "helpdesk-office-a")
    assert intake_password(row) == "vireo-demo-2026"
    assert sorted(InboundEmail.objects.values_list("status", flat=True)) == [
        "quarantine",
        "triage",
    ]
