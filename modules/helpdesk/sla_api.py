"""/api/v1/helpdesk/sla-policies/ (staff only): the SLA policies of Administration > Helpdesk
SLA (H8) - read by every staff member (the targets a request's clock follows), added,
changed, deactivated and removed by the office's administrators, as on the screen. Targets
are in business minutes (the screen shows hours), from 1 to SLA_MAX_MINUTES (the screen's
9,999.99 hours). Every write goes through `sla.sla_policy_create` / `sla_policy_update` /
`sla_policy_delete` (one active policy per scope, audit)."""

from __future__ import annotations

from rest_framework import mixins, serializers

from accounts.access import ADMIN
from common.api import OfficeViewSet
from modules.clients.models import Client
from modules.helpdesk.models import Category, SlaPolicy
from modules.helpdesk.schedule_api import OldestFirst
from modules.helpdesk.sla import (
    POLICY_FIELDS,
    sla_policy_create,
    sla_policy_delete,
    sla_policy_update,
)


class SlaPolicySerializer(serializers.ModelSerializer):
    category = serializers.PrimaryKeyRelatedField(
        queryset=Category.objects.all(), required=False, allow_null=True
    )
    client = serializers.PrimaryKeyRelatedField(
        queryset=Client.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = SlaPolicy
        fields = ["id", *POLICY_FIELDS, "created_at"]  # the service's fields
        read_only_fields = ["id", "created_at"]
        # The one-active-policy-per-scope rule is the service's (a 400 naming the scope).
        validators = []


class SlaPolicyViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    OfficeViewSet,
):
    serializer_class = SlaPolicySerializer
    pagination_class = OldestFirst
    write_access = ADMIN  # Administration is the administrators' (common.api IsOfficeMember)

    def get_queryset(self):
        return SlaPolicy.objects.select_related("category", "client")

    def perform_create(self, serializer):
        serializer.instance = self.service_call(
            sla_policy_create, actor=self.request.user, data=dict(serializer.validated_data)
        )

    def perform_update(self, serializer):
        serializer.instance = self.service_call(
            sla_policy_update,
            actor=self.request.user,
            policy=serializer.instance,
            data=dict(serializer.validated_data),
        )

    def perform_destroy(self, instance):
        self.service_call(sla_policy_delete, actor=self.request.user, policy=instance)
