import functools
import json
import logging
import time

import redis
from csp.constants import HEADER as CSP_HEADER
from csp.constants import HEADER_REPORT_ONLY as CSP_HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from common.context import request_ip
from common.text import control_characters_strip, has_control_characters

logger = logging.getLogger("vireo.request")


class HealthCheckMiddleware:
    """Probes on any host. GET /livez: 200 while the process serves (nothing else checked,
    so a database outage does not restart every web pod). GET /readyz (and /healthz, the
    older name): 200 when PostgreSQL and Redis answer, 503 otherwise (the pod leaves the
    Service until they do).

    First in the chain so that load-balancer probes (which use the pod's address as Host)
    never reach office routing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if request.path == "/livez":
            return JsonResponse({"status": "ok"})
        if request.path not in ("/readyz", "/healthz"):
            return self.get_response(request)
        checks = {}
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
            checks["database"] = "ok"
        except Exception as exc:
            checks["database"] = f"error: {exc.__class__.__name__}"
        try:
            redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2).ping()
            checks["redis"] = "ok"
        except Exception as exc:
            checks["redis"] = f"error: {exc.__class__.__name__}"
        healthy = all(value == "ok" for value in checks.values())
        return JsonResponse(
            {"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503
        )


def _unavailable_causes() -> list[tuple[tuple[type[BaseException], ...], str]]:
    import redis.exceptions
    from django.db import InterfaceError, OperationalError
    from dramatiq.errors import BrokerConnectionError

    from common.exceptions import StorageUnavailable

    return [
        ((OperationalError, InterfaceError), "database"),
        ((redis.exceptions.ConnectionError, redis.exceptions.TimeoutError), "redis"),
        ((BrokerConnectionError,), "redis"),
        ((StorageUnavailable,), "storage"),
    ]


def unavailable_response(request: HttpRequest, exception: BaseException | None):
    """The 503 answer to an outage of our own infrastructure (the database connection lost,
    Redis down, the file storage refusing a write): a translated sentence and Retry-After,
    as JSON in the API's error shape under /api/. None when `exception` is not an outage."""
    cause = next(
        (name for kinds, name in _unavailable_causes() if isinstance(exception, kinds)), None
    )
    if cause is None:
        return None
    logger.warning(
        "service unavailable",
        extra={"cause": cause, "error": f"{exception.__class__.__name__}: {exception}"[:300]},
    )
    if cause == "storage":
        message = _("The file could not be stored. Nothing was saved; try again shortly.")
    else:
        message = _("The service is briefly unavailable. Nothing was saved; try again shortly.")
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"code": "unavailable", "detail": message, "fields": {}}, status=503
        )
    else:
        # Rendered without the request: its context processors would ask the database.
        response = HttpResponse(render_to_string("503.html", {"message": message}), status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    return response


RETRY_AFTER = 30


class UnavailableMiddleware:
    """A view that met an outage answers 503 (`unavailable_response`) instead of a bare 500.
    The view's transaction has rolled back by then: nothing it started is kept. An outage met
    before the view (the office's routing, the session, the membership) reaches handler500,
    `common.views.server_error`, which answers the same."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        return unavailable_response(request, exception)


class PermissionsPolicyMiddleware:
    """The Permissions-Policy header (settings.PERMISSIONS_POLICY) on every response; Django's
    SecurityMiddleware sets the others (HSTS, Referrer-Policy, nosniff, COOP) and django-csp
    the Content Security Policy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


# What django-csp reads from a response or a request to change its policy for it.
_CSP_PER_RESPONSE = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_exempt",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
    "_csp_exempt_ro",
)


@functools.cache
def _site_csp(report_only: bool) -> str:
    return build_policy(report_only=report_only)


def _site_csp_forget(*, setting: str, **kwargs) -> None:
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _site_csp.cache_clear()


setting_changed.connect(_site_csp_forget)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware with the site's own policy built once: django-csp builds both
    headers from the settings on every response (55 us, a twentieth of an empty page's own
    Python). A response that changes its policy (@csp_replace, @csp_exempt...) or a request
    that used a nonce goes through django-csp's own code, unchanged."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if getattr(request, "_csp_nonce", None) is not None or any(
            getattr(response, name, None) is not None for name in _CSP_PER_RESPONSE
        ):
            return super().process_response(request, response)
        if response.status_code in (500, 404) and settings.DEBUG:
            return response  # django-csp leaves Django's debug pages alone
        for header, setting, report_only in (
            (CSP_HEADER, "CONTENT_SECURITY_POLICY", False),
            (CSP_HEADER_REPORT_ONLY, "CONTENT_SECURITY_POLICY_REPORT_ONLY", True),
        ):
            policy = _site_csp(report_only)
            excluded = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES")
            if (
                policy
                and header not in response
                and not request.path_info.startswith(tuple(excluded or ()))
            ):
                response[header] = policy
        # As django-csp: a nonce asked for after the header was written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


class RequestLogMiddleware:
    """One structured line per request, carrying the office, the user and the timing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        started = time.monotonic()
        token = request_ip.set(client_ip(request))
        try:
            response = self.get_response(request)
        finally:
            request_ip.reset(token)
        office = getattr(request, "office", None)
        user = getattr(request, "user", None)
        logger.info(
            "request",
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "ms": round((time.monotonic() - started) * 1000, 1),
                "office": office.schema_name if office else "public",
                "host": request.get_host(),
                "user_id": user.pk if user is not None and user.is_authenticated else None,
            },
        )
        return response


class InputGuardMiddleware:
    """Refuse (400) a request whose query parameters, form fields or API JSON strings hold
    control characters (common.text): every view then meets only text PostgreSQL and the
    exports can store. The API answers in its error shape (common.api), pages with a short
    400 page. Files are not looked at (their content is checked by common.uploads)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        field = self._refused_field(request)
        if field is None:
            return self.get_response(request)
        message = _("Remove the control characters from this value.")
        if request.path.startswith("/api/"):
            body = {
                "code": "invalid",
                "detail": _("Some fields are not valid."),
                "fields": {field: [message]},
            }
            return JsonResponse(body, status=400)
        return render(request, "400.html", {"message": message}, status=400)

    def _refused_field(self, request: HttpRequest) -> str | None:
        sources = [request.GET]
        content_type = request.content_type or ""
        if request.method == "POST" and content_type in _FORM_TYPES:
            sources.append(request.POST)
        for params in sources:
            for name, values in params.lists():
                if has_control_characters(name) or any(map(has_control_characters, values)):
                    return control_characters_strip(name)
        if request.path.startswith("/api/") and content_type == "application/json":
            try:
                data = json.loads(request.body or b"null")
            except ValueError:
                return None  # DRF answers malformed JSON itself
            return _json_refused(data, "")
        return None


_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _json_refused(data, path: str) -> str | None:
    if isinstance(data, str):
        return (path or "non_field_errors") if has_control_characters(data) else None
    if isinstance(data, dict):
        items = data.items()
    else:
        items = enumerate(data) if isinstance(data, list) else ()
    for key, value in items:
        name = str(key)
        if has_control_characters(name):
            return control_characters_strip(name)
        found = _json_refused(value, f"{path}.{name}" if path else name)
        if found is not None:
            return found
    return None


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: the connection's, or behind our proxy (USE_X_FORWARDED_FOR) the
    X-Forwarded-For hop that proxy added - the last one. Earlier hops came from the client
    and prove nothing (a sign-in counter keyed on them could be reset at will)."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded and settings.USE_X_FORWARDED_FOR:
        return forwarded.split(",")[-1].strip() or None
    return request.META.get("REMOTE_ADDR") or None
