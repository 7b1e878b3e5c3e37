from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Role
from common import administration
from common.administration import AdminSection, admin_nav, admin_section_register, admin_sections
from modules.mail.models import MailStatus
from subscriptions.models import Subscription
from subscriptions.services import subscription_enforce
from tests.factories import MembershipFactory, UserFactory
from tests.helpers.matrix import check_permission_matrix
from tests.helpers.offices import OfficeClient, in_office
from tests.platform.subscriptions.factories import subscription_for

ADMIN_ONLY = {
    "anonymous": 302,
    "client": 403,
    "staff": 403,
    "admin": 200,
    "owner": 200,
    "other_office": 403,
}
SECTIONS = [
    ("general", "/administration/general/"),
    ("mail", "/administration/mail/"),
    ("scanrequests", "/administration/scan-requests/"),
    ("handover", "/administration/hand-over/"),
    ("rooms", "/administration/rooms/"),
    ("helpdesk", "/administration/helpdesk/"),
    ("helpdesk_sla", "/administration/helpdesk/sla/"),
    ("notifications", "/administration/notifications/"),
    ("documents", "/administration/documents/"),
    ("billing", "/administration/billing/"),
    ("invoices", "/administration/invoices/"),
    ("team", "/administration/team/"),
    ("audit", "/administration/audit-log/"),
    ("subscription", "/administration/subscription/"),
]


class _Membership:
    def __init__(self, role):
        self.role = role
        self.is_staff_role = role in ("owner", "admin", "staff")
        self.is_admin_role = role in ("owner", "admin")


@pytest.fixture
def registry():
    saved = dict(administration._sections)
    yield
    administration._sections.clear()
    administration._sections.update(saved)


def _admin(office, role=Role.ADMIN):
    user = UserFactory(language="en")
    MembershipFactory(office=office, role=role, user=user)
    return OfficeClient(office, user=user)


def test_every_app_registers_its_section_in_order(office_a):
    entries = admin_nav(membership=_Membership("admin"), current_path="/administration/mail/")

    assert [(e["section"].key, e["url"]) for e in entries] == SECTIONS
    assert [e["section"].key for e in entries if e["active"]] == ["mail"]


def test_a_registered_section_appears_in_its_place_for_its_level_only(registry):
    admin_section_register(AdminSection("rooms", "Rooms", 35, "office:general"))
    admin_section_register(AdminSection("desk", "Desk", 1, "office:dashboard", level="staff"))

    keys = [s.key for s in admin_sections(membership=_Membership("admin"))]
    assert keys[:3] == ["general", "desk", "mail"]
    assert keys.index("rooms") == keys.index("handover") + 1
    assert [s.key for s in admin_sections(membership=_Membership("staff"))] == ["desk"]
    assert admin_sections(membership=_Membership("client")) == []
    assert admin_sections(membership=None) == []


def test_administration_opens_the_first_section_for_admins_only(office_a, office_b):
    check_permission_matrix(
        office_a,
        office_b,
        "get",
        "/administration/",
        expect={**ADMIN_ONLY, "admin": 302, "owner": 302},
    )
    response = _admin(office_a).get("/administration/")
    assert response["Location"] == "/administration/general/"


@pytest.mark.parametrize("key,url", SECTIONS)
def test_each_section_is_for_admins_and_shows_the_sections_with_itself_current(
    office_a, office_b, key, url
):
    check_permission_matrix(office_a, office_b, "get", url, expect=ADMIN_ONLY)
    page = _admin(office_a, Role.OWNER).get(url).content.decode()
    assert 'data-testid="admin-sections"' in page
    assert page.count("list-group-item-action active") == 1
    assert f'active" aria-current="page" data-section="{key}"' in page
    for _key, other in SECTIONS:
        assert f'href="{other}"' in page


def test_the_menu_has_one_administration_entry_for_admins(office_a):
    admin_menu = _admin(office_a).get("/administration/team/").content.decode()
    active = '<a class="nav-link active fw-semibold" href="/administration/" aria-current="page"'
    assert active in admin_menu
    for gone in ('href="/team/"', 'href="/audit/"'):
        assert gone not in admin_menu
    user = UserFactory(language="en")
    MembershipFactory(office=office_a, role=Role.STAFF, user=user)
    staff_page = OfficeClient(office_a, user=user).get("/mail/").content.decode()
    assert 'href="/administration/"' not in staff_page


