"""Development catchers (make run): an SMTP server and a fake of Vonage's SMS API on
loopback. What they receive is kept under .data/mailcatcher/ and shown to office staff on
/notifications/dev/mail/ (DEBUG only)."""

import signal
import threading

from django.core.management.base import BaseCommand

from modules.notifications.devtools.addresses import (
    catcher_dir,
    fake_vonage_address,
    mailcatcher_address,
)
from modules.notifications.devtools.fake_vonage import fake_vonage_start
from modules.notifications.devtools.mailcatcher import catcher_start


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args, **options):
        smtp_host, smtp_port = mailcatcher_address().rsplit(":", 1)
        sms_host, sms_port = fake_vonage_address().rsplit(":", 1)
        controller = catcher_start(smtp_host, int(smtp_port), directory=catcher_dir() / "mail")
        server, _state = fake_vonage_start(sms_host, int(sms_port), directory=catcher_dir() / "sms")
        self.stdout.write(
            f"catching e-mail on smtp://{smtp_host}:{smtp_port} and SMS on "
            f"https://{sms_host}:{sms_port}/sms/json"
        )
        stop = threading.Event()
        signal.signal(signal.SIGINT, lambda *_: stop.set())
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        stop.wait()
        server.shutdown()
        controller.stop()
