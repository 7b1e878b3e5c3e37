"""console.<PLATFORM_DOMAIN>: the platform admins' super-console (public schema)."""

from django.urls import include, path

urlpatterns = [
    path("", include("console.urls")),
    path("accounts/", include("accounts.urls")),
]
