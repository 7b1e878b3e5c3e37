"""A category's name per language (common.names): the office's required, the others falling
back to it; the panel, the staff pages and the reports name it in their reader's language;
Administration > Helpdesk edits the names."""

from django.utils import translation

from accounts.models import Role
from modules.audit.models import AuditEntry
from modules.helpdesk.models import Category
from modules.helpdesk.reports import category_names
from modules.helpdesk.services import category_create
from tests.helpers.matrix import check_permission_matrix
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.clients.factories import ClientFactory
from tests.modules.helpdesk.factories import client_user, raised


def test_a_slovak_client_sees_the_slovak_name_and_a_missing_one_falls_back(office_a, staff_a):
    with in_office(office_a):
        company = ClientFactory(name="Acme")
        mail = category_create(actor=None, names={"pl": "Poczta", "sk": "Pošta", "en": "Mail"})
        forward = category_create(
            actor=None, names={"pl": "Przekazanie za granicę", "sk": "Preposlanie"}, parent=mail
        )
        req = raised(actor=staff_a, client=company, subject="Do Wiednia", category=forward)
    slovak = client_user(office_a, company)
    slovak.language = "sk"
    slovak.save(update_fields=["language"])
    listed = OfficeClient(office_a, user=slovak).get("/portal/helpdesk/").content.decode()
    assert "Pošta / Preposlanie" in listed
    english = OfficeClient(office_a, user=client_user(office_a, company))
    # No English name of the child: the office's (Polish) one; the parent has its English.
    assert "Mail / Przekazanie za granicę" in english.get("/portal/helpdesk/").content.decode()
    page = english.get(f"/portal/helpdesk/{req.pk}/").content.decode()
    assert "Mail / Przekazanie za granicę" in page
    with in_office(office_a), translation.override("sk"):
        assert category_names([forward.pk]) == {forward.pk: "Pošta / Preposlanie"}


def test_administration_edits_the_names_office_language_required(office_a, office_b):
    with in_office(office_a):
        category = category_create(actor=None, name="Faktury")
    url = f"/administration/helpdesk/categories/{category.pk}/"
    admin = member(office_a, Role.ADMIN)
    admin.language = "en"
    admin.save(update_fields=["language"])
    web = OfficeClient(office_a, user=admin)
    settings = web.get("/administration/helpdesk/").content.decode()
    assert f'href="{url}" data-testid="category-edit">Faktury<' in settings
    page = web.get(url).content.decode()
    assert page.index('name="name_pl"') < page.index('name="name_sk"')
    refused = web.post(url, {"name_pl": "", "name_sk": "Faktúry", "name_en": "Invoices"})
    assert refused.status_code == 400
    assert "This field is required." in refused.content.decode()
    saved = web.post(url, {"name_pl": "Faktury", "name_sk": "Faktúry", "name_en": "Invoices"})
    assert saved.status_code == 302
    with in_office(office_a):
        row = Category.objects.get(pk=category.pk)
        assert (row.name_pl, row.name_sk, row.name_en) == ("Faktury", "Faktúry", "Invoices")
        entry = AuditEntry.objects.filter(action="helpdesk.category_changed").latest("pk")
        assert entry.changes == {"name_sk": ["", "Faktúry"], "name_en": ["", "Invoices"]}

    def unchanged():
        return Category.objects.get(pk=category.pk).name_en == "Invoices"

    check_permission_matrix(
        office_a,
        office_b,
        "post",
        url,
        expect={"anonymous": 302, "client": 403, "staff": 403, "other_office": 403},
        data={"name_pl": "Inne", "name_en": "Other"},
        unchanged=unchanged,
    )
    missing = OfficeClient(office_b, user=member(office_b, Role.ADMIN))
    assert missing.get(url).status_code == 404  # office B has no such category


def test_a_slovak_office_requires_the_slovak_name(office_b):
    with in_office(office_b):
        category = category_create(actor=None, name="Pošta")
        assert (category.name_pl, category.name_sk) == ("", "Pošta")
        assert category.name("pl") == "Pošta"  # falls back to the office's language
