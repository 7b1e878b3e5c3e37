"""Small helpers for views that answer HTMX requests."""

import json

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse


def render_page_or_partial(
    request: HttpRequest, *, page: str, partial: str, context: dict, status: int = 200
) -> TemplateResponse:
    """The partial for an HTMX request that targets it, the whole page otherwise."""
    template = partial if getattr(request, "htmx", False) else page
    return TemplateResponse(request, template, context, status=status)


def htmx_trigger(response: HttpResponse, event: str, detail: dict | None = None) -> HttpResponse:
    """Ask the page to fire `event` (e.g. to refresh the alerts bell) after the swap."""
    existing = json.loads(response.headers.get("HX-Trigger", "{}") or "{}")
    existing[event] = detail or {}
    response.headers["HX-Trigger"] = json.dumps(existing)
    return response


def htmx_redirect(url: str) -> HttpResponse:
    """A full-page navigation from an HTMX request."""
    response = HttpResponse(status=204)
    response.headers["HX-Redirect"] = url
    return response
