"""The demo offices and people that `make run` shows (see seed_demo)."""

from accounts.models import Role, User
from accounts.services import membership_create, user_create
from tenants.models import Office
from tenants.services import office_provision

DEMO_PASSWORD = "vireo-demo-2026"

# Client companies are rows of the clients module; the demo creates them with these ids.
DEMO_CLIENTS = {1: "Zielony Las sp. z o.o.", 2: "Kowalski Consulting"}


def _user(email: str, full_name: str, language: str = "", **extra) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = user_create(
            email=email, password=DEMO_PASSWORD, full_name=full_name, language=language
        )
    if extra:
        User.objects.filter(pk=user.pk).update(**extra)
    return user


def _office(*, slug: str, name: str, country: str) -> Office:
    office = Office.objects.filter(slug=slug).first()
    return office or office_provision(name=name, slug=slug, country=country)


def demo_foundation() -> tuple[list[Office], dict[str, User]]:
    demo = _office(slug="demo", name="Biuro Wirtualne Demo", country=Office.Country.POLAND)
    second = _office(
        slug="bratislava", name="Virtuálna kancelária Bratislava", country=Office.Country.SLOVAKIA
    )
    people = {
        "owner": _user("owner@demo.example.com", "Anna Nowak"),
        "staff": _user("staff@demo.example.com", "Piotr Wiśniewski"),
        "sk_owner": _user("owner@bratislava.example.com", "Jana Horváthová", "sk"),
        "client": _user("client@demo.example.com", "Marek Zieliński"),
        "platform_admin": _user(
            "admin@vireo.example.com", "Platform Admin", is_staff=True, is_superuser=True
        ),
    }
    membership_create(user=people["owner"], office=demo, role=Role.OWNER)
    # One person on staff in both offices: the switcher has something to show.
    membership_create(user=people["staff"], office=demo, role=Role.STAFF)
    membership_create(user=people["staff"], office=second, role=Role.STAFF)
    membership_create(user=people["sk_owner"], office=second, role=Role.OWNER)
    # One person acting for two client companies (P4).
    for client_id, client_name in DEMO_CLIENTS.items():
        membership_create(
            user=people["client"],
            office=demo,
            role=Role.CLIENT,
            client_id=client_id,
            client_name=client_name,
        )
    return [demo, second], people
