"""An office's own domain: staff screens, the client panel and the office API."""

from csp.decorators import csp_exempt
from django.conf import settings
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from accounts.api import MeApi
from accounts.urls import office_urlpatterns as account_office_urls
from common.urls import include_at_root
from common.views import api_aware_not_found, nav_counts_view, permission_denied, server_error
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

handler403 = permission_denied
handler404 = api_aware_not_found
handler500 = server_error

# Each module's routes carry their own prefixes; include_at_root turns away a path of another
# first segment before trying any of them (common/urls.py).
urlpatterns = [
    path("navigation/counts/", nav_counts_view, name="nav_counts"),
    include_at_root("modules.office.urls"),
    include_at_root("modules.clients.urls"),  # /clients/... and /api/v1/clients/
    include_at_root("modules.scanrequests.urls"),  # before mail: /mail/scan-requests/...
    include_at_root("modules.mail.urls"),  # /mail/..., /portal/mail/..., /api/v1/mail/
    include_at_root("modules.handover.urls"),  # /mail/hand-over/..., /portal/pickups/
    include_at_root("modules.rooms.urls"),  # /rooms/..., /administration/rooms/
    # /settlements/..., /portal/settlements/, /api/v1/settlements/ (/billing/ is the old
    # address of the subscription screens, kept as redirects)
    include_at_root("modules.billing.urls"),
    include_at_root("modules.invoices.urls"),  # /invoices/, /portal/invoices/, /api/v1/invoices/
    include_at_root("modules.helpdesk.urls"),  # /helpdesk/..., /portal/helpdesk/...
    # /documents/..., /administration/documents/, /portal/documents/, /api/v1/documents/
    include_at_root("modules.documents.urls"),
    include_at_root("modules.messaging.urls"),  # /messages/..., /portal/messages/...
    path("portal/", include("modules.portal.urls")),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include((account_office_urls, "accounts_office"))),
    include_at_root("modules.notifications.urls"),  # /notifications/, /administration/...
    path("administration/subscription/", include("subscriptions.urls")),
    path("billing/", include(subscription_moved_urls)),
    include_at_root((signup_office_urls, "signup_office")),
    path("api/v1/", include((api_v1, "api"))),
]

if settings.BENCH_HELLO_VIEW:
    from config.bench import urlpatterns as bench_urlpatterns

    urlpatterns += bench_urlpatterns
