"""Restore an office archive (office_backup) into a database, then check its row counts and
file checksums against the archive's manifest; exit status 1 on any difference."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tenants.backup import BackupError, office_restore


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("folder", help="the archive folder office_backup wrote")
        parser.add_argument(
            "--database-url",
            required=True,
            help="postgres://... of the target: a scratch database (the drill) or a cell "
            "without this office's schema",
        )
        parser.add_argument(
            "--media-root",
            help="restore the files under this folder (laid out as MEDIA_ROOT) instead of "
            "into the configured storage",
        )

    def handle(self, *args, folder: str, database_url: str, media_root: str | None, **opts):
        try:
            report = office_restore(
                folder=Path(folder),
                database_url=database_url,
                media_root=Path(media_root) if media_root else None,
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{report['schema']}: {sum(report['rows'].values())} rows in {len(report['rows'])}"
            f" tables and {len(report['files'])} files restored and checked, "
            f"{report['seconds']} s"
        )
