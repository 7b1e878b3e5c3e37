from django.urls import path

from public_site import views

app_name = "public_site"

urlpatterns = [
    path("", views.landing_view, name="landing"),
    path("pricing/", views.pricing_view, name="pricing"),
    path("terms/", views.terms_view, name="terms"),
    path("privacy/", views.privacy_view, name="privacy"),
]
