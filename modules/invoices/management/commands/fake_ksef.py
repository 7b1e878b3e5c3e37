"""Serve the local KSeF 2.0 fake for development (`make run` starts it): the demo office's
token is accepted for its NIP, so issuing a Polish invoice in the demo reaches "accepted"
with a KSeF number and a QR code on the PDF; it trusts the dev CA (devtools/demo_ca.py) that
issued the demo office's KSeF certificate. Extra tokens: KSEF_FAKE_TOKENS="token=NIP,..."."""

import os
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand

from modules.invoices.devtools.fake_ksef import fake_ksef_start

DEMO_TOKEN = "vireo-demo-ksef-token"
DEMO_NIP = "5260250274"


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args, **options):
        address = urlsplit(settings.KSEF_API_BASE)
        if address.hostname not in ("127.0.0.1", "localhost"):
            self.stdout.write("KSEF_API_BASE is not on loopback: the real KSeF is used, no fake.")
            self._wait(None)
        server, fake = fake_ksef_start(address.hostname, address.port)
        fake.token_add(DEMO_TOKEN, DEMO_NIP)
        from modules.invoices.devtools.demo_ca import demo_ca_pem

        fake.trust(demo_ca_pem())  # the demo offices' certificates (seed_demo)
        for pair in filter(None, os.environ.get("KSEF_FAKE_TOKENS", "").split(",")):
            token, _sep, nip = pair.partition("=")
            fake.token_add(token.strip(), nip.strip())
        self.stdout.write(f"Fake KSeF on {settings.KSEF_API_BASE}")
        self._wait(server)

    @staticmethod
    def _wait(server) -> None:
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            if server is not None:
                server.shutdown()
