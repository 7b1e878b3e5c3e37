"""Serve Vireo for development: web server, worker, scheduler and the other processes of
settings.DEVRUN_PROCESSES side by side, their output prefixed. Ctrl-C stops them all."""

import os
import signal
import subprocess
import sys
import threading
import time

from django.conf import settings
from django.core.management.base import BaseCommand

COLOURS = ["36", "33", "35", "32", "34", "31"]


def _interrupt(signum, frame):
    raise KeyboardInterrupt


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args, **options):
        signal.signal(signal.SIGTERM, _interrupt)
        signal.signal(signal.SIGHUP, _interrupt)
        processes = {}
        for index, (name, argv) in enumerate(settings.DEVRUN_PROCESSES):
            command = [sys.executable, str(settings.BASE_DIR / "manage.py"), *argv]
            proc = subprocess.Popen(
                command,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
                text=True,
                bufsize=1,
            )
            processes[name] = proc
            colour = COLOURS[index % len(COLOURS)]
            threading.Thread(target=self._pipe, args=(name, colour, proc), daemon=True).start()
        try:
            while all(p.poll() is None for p in processes.values()):
                time.sleep(0.5)
            dead = [n for n, p in processes.items() if p.poll() is not None]
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
