from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "modules.audit"
    label = "audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        from common.audit import audit_finder_register, audit_writer_register
        from modules.audit.services import audit_exists, audit_record

        audit_writer_register(audit_record)
        audit_finder_register(audit_exists)
