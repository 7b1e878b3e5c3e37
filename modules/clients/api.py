"""/api/v1/clients/: staff read and write the card file; a client user reads their company."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers

from accounts.access import MEMBER
from common.api import OfficeViewSet
from common.collation import name_ordering
from modules.clients.models import Client, ClientAddress, ContactPerson
from modules.clients.selectors import client_list, client_search
from modules.clients.services.clients import CLIENT_FIELDS, client_create, client_update


class AddressSerializer(serializers.ModelSerializer):
    class Meta:
        model = ClientAddress
        fields = ["id", "kind", "street", "postal_code", "city", "country", "recipient"]


class ContactSerializer(serializers.ModelSerializer):
    class Meta:
        model = ContactPerson
        fields = [
            "id",
            "first_name",
            "last_name",
            "role",
            "emails",
            "phones",
            "authorised_to_pick_up_mail",
            "receives_notifications",
        ]


class ClientSerializer(serializers.ModelSerializer):
    addresses = AddressSerializer(many=True, read_only=True)
    contacts = ContactSerializer(many=True, read_only=True)

    class Meta:
        model = Client
        fields = ["id", *CLIENT_FIELDS, "addresses", "contacts", "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]
        extra_kwargs = {
            "code": {"required": False, "validators": []},
            # Numbers are normalised and checked by the service (Client.clean + validators).
            **{
                f: {"validators": []}
                for f in ("nip", "regon", "krs", "ico", "dic", "ic_dph", "vat_number")
            },
        }


# Office notes about the company stay with the office.
_CLIENT_VISIBLE = tuple(f for f in ClientSerializer.Meta.fields if f != "notes")


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("q", str, description="Search the card file (C2)")]
    )
)
class ClientViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    OfficeViewSet,
):
    """Reading is for any member (selectors narrow a client user to their company); writing
    is for staff."""

    serializer_class = ClientSerializer
    office_access = MEMBER
    client_fields = _CLIENT_VISIBLE

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reading the types
            return Client.objects.none()
        return (
            client_list(membership=self.membership)
            .prefetch_related("addresses", "contacts")
            .order_by(*name_ordering(), "pk")
        )

    def list(self, request, *args, **kwargs):
        query = request.query_params.get("q", "").strip()
        if query:
            # The search narrows a client user to their own company, as get_queryset does.
            ids = [h.id for h in client_search(membership=self.membership, query=query, limit=50)]
            order = {pk: i for i, pk in enumerate(ids)}
            rows = sorted(self.get_queryset().filter(pk__in=ids), key=lambda c: order[c.pk])
            return self.get_paginated_response(
                self.get_serializer(self.paginate_queryset(rows), many=True).data
            )
        return super().list(request, *args, **kwargs)

    def perform_create(self, serializer):
        serializer.instance = self.service_call(
            client_create, actor=self.request.user, data=dict(serializer.validated_data)
        )

    def perform_update(self, serializer):
        serializer.instance = self.service_call(
            client_update,
            client=serializer.instance,
            actor=self.request.user,
            data=dict(serializer.validated_data),
        )
