"""/api/v1/documents/: staff read every document, generate one from a template and share it;
a client user reads the documents shared with their company and downloads the newest
version of each."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response

from accounts.access import MEMBER
from common.api import OfficeViewSet
from common.storage import office_file_response
from modules.clients.selectors import client_get
from modules.documents import selectors
from modules.documents.models import Document
from modules.documents.services import document_generate, document_share


class DocumentSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()
    shared = serializers.BooleanField(read_only=True)

    class Meta:
        model = Document
        fields = [
            "id",
            "number",
            "title",
            "client",
            "source",
            "template",
            "version",
            "shared",
            "shared_at",
            "created_at",
            "updated_at",
            "download_url",
        ]
        read_only_fields = fields

    def get_download_url(self, document) -> str:
        return f"/api/v1/documents/{document.pk}/download/"


class GenerateSerializer(serializers.Serializer):
    client = serializers.IntegerField()
    template = serializers.IntegerField()
    title = serializers.CharField(max_length=200, required=False, allow_blank=True)
    fields = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False)
    share = serializers.BooleanField(required=False, default=False)


class ShareSerializer(serializers.Serializer):
    shared = serializers.BooleanField()


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("client", int, description="Only this client's documents")]
    )
)
class DocumentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, OfficeViewSet):
    serializer_class = DocumentSerializer
    office_access = MEMBER
    # What staff keep to themselves: which template made it, who shared it when.
    client_fields = ("id", "number", "title", "client", "version", "created_at", "download_url")

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reading the types
            return Document.objects.none()
        client = self.request.query_params.get("client")
        return selectors.document_list(
            membership=self.membership,
            client_id=int(client) if client and client.isdigit() else None,
        )

    def _staff_only(self):
        if not self.membership.is_staff_role:
            raise PermissionDenied

    @extend_schema(request=GenerateSerializer, responses={201: DocumentSerializer})
    def create(self, request):
        self._staff_only()
        data = GenerateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        client = client_get(membership=self.membership, client_id=values["client"])
        template = selectors.template_get(template_id=values["template"], active_only=True)
        if client is None or template is None:
            raise NotFound
        document = self.service_call(
            document_generate,
            template=template,
            client=client,
            actor=request.user,
            title=values.get("title", ""),
            field_values=values.get("fields") or {},
            share=values["share"],
        )
        return Response(self.get_serializer(document).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ShareSerializer, responses=DocumentSerializer)
    @action(detail=True, methods=["post"])
    def share(self, request, pk=None):
        self._staff_only()
        document = self.get_object()
        data = ShareSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        document = self.service_call(
            document_share,
            document=document,
            actor=request.user,
            shared=data.validated_data["shared"],
        )
        return Response(self.get_serializer(document).data)

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        document = self.get_object()
        row = selectors.version_get(membership=self.membership, document=document)
        if row is None:
            raise NotFound
        return office_file_response(
            row.path, filename=row.original_name, content_type=row.content_type, download=True
        )
