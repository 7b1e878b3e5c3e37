"""One rule for the language of a person's messages (selectors.person_language): the one
they chose - the panel's switcher, or the client panel's Profile - else the recipient row's
(the client's notification language). A client user who switched the panel to Slovak got
Polish e-mails while the PDFs they downloaded were Slovak."""

from django.db import connection

from accounts.models import Role
from modules.notifications.models import Delivery
from modules.notifications.services import NotifyItem, notify, notify_many
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.clients.factories import ClientFactory
from tests.modules.notifications.factories import email_recipient, sms_recipient

MAIL = {"mail_sender": "ZUS", "mail_type": "list"}


def _client_user(office, client, email: str):
    user = member(office, Role.CLIENT, client_id=client.pk, client_name=client.name)
    user.email = email
    user.language = "pl"
    user.save(update_fields=["email", "language"])
    return user


def test_a_client_user_who_switched_to_slovak_gets_slovak_e_mails_and_sms(office_a):
    with in_office(office_a):
        client = ClientFactory(name="Zielony Las", language="pl")
        user = _client_user(office_a, client, "anna@las.pl")
        email_recipient(client_id=client.pk, address="ANNA@las.pl", language="pl", contact_id=7)
        sms_recipient(client_id=client.pk, language="pl", contact_id=7)  # her phone
        email_recipient(client_id=client.pk, address="biuro@las.pl", language="pl")
    web = OfficeClient(office_a, user=user)
    web.post("/accounts/language/", {"language": "sk", "next": "/portal/"})  # top right
    with in_office(office_a):
        notify(event="mail.new", client_id=client.pk, context={**MAIL, "client_name": "Las"})
        rows = list(Delivery.objects.order_by("pk").values_list("address", "language", "subject"))
    assert rows == [
        ("anna@las.pl", "sk", "Nová pošta – odosielateľ: ZUS"),
        ("+48601234567", "sk", ""),
        ("biuro@las.pl", "pl", "Nowa korespondencja – nadawca: ZUS"),  # not a user: the row's
    ]


def test_the_bulk_path_follows_the_same_rule(office_a):
    with in_office(office_a):
        client = ClientFactory(language="pl")
        user = _client_user(office_a, client, "jan@las.pl")
        user.language = "en"
        user.save(update_fields=["language"])
        email_recipient(client_id=client.pk, address="jan@las.pl", language="pl")
        notify_many(
            event="mail.new",
            items=[NotifyItem(client_id=client.pk, context={**MAIL, "client_name": "Las"})],
        )
        assert list(Delivery.objects.values_list("language", flat=True)) == ["en"]


def test_a_person_of_another_office_keeps_the_rows_language(office_a, office_b):
    with in_office(office_b):
        client_b = ClientFactory()
    stranger = _client_user(office_b, client_b, "ewa@las.pl")
    stranger.language = "sk"
    stranger.save(update_fields=["language"])
    with in_office(office_a):
        client = ClientFactory(language="pl")
        email_recipient(client_id=client.pk, address="ewa@las.pl", language="pl")
        notify(event="mail.new", client_id=client.pk, context={**MAIL, "client_name": "Las"})
        assert list(Delivery.objects.values_list("language", flat=True)) == ["pl"]
    assert connection.schema_name == "public"


def test_the_profile_shows_and_changes_the_language_of_the_persons_e_mails(office_a):
    with in_office(office_a):
        client = ClientFactory(language="pl")
        user = _client_user(office_a, client, "anna@las.pl")
        email_recipient(client_id=client.pk, address="anna@las.pl", language="pl")
    web = OfficeClient(office_a, user=user)
    page = web.get("/portal/profile/").content.decode()
    assert "E-maile na adres anna@las.pl przychodzą w języku: polski." in page
    response = web.post("/accounts/language/", {"language": "sk", "next": "/portal/profile/"})
    assert response["Location"] == "/portal/profile/"
    page = web.get("/portal/profile/").content.decode()
    assert "E-maily na adresu anna@las.pl chodia v jazyku: slovenčina." in page
    assert '<option value="sk" selected>Slovenčina</option>' in page


def test_the_profile_says_when_the_persons_address_receives_nothing(office_a):
    with in_office(office_a):
        client = ClientFactory()
        user = _client_user(office_a, client, "nikt@las.pl")
    page = OfficeClient(office_a, user=user).get("/portal/profile/").content.decode()
    assert "Adres nikt@las.pl nie otrzymuje powiadomień tej firmy." in page
