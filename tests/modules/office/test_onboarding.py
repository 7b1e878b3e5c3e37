from accounts.models import Role, User
from modules.audit.models import AuditEntry
from modules.clients.models import Client
from modules.office.models import OfficeProfile
from tests.helpers.matrix import check_permission_matrix
from tests.helpers.offices import OfficeClient, in_office, member


def _steps(page: str) -> dict[str, str]:
    steps = {}
    for chunk in page.split('data-step="')[1:]:
        key, rest = chunk.split('"', 1)
        steps[key] = rest.split('data-done="', 1)[1][0]
    return steps


def _hidden() -> bool:
    return OfficeProfile.objects.filter(pk=1, onboarding_hidden=True).exists()


def test_the_dashboard_checklist_ticks_itself_off_as_the_office_works(office_a):
    admin = member(office_a, Role.ADMIN)
    User.objects.filter(pk=admin.pk).update(language="en")
    client = OfficeClient(office_a, user=admin)

    page = client.get("/dashboard/").content.decode()
    assert 'data-testid="onboarding-checklist"' in page
    assert _steps(page)["clients"] == "0" and _steps(page)["office"] == "0"
    assert list(_steps(page)) == ["office", "team", "clients", "mail", "notifications", "billing"]
    assert 'href="/clients/import/"' in page

    with in_office(office_a):
        Client.objects.create(name="Alfa sp. z o.o.")
        OfficeProfile.objects.update_or_create(
            pk=1, defaults={"legal_name": "Biuro", "street": "Długa 1", "city": "Kraków"}
        )
    page = client.get("/dashboard/").content.decode()
    assert _steps(page)["clients"] == "1" and _steps(page)["office"] == "1"
    assert _steps(page)["mail"] == "0"
    assert "2 of 6 done" in page


def test_staff_do_not_see_the_checklist_and_an_admin_can_hide_it(office_a):
    staff_page = OfficeClient(office_a, user=member(office_a, Role.STAFF)).get("/dashboard/")
    assert b"onboarding-checklist" not in staff_page.content

    admin = member(office_a, Role.ADMIN)
    client = OfficeClient(office_a, user=admin)
    response = client.post("/dashboard/onboarding/")
    assert (response.status_code, response["Location"]) == (302, "/dashboard/")
    assert b"onboarding-checklist" not in client.get("/dashboard/").content
    with in_office(office_a):
        assert _hidden()
        entry = AuditEntry.objects.get(action="office.onboarding_changed")
        assert (entry.actor_id, entry.changes) == (admin.pk, {"onboarding_hidden": [False, True]})

    client.post("/dashboard/onboarding/", {"show": "1"})
    assert b"onboarding-checklist" in client.get("/dashboard/").content


def test_only_administrators_hide_the_checklist(office_a, office_b):
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        "/dashboard/onboarding/",
        expect={
            "anonymous": 302,
            "client": 403,
            "staff": 403,
            "other_office": 403,
            "admin": 302,
        },
        unchanged=lambda: not _hidden(),
    )
