"""The OpenAPI schema class of the office API (settings.REST_FRAMEWORK's
DEFAULT_SCHEMA_CLASS): drf-spectacular's, plus the error answers every operation can give, in
the kit's one error shape (common.api.error_body). A client generated from the schema then
knows them, and tests/security/test_api_schemathesis.py holds every answer to the schema."""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers


class ApiErrorSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stable, for programs (invalid, not_found, ...)")
    detail = serializers.CharField(help_text="One sentence for people, in their language")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Input field -> its messages",
    )

    class Meta:
        ref_name = "ApiError"


# 400: bad input (the input guard answers it before any view: control characters in the
# query); 401: no or a wrong token; 403: not a member or not allowed; 404: not found,
# including a page past the end; 429: throttled.
ERROR_CODES = ("400", "401", "403", "404", "429")


class OfficeAutoSchema(AutoSchema):
    def _map_basic_serializer(self, serializer, direction):
        """A field a client user does not see (not in the view's `client_fields`) cannot be
        required in a response: the same operation answers staff with it, clients without."""
        result = super()._map_basic_serializer(serializer, direction)
        client_fields = getattr(self.view, "client_fields", ())
        if direction == "response" and client_fields and result.get("required"):
            required = [name for name in result["required"] if name in client_fields]
            if required:
                result["required"] = required
            else:
                del result["required"]
        return result

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code in ERROR_CODES:
            responses.setdefault(
                code, self._get_response_for_code(ApiErrorSerializer, code, direction=direction)
            )
        return responses
