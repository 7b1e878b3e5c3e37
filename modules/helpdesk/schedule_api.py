"""/api/v1/helpdesk/schedules/ (staff only): clients' recurring tasks (T7) as the client
card's tab shows them - read by every staff helpdesk level, added, changed and removed by
the people who work (agents, supervisors), as on the screens. Every write goes through
`schedules.schedule_save` / `schedule_delete` (checks, next date, audit)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers
from rest_framework.pagination import CursorPagination

from common.api import OfficeViewSet
from modules.clients.models import Client
from modules.helpdesk.models import Category, Schedule
from modules.helpdesk.policies import STAFF_LEVELS, access_level, can_work
from modules.helpdesk.schedules import FIELDS, next_dates, schedule_delete, schedule_save

# Dates a schedule may name: rrule's arithmetic ends at year 9999, and no office plans a
# task for the year 1 or 3000.
FIRST_DATE, LAST_DATE = dt.date(2000, 1, 1), dt.date(2199, 12, 31)


class OldestFirst(CursorPagination):
    ordering = ("pk",)
    page_size = 50


class ScheduleSerializer(serializers.ModelSerializer):
    client = serializers.PrimaryKeyRelatedField(queryset=Client.objects.all())
    category = serializers.PrimaryKeyRelatedField(
        queryset=Category.objects.all(), required=False, allow_null=True
    )
    assignee = serializers.IntegerField(
        source="assignee_id", required=False, allow_null=True, min_value=1
    )
    next_dates = serializers.SerializerMethodField()

    class Meta:
        model = Schedule
        # The service's fields (assignee_id as "assignee"), the client and what it computes.
        fields = [
            "id",
            "client",
            *(name.removesuffix("_id") for name in FIELDS),
            "next_on",
            "next_dates",
            "created_at",
        ]
        read_only_fields = ["id", "next_on", "next_dates", "created_at"]

    def get_next_dates(self, instance) -> list[dt.date]:
        return next_dates(instance)

    def _date(self, value):
        if value is not None and not FIRST_DATE <= value <= LAST_DATE:
            raise serializers.ValidationError(
                _("Choose a date from %(first)s to %(last)s.")
                % {"first": FIRST_DATE.isoformat(), "last": LAST_DATE.isoformat()}
            )
        return value

    def validate_starts_on(self, value):
        return self._date(value)

    def validate_ends_on(self, value):
        return self._date(value)

    def validate_client(self, client):
        if self.instance is not None and client.pk != self.instance.client_id:
            raise serializers.ValidationError(_("A recurring task stays with its client."))
        return client


CLIENT_FILTER = [OpenApiParameter("client", int, required=False)]


class ScheduleViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    OfficeViewSet,
):
    serializer_class = ScheduleSerializer
    pagination_class = OldestFirst

    def _level(self, *, work: bool = False) -> None:
        level = access_level(self.membership)
        if level not in STAFF_LEVELS or (work and not can_work(level)):
            raise PermissionDenied

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Schedule.objects.none()
        self._level()
        rows = Schedule.objects.all()
        client = self.request.query_params.get("client", "")
        if client.isdigit():
            rows = rows.filter(client_id=int(client))
        return rows

    @extend_schema(parameters=CLIENT_FILTER)
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def perform_create(self, serializer):
        self._level(work=True)
        data = dict(serializer.validated_data)
        client = data.pop("client")
        serializer.instance = self.service_call(
            schedule_save, actor=self.request.user, client=client, data=data
        )

    def perform_update(self, serializer):
        self._level(work=True)
        data = dict(serializer.validated_data)
        data.pop("client", None)
        serializer.instance = self.service_call(
            schedule_save,
            actor=self.request.user,
            client=serializer.instance.client,
            schedule=serializer.instance,
            data=data,
        )

    def perform_destroy(self, instance):
        self._level(work=True)
        self.service_call(schedule_delete, actor=self.request.user, schedule=instance)