OLD_GETS = [
    ("/team/", "/administration/team/"),
    ("/audit/?action=support", "/administration/audit-log/?action=support"),
    ("/mail/settings/", "/administration/mail/"),
    ("/mail/settings/statuses/new/", "/administration/mail/statuses/new/"),
    ("/mail/settings/statuses/7/", "/administration/mail/statuses/7/"),
    ("/mail/settings/types/new/", "/administration/mail/types/new/"),
    ("/mail/settings/types/3/", "/administration/mail/types/3/"),
    ("/mail/hand-over/settings/", "/administration/hand-over/"),
    ("/notifications/settings/", "/administration/notifications/"),
    ("/notifications/templates/", "/administration/notifications/templates/"),
    (
        "/notifications/templates/mail.new/pl/",
        "/administration/notifications/templates/mail.new/pl/",
    ),
    (
        "/notifications/templates/mail.new/pl/preview/",
        "/administration/notifications/templates/mail.new/pl/preview/",
    ),
    ("/mail/scan-requests/settings/", "/administration/scan-requests/"),
    ("/billing/", "/administration/subscription/"),
    ("/billing/?checkout=cs_test_1", "/administration/subscription/?checkout=cs_test_1"),
]
OLD_POSTS = [
    ("/team/5/remove/", "/administration/team/5/remove/"),
    ("/mail/settings/scanners/", "/administration/mail/scanners/"),
    ("/mail/settings/scanners/4/", "/administration/mail/scanners/4/"),
    (
        "/notifications/templates/mail.new/pl/reset/",
        "/administration/notifications/templates/mail.new/pl/reset/",
    ),
    ("/mail/scan-requests/settings/clients/", "/administration/scan-requests/clients/"),
    ("/mail/scan-requests/settings/clients/9/", "/administration/scan-requests/clients/9/"),
    ("/billing/checkout/", "/administration/subscription/checkout/"),
    ("/billing/portal/", "/administration/subscription/portal/"),
]


@pytest.mark.parametrize("old,new", OLD_GETS)
def test_an_old_address_redirects_permanently(office_a, old, new):
    response = _admin(office_a).get(old)
    assert (response.status_code, response["Location"]) == (301, new)


@pytest.mark.parametrize("old,new", OLD_POSTS)
def test_a_form_posted_to_an_old_address_is_posted_on(office_a, old, new):
    response = _admin(office_a).post(old, {})
    assert (response.status_code, response["Location"]) == (308, new)


def test_an_old_address_refuses_whom_the_new_one_refuses_and_changes_nothing(office_a, office_b):
    def unchanged():
        return not MailStatus.objects.filter(name="Przez stary adres").exists()

    check_permission_matrix(
        office_a,
        office_b,
        "post",
        "/mail/settings/statuses/new/",
        data={"name": "Przez stary adres", "colour": "#aa3300", "order": 9},
        expect={"anonymous": 302, "client": 403, "staff": 403, "other_office": 403},
        unchanged=unchanged,
    )
    check_permission_matrix(
        office_a, office_b, "get", "/team/", expect={**ADMIN_ONLY, "admin": 301, "owner": 301}
    )
    with in_office(office_a):
        assert unchanged()


def test_a_read_only_or_suspended_office_still_reaches_its_subscription_by_both_addresses(
    office_a,
):
    subscription_for(office_a, trial_ends_at=timezone.now() - timedelta(days=1))
    web = _admin(office_a)
    assert web.post("/administration/general/", {"name": "X"}).status_code == 403
    assert web.get("/administration/subscription/").status_code == 200
    assert web.post("/billing/checkout/", {"plan": "pro"}).status_code == 308

    Subscription.objects.filter(office=office_a).update(
        status="past_due", lapsed_at=timezone.now() - timedelta(days=60)
    )
    subscription_enforce()
    assert web.get("/administration/general/").status_code == 503
    assert web.get("/administration/subscription/").status_code == 200
    assert web.get("/billing/").status_code == 301
