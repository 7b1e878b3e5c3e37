"""The platform's root domain: public site, signup, sign-in, Stripe's webhook, and the Django
admin for platform superusers."""

from django.contrib import admin
from django.urls import include, path

from common.views import page_not_found, permission_denied, server_error
from console.views import two_factor_view
from subscriptions.urls import public_urlpatterns as subscription_public_urls

handler403 = permission_denied
handler404 = page_not_found
handler500 = server_error

urlpatterns = [
    path("", include("public_site.urls")),
    path("signup/", include("signup.urls")),
    path("", include((subscription_public_urls, "subscriptions_public"))),
    path("accounts/", include("accounts.urls")),
    # The admin's second factor: the console's TOTP step, on this host (its session).
    path("admin/two-factor/", two_factor_view, name="admin_two_factor"),
    path("admin/", admin.site.urls),
]
