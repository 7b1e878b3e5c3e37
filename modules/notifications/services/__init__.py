"""Every write of the notifications module. Other modules use notify() and, for the clients
module, recipient_set(); the rest serves this module's own screens."""

from modules.notifications.services.alerts import (
    alert_mark_all_read,
    alert_mark_read,
    alert_open,
    alert_subject,
    alerts_resolve,
)
from modules.notifications.services.config import (
    default_events,
    recipient_add_many,
    recipient_create,
    recipient_delete,
    recipient_remove,
    recipient_set,
    recipient_update,
    settings_get,
    settings_update,
    template_errors,
    template_reset,
    template_save,
)
from modules.notifications.services.delivery import (
    delivery_resend,
    delivery_send,
    delivery_send_batch,
)
from modules.notifications.services.notify import (
    Addressee,
    Attachment,
    NotifyItem,
    delivery_requeue_stale,
    notify,
    notify_many,
    sample_context,
)
from modules.notifications.services.unsubscribe import (
    recipient_unsubscribe,
    unsubscribe_target,
    unsubscribe_url,
)

__all__ = [
    "Addressee",
    "Attachment",
    "NotifyItem",
    "alert_mark_all_read",
    "alert_mark_read",
    "alert_open",
    "alert_subject",
    "alerts_resolve",
    "default_events",
    "delivery_requeue_stale",
    "delivery_resend",
    "delivery_send",
    "delivery_send_batch",
    "notify",
    "notify_many",
    "recipient_add_many",
    "recipient_create",
    "recipient_delete",
    "recipient_remove",
    "recipient_set",
    "recipient_unsubscribe",
    "recipient_update",
    "sample_context",
    "settings_get",
    "settings_update",
    "template_errors",
    "template_reset",
    "template_save",
    "unsubscribe_target",
    "unsubscribe_url",
]
