"""Serve Vireo for development: web server, worker, scheduler and the other processes of
settings.DEVRUN_PROCESSES side by side, their output prefixed. Ctrl-C stops them all.

The helpers' addresses (settings.DEVRUN_ADDRESSES) get free loopback ports unless set, and
are printed; a helper that ends is reported, only an essential process (DEVRUN_ESSENTIAL)
ending stops the rest."""

import os
import signal
import socket
import subprocess
import sys
import threading
import time

from django.conf import settings
from django.core.management.base import BaseCommand

COLOURS = ["36", "33", "35", "32", "34", "31"]


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def helper_addresses(environ) -> dict[str, str]:
    """Every helper address of settings.DEVRUN_ADDRESSES: as set in `environ`, or on a free
    loopback port."""
    return {
        name: environ.get(name) or pattern.format(port=_free_port())
        for name, pattern in settings.DEVRUN_ADDRESSES
    }


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args, **options):
        signal.signal(signal.SIGTERM, _interrupt)
        signal.signal(signal.SIGHUP, _interrupt)
        addresses = helper_addresses(os.environ)
        for name, value in addresses.items():
            self.stdout.write(f"devrun: {name}={value}")
        processes = {}
        for index, (name, argv) in enumerate(settings.DEVRUN_PROCESSES):
            command = [sys.executable, str(settings.BASE_DIR / "manage.py"), *argv]
            proc = subprocess.Popen(
                command,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                env={**os.environ, **addresses, "PYTHONUNBUFFERED": "1"},
                text=True,
                bufsize=1,
            )
            processes[name] = proc
            colour = COLOURS[index % len(COLOURS)]
            threading.Thread(target=self._pipe, args=(name, colour, proc), daemon=True).start()
        essential = {n: p for n, p in processes.items() if n in settings.DEVRUN_ESSENTIAL}
        reported = set()
        try:
            while all(p.poll() is None for p in essential.values()):
                for name, proc in processes.items():
                    if name not in reported and proc.poll() is not None:
                        reported.add(name)
                        self.stderr.write(
                            f"devrun: {name} stopped (exit {proc.returncode}); the rest go on."
                        )
                time.sleep(0.5)
            dead = [n for n, p in essential.items() if p.poll() is not None]
            self.stderr.write(f"devrun: {', '.join(dead)} stopped; stopping the others.")
        except KeyboardInterrupt:
            self.stdout.write("\ndevrun: stopping…")
        finally:
            for proc in processes.values():
                if proc.poll() is None:
                    proc.send_signal(signal.SIGTERM)
            deadline = time.monotonic() + 10
            for proc in processes.values():
                try:
                    proc.wait(max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    proc.kill()

    def _pipe(self, name: str, colour: str, proc: subprocess.Popen) -> None:
        for line in proc.stdout:
            sys.stdout.write(f"\033[{colour}m{name:>9} |\033[0m {line}")
            sys.stdout.flush()
