"""An office's own domain: staff screens, the client panel and the office API."""

from csp.decorators import csp_exempt
from django.conf import settings
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from accounts.api import MeApi
from accounts.urls import office_urlpatterns as account_office_urls
from common.views import api_aware_not_found, nav_counts_view, server_error
from signup.urls import office_urlpatterns as signup_office_urls
from subscriptions.urls import moved_urlpatterns as subscription_moved_urls

api_v1 = [
    path("me/", MeApi.as_view(), name="me"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI's page is drf-spectacular's, with an inline script: no CSP on it alone.
    path(
        "docs/",
        csp_exempt()(SpectacularSwaggerView.as_view(url_name="api:schema")),
        name="docs",
    ),
]

handler404 = api_aware_not_found
handler500 = server_error

urlpatterns = [
    path("navigation/counts/", nav_counts_view, name="nav_counts"),
    path("", include("modules.office.urls")),
    path("", include("modules.clients.urls")),  # /clients/... and /api/v1/clients/
    path("", include("modules.scanrequests.urls")),  # before mail: /mail/scan-requests/...
    path("", include("modules.mail.urls")),  # /mail/..., /portal/mail/..., /api/v1/mail/
    path("", include("modules.handover.urls")),  # /mail/hand-over/..., /portal/pickups/
    path("", include("modules.rooms.urls")),  # /rooms/..., /administration/rooms/
    # /settlements/..., /portal/settlements/, /api/v1/settlements/ (/billing/ is the old
    # address of the subscription screens, kept as redirects)
    path("", include("modules.billing.urls")),
    path("", include("modules.invoices.urls")),  # /invoices/, /portal/invoices/, /api/v1/invoices/
    path("", include("modules.helpdesk.urls")),  # /helpdesk/..., /portal/helpdesk/...
    # /documents/..., /administration/documents/, /portal/documents/, /api/v1/documents/
    path("", include("modules.documents.urls")),
    path("", include("modules.messaging.urls")),  # /messages/..., /portal/messages/...
    path("portal/", include("modules.portal.urls")),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include((account_office_urls, "accounts_office"))),
    path("", include("modules.notifications.urls")),  # /notifications/, /administration/...
    path("administration/subscription/", include("subscriptions.urls")),
    path("billing/", include(subscription_moved_urls)),
    path("", include((signup_office_urls, "signup_office"))),
    path("api/v1/", include((api_v1, "api"))),
]

if settings.BENCH_HELLO_VIEW:
    from config.bench import urlpatterns as bench_urlpatterns

    urlpatterns += bench_urlpatterns
