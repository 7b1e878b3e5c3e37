import io
import os
import socket
import subprocess
import sys
import time

from django.conf import settings as django_settings
from django.core.management import call_command

from common.management.commands.devrun import helper_addresses

ADDRESSES = [
    ("MAILCATCHER_SMTP", "127.0.0.1:{port}"),
    ("MAIL_FTP_ADDRESS", "127.0.0.1:{port}"),
    ("STRIPE_API_BASE", "http://127.0.0.1:{port}"),
]


def _port(value: str) -> int:
    return int(value.rsplit(":", 1)[1])


def test_helpers_get_free_ports_unless_set(settings):
    settings.DEVRUN_ADDRESSES = ADDRESSES
    first = helper_addresses({"MAIL_FTP_ADDRESS": "127.0.0.1:2999"})
    assert first["MAIL_FTP_ADDRESS"] == "127.0.0.1:2999"
    assert first["STRIPE_API_BASE"].startswith("http://127.0.0.1:")
    ports = [_port(first["MAILCATCHER_SMTP"]), _port(first["STRIPE_API_BASE"])]
    assert 12111 not in ports and 2121 not in ports
    for port in ports:  # free: a helper can listen there
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", port))
    second = helper_addresses({})
    assert _port(second["MAIL_FTP_ADDRESS"]) != 2121


def test_a_helper_that_stops_does_not_stop_the_run_and_addresses_are_printed(settings):
    settings.DEVRUN_ADDRESSES = ADDRESSES
    settings.DEVRUN_ESSENTIAL = {"web"}
    settings.DEVRUN_PROCESSES = [
        ("web", ["shell", "-c", "import time; time.sleep(4)"]),
        ("ftp", ["shell", "-c", "raise SystemExit(3)"]),
    ]
    out, err = io.StringIO(), io.StringIO()
    started = time.monotonic()
    call_command("devrun", stdout=out, stderr=err)
    assert time.monotonic() - started >= 4
    printed = out.getvalue()
    lines = printed.splitlines()
    ftp = next(line for line in lines if line.startswith("devrun: MAIL_FTP_ADDRESS="))
    assert "devrun: ftp stopped (exit 3); the rest go on." in err.getvalue()
    assert "devrun: web stopped; stopping the others." in err.getvalue()
    assert ftp.startswith("devrun: MAIL_FTP_ADDRESS=127.0.0.1:")


def test_links_in_development_follow_the_port_make_run_serves_on():
    """`make run` with RUN_ADDRESS=...:8765 writes office links (the switcher, e-mails) on
    8765, not on 8000 where nothing listens."""
    code = "from django.conf import settings; print(settings.PLATFORM_PORT)"
    env = {
        **os.environ,
        "DEBUG": "true",
        "VIREO_TESTING": "false",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "PYTHONPATH": f"{django_settings.BASE_DIR / 'platform'}:{django_settings.BASE_DIR}",
    }
    env.pop("PLATFORM_PORT", None)
    for address, port in (("127.0.0.1:8765", "8765"), (None, "8000"), ("9001", "9001")):
        run_env = dict(env, RUN_ADDRESS=address) if address else env
        if address is None:
            run_env.pop("RUN_ADDRESS", None)
        shown = subprocess.run(
            [sys.executable, "-c", f"import django; django.setup(); {code}"],
            env=run_env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        assert shown == port, (address, shown)
