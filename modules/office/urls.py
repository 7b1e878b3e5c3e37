from django.urls import path

from common.administration import moved_to
from modules.office.views import administration, staff

app_name = "office"

urlpatterns = [
    path("", staff.home_view, name="home"),
    path("dashboard/", staff.dashboard_view, name="dashboard"),
    path("dashboard/onboarding/", staff.onboarding_hide_view, name="onboarding_hide"),
    path("administration/", administration.administration_view, name="administration"),
    path("administration/general/", administration.general_view, name="general"),
    path("administration/general/logo/", administration.logo_view, name="logo"),
    path("administration/team/", staff.staff_list_view, name="staff_list"),
    path(
        "administration/team/<int:membership_id>/remove/",
        staff.staff_deactivate_view,
        name="staff_remove",
    ),
    path(
        "administration/team/<int:membership_id>/role/",
        staff.staff_role_change_view,
        name="staff_role",
    ),
    path(
        "administration/team/invitations/<int:invitation_id>/<action>/",
        staff.staff_invitation_action_view,
        name="invitation_action",
    ),
    path("administration/audit-log/", staff.audit_log_view, name="audit_log"),
    # Addresses before Administration existed (bookmarks, old e-mails): permanent redirects.
    path("team/", moved_to("office:staff_list")),
    path("team/<int:membership_id>/remove/", moved_to("office:staff_remove")),
    path("audit/", moved_to("office:audit_log")),
]
