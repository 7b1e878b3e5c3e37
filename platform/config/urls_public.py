"""The platform's root domain: public site, sign-in, Django admin for platform superusers."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("public_site.urls")),
    path("accounts/", include("accounts.urls")),
    path("admin/", admin.site.urls),
]
