from django.urls import path

from accounts import two_factor, views

app_name = "accounts"

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("home/", views.home_view, name="home"),
    path("password-reset/", views.password_reset_view, name="password_reset"),
    path("password-reset/sent/", views.password_reset_done_view, name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.password_reset_confirm_view,
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        views.password_reset_complete_view,
        name="password_reset_complete",
    ),
    path("language/", views.language_set_view, name="language"),
    path("two-factor/", two_factor.two_factor_view, name="two_factor"),
    path("two-factor/code/", two_factor.two_factor_verify_view, name="two_factor_verify"),
    path("switch/<int:membership_id>/", views.office_switch_view, name="switch"),
]

office_urlpatterns = [
    path("invitation/<str:token>/", views.invitation_accept_view, name="invitation_accept"),
    path("handoff/", views.handoff_view, name="handoff"),
]
