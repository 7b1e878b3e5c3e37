"""In an office without categories the request forms showed "Category" with only "—" to
choose; the field is left out until the office has a category to offer."""

from modules.helpdesk.models import Category, Request
from modules.helpdesk.services import category_create
from tests.helpers.offices import OfficeClient, in_office
from tests.modules.clients.factories import ClientFactory
from tests.modules.helpdesk.factories import client_user, raised

SELECT = '<select name="category"'


def test_no_category_field_while_the_office_has_none_to_offer(office_a, staff_a):
    with in_office(office_a):
        assert not Category.objects.exists()
        client = ClientFactory()
        req = raised(client=client)
    panel = OfficeClient(office_a, user=client_user(office_a, client))
    staff = OfficeClient(office_a, user=staff_a)
    assert SELECT not in panel.get("/portal/helpdesk/new/").content.decode()
    assert SELECT not in staff.get("/helpdesk/new/").content.decode()
    assert SELECT not in staff.get(f"/helpdesk/{req.pk}/fields/").content.decode()

    sent = panel.post(
        "/portal/helpdesk/new/",
        {"subject": "Book a courier", "priority": "normal", "description": "Tomorrow 9:00"},
    )
    assert sent.status_code == 302
    edited = staff.post(
        f"/helpdesk/{req.pk}/",
        {"version": req.version, "subject": "Renamed", "priority": "high"},
    )
    assert edited.status_code == 302
    with in_office(office_a):
        assert Request.objects.get(subject="Book a courier").category is None
        req.refresh_from_db()
        assert (req.subject, req.priority, req.category) == ("Renamed", "high", None)

    with in_office(office_a):
        invoices = category_create(actor=None, name="Faktury")
    option = f'<option value="{invoices.pk}">Faktury</option>'
    for page in (
        panel.get("/portal/helpdesk/new/"),
        staff.get("/helpdesk/new/"),
        staff.get(f"/helpdesk/{req.pk}/fields/"),
    ):
        html = page.content.decode()
        assert SELECT in html and option in html


def test_an_edit_without_the_field_keeps_a_retired_category(office_a, staff_a):
    """A request filed under a category since retired (none active left): no field, and
    saving the other fields leaves its category as it was."""
    with in_office(office_a):
        retired = category_create(actor=None, name="Stara")
        req = raised(category=retired)
        Category.objects.filter(pk=retired.pk).update(is_active=False)
    staff = OfficeClient(office_a, user=staff_a)
    assert SELECT not in staff.get(f"/helpdesk/{req.pk}/fields/").content.decode()
    edited = staff.post(
        f"/helpdesk/{req.pk}/",
        {"version": req.version, "subject": "Renamed", "priority": "normal"},
    )
    assert edited.status_code == 302
    with in_office(office_a):
        req.refresh_from_db()
        assert (req.subject, req.category_id) == ("Renamed", retired.pk)
