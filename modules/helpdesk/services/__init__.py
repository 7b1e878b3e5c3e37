"""Every write of the helpdesk, split by concept: the state machine (transitions), requests,
replies, quotes and the e-mail links, billing, custom fields and the office's set-up
(settings). Other code imports from here."""

from modules.helpdesk.services.base import ATTACHMENT_KINDS, ATTACHMENT_MAX_BYTES, S
from modules.helpdesk.services.billing import vat_codes, work_record
from modules.helpdesk.services.fields import NO, YES, field_create, field_value, fields_clean
from modules.helpdesk.services.quotes import (
    link_act,
    link_resolve,
    quote_create,
    quote_decide,
)
from modules.helpdesk.services.replies import MENTION, REPLY_THEN, mentions_find, reply_create
from modules.helpdesk.services.requests import (
    EDIT_FIELDS,
    request_create,
    request_update,
    requests_bulk,
    watcher_set,
)
from modules.helpdesk.services.settings import (
    SETTINGS_FIELDS,
    access_set,
    canned_reply_create,
    category_create,
    category_rename,
    category_route,
    settings_get,
    settings_update,
    staff_notice_set,
    team_save,
)
from modules.helpdesk.services.transitions import (
    APPROVAL_GATED,
    CLIENT_DECISIONS,
    CONFIRMED,
    OPEN,
    TRANSITIONS,
    Rule,
    request_transition,
    requests_auto_accept,
    transition_allowed,
    transition_names,
    transition_refused_text,
)

__all__ = [
    "APPROVAL_GATED",
    "ATTACHMENT_KINDS",
    "ATTACHMENT_MAX_BYTES",
    "CLIENT_DECISIONS",
    "CONFIRMED",
    "EDIT_FIELDS",
    "MENTION",
    "NO",
    "OPEN",
    "REPLY_THEN",
    "SETTINGS_FIELDS",
    "TRANSITIONS",
    "YES",
    "Rule",
    "S",
    "access_set",
    "canned_reply_create",
    "category_create",
    "category_rename",
    "category_route",
    "field_create",
    "field_value",
    "fields_clean",
    "link_act",
    "link_resolve",
    "mentions_find",
    "quote_create",
    "quote_decide",
    "reply_create",
    "request_create",
    "request_transition",
    "request_update",
    "requests_auto_accept",
    "requests_bulk",
    "settings_get",
    "settings_update",
    "staff_notice_set",
    "team_save",
    "transition_allowed",
    "transition_names",
    "transition_refused_text",
    "vat_codes",
    "watcher_set",
    "work_record",
]
