"""API (/api/v1/settlements/...): catalogue, packages, usage records and summaries for
staff; a client user reads their own company's summary when the office shows them (P3)."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.response import Response

from accounts.access import MEMBER
from common.api import OfficeApi, OfficeViewSet
from modules.billing import selectors
from modules.billing.models import Package, Service, UsageRecord
from modules.billing.periods import month_parse
from modules.billing.services import (
    package_create,
    service_create,
    settings_get,
    usage_record,
)
from modules.clients.models import Client


class ServiceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Service
        fields = (
            "id",
            "name_pl",
            "name_sk",
            "name_en",
            "unit",
            "net_price",
            "vat_rate",
            "metric",
            "active",
        )


class PackageSerializer(serializers.ModelSerializer):
    class Meta:
        model = Package
        fields = (
            "id",
            "name",
            "frequency",
            "contract_months",
            "notice_months",
            "vat_rate",
            "active",
            *Package.TERM_FIELDS,
        )


class UsageSerializer(serializers.ModelSerializer):
    client = serializers.PrimaryKeyRelatedField(queryset=Client.objects.all())
    service = serializers.PrimaryKeyRelatedField(
        queryset=Service.objects.all(), required=False, allow_null=True
    )
    unit_price = serializers.DecimalField(max_digits=10, decimal_places=2, required=False)

    class Meta:
        model = UsageRecord
        fields = (
            "id",
            "client",
            "service",
            "description",
            "date",
            "period",
            "late",
            "quantity",
            "unit",
            "unit_price",
            "vat_rate",
            "note",
            "reason",
            "source",
        )
        read_only_fields = ("period", "late", "unit", "vat_rate", "source")


class ServiceViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, OfficeViewSet):
    serializer_class = ServiceSerializer

    def get_queryset(self):
        return selectors.service_list()

    def perform_create(self, serializer):
        serializer.instance = self.service_call(
            service_create, actor=self.request.user, data=dict(serializer.validated_data)
        )


class PackageViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, OfficeViewSet):
    serializer_class = PackageSerializer

    def get_queryset(self):
        return selectors.package_list()

    def perform_create(self, serializer):
        serializer.instance = self.service_call(
            package_create, actor=self.request.user, data=dict(serializer.validated_data)
        )


_MONTH = OpenApiParameter("month", str, description="The month, YYYY-MM (default: this one)")


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("client", int, description="Only this client's"), _MONTH]
    )
)
class UsageViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, OfficeViewSet):
    serializer_class = UsageSerializer

    def get_queryset(self):
        client = self.request.query_params.get("client")
        period = self.request.query_params.get("month")
        return selectors.usage_list(
            client_id=int(client) if client and client.isdigit() else None,
            period=month_parse(period) if period else None,
        )

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = self.service_call(usage_record, actor=self.request.user, **data)


class LineSerializer(serializers.Serializer):
    kind = serializers.CharField()
    description = serializers.CharField()
    quantity = serializers.DecimalField(max_digits=13, decimal_places=3)
    unit = serializers.CharField()
    unit_price = serializers.DecimalField(max_digits=12, decimal_places=2)
    vat_rate = serializers.CharField()
    net = serializers.DecimalField(max_digits=12, decimal_places=2)
    vat = serializers.DecimalField(max_digits=12, decimal_places=2)
    gross = serializers.DecimalField(max_digits=12, decimal_places=2)
    ref = serializers.CharField()
    date = serializers.CharField()
    late = serializers.BooleanField()


class SummarySerializer(serializers.Serializer):
    """What summary_data() answers (documents the API; the figures are the selector's)."""

    client_id = serializers.IntegerField()
    client_name = serializers.CharField()
    period = serializers.DateField()
    currency = serializers.CharField()
    package = serializers.CharField()
    individual = serializers.BooleanField()
    lines = LineSerializer(many=True)
    limits = serializers.ListField(child=serializers.DictField())
    closed_at = serializers.CharField()
    net = serializers.DecimalField(max_digits=12, decimal_places=2)
    vat = serializers.DecimalField(max_digits=12, decimal_places=2)
    gross = serializers.DecimalField(max_digits=12, decimal_places=2)
    over_limit = serializers.BooleanField()


def summary_data(summary) -> dict:
    data = summary.as_dict()
    data.update(
        net=str(summary.net),
        vat=str(summary.vat),
        gross=str(summary.gross),
        over_limit=summary.over_limit,
    )
    return data


class SummaryListApi(OfficeApi):
    serializer_class = SummarySerializer
    pagination_class = None  # one row per client for the month, as the schema says

    @extend_schema(parameters=[_MONTH], responses=SummarySerializer(many=True))
    def get(self, request):
        period = month_parse(request.query_params.get("month"))
        return Response([summary_data(s) for s in selectors.summary_list(period=period)])


class SummaryApi(OfficeApi):
    """Staff: any client's month. A client user: their own company's, when switched on."""

    office_access = MEMBER
    serializer_class = SummarySerializer
    client_fields = tuple(SummarySerializer().fields)

    @extend_schema(parameters=[_MONTH], responses=SummarySerializer)
    def get(self, request, client_id: int):
        membership = self.membership
        if not membership.is_staff_role and (
            client_id != membership.client_id or not settings_get().summaries_for_clients
        ):
            raise Http404
        period = month_parse(request.query_params.get("month"))
        summary = selectors.summary_get(client_id=client_id, period=period)
        if summary is None:
            raise Http404
        return Response(summary_data(summary))
