"""API (/api/v1/invoices/): staff list, read, create drafts, issue, record payments; a client
user lists and reads their own company's issued invoices."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from accounts.access import MEMBER
from common.api import OfficeViewSet
from modules.clients.models import Client
from modules.invoices import selectors, services
from modules.invoices.downloads import ubl_response
from modules.invoices.models import Invoice, InvoiceLine, Payment
from modules.invoices.policies import office_ksef_available
from modules.invoices.ubl import UblNotApplicable, ubl_unavailable_reason


class InvoiceLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = InvoiceLine
        fields = (
            "position",
            "description",
            "quantity",
            "unit",
            "unit_price",
            "vat_rate",
            "net",
            "vat",
            "gross",
        )
        read_only_fields = ("position", "net", "vat", "gross")


class InvoicePaymentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Payment
        fields = ("id", "date", "amount", "note")


class InvoicePaymentCreateSerializer(InvoicePaymentSerializer):
    confirm_overpayment = serializers.BooleanField(
        write_only=True,
        default=False,
        help_text="Record a payment larger than what is still due (the overpayment is then "
        "to be refunded or settled). Without it such a payment is refused: 400 with code "
        "`overpayment` and a message naming by how much, nothing recorded.",
    )

    class Meta(InvoicePaymentSerializer.Meta):
        fields = (*InvoicePaymentSerializer.Meta.fields, "confirm_overpayment")


class InvoiceSerializer(serializers.ModelSerializer):
    client = serializers.PrimaryKeyRelatedField(queryset=Client.objects.all())
    lines = InvoiceLineSerializer(many=True)
    payments = InvoicePaymentSerializer(many=True, read_only=True)
    ubl_available = serializers.SerializerMethodField(
        help_text="The invoice has an EN 16931 e-invoice (UBL, Peppol BIS 3.0): GET {id}/ubl/."
    )

    class Meta:
        model = Invoice
        fields = (
            "id",
            "client",
            "kind",
            "number",
            "status",
            "issue_date",
            "sale_from",
            "sale_to",
            "due_date",
            "payment_method",
            "currency",
            "net",
            "vat",
            "gross",
            "paid",
            "notes",
            "ksef_status",
            "ksef_number",
            "ksef_error",
            "variable_symbol",
            "lines",
            "payments",
            "ubl_available",
        )
        read_only_fields = (
            "kind",
            "number",
            "status",
            "issue_date",
            "currency",
            "net",
            "vat",
            "gross",
            "paid",
            "ksef_status",
            "ksef_number",
            "ksef_error",
            "variable_symbol",
        )
        extra_kwargs = {
            "variable_symbol": {
                "help_text": "A Slovak invoice's variabilný symbol, what the client pays with "
                "(given at issue; empty for drafts and Polish invoices)."
            }
        }

    def get_ubl_available(self, invoice: Invoice) -> bool:
        return not invoice.is_draft and not ubl_unavailable_reason(invoice)


class InvoiceViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, OfficeViewSet
):
    serializer_class = InvoiceSerializer
    office_access = MEMBER
    client_fields = (  # everything printed on the invoice; not KSeF's working state
        "id",
        "kind",
        "number",
        "status",
        "issue_date",
        "sale_from",
        "sale_to",
        "due_date",
        "payment_method",
        "currency",
        "net",
        "vat",
        "gross",
        "paid",
        "notes",
        "ksef_number",
        "variable_symbol",  # what a Slovak client pays with
        "lines",
        "payments",
        "ubl_available",
    )

    def get_serializer(self, *args, **kwargs):
        serializer = super().get_serializer(*args, **kwargs)
        # KSeF is Poland's: no KSeF fields elsewhere (the schema describes them all)
        if not getattr(self, "swagger_fake_view", False) and not office_ksef_available():
            fields = getattr(serializer, "child", serializer).fields
            for name in [n for n in fields if n.startswith("ksef_")]:
                del fields[name]
        return serializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reading the types
            return Invoice.objects.none()
        params = self.request.query_params
        return selectors.invoice_list(
            membership=self.membership, status=params.get("status", "")
        ).prefetch_related("lines", "payments")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = self.service_call(
            services.invoice_create,
            actor=self.request.user,
            client=data["client"],
            lines=[dict(line) for line in data["lines"]],
            sale_from=data["sale_from"],
            sale_to=data["sale_to"],
            due_date=data.get("due_date"),
            payment_method=data.get("payment_method", Invoice.Payment.TRANSFER),
            notes=data.get("notes", ""),
        )

    @action(detail=True, methods=["post"])
    def issue(self, request, pk=None):
        invoice = self.service_call(
            services.invoice_issue, invoice=self.get_object(), actor=request.user
        )
        return Response(self.get_serializer(invoice).data)

    @extend_schema(
        request=InvoicePaymentCreateSerializer, responses={201: InvoicePaymentSerializer}
    )
    @action(detail=True, methods=["post"], serializer_class=InvoicePaymentCreateSerializer)
    def payments(self, request, pk=None):
        """Record a payment. One larger than what is still due is refused (400, code
        `overpayment`) unless `confirm_overpayment` is true: the payment service's rule, as
        the staff screen asks first."""
        invoice = self.get_object()
        serializer = InvoicePaymentCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        confirmed = data.pop("confirm_overpayment")
        payment = self.service_call(
            services.payment_record,
            invoice=invoice,
            actor=request.user,
            overpayment_confirmed=confirmed,
            **data,
        )
        return Response(InvoicePaymentSerializer(payment).data, status=201)

    @extend_schema(responses={(200, "application/xml"): bytes})
    @action(detail=True, methods=["get"])
    def ubl(self, request, pk=None):
        """The invoice's EN 16931 e-invoice (UBL 2.1, Peppol BIS 3.0), validated."""
        try:
            return self.service_call(ubl_response, invoice=self.get_object())
        except UblNotApplicable:
            raise NotFound from None
