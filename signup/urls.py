from django.urls import path

from signup import views

app_name = "signup"

urlpatterns = [
    path("", views.signup_view, name="signup"),
    path("sent/", views.sent_view, name="sent"),
    path("check/", views.slug_check_view, name="slug_check"),
    path("verify/<str:token>/", views.verify_view, name="verify"),
]

office_urlpatterns = [
    path("welcome/", views.welcome_view, name="welcome"),
]
