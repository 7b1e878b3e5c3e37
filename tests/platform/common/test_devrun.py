import io
import socket
import time

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
