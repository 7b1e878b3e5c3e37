import logging
import time

import redis
from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse

from common.context import request_ip

logger = logging.getLogger("vireo.request")


class HealthCheckMiddleware:
    """GET /healthz on any host: 200 when PostgreSQL and Redis answer, 503 otherwise.

    First in the chain so that load-balancer probes (which use the pod's address as Host)
    never reach office routing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if request.path != "/healthz":
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


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: the connection's, or behind our proxy (USE_X_FORWARDED_FOR) the
    X-Forwarded-For hop that proxy added - the last one. Earlier hops came from the client
    and prove nothing (a sign-in counter keyed on them could be reset at will)."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded and settings.USE_X_FORWARDED_FOR:
        return forwarded.split(",")[-1].strip() or None
    return request.META.get("REMOTE_ADDR") or None
