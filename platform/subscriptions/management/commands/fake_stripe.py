"""Serve the local Stripe fake for development (`make run` starts it when no real Stripe key
is configured): Checkout and the Customer Portal work end to end, and paying delivers a
signed webhook to this platform."""

import time
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand

from subscriptions.devtools.fake_stripe import fake_stripe_start


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args, **options):
        if settings.STRIPE_SECRET_KEY:
            # devrun stops everything when one process ends: stay, idle.
            self.stdout.write("STRIPE_SECRET_KEY is set: the real Stripe is used, no fake.")
            self._wait(None)
        address = urlsplit(settings.STRIPE_API_BASE)
        port = f":{settings.PLATFORM_PORT}" if settings.PLATFORM_PORT else ""
        webhook = f"{settings.PLATFORM_SCHEME}://{settings.PLATFORM_DOMAIN}{port}/stripe/webhook/"
        server, _fake = fake_stripe_start(
            address.hostname,
            address.port,
            webhook_url=webhook,
            webhook_secret=settings.STRIPE_WEBHOOK_SECRET,
        )
        self.stdout.write(f"Fake Stripe on {settings.STRIPE_API_BASE}, webhooks to {webhook}")
        self._wait(server)

    @staticmethod
    def _wait(server) -> None:
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            if server is not None:
                server.shutdown()
