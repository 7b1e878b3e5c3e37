"""Back up one office: its schema, the public structure it needs and its files, with a
manifest of row counts and checksums (tenants/backup.py). Restore: office_restore."""

from django.core.management.base import BaseCommand, CommandError

from tenants.backup import BackupError, office_backup
from tenants.models import Office


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the office's subdomain (slug)")
        parser.add_argument("folder", help="an empty or new folder for the archive")

    def handle(self, *args, slug: str, folder: str, **options):
        office = Office.objects.filter(slug=slug).first()
        if office is None:
            raise CommandError(f"no office {slug!r}")
        try:
            manifest = office_backup(office=office, folder=folder)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{office.slug} ({manifest['schema']}): {sum(manifest['rows'].values())} rows in "
            f"{len(manifest['rows'])} tables, {len(manifest['files'])} files, "
            f"{manifest['seconds']} s -> {folder}"
        )
