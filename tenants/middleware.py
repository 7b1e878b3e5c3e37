from django.conf import settings
from django.db import connection
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import set_urlconf
from django.utils import timezone, translation

from tenants.models import Office
from tenants.selectors import office_for_host


class OfficeRoutingMiddleware:
    """Pick the schema and URLconf from the Host header.

    The root domain (and www.) serves the public site from the public schema, console.<domain>
    the platform admins' super-console (also in the public schema); every other host must be
    a Domain row of an open office, else the visitor gets a 404 page. The connection goes
    back to the public schema after every request.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.root_hosts = {settings.PLATFORM_DOMAIN, f"www.{settings.PLATFORM_DOMAIN}"}
        # A pooled office has no Domain row anyway; the state check is the second lock.
        self.unrouted_states = {Office.State.CLOSED, Office.State.POOLED}

    def __call__(self, request: HttpRequest):
        connection.set_schema_to_public()
        request.office = None
        host = request.get_host().rsplit(":", 1)[0].lower().rstrip(".")
        if host in self.root_hosts:
            request.urlconf = settings.PUBLIC_SCHEMA_URLCONF
            set_urlconf(request.urlconf)
            return self.get_response(request)
        if host == settings.CONSOLE_HOST:
            request.urlconf = settings.CONSOLE_URLCONF
            set_urlconf(request.urlconf)
            return self.get_response(request)

        office = office_for_host(host)
        if office is None or office.is_template or office.state in self.unrouted_states:
            with translation.override(translation.get_language_from_request(request)):
                return self._unknown_host(request, host)
        # A suspended office still lets people sign in and pay (its billing pages): a billing
        # suspension ends with the payment. Everything else answers 503.
        if office.state == Office.State.SUSPENDED and not request.path.startswith(
            settings.SUSPENDED_OFFICE_PATHS
        ):
            with translation.override(office.language):
                return TemplateResponse(
                    request, "tenants/office_suspended.html", {"office": office}, status=503
                ).render()

        office.domain_url = host
        request.office = request.tenant = office
        connection.set_tenant(office)
        timezone.activate(office.time_zone)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
            connection.set_schema_to_public()

    @staticmethod
    def _unknown_host(request: HttpRequest, host: str):
        set_urlconf(settings.PUBLIC_SCHEMA_URLCONF)
        response = TemplateResponse(
            request,
            "tenants/unknown_host.html",
            {"host": host, "platform_url": _platform_url()},
            status=404,
        )
        return response.render()


def _platform_url() -> str:
    port = f":{settings.PLATFORM_PORT}" if settings.PLATFORM_PORT else ""
    return f"{settings.PLATFORM_SCHEME}://{settings.PLATFORM_DOMAIN}{port}"
