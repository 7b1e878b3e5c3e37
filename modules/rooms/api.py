"""/api/v1/rooms/ and /api/v1/rooms/bookings/: staff read every room and booking, book for
anyone, move, cancel, approve and refuse; admins change rooms; a client user reads the
active rooms and their free times, and books, moves and cancels their company's bookings
under the same rules as the client panel. Every write goes through services.py."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from accounts.access import ADMIN, MEMBER
from common.api import OfficeViewSet
from common.collation import name_ordering
from modules.clients.models import Client
from modules.rooms import rules, selectors, services
from modules.rooms.models import Booking, Extra, Room
from modules.rooms.views.calendar import id_param, parse_moment


class RoomSerializer(serializers.ModelSerializer):
    class Meta:
        model = Room
        fields = ["id", *services.ROOM_FIELDS]


class ExtraLineSerializer(serializers.Serializer):
    extra = serializers.PrimaryKeyRelatedField(queryset=Extra.objects.all())
    quantity = serializers.IntegerField(min_value=1, max_value=500)


class BookingSerializer(serializers.ModelSerializer):
    room = serializers.PrimaryKeyRelatedField(queryset=Room.objects.all())
    client = serializers.PrimaryKeyRelatedField(
        queryset=Client.objects.all(), required=False, allow_null=True
    )
    extras = ExtraLineSerializer(many=True, required=False, write_only=True)
    extra_lines = serializers.SerializerMethodField()
    starts_at = serializers.DateTimeField(default_timezone=dt.UTC)
    ends_at = serializers.DateTimeField(default_timezone=dt.UTC)

    class Meta:
        model = Booking
        fields = [
            "id",
            "room",
            "client",
            "guest_name",
            "guest_company",
            "guest_email",
            "guest_phone",
            "title",
            "attendees",
            "starts_at",
            "ends_at",
            "status",
            "source",
            "price",
            "extras_price",
            "cancel_fee",
            "cancel_fee_hours",
            "notes",
            "series",
            "extras",
            "extra_lines",
            "created_at",
        ]
        read_only_fields = [
            "id",
            "status",
            "source",
            "price",
            "extras_price",
            "cancel_fee",
            "cancel_fee_hours",
            "series",
            "created_at",
        ]

    def get_extra_lines(self, booking) -> list[dict]:
        return [
            {"extra": line.extra_id, "quantity": line.quantity, "price": str(line.price)}
            for line in booking.extras.all()
        ]


class MoveSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField(default_timezone=dt.UTC)
    ends_at = serializers.DateTimeField(default_timezone=dt.UTC)
    room = serializers.PrimaryKeyRelatedField(queryset=Room.objects.all(), required=False)


class CancelSerializer(serializers.Serializer):
    waive_fee = serializers.BooleanField(required=False, default=False)


class RoomViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    OfficeViewSet,
):
    """Rooms: everyone of the office reads (client users the active ones), admins change
    them (as in Administration > Conference rooms)."""

    serializer_class = RoomSerializer
    office_access = MEMBER
    write_access = ADMIN
    client_fields = (
        "id",
        "name",
        "capacity",
        "description_pl",
        "description_sk",
        "description_en",
        "amenities",
        "colour",
        "slot_minutes",
        "min_minutes",
        "max_minutes",
        "notice_minutes",
        "horizon_days",
        "price_hour",
        "price_half_day",
        "price_day",
        "free_cancel_hours",
        "cancel_fee_percent",
    )

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Room.objects.none()
        staff = self.membership.is_staff_role
        return selectors.room_list(active_only=not staff).order_by(*name_ordering(), "pk")

    def perform_create(self, serializer):
        serializer.instance = self.service_call(
            services.room_save, actor=self.request.user, data=dict(serializer.validated_data)
        )

    def perform_update(self, serializer):
        serializer.instance = self.service_call(
            services.room_save,
            actor=self.request.user,
            room=serializer.instance,
            data=dict(serializer.validated_data),
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("week", OpenApiTypes.DATE, description="A day of the week wanted"),
            OpenApiParameter("minutes", int, description="Length of the booking"),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    @action(detail=True, methods=["get"])
    def availability(self, request, pk=None):
        """Free start-end times ("HH:MM" in the office's zone) for each day of a week:
        times only, never who booked."""
        room = self.get_object()
        today = rules.local(rules.timezone.now()).date()
        try:
            day = dt.date.fromisoformat(request.query_params.get("week", "")) or today
        except ValueError:
            day = today
        day = max(day, today)
        week = day - dt.timedelta(days=day.weekday())
        try:
            minutes = int(request.query_params.get("minutes") or max(room.min_minutes, 60))
        except ValueError:
            minutes = room.min_minutes
        minutes = min(max(minutes, room.min_minutes), room.max_minutes)
        days = selectors.public_availability(room=room, week=week, minutes=minutes)
        return Response(
            {
                "room": room.pk,
                "week": week.isoformat(),
                "minutes": minutes,
                "time_zone": str(rules.office_zone()),
                "days": [
                    {"date": d.isoformat(), "slots": [list(slot) for slot in slots]}
                    for d, slots in days
                ],
            }
        )


_BOOKING_FILTERS = [
    OpenApiParameter("from", OpenApiTypes.DATETIME, description="Meeting this period (start)"),
    OpenApiParameter("to", OpenApiTypes.DATETIME, description="Meeting this period (end)"),
    OpenApiParameter("room", int, description="Only this room's bookings"),
]


@extend_schema_view(list=extend_schema(parameters=_BOOKING_FILTERS))
class BookingViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, OfficeViewSet
):
    """Bookings: staff all, a client user their company's (others' answer 404)."""

    serializer_class = BookingSerializer
    office_access = MEMBER
    write_access = MEMBER
    client_fields = tuple(BookingSerializer.Meta.fields)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Booking.objects.none()
        params = self.request.query_params
        start, end = params.get("from", ""), params.get("to", "")
        room = params.get("room", "")
        room_id = id_param(room)
        if start and end:
            start_at, end_at = parse_moment(start), parse_moment(end)
            if start_at is None or end_at is None:
                raise serializers.ValidationError(
                    {"from": [_("Give dates or date-times as YYYY-MM-DD[THH:MM], 1900-2200.")]}
                )
            qs = selectors.booking_span_list(
                start=start_at,
                end=end_at,
                room_id=room_id,
                membership=self.membership,
            )
        else:
            qs = selectors.booking_list(membership=self.membership)
            if room_id is not None:
                qs = qs.filter(room_id=room_id)
        return qs.prefetch_related("extras").order_by("starts_at", "pk")

    @property
    def _staff(self) -> bool:
        return self.membership.is_staff_role

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        user = self.request.user
        guest = {k: data.get(f"guest_{k}", "") for k in ("name", "company", "email", "phone")}
        if self._staff:
            client = data.get("client")
        else:
            client = Client.objects.get(pk=self.membership.client_id)
            guest = {"name": user.get_full_name() or user.email, "email": user.email}
        serializer.instance = self.service_call(
            services.booking_create,
            room=data["room"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            actor=user,
            source=Booking.Source.API,
            staff=self._staff,
            client=client,
            guest=guest,
            title=data.get("title", ""),
            attendees=data.get("attendees", 1),
            extras=[(line["extra"], line["quantity"]) for line in data.get("extras", [])],
            notes=data.get("notes", ""),
        )

    def _answer(self, booking: Booking) -> Response:
        fresh = self.get_queryset().get(pk=booking.pk)
        return Response(self.get_serializer(fresh).data)

    @extend_schema(request=MoveSerializer, responses=BookingSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        booking = self.get_object()
        form = MoveSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        moved = self.service_call(
            services.booking_move,
            booking=booking,
            starts_at=form.validated_data["starts_at"],
            ends_at=form.validated_data["ends_at"],
            room=form.validated_data.get("room"),
            actor=request.user,
            staff=self._staff,
        )
        return self._answer(moved)

    @extend_schema(request=CancelSerializer, responses=BookingSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        booking = self.get_object()
        form = CancelSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        cancelled = self.service_call(
            services.booking_cancel,
            booking=booking,
            actor=request.user,
            staff=self._staff,
            waive_fee=self._staff and form.validated_data["waive_fee"],
        )
        return self._answer(cancelled)

    @extend_schema(request=None, responses=BookingSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        booking = self.get_object()
        if not self._staff:
            raise PermissionDenied
        return self._answer(
            self.service_call(services.booking_approve, booking=booking, actor=request.user)
        )

    @extend_schema(request=None, responses=BookingSerializer)
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None):
        booking = self.get_object()
        if not self._staff:
            raise PermissionDenied
        return self._answer(
            self.service_call(services.booking_refuse, booking=booking, actor=request.user)
        )
