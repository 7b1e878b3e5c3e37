"""/api/v1/helpdesk/emails/ (staff who work the helpdesk, as Helpdesk > Received e-mails):
the received e-mails by status (triage by default), and the same decisions as the screen:
assign a triaged e-mail to a client (the request is raised), retry a quarantined one,
discard either. The raw message is not served here (the screen shows it as text)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response

from common.api import OfficeViewSet
from modules.clients.models import Client
from modules.helpdesk.intake.services import email_assign, email_discard, email_retry
from modules.helpdesk.models import InboundEmail
from modules.helpdesk.policies import access_level, can_work


class NewestFirst(CursorPagination):
    ordering = ("-created_at", "-pk")
    page_size = 50


class InboundEmailSerializer(serializers.ModelSerializer):
    # In the reader's language from the stored code (intake/reasons.py); the code as well.
    reason = serializers.CharField(source="reason_label", read_only=True)

    class Meta:
        model = InboundEmail
        fields = [
            "id",
            "status",
            "sender",
            "sender_name",
            "subject",
            "received_at",
            "size",
            "reason",
            "reason_code",
            "request",
            "created_at",
        ]
        read_only_fields = fields


class AssignSerializer(serializers.Serializer):
    client = serializers.PrimaryKeyRelatedField(queryset=Client.objects.all())


STATUS_FILTER = [
    OpenApiParameter(
        "status", str, required=False, enum=InboundEmail.Status.values, default="triage"
    )
]


class InboundEmailViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, OfficeViewSet):
    serializer_class = InboundEmailSerializer
    pagination_class = NewestFirst

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return InboundEmail.objects.none()
        if not can_work(access_level(self.membership)):
            raise PermissionDenied
        rows = InboundEmail.objects.all()
        if self.action == "list":
            status = self.request.query_params.get("status", "")
            if status not in InboundEmail.Status.values:  # as the screen: triage
                status = InboundEmail.Status.TRIAGE
            rows = rows.filter(status=status)
        return rows

    @extend_schema(parameters=STATUS_FILTER)
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def _decide(self, service, email=None, **kwargs):
        email = email or self.get_object()
        done = self.service_call(service, email=email, actor=self.request.user, **kwargs)
        return Response(self.get_serializer(done).data)

    @extend_schema(request=AssignSerializer, responses=InboundEmailSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        """Triage: raise the request for the chosen client (or add the reply it answers)."""
        email = self.get_object()  # another office's or unknown e-mail: 404 before the body
        payload = AssignSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        return self._decide(email_assign, email, client=payload.validated_data["client"])

    @extend_schema(request=None, responses=InboundEmailSerializer)
    @action(detail=True, methods=["post"])
    def retry(self, request, pk=None):
        """Quarantine: process the kept message again."""
        return self._decide(email_retry)

    @extend_schema(request=None, responses=InboundEmailSerializer)
    @action(detail=True, methods=["post"])
    def discard(self, request, pk=None):
        """Triage or quarantine: keep the e-mail as discarded; nothing is raised."""
        return self._decide(email_discard)
