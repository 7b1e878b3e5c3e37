"""Small helpers for views that answer HTMX requests."""

from django.http import HttpRequest
from django.template.response import TemplateResponse


def render_page_or_partial(
    request: HttpRequest, *, page: str, partial: str, context: dict, status: int = 200
) -> TemplateResponse:
    """The partial for an HTMX request that targets it, the whole page otherwise."""
    template = partial if getattr(request, "htmx", False) else page
    return TemplateResponse(request, template, context, status=status)
