import factory

from modules.clients.models import Client, ClientAddress, ContactPerson
from modules.clients.services.search import client_search_refresh


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Firma Testowa {n} sp. z o.o.")
    code = factory.Sequence(lambda n: f"T-{n:04d}")
    legal_form = "sp. z o.o."

    @factory.post_generation
    def searchable(obj, create, extracted, **kwargs):
        if create:
            client_search_refresh(client_ids=[obj.pk])


class AddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClientAddress

    client = factory.SubFactory(ClientFactory)
    kind = ClientAddress.Kind.REGISTERED
    street = "ul. Prosta 1"
    postal_code = "00-001"
    city = "Warszawa"


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactPerson

    client = factory.SubFactory(ClientFactory)
    first_name = "Jan"
    last_name = factory.Sequence(lambda n: f"Testowy{n}")
    emails = factory.LazyAttribute(lambda o: [f"{o.last_name.lower()}@example.com"])
    phones = ["+48 600 100 200"]


def refresh(*clients):
    client_search_refresh(client_ids=[c.pk for c in clients])
