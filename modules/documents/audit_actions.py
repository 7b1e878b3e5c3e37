"""What this app's audit log actions say to a person (common.audit)."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "documents.template_created": _("Document template added"),
    "documents.template_changed": _("Document template changed"),
    "documents.generated": _("Document generated"),
    "documents.regenerated": _("Document generated again (new version)"),
    "documents.uploaded": _("Document uploaded"),
    "documents.shared": _("Document shared with the client"),
    "documents.unshared": _("Document no longer shared with the client"),
}


# What the changes of an action name (common.audit.audit_changes_register).
AUDIT_CHANGES = {
    "documents.generated": {"labels": {"shared": _("Shared with the client")}},
}
