"""The base of every office API (/api/v1/): who calls, for which client company, what they
may see, and one shape for every error. A module's API inherits OfficeApi (or OfficeViewSet)
and nothing else; README.md of this package shows an example.

Authentication is DRF's (settings.REST_FRAMEWORK: token, then session); authorisation and
the client company acted for: common.api_permissions.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.generics import GenericAPIView
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.viewsets import ViewSetMixin

from accounts.access import STAFF
from common.api_permissions import IsOfficeMember
from common.exceptions import ApplicationError

# --- one error shape ------------------------------------------------------------------------


class ServiceError(exceptions.APIException):
    """An ApplicationError of a service, answered 400 with its message and code."""

    status_code = 400
    default_code = "refused"


def api_exception(exc: Exception) -> Exception:
    """The DRF exception for a service's or Django's exception; others unchanged."""
    if isinstance(exc, ApplicationError):
        return ServiceError(exc.message, code=exc.code or ServiceError.default_code)
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            detail = dict(exc.message_dict)
            general = detail.pop("__all__", [])
            if general:
                detail[api_settings.NON_FIELD_ERRORS_KEY] = general
        else:
            detail = {api_settings.NON_FIELD_ERRORS_KEY: exc.messages}
        return exceptions.ValidationError(detail)
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied()
    return exc


def error_body(exc: exceptions.APIException) -> dict[str, Any]:
    """{"code": ..., "detail": ..., "fields": {...}}: `detail` is one sentence for people,
    `code` is stable for programs, `fields` maps input fields to their messages."""
    detail, fields = exc.detail, {}
    if isinstance(detail, dict):
        fields = {k: v for k, v in detail.items() if k != api_settings.NON_FIELD_ERRORS_KEY}
        detail = detail.get(api_settings.NON_FIELD_ERRORS_KEY, [])
    messages = [str(m) for m in detail] if isinstance(detail, list) else [str(detail)]
    if isinstance(exc, exceptions.ValidationError):
        code = "invalid"
    elif isinstance(exc.detail, str):
        code = exc.get_codes()
    else:
        code = exc.default_code
    return {
        "code": code,
        "detail": " ".join(messages) or _("Some fields are not valid."),
        "fields": fields,
    }


def exception_handler(exc: Exception, context: dict):
    """settings.REST_FRAMEWORK's EXCEPTION_HANDLER: every API error in error_body's shape.
    DRF's own handler keeps its headers (WWW-Authenticate, Retry-After) and the rollback."""
    exc = api_exception(exc)
    response = drf_exception_handler(exc, context)
    if response is not None:
        response.data = error_body(exc)
    return response


# --- the base classes -----------------------------------------------------------------------


class OfficeApi(GenericAPIView):
    """Every office API endpoint. Declare `office_access` (who may read; staff only unless
    said otherwise, like the web pages), `write_access` (who may change; staff) and
    `client_fields` (what a client user may see of the serializer; staff see everything)."""

    permission_classes = [IsOfficeMember]
    office_access: str = STAFF
    write_access: str = STAFF
    client_fields: tuple[str, ...] = ()

    @property
    def membership(self):
        return self.request._request.membership

    def get_serializer(self, *args, **kwargs):
        serializer = super().get_serializer(*args, **kwargs)
        membership = getattr(self.request._request, "membership", None)
        if membership is None or membership.is_staff_role:
            return serializer  # staff, or drf-spectacular describing the API
        if not self.client_fields:
            raise ImproperlyConfigured(f"{type(self).__name__} lets clients in: set client_fields")
        fields = getattr(serializer, "child", serializer).fields
        for name in [n for n in fields if n not in self.client_fields]:
            del fields[name]
        return serializer

    def service_call(self, service: Callable, /, **kwargs):
        """Call a service; its ApplicationError/ValidationError answer 400 in the error shape
        (fields named as the service named them)."""
        try:
            return service(**kwargs)
        except (ApplicationError, DjangoValidationError) as exc:
            raise api_exception(exc) from exc


class OfficeViewSet(ViewSetMixin, OfficeApi):
    """OfficeApi for a router: add DRF's mixins (ListModelMixin, ...) in front."""
