"""The FTP(S) intake of scans (M5): `manage.py ftpserver`.

A scanner logs in as "<office subdomain>.<account name>" with the password set in the
office's mail settings. The server finds the office in the public schema, checks the
password in that office's schema only, and confines the session to the office's local spool
folder (common.storage.spool_dir) with store-only rights (no listing, no download, no
delete, no folders). Every file received is moved out of reach of the FTP session into the
office's storage (mail/ftp-queue/) and handed to the worker
(modules.mail.tasks.scan_ingest_task) in the office's schema.

Configuration (environment): MAIL_FTP_ADDRESS (127.0.0.1:2121), MAIL_FTP_TLS_CERT and
MAIL_FTP_TLS_KEY (FTPS; MAIL_FTP_TLS_REQUIRED=true refuses plain FTP),
MAIL_FTP_PASSIVE_PORTS ("30000-30009"), MAIL_FTP_MASQUERADE (public address behind NAT),
MAIL_FTP_MAX_BYTES (per upload, 100 MB).
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

from django.db import close_old_connections
from django_tenants.utils import schema_context
from pyftpdlib.authorizers import AuthenticationFailed
from pyftpdlib.handlers import DTPHandler, FTPHandler
from pyftpdlib.ioloop import IOLoop
from pyftpdlib.servers import FTPServer

from common.jobs import job_send
from common.storage import office_save, spool_dir
from modules.mail.services.intake import scan_queue_name

logger = logging.getLogger("vireo.mail.ftp")

PERMISSIONS = "ew"  # change into the home folder, store files; nothing else
DEFAULT_MAX_BYTES = 100 * 1024 * 1024


def ftp_spool(schema_name: str) -> Path:
    """Where one office's scanners upload (a folder per scanner account) on this server's
    own disk; every file received is moved into the office's storage at once."""
    return spool_dir("mail", "ftp-incoming", schema=schema_name)


def _env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


class OfficeAuthorizer:
    """pyftpdlib authorizer backed by the offices' scanner accounts."""

    def __init__(self):
        self._homes: dict[str, str] = {}
        self._lock = threading.Lock()

    def validate_authentication(self, username: str, password: str, handler) -> None:
        from modules.mail.services.config import scanner_account_authenticate
        from tenants.models import Office

        close_old_connections()
        slug, _dot, name = username.partition(".")
        office = None
        if slug and name:
            office = Office.objects.filter(
                slug=slug, is_template=False, state=Office.State.ACTIVE
            ).first()
        if office is None:
            raise AuthenticationFailed("Authentication failed.")
        with schema_context(office.schema_name):
            account = scanner_account_authenticate(name=name, password=password)
        if account is None:
            raise AuthenticationFailed("Authentication failed.")
        home = ftp_spool(office.schema_name) / str(account.pk)
        home.mkdir(parents=True, exist_ok=True)
        handler.vireo_office = (office.schema_name, account.pk)
        with self._lock:
            self._homes[username] = str(home)

    def get_home_dir(self, username: str) -> str:
        with self._lock:
            return self._homes[username]

    def has_user(self, username: str) -> bool:
        return username in self._homes

    def has_perm(self, username: str, perm: str, path: str | None = None) -> bool:
        if perm not in PERMISSIONS:
            return False
        if path is None:
            return True
        home = Path(self.get_home_dir(username)).resolve()
        return Path(os.path.realpath(path)).is_relative_to(home)

    def get_perms(self, username: str) -> str:
        return PERMISSIONS

    def get_msg_login(self, username: str) -> str:
        return "Welcome. Upload scans (PDF, JPEG, PNG)."

    def get_msg_quit(self, username: str) -> str:
        return "Goodbye."

    def impersonate_user(self, username: str, password: str) -> None:
        pass

    def terminate_impersonation(self, username: str) -> None:
        pass


