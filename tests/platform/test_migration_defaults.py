"""A column added to an existing table NOT NULL needs a database default, not only Django's:
the benchmarks' set-based loaders insert rows with SQL, and during a rolling deploy the old
code (which does not know the column) still inserts rows while the new schema is in place.
clients.vat_number (clients 0006) broke the benchmark smoke run that way. This reads every
migration and fails on an AddField of a NOT NULL column without db_default."""

from __future__ import annotations

from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import AddField, CreateModel

# Written before this check: their tables were empty or rebuilt when they shipped. Never add
# to this list; give the new field db_default= (and default=, for Python-created objects).
BEFORE = {
    ("accounts", "0002_user_session_epoch", "session_epoch"),
    ("billing", "0002_periodclose_row", "client_name"),
    ("billing", "0002_periodclose_row", "gross"),
    ("billing", "0002_periodclose_row", "individual"),
    ("billing", "0002_periodclose_row", "net"),
    ("billing", "0002_periodclose_row", "over_limit"),
    ("billing", "0002_periodclose_row", "package"),
    ("billing", "0002_periodclose_row", "vat"),
    ("handover", "0002_handoversettings_office_settings", "created_at"),
    ("handover", "0002_handoversettings_office_settings", "updated_at"),
    ("helpdesk", "0002_teams_fields_notices", "fields"),
    ("helpdesk", "0010_sla_policy_active", "is_active"),
    ("helpdesk", "0012_intake_reason_code", "reason_code"),
    ("helpdesk", "0012_intake_reason_code", "reason_params"),
    ("invoices", "0002_ksef_certificate", "ksef_certificate_pem"),
    ("invoices", "0002_ksef_certificate", "ksef_certificate_serial"),
    ("invoices", "0002_ksef_certificate", "ksef_certificate_subject"),
    ("invoices", "0002_ksef_certificate", "ksef_private_key_encrypted"),
    ("invoices", "0003_client_acceptance", "acceptance"),
    ("invoices", "0003_client_acceptance", "acceptance_comment"),
    ("invoices", "0003_client_acceptance", "client_acceptance"),
    ("invoices", "0004_ubl", "ubl_path"),
    ("mail", "0007_mailsettings_office_settings", "created_at"),
    ("mail", "0007_mailsettings_office_settings", "updated_at"),
    ("mail", "0008_mailsettings_notify_default_and_more", "notify_default"),
    ("notifications", "0004_delivery_actions", "actions"),
    ("office", "0002_onboarding_hidden", "onboarding_hidden"),
    ("rooms", "0002_booking_notifications", "language"),
    ("rooms", "0002_booking_notifications", "sequence"),
    ("tenants", "0005_office_logo", "logo"),
    ("tenants", "0006_office_staff_two_factor_required", "staff_two_factor_required"),
}


def _offenders() -> set[tuple[str, str, str]]:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    found = set()
    for (app, name), migration in loader.disk_migrations.items():
        module = type(migration).__module__
        if not module.startswith(
            (
                "modules.",
                "accounts.",
                "common.",
                "console.",
                "subscriptions.",
                "tenants.",
                "signup.",
                "public_site.",
            )
        ):
            continue
        created = {op.name.lower() for op in migration.operations if isinstance(op, CreateModel)}
        for operation in migration.operations:
            if not isinstance(operation, AddField) or operation.model_name in created:
                continue  # a table made in the same migration has no rows yet
            field = operation.field
            if field.null or field.is_relation or field.primary_key:
                continue  # a required reference has no sensible default to give
            if field.has_db_default():
                continue
            found.add((app, name, operation.name))
    return found


def test_columns_added_not_null_have_a_database_default():
    new = _offenders() - BEFORE
    assert not new, (
        "NOT NULL columns added without db_default (give them db_default= and default=): "
        f"{sorted(new)}"
    )
