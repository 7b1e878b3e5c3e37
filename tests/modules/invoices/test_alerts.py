"""Staff alerts of the invoices module carry their subject (the invoice) and are read when
the invoice is handled or opened (until 2026-12-06 they had no subject and stayed unread).
The module raises two kinds: the client's answer to a draft (`invoices.acceptance_answered`)
and KSeF refusing the office's token or certificate (`invoices.ksef_refused`, one alert per
run of refused invoices, read once a token or certificate KSeF takes is saved:
test_ksef_refused.py); KSeF's rejections of single invoices and its outages show on the
invoice's page and the register, not as alerts."""

from accounts.models import Role
from modules.invoices import services
from modules.invoices.models import Invoice
from modules.notifications.hooks import OFFICE, event_list
from modules.notifications.models import StaffAlert
from modules.notifications.services import settings_update as notification_settings_update
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.invoices.factories import draft, office_details


def _answered(*, accept: bool, comment: str = "") -> Invoice:
    invoice = draft()
    services.invoice_acceptance_request(invoice=invoice, actor=None)
    return services.invoice_acceptance_answer(
        invoice=invoice, actor=None, client_id=invoice.client_id, accept=accept, comment=comment
    )


def _setup() -> None:
    office_details()
    services.settings_update(actor=None, data={"client_acceptance": True})
    notification_settings_update(
        actor=None, office_channels={"invoices.acceptance_answered": ["inapp"]}
    )


def _unread(invoice: Invoice) -> list[int]:
    return sorted(
        StaffAlert.objects.filter(
            subject=f"invoices.invoice:{invoice.pk}", read_at__isnull=True
        ).values_list("user_id", flat=True)
    )


def test_the_office_events_of_invoices_are_the_answer_to_a_draft_and_ksef_refusing_the_login():
    office_events = [e.code for e in event_list(audience=OFFICE) if e.code.startswith("invoices.")]
    assert office_events == ["invoices.acceptance_answered", "invoices.ksef_refused"]


def test_the_answer_alert_names_its_invoice_and_is_read_once_the_draft_is_issued(
    in_office_a, office_a
):
    one, two = member(office_a, Role.STAFF), member(office_a, Role.ADMIN)
    _setup()
    invoice = _answered(accept=True)
    alerts = StaffAlert.objects.filter(event="invoices.acceptance_answered")
    assert {(a.user_id, a.subject) for a in alerts} >= {
        (one.pk, f"invoices.invoice:{invoice.pk}"),
        (two.pk, f"invoices.invoice:{invoice.pk}"),
    }
    assert one.pk in _unread(invoice) and two.pk in _unread(invoice)
    other = _answered(accept=True)
    services.invoice_issue(invoice=invoice, actor=None)
    assert _unread(invoice) == []
    assert one.pk in _unread(other)  # another invoice's alert is not touched


def test_a_rejection_alert_is_read_when_the_draft_is_changed_sent_again_or_deleted(
    in_office_a, office_a
):
    staff = member(office_a, Role.STAFF)
    _setup()
    changed = _answered(accept=False, comment="Bez kuriera.")
    assert staff.pk in _unread(changed)
    services.invoice_update(invoice=changed, actor=None, data={"notes": "Bez kuriera"}, lines=None)
    assert _unread(changed) == []
    resent = _answered(accept=False, comment="Zła kwota.")
    assert staff.pk in _unread(resent)
    services.invoice_acceptance_request(invoice=resent, actor=None)
    assert _unread(resent) == []
    deleted = _answered(accept=False, comment="Niepotrzebna.")
    subject = f"invoices.invoice:{deleted.pk}"
    services.invoice_delete(invoice=deleted, actor=None)
    assert not StaffAlert.objects.filter(subject=subject, read_at__isnull=True).exists()


def test_opening_the_invoice_reads_the_alert_of_that_person_only(office_a):
    with in_office(office_a):
        reader, other = member(office_a, Role.STAFF), member(office_a, Role.STAFF)
        _setup()
        invoice = _answered(accept=False, comment="Bez kuriera.")
        assert {reader.pk, other.pk} <= set(_unread(invoice))
    web = OfficeClient(office_a, user=reader)
    assert web.get(f"/invoices/{invoice.pk}/").status_code == 200
    with in_office(office_a):
        unread = _unread(invoice)
        assert reader.pk not in unread and other.pk in unread
