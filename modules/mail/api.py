"""/api/v1/mail/: staff read, register and change items; a client user reads their
company's items (in statuses visible to clients) and their scans."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import FileResponse, Http404
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination, PageNumberPagination
from rest_framework.permissions import BasePermission

from accounts.permissions import IsOfficeMember
from common.exceptions import ApplicationError
from modules.clients.models import Client
from modules.mail import selectors, storage
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

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is not None and not request._request.membership.is_staff_role:
            data.pop("notes", None)  # internal to the office
        return data


class StaffWrites(BasePermission):
    def has_permission(self, request, view) -> bool:
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return True
        return request._request.membership.is_staff_role


def _service(call):
    try:
        return call()
    except DjangoValidationError as exc:
        raise ValidationError(
            getattr(exc, "message_dict", {"non_field_errors": exc.messages})
        ) from None
    except ApplicationError as exc:
        raise ValidationError({"non_field_errors": [exc.message], "code": exc.code}) from None


class NewestFirst(CursorPagination):
    """Pages follow each other by a cursor: no COUNT over an office's million items, and
    no item skipped or repeated when new mail arrives between two pages."""

    ordering = ("-received_at", "-id")
    page_size = 50


class MailItemViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ItemSerializer
    permission_classes = [IsOfficeMember, StaffWrites]
    pagination_class = NewestFirst
    office_access = "member"

    def get_queryset(self):
        qs = selectors.mail_item_list(membership=self.request._request.membership)
        params = self.request.query_params
        if params.get("status"):
            qs = qs.filter(status__code=params["status"])
        if params.get("client", "").isdigit():
            qs = qs.filter(client_id=int(params["client"]))
        return qs.select_related("status").order_by("-received_at", "-id")

    def get_object(self):
        obj = self.get_queryset().filter(pk=self.kwargs["pk"]).first()
        if obj is None:
            raise Http404
        return obj

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("confirm_leave_final", None)
        notify_choice = data.pop("notify_choice", MailItem.Notify.NONE)
        serializer.instance = _service(
            lambda: mail_register(
                actor=self.request.user,
                data=data,
                notify_choice=notify_choice,
                confirm_missing_scan=True,
            )
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        confirm = data.pop("confirm_leave_final", False)
        data.pop("notify_choice", None)
        serializer.instance = _service(
            lambda: mail_update(
                item=serializer.instance,
                actor=self.request.user,
                data=data,
                confirm_leave_final=confirm,
            )
        )

    @action(detail=True, methods=["get"])
    def scans(self, request, pk=None):
        item = self.get_object()
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(list(item.scans.all()), request, view=self)
        return paginator.get_paginated_response(ScanSerializer(page, many=True).data)


class MailScanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ScanSerializer
    office_access = "member"

    def get_queryset(self):
        items = selectors.mail_item_list(membership=self.request._request.membership)
        return MailScan.objects.filter(item__in=items).order_by("-pk")

    def get_object(self):
        obj = self.get_queryset().filter(pk=self.kwargs["pk"]).first()
        if obj is None:
            raise Http404
        return obj

    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        scan = self.get_object()
        try:
            path = storage.resolve(scan.path)
        except ValueError:
            raise Http404 from None
        if not path.is_file():
            raise Http404
        return FileResponse(
            path.open("rb"),
            as_attachment=True,
            filename=scan.original_name,
            content_type=scan.content_type,
        )
