from django.urls import path

from console import views

app_name = "console"

urlpatterns = [
    path("", views.home_view, name="home"),
    path("2fa/", views.two_factor_view, name="two_factor"),
    path("offices/", views.office_list_view, name="office_list"),
    path("offices/<int:office_id>/", views.office_detail_view, name="office_detail"),
    path("offices/<int:office_id>/suspend/", views.office_suspend_view, name="office_suspend"),
    path(
        "offices/<int:office_id>/reactivate/",
        views.office_reactivate_view,
        name="office_reactivate",
    ),
    path("offices/<int:office_id>/usage/", views.office_usage_measure_view, name="office_usage"),
    path("offices/<int:office_id>/enter/", views.office_enter_view, name="office_enter"),
    path("support/<int:access_id>/end/", views.support_end_view, name="support_end"),
    path("jobs/", views.failed_jobs_view, name="failed_jobs"),
    path("jobs/emails/<int:email_id>/retry/", views.email_retry_view, name="email_retry"),
]
