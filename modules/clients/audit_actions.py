"""What this app's audit log actions say to a person (common.audit: the audit log, the
dashboard's recent activity). Every action it records has a line here."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "client.address_added": _("Client address added"),
    "client.address_removed": _("Client address removed"),
    "client.contact_added": _("Contact person added"),
    "client.contact_removed": _("Contact person removed"),
    "client.created": _("Client added"),
    "client.custom_field_added": _("Custom field added"),
    "client.custom_values_changed": _("Custom fields changed"),
    "client.import_finished": _("Client import finished"),
    "client.import_uploaded": _("Client import file uploaded"),
    "client.updated": _("Client details changed"),
    "client.user_invited": _("Client user invited"),
    "client.user_removed": _("Client user removed"),
}
