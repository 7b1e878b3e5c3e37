"""/api/v1/clients/: staff read and write the card file; a client user reads their company."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission

from accounts.permissions import IsOfficeMember
from common.exceptions import ApplicationError
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
            **{f: {"validators": []} for f in ("nip", "regon", "krs", "ico", "dic", "ic_dph")},
        }


class StaffWrites(BasePermission):
    """Reading is for any member (selectors narrow a client user to their company); writing
    is for staff."""

    def has_permission(self, request, view) -> bool:
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return True
        return request._request.membership.is_staff_role


class ClientViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ClientSerializer
    permission_classes = [IsOfficeMember, StaffWrites]
    office_access = "member"

    def get_queryset(self):
        return (
            client_list(membership=self.request._request.membership)
            .prefetch_related("addresses", "contacts")
            .order_by("name", "pk")
        )

    def list(self, request, *args, **kwargs):
        query = request.query_params.get("q", "").strip()
        if query:
            # The search narrows a client user to their own company, as get_queryset does.
            ids = [
                h.id
                for h in client_search(
                    membership=request._request.membership, query=query, limit=50
                )
            ]
            order = {pk: i for i, pk in enumerate(ids)}
            rows = sorted(self.get_queryset().filter(pk__in=ids), key=lambda c: order[c.pk])
            return self.get_paginated_response(
                self.get_serializer(self.paginate_queryset(rows), many=True).data
            )
        return super().list(request, *args, **kwargs)

    def get_object(self):
        obj = self.get_queryset().filter(pk=self.kwargs["pk"]).first()
        if obj is None:
            raise Http404
        return obj

    def _service(self, call):
        try:
            return call()
        except DjangoValidationError as exc:
            detail = getattr(exc, "message_dict", {"non_field_errors": exc.messages})
            raise ValidationError(detail) from exc
        except ApplicationError as exc:
            raise ValidationError({"non_field_errors": [exc.message]}) from exc

    def perform_create(self, serializer):
        serializer.instance = self._service(
            lambda: client_create(actor=self.request.user, data=dict(serializer.validated_data))
        )

    def perform_update(self, serializer):
        serializer.instance = self._service(
            lambda: client_update(
                client=serializer.instance,
                actor=self.request.user,
                data=dict(serializer.validated_data),
            )
        )
