"""API (/api/v1/settlements/...): catalogue, packages, usage records and summaries for
staff; a client user reads their own company's summary when the office shows them (P3)."""

from __future__ import annotations

import re

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.response import Response

from accounts.access import MEMBER
from common.api import OfficeApi, OfficeViewSet
from modules.billing import selectors
from modules.billing.models import Package, Service, UsageRecord
from modules.billing.periods import month_parse, span_parse
from modules.billing.services import (
    client_summary_allowed,
    package_create,
    package_update,
    service_create,
    service_update,
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

    def get_fields(self):
        fields = super().get_fields()
        # The name in the office's language is the required one (Service.clean); the schema
        # an office reads says so too.
        required = fields.get(Service.required_name_field())
        if required is not None and not self.partial:
            required.required = True
            required.allow_blank = False
        return fields


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
    unit_price = serializers.DecimalField(
        max_digits=10,
        decimal_places=2,
        required=False,
        help_text=(
            "Left out: the service's price, or 0.00 when the client's package includes the"
            " limit the service counts against (the month's overage line prices what is over)."
        ),
    )

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


class _CatalogueViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    OfficeViewSet,
):
    """The catalogue for staff (read, create, change; `active: false` deactivates): the same
    services as Administration > Services and packages (audited, a change saved under the
    row's lock, only what differs). Client users: none (403); what they are billed for
    reaches them as their summary's lines."""

    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def perform_create(self, serializer):
        serializer.instance = self.service_call(
            self.create_service, actor=self.request.user, data=dict(serializer.validated_data)
        )

    def perform_update(self, serializer):
        serializer.instance = self.service_call(
            self.update_service,
            actor=self.request.user,
            data=dict(serializer.validated_data),
            **{self.entity: serializer.instance},
        )


class ServiceViewSet(_CatalogueViewSet):
    serializer_class = ServiceSerializer
    entity = "service"
    create_service = staticmethod(service_create)
    update_service = staticmethod(service_update)

    def get_queryset(self):
        return selectors.service_list()


class PackageViewSet(_CatalogueViewSet):
    serializer_class = PackageSerializer
    entity = "package"
    create_service = staticmethod(package_create)
    update_service = staticmethod(package_update)

    def get_queryset(self):
        return selectors.package_list()


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
        if not client_summary_allowed(membership=self.membership, client_id=client_id):
            raise Http404
        period = month_parse(request.query_params.get("month"))
        summary = selectors.summary_get(client_id=client_id, period=period)
        if summary is None:
            raise Http404
        return Response(summary_data(summary))


_SPAN = [
    _MONTH,
    OpenApiParameter("quarter", str, description="A quarter, YYYY-Qn (wins over month)"),
    OpenApiParameter("from", str, description="First month of a range, YYYY-MM (with to)"),
    OpenApiParameter("to", str, description="Last month of a range, YYYY-MM (at most 12)"),
]
_MONTH_TEXT = re.compile(r"^2\d{3}-(0[1-9]|1[0-2])$")
_QUARTER_TEXT = re.compile(r"^2\d{3}-[Qq][1-4]$")


def _span(request):
    """The span the query asks for, read as the screens read it (periods.span_parse: a
    quarter wins, then from+to, then month; a range reversed is swapped and cut to 12
    months), but a value given in another shape (or a year outside 2000-2999) answers 400
    in the error shape rather than silently showing this month."""
    params = request.query_params
    errors = {
        name: [_("Enter a month as YYYY-MM.")]
        for name in ("month", "from", "to")
        if params.get(name) and not _MONTH_TEXT.match(params[name])
    }
    if params.get("quarter") and not _QUARTER_TEXT.match(params["quarter"]):
        errors["quarter"] = [_("Enter a quarter as YYYY-Qn.")]
    if errors:
        raise serializers.ValidationError(errors)
    return span_parse(params)


class SpanMonthSerializer(serializers.Serializer):
    period = serializers.DateField()
    closed = serializers.BooleanField()
    net = serializers.DecimalField(max_digits=14, decimal_places=2)
    vat = serializers.DecimalField(max_digits=14, decimal_places=2)
    gross = serializers.DecimalField(max_digits=14, decimal_places=2)
    over_limit = serializers.BooleanField()


class SpanRowSerializer(serializers.Serializer):
    """A client's quarter or range in the office list: its totals and each month's."""

    client_id = serializers.IntegerField()
    client_name = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    currency = serializers.CharField()
    package = serializers.CharField()
    individual = serializers.BooleanField()
    net = serializers.DecimalField(max_digits=14, decimal_places=2)
    vat = serializers.DecimalField(max_digits=14, decimal_places=2)
    gross = serializers.DecimalField(max_digits=14, decimal_places=2)
    over_limit = serializers.BooleanField()
    month_count = serializers.IntegerField()
    closed_months = serializers.IntegerField()
    closed = serializers.BooleanField()
    months = SpanMonthSerializer(many=True)


class SpanSerializer(SpanRowSerializer):
    """One client's quarter or range: the totals and every month's summary with its lines."""

    months = SummarySerializer(many=True)


def _span_data(row, *, lines: bool) -> dict:
    data = {
        "client_id": row.client_id,
        "client_name": row.client_name,
        "start": row.start.isoformat(),
        "end": row.end.isoformat(),
        "currency": row.currency,
        "package": row.package,
        "individual": row.individual,
        "net": str(row.net),
        "vat": str(row.vat),
        "gross": str(row.gross),
        "over_limit": row.over_limit,
        "month_count": row.month_count,
        "closed_months": row.closed_months,
        "closed": row.closed,
    }
    if lines:
        data["months"] = [summary_data(month) for month in row.months]
    else:
        data["months"] = [
            {
                "period": month.period.isoformat(),
                "closed": month.closed,
                "net": str(month.net),
                "vat": str(month.vat),
                "gross": str(month.gross),
                "over_limit": month.over_limit,
            }
            for month in row.months
        ]
    return data


class SpanListApi(OfficeApi):
    """Staff: every client with something to bill in a month, quarter or range, as the
    office list shows it (totals, each month's totals; the lines are in spans/<client>/)."""

    serializer_class = SpanRowSerializer
    pagination_class = None

    @extend_schema(parameters=_SPAN, responses=SpanRowSerializer(many=True))
    def get(self, request):
        rows = selectors.summary_span_rows(span=_span(request))
        return Response([_span_data(row, lines=False) for row in rows])


class SpanApi(OfficeApi):
    """Staff: any client's month, quarter or range with every line. A client user: their
    own company's, when the office shows summaries in the client panel (else 404)."""

    office_access = MEMBER
    serializer_class = SpanSerializer
    client_fields = tuple(SpanSerializer().fields)

    @extend_schema(parameters=_SPAN, responses=SpanSerializer)
    def get(self, request, client_id: int):
        if not client_summary_allowed(membership=self.membership, client_id=client_id):
            raise Http404
        row = selectors.summary_span_get(client_id=client_id, span=_span(request))
        if row is None:
            raise Http404
        return Response(_span_data(row, lines=True))
