"""What this app's audit log actions say to a person (common.audit: the audit log, the
dashboard's recent activity). Every action it records has a line here, the state machine's
`helpdesk.<action>` included."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

AUDIT_ACTIONS = {
    "helpdesk.settings_changed": _("Helpdesk settings changed"),
    "helpdesk.category_created": _("Request category added"),
    "helpdesk.category_changed": _("Request category routed to a team"),
    "helpdesk.field_created": _("Custom field added to a category"),
    "helpdesk.team_created": _("Helpdesk team added"),
    "helpdesk.team_saved": _("Helpdesk team changed"),
    "helpdesk.access_changed": _("Helpdesk access changed"),
    "helpdesk.canned_reply_created": _("Canned reply added"),
    "helpdesk.request_created": _("Request raised"),
    "helpdesk.request_changed": _("Request changed"),
    "helpdesk.reply_added": _("Reply to a request"),
    "helpdesk.note_added": _("Internal note added"),
    "helpdesk.mentioned": _("Colleagues mentioned in a request"),
    "helpdesk.quote_sent": _("Quote sent"),
    "helpdesk.work_recorded": _("Billable work recorded"),
    "helpdesk.submit_for_approval": _("Request sent for approval"),
    "helpdesk.approve": _("Request approved"),
    "helpdesk.reject": _("Request rejected by the approver"),
    "helpdesk.decline": _("Request declined by the office"),
    "helpdesk.start": _("Work on a request started"),
    "helpdesk.ask_client": _("Client asked about a request"),
    "helpdesk.client_replied": _("Client replied to a request"),
    "helpdesk.send_quote": _("Request waits for quote acceptance"),
    "helpdesk.quote_accepted": _("Quote accepted"),
    "helpdesk.quote_declined": _("Quote declined"),
    "helpdesk.quote_withdrawn": _("Quote withdrawn (the request was closed or rejected)"),
    "helpdesk.resolve": _("Request resolved"),
    "helpdesk.accept": _("Request accepted by the client"),
    "helpdesk.auto_accept": _("Request accepted automatically"),
    "helpdesk.reopen": _("Request reopened"),
    "helpdesk.close": _("Request closed"),
    "helpdesk.restore": _("Closed or rejected request reopened by the office"),
    "helpdesk.intake_settings_changed": _("E-mail intake settings changed"),
    "helpdesk.email_assigned": _("Received e-mail assigned to a client"),
    "helpdesk.email_retried": _("Quarantined e-mail processed again"),
    "helpdesk.email_discarded": _("Received e-mail discarded"),
    "helpdesk.report_sent": _("Service report sent to the client"),
}


# What the changes of an action name (common.audit.audit_changes_register).
_REPLY = {"hidden": ("reply",)}
# Every transition may carry the comment it was taken with; a quote's decision names the
# quote's status (its choices' words, "Sent → Accepted", not the stored "sent → accepted").
_COMMENT = {"labels": {"comment": pgettext_lazy("remark", "Comment")}}
_QUOTE_DECISION = {
    "labels": {"comment": pgettext_lazy("remark", "Comment"), "quote": _("Quote")},
    "fields": {"quote": "helpdesk.Quote.status"},
}
TRANSITION_ACTIONS = (
    "submit_for_approval",
    "approve",
    "reject",
    "decline",
    "start",
    "ask_client",
    "client_replied",
    "send_quote",
    "resolve",
    "accept",
    "auto_accept",
    "reopen",
    "close",
    "restore",
)
AUDIT_CHANGES = {
    **{f"helpdesk.{action}": _COMMENT for action in TRANSITION_ACTIONS},
    "helpdesk.quote_accepted": _QUOTE_DECISION,
    "helpdesk.quote_declined": _QUOTE_DECISION,
    "helpdesk.quote_withdrawn": _QUOTE_DECISION,
    "helpdesk.access_changed": {
        "model": "helpdesk.Access",
        "labels": {"user": _("Person")},
        "related": {"user": "accounts.User"},
    },
    "helpdesk.field_created": {
        "labels": {"field": _("Field"), "kind": _("Kind"), "required": _("Required")}
    },
    "helpdesk.intake_settings_changed": {"labels": {"password": _("Password")}},
    "helpdesk.note_added": _REPLY,
    "helpdesk.reply_added": _REPLY,
    "helpdesk.quote_sent": {
        "labels": {"quote": _("Quote"), "net_total": _("Net total")},
        "money": ("net_total",),
    },
    "helpdesk.work_rate_changed": {"money": ("hourly_rate",)},
    "helpdesk.request_created": {"labels": {"fields": _("Custom fields")}},
    "helpdesk.team_created": {
        "labels": {"members": _("Members")},
        "lists": ("members",),
        "related": {"members": "accounts.User"},
    },
    "helpdesk.team_saved": {
        "labels": {"members": _("Members")},
        "related": {"members": "accounts.User"},
    },
}
