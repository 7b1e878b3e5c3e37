from django.urls import path

from public_site import views

app_name = "public_site"

urlpatterns = [
    path("", views.landing_view, name="landing"),
]
