"""/api/v1/helpdesk/requests/: staff read and work on the office's requests; a client user
reads and raises their own (a manager: the company's), replies, decides approvals and
quotes, accepts or reopens. Internal notes and internal costs never reach a client."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response

from accounts.access import MEMBER
from common.api import OfficeViewSet
from modules.clients.models import Client
from modules.helpdesk import selectors
from modules.helpdesk.models import Category, Quote, QuoteLine, Reply, Request
from modules.helpdesk.policies import SYSTEM, access_level, actor_roles, can_work
from modules.helpdesk.services import (
    TRANSITIONS,
    quote_create,
    quote_decide,
    reply_create,
    request_create,
    request_transition,
    request_update,
)


class RequestSerializer(serializers.ModelSerializer):
    client = serializers.PrimaryKeyRelatedField(
        queryset=Client.objects.all(), required=False, allow_null=True
    )
    category = serializers.PrimaryKeyRelatedField(
        queryset=Category.objects.all(), required=False, allow_null=True
    )
    # The category's custom values {"<field id>": value}, typed and checked by the service;
    # given when the request is raised.
    custom_fields = serializers.JSONField(source="fields", required=False)

    class Meta:
        model = Request
        fields = [
            "id",
            "number",
            "subject",
            "description",
            "client",
            "requester_label",
            "source",
            "category",
            "custom_fields",
            "team",
            "priority",
            "assignee",
            "due_date",
            "status",
            "requires_approval",
            "mail_item",
            "resolved_at",
            "accepted_at",
            "rating",
            "rating_comment",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "id",
            "number",
            "team",
            "requester_label",
            "source",
            "status",
            "requires_approval",
            "mail_item",
            "resolved_at",
            "accepted_at",
            "rating",
            "rating_comment",
            "version",
            "created_at",
            "updated_at",
        ]


CLIENT_REQUEST_FIELDS = tuple(
    f for f in RequestSerializer.Meta.fields if f not in ("assignee", "team")
)


class ReplySerializer(serializers.ModelSerializer):
    class Meta:
        model = Reply
        fields = ["id", "author_label", "body", "internal", "created_at"]
        read_only_fields = ["id", "author_label", "created_at"]


class QuoteLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = QuoteLine
        fields = ["description", "quantity", "unit_price", "vat_rate"]


class QuoteSerializer(serializers.ModelSerializer):
    lines = QuoteLineSerializer(many=True)
    net_total = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    gross_total = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)

    class Meta:
        model = Quote
        fields = [
            "id",
            "status",
            "valid_until",
            "note",
            "internal_cost",
            "lines",
            "net_total",
            "gross_total",
            "decided_by_label",
            "decided_at",
            "decision_comment",
            "created_at",
        ]
        read_only_fields = [
            "id",
            "status",
            "decided_by_label",
            "decided_at",
            "decision_comment",
            "created_at",
        ]


# One endpoint, three bodies: what a transition needs depends on its action (the service's
# rules: accepting rates 1-5, reopening says why). The schema says so per action (oneOf with
# `action` as the discriminator) and the API refuses a missing rating or reason at its field
# before the service is called.
OWN_BODY = ("accept", "reopen")


class TransitionSerializer(serializers.Serializer):
    """Every action but accept and reopen."""

    action = serializers.ChoiceField(choices=[a for a in sorted(TRANSITIONS) if a not in OWN_BODY])
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    version = serializers.IntegerField(required=False)


class AcceptTransitionSerializer(serializers.Serializer):
    """Accepting a resolved request: the requester side rates the work (required)."""

    action = serializers.ChoiceField(choices=["accept"])
    rating = serializers.IntegerField(
        min_value=1,
        max_value=5,
        help_text="Required: the rating of the operator, 1 to 5.",
        error_messages={
            "required": _("Choose a rating of the operator (1-5)."),
            "null": _("Choose a rating of the operator (1-5)."),
        },
    )
    comment = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, help_text="The rating's comment."
    )
    version = serializers.IntegerField(required=False)


class ReopenTransitionSerializer(serializers.Serializer):
    """Reopening a resolved request: the reason is required."""

    action = serializers.ChoiceField(choices=["reopen"])
    comment = serializers.CharField(
        max_length=2000,
        help_text="Required: why the request is reopened.",
        error_messages={
            "required": _("Say why the request is reopened."),
            "blank": _("Say why the request is reopened."),
        },
    )
    version = serializers.IntegerField(required=False)


TRANSITION_BODIES = {
    "accept": AcceptTransitionSerializer,
    "reopen": ReopenTransitionSerializer,
}


class TransitionActionSerializer(serializers.Serializer):
    """The action alone: who may do it is checked before its body is."""

    action = serializers.ChoiceField(choices=sorted(TRANSITIONS))


TRANSITION_SCHEMA = PolymorphicProxySerializer(
    component_name="TransitionBody",
    serializers={
        action: TRANSITION_BODIES.get(action, TransitionSerializer)
        for action in sorted(TRANSITIONS)
    },
    resource_type_field_name="action",
)


class DecisionSerializer(serializers.Serializer):
    quote = serializers.IntegerField()
    accept = serializers.BooleanField()
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class NewestFirst(CursorPagination):
    ordering = ("-created_at", "-pk")
    page_size = 50


CLIENT_FIELDS = {
    "replies": ("id", "author_label", "body", "created_at"),
    "quotes": tuple(f for f in QuoteSerializer.Meta.fields if f != "internal_cost"),
    "transition": CLIENT_REQUEST_FIELDS,
    "decide_quote": tuple(f for f in QuoteSerializer.Meta.fields if f != "internal_cost"),
}


class RequestViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    OfficeViewSet,
):
    office_access = MEMBER
    write_access = MEMBER  # client users raise, reply and decide; the rest is checked below
    pagination_class = NewestFirst

    serializer_class = RequestSerializer
    client_fields = CLIENT_REQUEST_FIELDS  # the request itself; replies and quotes below

    def get_serializer(self, *args, **kwargs):
        # What a client user sees of the replies and quotes actions' own serializers.
        self.client_fields = CLIENT_FIELDS.get(self.action, CLIENT_REQUEST_FIELDS)
        return super().get_serializer(*args, **kwargs)

    def get_serializer_class(self):
        return {
            "replies": ReplySerializer,
            "quotes": QuoteSerializer,
            "decide_quote": DecisionSerializer,
            "transition": TransitionSerializer,
        }.get(self.action, RequestSerializer)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reading the types
            return Request.objects.none()
        return selectors.request_list(membership=self.membership)

    def _level(self):
        return access_level(self.membership)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        client = data.pop("client", None)
        if not self.membership.is_staff_role:
            client = Client.objects.get(pk=self.membership.client_id)
            data.pop("assignee", None)
            data.pop("due_date", None)
        elif not can_work(self._level()):
            raise PermissionDenied
        assignee = data.pop("assignee", None)
        serializer.instance = self.service_call(
            request_create,
            actor=self.request.user,
            client=client,
            source=Request.Source.STAFF if self.membership.is_staff_role else Request.Source.PORTAL,
            assignee_id=assignee.pk if assignee is not None else None,
            **data,
        )

    def perform_update(self, serializer):
        if not can_work(self._level()):
            raise PermissionDenied
        data = dict(serializer.validated_data)
        data.pop("client", None)
        data.pop("fields", None)  # set when the request is raised
        if "assignee" in data:
            assignee = data.pop("assignee")
            data["assignee_id"] = assignee.pk if assignee is not None else None
        serializer.instance = self.service_call(
            request_update,
            request=serializer.instance,
            actor=self.request.user,
            data=data,
            version=self.request.data.get("version"),
        )

    @extend_schema(request=TRANSITION_SCHEMA, responses=RequestSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        row = self.get_object()
        chosen = TransitionActionSerializer(data=request.data)
        chosen.is_valid(raise_exception=True)
        name = chosen.validated_data["action"]
        roles = actor_roles(membership=self.membership, level=self._level(), request=row)
        if TRANSITIONS[name].by == SYSTEM or TRANSITIONS[name].by not in roles:
            raise PermissionDenied
        payload = TRANSITION_BODIES.get(name, TransitionSerializer)(data=request.data)
        payload.is_valid(raise_exception=True)
        row = self.service_call(
            request_transition,
            request=row,
            action=name,
            actor=request.user,
            comment=payload.validated_data.get("comment", ""),
            rating=payload.validated_data.get("rating") if name == "accept" else None,
            version=payload.validated_data.get("version"),
        )
        self.action = "retrieve"
        return Response(self.get_serializer(row).data)

    @extend_schema(methods=["GET"], responses=ReplySerializer(many=True))
    @extend_schema(methods=["POST"], request=ReplySerializer, responses={201: ReplySerializer})
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def replies(self, request, pk=None):
        row = self.get_object()
        staff = self.membership.is_staff_role
        if request.method == "POST":
            payload = ReplySerializer(data=request.data)
            payload.is_valid(raise_exception=True)
            internal = payload.validated_data.get("internal", False)
            if staff and not can_work(self._level()):
                raise PermissionDenied
            if not staff and internal:
                raise PermissionDenied
            reply = self.service_call(
                reply_create,
                request=row,
                actor=request.user,
                body=payload.validated_data["body"],
                internal=internal,
                from_client=not staff,
            )
            return Response(self.get_serializer(reply).data, status=201)
        replies = selectors.replies_for(request=row, staff=staff)
        return Response(self.get_serializer(replies, many=True).data)

    @extend_schema(methods=["GET"], responses=QuoteSerializer(many=True))
    @extend_schema(methods=["POST"], request=QuoteSerializer, responses={201: QuoteSerializer})
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def quotes(self, request, pk=None):
        row = self.get_object()
        if request.method == "POST":
            if not can_work(self._level()):
                raise PermissionDenied
            payload = QuoteSerializer(data=request.data)
            payload.is_valid(raise_exception=True)
            data = dict(payload.validated_data)
            quote = self.service_call(
                quote_create,
                request=row,
                actor=request.user,
                valid_until=data["valid_until"],
                note=data.get("note", ""),
                internal_cost=data.get("internal_cost", 0),
                lines=[dict(line) for line in data["lines"]],
            )
            return Response(self.get_serializer(quote).data, status=201)
        return Response(self.get_serializer(selectors.quotes_for(request=row), many=True).data)

    @extend_schema(request=DecisionSerializer, responses=QuoteSerializer)
    @action(detail=True, methods=["post"], url_path="quotes/decide")
    def decide_quote(self, request, pk=None):
        row = self.get_object()
        payload = DecisionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        roles = actor_roles(membership=self.membership, level=self._level(), request=row)
        if TRANSITIONS["accept"].by not in roles:
            raise PermissionDenied
        quote = Quote.objects.filter(pk=payload.validated_data["quote"], request=row).first()
        if quote is None:
            from django.http import Http404

            raise Http404
        quote = self.service_call(
            quote_decide,
            quote=quote,
            actor=request.user,
            accept=payload.validated_data["accept"],
            comment=payload.validated_data.get("comment", ""),
        )
        self.action = "quotes"
        return Response(self.get_serializer(quote).data)
