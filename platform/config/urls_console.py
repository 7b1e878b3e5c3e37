"""console.<PLATFORM_DOMAIN>: the platform admins' super-console (public schema)."""

from django.urls import include, path

from common.views import server_error

handler500 = server_error

urlpatterns = [
    path("", include("console.urls")),
    path("accounts/", include("accounts.urls")),
]
