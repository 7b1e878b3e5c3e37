"""Serve the FTP(S) scan intake (M5). See modules/mail/ftp.py for configuration."""

import os

from django.core.management.base import BaseCommand

from modules.mail.ftp import server_create


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument(
            "--address",
            default=os.environ.get("MAIL_FTP_ADDRESS", "127.0.0.1:2121"),
            help="host:port to listen on (default 127.0.0.1:2121)",
        )

    def handle(self, *args, address: str, **options):
        host, _colon, port = address.rpartition(":")
        cert = os.environ.get("MAIL_FTP_TLS_CERT", "")
        server = server_create(
            (host or "127.0.0.1", int(port)),
            cert=cert,
            key=os.environ.get("MAIL_FTP_TLS_KEY", ""),
            tls_required=os.environ.get("MAIL_FTP_TLS_REQUIRED", "").lower() in ("1", "true"),
        )
        self.stdout.write(f"FTP{'S' if cert else ''} scan intake on {address}")
        server.serve_forever(handle_exit=True)
