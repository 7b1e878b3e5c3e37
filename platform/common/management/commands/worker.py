"""Run the dramatiq worker for every actor of every app (`dramatiq config.worker`)."""

import os
import sys

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("--processes", type=int, default=2)
        parser.add_argument("--threads", type=int, default=4)

    def handle(self, *args, processes, threads, **options):
        argv = [
            sys.executable,
            "-m",
            "dramatiq",
            "config.worker",
            "--path",
            str(settings.BASE_DIR / "platform"),
            str(settings.BASE_DIR),
            "--processes",
            str(processes),
            "--threads",
            str(threads),
        ]
        os.execv(sys.executable, argv)
