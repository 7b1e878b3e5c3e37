from django.urls import path

from common.administration import moved_to
from subscriptions import views

app_name = "subscriptions"

urlpatterns = [
    path("", views.billing_view, name="billing"),
    path("checkout/", views.checkout_view, name="checkout"),
    path("portal/", views.portal_view, name="portal"),
]

# Addresses before Administration existed (e-mails, Stripe sessions): permanent redirects.
moved_urlpatterns = [
    path("", moved_to("subscriptions:billing")),
    path("checkout/", moved_to("subscriptions:checkout")),
    path("portal/", moved_to("subscriptions:portal")),
]

public_urlpatterns = [
    path("stripe/webhook/", views.stripe_webhook_view, name="stripe_webhook"),
]
