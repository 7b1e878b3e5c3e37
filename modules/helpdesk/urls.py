from django.urls import include, path
from rest_framework.routers import SimpleRouter

from modules.helpdesk import api
from modules.helpdesk.views import intake, link, portal, schedules, settings, sla, staff

app_name = "helpdesk"

router = SimpleRouter()
router.register("helpdesk/requests", api.RequestViewSet, basename="api-request")

urlpatterns = [
    path("helpdesk/", staff.queue_view, name="queue"),
    path("helpdesk/new/", staff.create_view, name="create"),
    path("helpdesk/<int:request_id>/", staff.detail_view, name="detail"),
    path("helpdesk/<int:request_id>/status/", staff.transition_view, name="transition"),
    path(
        "helpdesk/<int:request_id>/status/<slug:action>/",
        staff.transition_confirm_view,
        name="transition_confirm",
    ),
    path("helpdesk/<int:request_id>/reply/", staff.reply_view, name="reply"),
    path("helpdesk/<int:request_id>/quote/", staff.quote_view, name="quote"),
    path("helpdesk/<int:request_id>/watch/", staff.watch_view, name="watch"),
    path("helpdesk/<int:request_id>/work/", staff.work_view, name="work"),
    path("helpdesk/<int:request_id>/fields/", staff.edit_form_view, name="edit"),
    path("helpdesk/files/<int:attachment_id>/", staff.attachment_view, name="attachment"),
    path("administration/helpdesk/", settings.settings_view, name="settings"),
    path("administration/helpdesk/categories/", settings.category_add_view, name="category_add"),
    path(
        "administration/helpdesk/categories/<int:category_id>/",
        settings.category_edit_view,
        name="category_edit",
    ),
    path("administration/helpdesk/access/", settings.access_view, name="access"),
    path("administration/helpdesk/teams/", settings.team_view, name="team"),
    path("administration/helpdesk/routing/", settings.route_view, name="route"),
    path("administration/helpdesk/fields/", settings.field_add_view, name="field_add"),
    path("administration/helpdesk/canned/", settings.canned_reply_add_view, name="canned_add"),
    path("helpdesk/bulk/", staff.bulk_view, name="bulk"),
    path("helpdesk/notifications/", staff.notices_view, name="notices"),
    path("helpdesk/people/", staff.people_view, name="people"),
    path("portal/helpdesk/", portal.list_view, name="portal_list"),
    path("portal/helpdesk/new/", portal.create_view, name="portal_create"),
    path("portal/helpdesk/<int:request_id>/", portal.detail_view, name="portal_detail"),
    path(
        "portal/helpdesk/<int:request_id>/status/", portal.transition_view, name="portal_transition"
    ),
    path("portal/helpdesk/<int:request_id>/reply/", portal.reply_view, name="portal_reply"),
    path("portal/helpdesk/quotes/<int:quote_id>/", portal.quote_view, name="portal_quote"),
    path(
        "portal/helpdesk/files/<int:attachment_id>/",
        portal.attachment_view,
        name="portal_attachment",
    ),
    path("helpdesk/link/<str:token>/", link.link_view, name="link"),
    path("api/v1/", include(router.urls)),
    path("administration/helpdesk/intake/", intake.intake_settings_view, name="intake_settings"),
    path("administration/helpdesk/intake/test/", intake.intake_test_view, name="intake_test"),
    path("helpdesk/emails/", intake.intake_list_view, name="intake"),
    path("helpdesk/emails/<int:email_id>/raw/", intake.intake_raw_view, name="intake_raw"),
    path("helpdesk/emails/<int:email_id>/assign/", intake.intake_assign_view, name="intake_assign"),
    path("helpdesk/emails/<int:email_id>/retry/", intake.intake_retry_view, name="intake_retry"),
    path(
        "helpdesk/emails/<int:email_id>/discard/", intake.intake_discard_view, name="intake_discard"
    ),
    path(
        "helpdesk/clients/<int:client_id>/schedules/new/",
        schedules.schedule_create_view,
        name="schedule_create",
    ),
    path(
        "helpdesk/clients/<int:client_id>/schedules/<int:schedule_id>/",
        schedules.schedule_edit_view,
        name="schedule_edit",
    ),
    path(
        "helpdesk/clients/<int:client_id>/schedules/<int:schedule_id>/delete/",
        schedules.schedule_delete_view,
        name="schedule_delete",
    ),
    path("administration/helpdesk/sla/", sla.sla_settings_view, name="sla"),
    path("administration/helpdesk/sla/policies/", sla.sla_policy_add_view, name="sla_policy_add"),
    path(
        "administration/helpdesk/sla/policies/<int:policy_id>/",
        sla.sla_policy_edit_view,
        name="sla_policy_edit",
    ),
    path(
        "administration/helpdesk/sla/policies/<int:policy_id>/delete/",
        sla.sla_policy_delete_view,
        name="sla_policy_delete",
    ),
]

