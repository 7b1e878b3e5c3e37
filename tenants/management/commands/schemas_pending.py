"""Lists the schemas that still have migrations to apply (public, the template, offices),
e.g. while `migrate_schemas` runs or after it failed half-way; exit status 1 if any."""

from django.core.management.base import BaseCommand

from tenants.migrating import schemas_pending
from tenants.models import Office


class Command(BaseCommand):
    help = "List the schemas with migrations still to apply (exit status 1 if any)."

    def handle(self, *args, **options):
        schemas = [
            "public",
            *Office.objects.order_by("-is_template", "id").values_list("schema_name", flat=True),
        ]
        pending = schemas_pending(schemas)
        for schema in pending:
            self.stdout.write(schema)
        self.stderr.write(f"{len(schemas) - len(pending)} of {len(schemas)} schemas up to date")
        if pending:
            raise SystemExit(1)
