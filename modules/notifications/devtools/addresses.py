"""Where the development catchers listen: MAILCATCHER_SMTP / MAILCATCHER_SMS (host:port),
which `make run` (devrun) sets to free ports; without them, next to the web server's port
(web 8000: SMTP 8025, Vonage fake 8026)."""

import os

from django.conf import settings


def _run_port() -> int:
    address = os.environ.get("RUN_ADDRESS", "127.0.0.1:8000")
    return int(address.rsplit(":", 1)[-1])


def mailcatcher_address() -> str:
    # The settings own it: the platform's e-mails are sent there in development too.
    return settings.MAILCATCHER_SMTP


def fake_vonage_address() -> str:
    return os.environ.get("MAILCATCHER_SMS", f"127.0.0.1:{_run_port() + 26}")


def catcher_dir():
    return settings.DATA_DIR / "mailcatcher"
