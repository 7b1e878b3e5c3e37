"""/api/v1/helpdesk/orders/ and /api/v1/helpdesk/worklog/ (staff only): work orders (read
for every staff helpdesk level, written by supervisors) and the work log (read by staff,
typed entries by people who work, totals with the selectors' filters)."""

from __future__ import annotations

import contextlib

from django.core.exceptions import PermissionDenied
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response

from common.api import OfficeViewSet
from modules.clients.models import Client
from modules.helpdesk import selectors, work_selectors
from modules.helpdesk.models import Access, WorkLog, WorkOrder
from modules.helpdesk.policies import STAFF_LEVELS, access_level, can_work
from modules.helpdesk.worklog import MAX_MINUTES, worklog_add
from modules.helpdesk.workorders import workorder_create, workorder_link, workorder_update


class NewestFirst(CursorPagination):
    ordering = ("-created_at", "-pk")
    page_size = 50


class WorkOrderSerializer(serializers.ModelSerializer):
    client = serializers.PrimaryKeyRelatedField(
        queryset=Client.objects.all(), required=False, allow_null=True
    )
    dispatcher = serializers.IntegerField(
        source="dispatcher_id", required=False, allow_null=True, min_value=1
    )
    operators = serializers.ListField(
        source="operator_ids",
        child=serializers.IntegerField(min_value=1),
        required=False,
        max_length=100,
    )
    requests = serializers.SerializerMethodField()

    class Meta:
        model = WorkOrder
        fields = [
            "id",
            "number",
            "title",
            "description",
            "client",
            "budget_hours",
            "budget_amount",
            "dispatcher",
            "operators",
            "status",
            "planned_start",
            "planned_end",
            "requests",
            "version",
            "created_at",
        ]
        read_only_fields = ["id", "number", "requests", "version", "created_at"]

    def get_requests(self, instance) -> list[int]:
        return sorted(link.request_id for link in instance.links.all())


class LinkSerializer(serializers.Serializer):
    request = serializers.IntegerField(min_value=1)


def _level_check(membership, *, dispatch: bool = False, work: bool = False) -> str:
    level = access_level(membership)
    if level not in STAFF_LEVELS:
        raise PermissionDenied
    if dispatch and level != Access.Level.SUPERVISOR:
        raise PermissionDenied
    if work and not can_work(level):
        raise PermissionDenied
    return level


class WorkOrderViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    OfficeViewSet,
):
    serializer_class = WorkOrderSerializer
    pagination_class = NewestFirst

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return WorkOrder.objects.none()
        _level_check(self.membership)
        return WorkOrder.objects.prefetch_related("operators", "links")

    def perform_create(self, serializer):
        _level_check(self.membership, dispatch=True)
        data = dict(serializer.validated_data)
        serializer.instance = self.service_call(
            workorder_create,
            actor=self.request.user,
            operator_ids=data.pop("operator_ids", ()),
            **data,
        )

    def perform_update(self, serializer):
        _level_check(self.membership, dispatch=True)
        data = dict(serializer.validated_data)
        operators = data.pop("operator_ids", None)
        version = self.request.data.get("version") if hasattr(self.request.data, "get") else None
        serializer.instance = self.service_call(
            workorder_update,
            order=serializer.instance,
            actor=self.request.user,
            data=data,
            operator_ids=operators,
            version=version if isinstance(version, int) else None,
        )

    @extend_schema(request=LinkSerializer, responses=WorkOrderSerializer)
    @action(detail=True, methods=["post"])
    def link(self, request, pk=None):
        """Put a request into the order (the order's client's; in no other order)."""
        order = self.get_object()
        _level_check(self.membership, dispatch=True)
        payload = LinkSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        target = selectors.request_get(
            membership=self.membership, request_id=payload.validated_data["request"]
        )
        if target is None:
            raise Http404
        self.service_call(workorder_link, order=order, request=target, actor=request.user)
        order = self.get_queryset().get(pk=order.pk)
        return Response(self.get_serializer(order).data)


class WorkLogSerializer(serializers.ModelSerializer):
    request = serializers.IntegerField(source="request_id", min_value=1)
    minutes = serializers.IntegerField(min_value=1, max_value=MAX_MINUTES)
    billed = serializers.SerializerMethodField()

    class Meta:
        model = WorkLog
        fields = [
            "id",
            "request",
            "operator",
            "operator_label",
            "date",
            "minutes",
            "description",
            "billable",
            "rate",
            "rate_source",
            "vat_rate",
            "amount",
            "capped",
            "billed",
            "created_at",
        ]
        read_only_fields = [
            "id",
            "operator",
            "operator_label",
            "rate",
            "rate_source",
            "vat_rate",
            "amount",
            "capped",
            "billed",
            "created_at",
        ]

    def get_billed(self, instance) -> bool:
        return instance.work_id is not None


class TotalsSerializer(serializers.Serializer):
    entries = serializers.IntegerField()
    minutes = serializers.IntegerField()
    billable_minutes = serializers.IntegerField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    billed_amount = serializers.DecimalField(max_digits=14, decimal_places=2)


FILTERS = [
    OpenApiParameter(name, int, required=False)
    for name in ("request", "order", "client", "operator")
] + [OpenApiParameter(name, str, required=False) for name in ("date_from", "date_to")]


class WorkLogViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, OfficeViewSet):
    serializer_class = WorkLogSerializer
    pagination_class = NewestFirst

    def _filters(self) -> dict:
        import datetime as dt

        params, filters = self.request.query_params, {}
        for name in ("request", "order", "client", "operator"):
            raw = params.get(name, "")
            if raw.isdigit():
                filters[f"{name}_id"] = int(raw)
        for name in ("date_from", "date_to"):
            with contextlib.suppress(ValueError):
                filters[name] = dt.date.fromisoformat(params.get(name, ""))
        return filters

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return WorkLog.objects.none()
        _level_check(self.membership)
        visible = selectors.request_list(membership=self.membership).values("pk")
        filters = self._filters()
        rows = WorkLog.objects.filter(request__in=visible, minutes__isnull=False)
        for key, lookup in (
            ("request_id", "request_id"),
            ("order_id", "request__order_link__order_id"),
            ("client_id", "request__client_id"),
            ("operator_id", "operator_id"),
            ("date_from", "date__gte"),
            ("date_to", "date__lte"),
        ):
            if key in filters:
                rows = rows.filter(**{lookup: filters[key]})
        return rows

    @extend_schema(parameters=FILTERS)
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def perform_create(self, serializer):
        _level_check(self.membership, work=True)
        data = dict(serializer.validated_data)
        target = selectors.request_get(membership=self.membership, request_id=data["request_id"])
        if target is None:
            raise Http404
        serializer.instance = self.service_call(
            worklog_add,
            request=target,
            actor=self.request.user,
            date=data["date"],
            minutes=data["minutes"],
            description=data.get("description", ""),
            billable=data.get("billable", True),
        )

    @extend_schema(parameters=FILTERS, responses=TotalsSerializer)
    @action(detail=False, methods=["get"], pagination_class=None)
    def totals(self, request):
        """`worklog_totals` with the list's filters, office-wide: for supervisors and
        read-only staff (who see every request); an agent gets 403."""
        if _level_check(self.membership) == Access.Level.AGENT:
            raise PermissionDenied
        totals = work_selectors.worklog_totals(**self._filters())
        return Response(TotalsSerializer(totals).data)
