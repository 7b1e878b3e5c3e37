"""/api/v1/messages/conversations/: staff read and write every conversation of the office
(internal notes included); a client user the conversations of the company they act for
(switcher or X-Vireo-Client), without internal notes. Files are listed with their download
addresses; sending files goes through the web forms."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.access import MEMBER
from common.api import OfficeViewSet
from modules.clients.models import Client
from modules.messaging import selectors
from modules.messaging.models import Conversation, Message
from modules.messaging.services import conversation_read, message_send


class ConversationSerializer(serializers.ModelSerializer):
    client = serializers.PrimaryKeyRelatedField(queryset=Client.objects.all(), required=False)
    body = serializers.CharField(write_only=True, max_length=20000, allow_blank=False)

    class Meta:
        model = Conversation
        fields = [
            "id",
            "client",
            "subject",
            "body",
            "started_by_client",
            "announcement",
            "last_message_at",
            "last_excerpt",
            "last_from_client",
            "staff_unread",
            "client_unread",
            "created_at",
        ]
        read_only_fields = [
            "id",
            "started_by_client",
            "announcement",
            "last_message_at",
            "last_excerpt",
            "last_from_client",
            "staff_unread",
            "client_unread",
            "created_at",
        ]


class MessageSerializer(serializers.ModelSerializer):
    attachments = serializers.SerializerMethodField()

    class Meta:
        model = Message
        fields = [
            "id",
            "author_label",
            "from_client",
            "internal",
            "body",
            "read_at",
            "attachments",
            "created_at",
        ]
        read_only_fields = ["id", "author_label", "from_client", "read_at", "created_at"]

    def get_attachments(self, message) -> list[dict]:
        name = self.context.get("file_url", "messaging:attachment")
        return [
            {
                "id": f.pk,
                "name": f.original_name,
                "size": f.size,
                "content_type": f.content_type,
                "url": reverse(name, args=[f.pk]),
            }
            for f in message.attachments.all()
        ]


CLIENT_FIELDS = {
    "messages": (
        "id",
        "author_label",
        "from_client",
        "body",
        "read_at",
        "attachments",
        "created_at",
    ),
}
CLIENT_CONVERSATION_FIELDS = (
    "id",
    "client",
    "subject",
    "body",
    "last_message_at",
    "last_excerpt",
    "last_from_client",
    "client_unread",
    "created_at",
)


class ConversationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, OfficeViewSet
):
    office_access = MEMBER
    write_access = MEMBER  # client users write to the office; notes are checked below
    serializer_class = ConversationSerializer
    client_fields = CLIENT_CONVERSATION_FIELDS

    def get_serializer(self, *args, **kwargs):
        self.client_fields = CLIENT_FIELDS.get(self.action, CLIENT_CONVERSATION_FIELDS)
        return super().get_serializer(*args, **kwargs)

    def get_serializer_class(self):
        return MessageSerializer if self.action == "messages" else ConversationSerializer

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if getattr(self, "membership", None) is not None and not self.membership.is_staff_role:
            context["file_url"] = "messaging:portal_attachment"
        return context

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Conversation.objects.none()
        params = self.request.query_params
        client_id = params.get("client", "")
        filters = selectors.InboxFilters(
            q=params.get("q", "")[:200],
            unread=params.get("unread") in ("1", "true"),
            client_id=int(client_id) if client_id.isdigit() else None,
        )
        return selectors.conversation_search(membership=self.membership, filters=filters)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        staff = self.membership.is_staff_role
        if staff:
            client = data.get("client")
            if client is None:
                raise serializers.ValidationError({"client": ["This field is required."]})
        else:
            client = Client.objects.get(pk=self.membership.client_id)
        message = self.service_call(
            message_send,
            actor=self.request.user,
            client=client,
            subject=data["subject"],
            body=data["body"],
            from_client=not staff,
        )
        serializer.instance = message.conversation

    @extend_schema(methods=["GET"], responses=MessageSerializer(many=True))
    @extend_schema(methods=["POST"], request=MessageSerializer, responses={201: MessageSerializer})
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def messages(self, request, pk=None):
        conversation = self.get_object()
        staff = self.membership.is_staff_role
        if request.method == "POST":
            payload = MessageSerializer(data=request.data)
            payload.is_valid(raise_exception=True)
            internal = payload.validated_data.get("internal", False)
            if internal and not staff:
                raise PermissionDenied
            message = self.service_call(
                message_send,
                actor=request.user,
                conversation=conversation,
                body=payload.validated_data.get("body", ""),
                internal=internal,
                from_client=not staff,
            )
            return Response(self.get_serializer(message).data, status=201)
        rows = selectors.message_list(conversation=conversation, staff=staff)
        return Response(self.get_serializer(rows, many=True).data)

    @extend_schema(
        request=None,
        responses=inline_serializer("ConversationRead", {"marked": serializers.IntegerField()}),
    )
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        conversation = self.get_object()
        marked = self.service_call(
            conversation_read,
            conversation=conversation,
            by_client=not self.membership.is_staff_role,
        )
        return Response({"marked": marked})
