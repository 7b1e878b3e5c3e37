from accounts.models import Role
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.billing.factories import biznes


def test_the_package_form_asks_for_the_packages_name_not_a_persons(office_a):
    with in_office(office_a):
        package = biznes()
    for language, label, wrong in (("sk", "Názov", "Meno"), ("pl", "Nazwa", "Imię")):
        web = OfficeClient(office_a, user=member(office_a, Role.ADMIN, language=language))
        page = web.get(f"/administration/billing/packages/{package.pk}/").content.decode()
        start = page.index('for="id_name"')
        field_label = page[start : page.index("</label>", start)]
        assert label in field_label
        assert wrong not in field_label
