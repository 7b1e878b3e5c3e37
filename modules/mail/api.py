"""/api/v1/mail/: staff read, register and change items; a client user reads their
company's items (in statuses visible to clients) and their scans."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.pagination import CursorPagination, PageNumberPagination

from accounts.access import MEMBER
from common.api import OfficeViewSet
from common.storage import office_file_response
from modules.clients.models import Client
from modules.mail import selectors
from modules.mail.forms import mail_filters
from modules.mail.models import MailItem, MailScan, MailStatus, MailType
from modules.mail.services import mail_register, mail_update


class ScanSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = MailScan
        fields = [
            "id",
            "item",
            "original_name",
            "content_type",
            "size",
            "pages",
            "source",
            "created_at",
            "download_url",
        ]

    def get_download_url(self, scan) -> str:
        return f"/api/v1/mail/scans/{scan.pk}/download/"


class ItemSerializer(serializers.ModelSerializer):
    client = serializers.PrimaryKeyRelatedField(queryset=Client.objects.all())
    mail_type = serializers.PrimaryKeyRelatedField(queryset=MailType.objects.all())
    status = serializers.PrimaryKeyRelatedField(queryset=MailStatus.objects.all(), required=False)
    status_code = serializers.CharField(source="status.code", read_only=True)
    status_label = serializers.CharField(source="status.label", read_only=True)
    confirm_leave_final = serializers.BooleanField(write_only=True, required=False)
    # As on the registration form: an item registered without a time arrived now.
    received_at = serializers.DateTimeField(default=timezone.now)

    class Meta:
        model = MailItem
        fields = [
            "id",
            "number",
            "direction",
            "client",
            "sender",
            "recipient",
            "mail_type",
            "received_at",
            "pieces",
            "tracking_number",
            "notes",
            "additional_info",
            "additional_cost",
            "status",
            "status_code",
            "status_label",
            "notify_choice",
            "notified_at",
            "scan_count",
            "picked_up_at",
            "picked_up_by",
            "pickup_method",
            "created_at",
            "updated_at",
            "confirm_leave_final",
        ]
        read_only_fields = [
            "id",
            "number",
            "notified_at",
            "scan_count",
            "picked_up_at",
            "picked_up_by",
            "pickup_method",
            "created_at",
            "updated_at",
        ]


class NewestFirst(CursorPagination):
    """Pages follow each other by a cursor: no COUNT over an office's million items, and
    no item skipped or repeated when new mail arrives between two pages."""

    ordering = selectors.NEWEST_FIRST
    page_size = 50


# The query parameters the list reads (forms.mail_filters), for the OpenAPI schema.
_FILTERS = [
    OpenApiParameter("status", str, description="A status's id or code (the archive's tab)"),
    OpenApiParameter("client", int, description="Only this client's items"),
    OpenApiParameter("direction", str, enum=["in", "out"], description="Incoming or outgoing"),
    OpenApiParameter("type", int, description="A mail type's id"),
    OpenApiParameter("date_from", OpenApiTypes.DATE, description="Registered on or after"),
    OpenApiParameter("date_to", OpenApiTypes.DATE, description="Registered on or before"),
    OpenApiParameter("q", str, description="Words: number, sender, client, notes"),
]


@extend_schema_view(list=extend_schema(parameters=_FILTERS))
class MailItemViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    OfficeViewSet,
):
    """Staff read and write; a client user reads their company's items."""

    serializer_class = ItemSerializer
    pagination_class = NewestFirst
    office_access = MEMBER
    # The notes are internal to the office.
    client_fields = tuple(f for f in ItemSerializer.Meta.fields if f != "notes")

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reading the types
            return MailItem.objects.none()
        # The archive's filters, read and applied as the archive and the export do.
        filters = mail_filters(
            self.request.query_params, statuses=selectors.status_list(active_only=False)
        )
        return selectors.mail_item_filtered(
            membership=self.membership, filters=filters
        ).select_related("status")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("confirm_leave_final", None)
        notify_choice = data.pop("notify_choice", MailItem.Notify.NONE)
        serializer.instance = self.service_call(
            mail_register,
            actor=self.request.user,
            data=data,
            notify_choice=notify_choice,
            confirm_missing_scan=True,
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        confirm = data.pop("confirm_leave_final", False)
        data.pop("notify_choice", None)
        serializer.instance = self.service_call(
            mail_update,
            item=serializer.instance,
            actor=self.request.user,
            data=data,
            confirm_leave_final=confirm,
        )

    @extend_schema(operation_id="mail_item_scans_list", responses=ScanSerializer(many=True))
    @action(detail=True, methods=["get"])
    def scans(self, request, pk=None):
        item = self.get_object()
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(list(item.scans.all()), request, view=self)
        return paginator.get_paginated_response(ScanSerializer(page, many=True).data)


class MailScanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, OfficeViewSet):
    serializer_class = ScanSerializer
    office_access = MEMBER
    client_fields = tuple(ScanSerializer.Meta.fields)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reading the types
            return MailScan.objects.none()
        items = selectors.mail_item_list(membership=self.membership)
        return MailScan.objects.filter(item__in=items).order_by("-pk")

    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        scan = self.get_object()
        return office_file_response(
            scan.path, filename=scan.original_name, content_type=scan.content_type, download=True
        )
