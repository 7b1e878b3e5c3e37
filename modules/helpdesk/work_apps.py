"""What work orders and the work log register when the app is ready (called from
HelpdeskConfig.ready): the billing hook, menu entries, the client card tab, audit lines."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

WORK_AUDIT_ACTIONS = {
    "helpdesk.order_created": _("Work order created"),
    "helpdesk.order_changed": _("Work order changed"),
    "helpdesk.order_linked": _("Request added to a work order"),
    "helpdesk.order_unlinked": _("Request removed from a work order"),
    "helpdesk.work_logged": _("Time logged on a request"),
    "helpdesk.work_log_changed": _("Logged time changed"),
    "helpdesk.work_log_deleted": _("Logged time deleted"),
    "helpdesk.work_rate_changed": _("Hourly rate of logged time changed"),
    "helpdesk.work_settings_changed": _("Work log settings changed"),
}
# What the changes of an action name (common.audit.audit_changes_register).
_OPERATORS = {
    "labels": {"operators": _("Operators")},
    "related": {"operators": "accounts.User"},
}
WORK_AUDIT_CHANGES = {
    "helpdesk.order_created": {**_OPERATORS, "lists": ("operators",)},
    "helpdesk.order_changed": _OPERATORS,
    "helpdesk.order_linked": {"labels": {"request": _("Request")}},
    "helpdesk.order_unlinked": {"labels": {"request": _("Request")}},
    "helpdesk.work_log_changed": {"hidden": ("entry",)},
    "helpdesk.work_log_deleted": {"labels": {"minutes": _("Minutes")}, "hidden": ("entry",)},
    "helpdesk.work_logged": {
        "labels": {
            "minutes": _("Minutes"),
            "billable": _("Billable"),
            "capped": _("Capped at the budget"),
        },
        "hidden": ("entry",),
    },
    "helpdesk.work_rate_changed": {
        "labels": {
            "operator": _("Operator"),
            "client": _("Client"),
            "hourly_rate": _("Hourly rate"),
        },
        "related": {"operator": "accounts.User", "client": "clients.Client"},
    },
}


def work_ready() -> None:
    from common.audit import audit_actions_register
    from common.navigation import STAFF_AREA, NavItem, nav_register
    from modules.billing.hooks import PeriodCloseHook, period_close_hook_register
    from modules.clients.hooks import ClientTab, client_tab_register
    from modules.helpdesk.views.workorders import client_orders_tab
    from modules.helpdesk.worklog import worklog_bill_period, worklog_pending_clients

    audit_actions_register(WORK_AUDIT_ACTIONS, WORK_AUDIT_CHANGES)
    period_close_hook_register(
        PeriodCloseHook(pending=worklog_pending_clients, record=worklog_bill_period)
    )
    nav_register(
        NavItem(
            STAFF_AREA, _("Work orders"), "helpdesk:orders", "clipboard-check", 32, group="helpdesk"
        )
    )
    nav_register(
        NavItem(
            STAFF_AREA,
            _("Dispatch board"),
            "helpdesk:order_board",
            "calendar-week",
            33,
            group="helpdesk",
        )
    )
    client_tab_register(
        ClientTab("helpdesk_orders", _("Work orders"), 27, render=client_orders_tab)
    )
