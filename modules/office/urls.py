from django.urls import path

from modules.office import views

app_name = "office"

urlpatterns = [
    path("", views.home_view, name="home"),
    path("dashboard/", views.dashboard_view, name="dashboard"),
    path("team/", views.staff_list_view, name="staff_list"),
    path("team/<int:membership_id>/remove/", views.staff_deactivate_view, name="staff_remove"),
    path("audit/", views.audit_log_view, name="audit_log"),
]