class SizeLimitMixin:
    """Stops an upload past the size cap instead of filling the disk."""

    max_bytes = DEFAULT_MAX_BYTES

    def refuse_if_too_large(self):
        if self.tot_bytes_received > self.max_bytes and not self.transfer_finished:
            self.cmd_channel.respond("552 File too large.")
            self.close()


class LimitedDTPHandler(SizeLimitMixin, DTPHandler):
    def handle_read(self):
        super().handle_read()
        self.refuse_if_too_large()

    handle_read_event = handle_read  # pyftpdlib's ioloop calls this alias


class ScanIntakeMixin:
    """What happens to a received file: out of the FTP session's reach into the office's
    storage (the local spool is this server's own disk; the worker may run elsewhere), then
    the worker."""

    vireo_office: tuple[str, int] | None = None

    def on_file_received(self, file: str) -> None:
        if self.vireo_office is None:
            return
        schema, account_id = self.vireo_office
        name = Path(file).name
        with open(file, "rb") as handle:
            relative = office_save(
                scan_queue_name(name, account_id=account_id), handle, schema=schema
            )
        Path(file).unlink(missing_ok=True)
        from modules.mail.tasks import scan_ingest_task

        # The stored file is the job's record: when Redis is down, the sweep
        # (scan_queue_requeue_stale) sends it later.
        with schema_context(schema):
            job_send(scan_ingest_task, relative, account_id)
        logger.info("scan received", extra={"office": schema, "file_name": name})

    def on_incomplete_file_received(self, file: str) -> None:
        # The scanner saw the failure and will send again; a partial file is not a scan.
        logger.warning("incomplete upload removed", extra={"file_name": Path(file).name})
        Path(file).unlink(missing_ok=True)


class ScanFTPHandler(ScanIntakeMixin, FTPHandler):
    pass


def handler_class(*, cert: str = "", key: str = "", tls_required: bool = False):
    max_bytes = int(_env("MAIL_FTP_MAX_BYTES", str(DEFAULT_MAX_BYTES)))
    dtp = type("VireoDTPHandler", (LimitedDTPHandler,), {"max_bytes": max_bytes})
    if cert:
        from pyftpdlib.handlers import TLS_DTPHandler, TLS_FTPHandler

        class LimitedTLSDTPHandler(SizeLimitMixin, TLS_DTPHandler):
            def handle_read_event(self):
                # Through the TLS state machine (handshake, close_notify), which then reads.
                super().handle_read_event()
                self.refuse_if_too_large()

        tls_dtp = type("VireoTLSDTPHandler", (LimitedTLSDTPHandler,), {"max_bytes": max_bytes})
        base = type("ScanTLSFTPHandler", (ScanIntakeMixin, TLS_FTPHandler), {})
        base.certfile = cert
        base.keyfile = key or None
        base.tls_control_required = tls_required
        base.tls_data_required = tls_required
        base.dtp_handler = tls_dtp
        handler = base
    else:
        handler = type("ScanFTPHandlerConfigured", (ScanFTPHandler,), {})
        handler.dtp_handler = dtp
    handler.authorizer = OfficeAuthorizer()
    handler.permit_foreign_addresses = False
    handler.banner = "Vireo scan intake ready."
    passive = _env("MAIL_FTP_PASSIVE_PORTS")
    if passive:
        low, high = (int(p) for p in passive.split("-"))
        handler.passive_ports = range(low, high + 1)
    masquerade = _env("MAIL_FTP_MASQUERADE")
    if masquerade:
        handler.masquerade_address = masquerade
    return handler


def server_create(address: tuple[str, int], **tls) -> FTPServer:
    logging.getLogger("pyftpdlib").setLevel(logging.WARNING)
    # Its own event loop, not pyftpdlib's process-wide one: two servers in one process (the
    # plain and the FTPS one in the tests) would otherwise serve each other's sockets from
    # two threads and garble TLS records.
    server = FTPServer(address, handler_class(**tls), ioloop=IOLoop())
    server.max_cons = 64
    server.max_cons_per_ip = 16
    return server