# Work orders (T6) and the work log (T9): issue 21.
from modules.helpdesk.intake.api import InboundEmailViewSet  # noqa: E402
from modules.helpdesk.schedule_api import ScheduleViewSet  # noqa: E402
from modules.helpdesk.sla_api import SlaPolicyViewSet  # noqa: E402
from modules.helpdesk.views import worklog as _worklog  # noqa: E402
from modules.helpdesk.work_api import WorkLogViewSet, WorkOrderViewSet  # noqa: E402

_work_router = SimpleRouter()
_work_router.register("helpdesk/orders", WorkOrderViewSet, basename="api-order")
_work_router.register("helpdesk/worklog", WorkLogViewSet, basename="api-worklog")
_work_router.register("helpdesk/schedules", ScheduleViewSet, basename="api-schedule")
_work_router.register("helpdesk/emails", InboundEmailViewSet, basename="api-email")
_work_router.register("helpdesk/sla-policies", SlaPolicyViewSet, basename="api-sla-policy")
from modules.helpdesk.views import workorders as _orders  # noqa: E402

urlpatterns += [
    path("helpdesk/orders/", _orders.list_view, name="orders"),
    path("helpdesk/orders/new/", _orders.create_view, name="order_create"),
    path("helpdesk/orders/board/", _orders.board_view, name="order_board"),
    path("helpdesk/orders/<int:order_id>/", _orders.detail_view, name="order"),
    path("helpdesk/orders/<int:order_id>/link/", _orders.link_view, name="order_link"),
    path("helpdesk/orders/<int:order_id>/move/", _orders.board_move_view, name="order_move"),
    path(
        "helpdesk/orders/<int:order_id>/unlink/<int:request_id>/",
        _orders.unlink_view,
        name="order_unlink",
    ),
    path("helpdesk/<int:request_id>/worklog/", _worklog.box_view, name="worklog"),
    path("helpdesk/<int:request_id>/timer/", _worklog.timer_start_view, name="timer_start"),
    path("helpdesk/<int:request_id>/order/", _worklog.request_order_view, name="request_order"),
    path("helpdesk/timer/stop/", _worklog.timer_stop_view, name="timer_stop"),
    path("helpdesk/worklog/<int:entry_id>/", _worklog.entry_view, name="worklog_entry"),
    path(
        "helpdesk/worklog/<int:entry_id>/delete/",
        _worklog.entry_delete_view,
        name="worklog_delete",
    ),
    path("helpdesk/work-rates/", _worklog.rates_view, name="work_rates"),
    path("api/v1/", include(_work_router.urls)),
]

# Reports (T14)
from modules.helpdesk.views import reports as report_views  # noqa: E402

urlpatterns += [
    path("helpdesk/reports/", report_views.reports_view, name="reports"),
    path(
        "helpdesk/reports/client/<int:client_id>/",
        report_views.client_report_view,
        name="client_report",
    ),
    path(
        "helpdesk/reports/client/<int:client_id>/send/",
        report_views.client_report_send_view,
        name="client_report_send",
    ),
    path("portal/helpdesk/report/", report_views.portal_report_view, name="portal_report"),
]
