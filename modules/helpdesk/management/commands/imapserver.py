"""A real IMAP server for the helpdesk's e-mail intake under `make run`: Debian's Dovecot on
HELPDESK_IMAP_ADDRESS (a free loopback port from devrun; 127.0.0.1:10143 alone), its data in
.data/imap/. Each demo office's intake mailbox (seed_demo: user `helpdesk-<slug>`, password
the demo password, on 127.0.0.1) gets its login here, and the office's intake settings are
pointed at this port. Append mail to a demo mailbox with any IMAP client, or:

    manage.py imapserver --append demo path/to/message.eml
"""

import os
import signal
import threading
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django_tenants.utils import tenant_context

from common.demo_foundation import DEMO_PASSWORD
from modules.helpdesk.devtools.imapserver import ImapServer

DEFAULT_ADDRESS = "127.0.0.1:10143"


def demo_login(slug: str) -> str:
    return f"helpdesk-{slug}"


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("--append", nargs=2, metavar=("OFFICE_SLUG", "EML"))

    def handle(self, *args, **options):
        host, port = os.environ.get("HELPDESK_IMAP_ADDRESS", DEFAULT_ADDRESS).rsplit(":", 1)
        if options["append"]:
            return self._append(int(port), *options["append"])
        server = ImapServer(Path(settings.BASE_DIR) / ".data" / "imap", port=int(port)).start()
        offices = self._demo_offices(server)
        self.stdout.write(
            f"IMAP (Dovecot) on imap://{host}:{port}; demo mailboxes: {', '.join(offices) or '-'}"
        )
        stop = threading.Event()
        signal.signal(signal.SIGINT, lambda *_: stop.set())
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        try:
            while not stop.wait(1):
                if server.process.poll() is not None:
                    self.stderr.write("imapserver: Dovecot stopped")
                    raise SystemExit(1)
        finally:
            server.stop()

    def _demo_offices(self, server) -> list[str]:
        from modules.helpdesk.intake.services import intake_settings_get, intake_settings_update
        from tenants.models import Office

        names = []
        for office in Office.objects.exclude(schema_name="public").order_by("pk"):
            with tenant_context(office):
                row = intake_settings_get()
                if row.username != demo_login(office.slug) or row.host != "127.0.0.1":
                    continue
                server.user_add(row.username, DEMO_PASSWORD)
                if row.port != server.port:
                    intake_settings_update(actor=None, data={"port": server.port})
                names.append(row.username)
        return names

    def _append(self, port: int, slug: str, path: str) -> None:
        from imap_tools import MailBoxUnencrypted

        with MailBoxUnencrypted("127.0.0.1", port).login(demo_login(slug), DEMO_PASSWORD) as box:
            box.append(Path(path).read_bytes(), "INBOX")
        self.stdout.write(f"appended {path} to {demo_login(slug)}")
