"""console.<PLATFORM_DOMAIN>: the platform admins' super-console (public schema)."""

from django.urls import include, path

from common.views import page_not_found, permission_denied, server_error

handler403 = permission_denied
handler404 = page_not_found
handler500 = server_error

urlpatterns = [
    path("", include("console.urls")),
    path("accounts/", include("accounts.urls")),
]
