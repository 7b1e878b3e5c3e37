from django.urls import path

from subscriptions import views

app_name = "subscriptions"

urlpatterns = [
    path("", views.billing_view, name="billing"),
    path("checkout/", views.checkout_view, name="checkout"),
    path("portal/", views.portal_view, name="portal"),
]

public_urlpatterns = [
    path("stripe/webhook/", views.stripe_webhook_view, name="stripe_webhook"),
]
