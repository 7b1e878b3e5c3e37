"""A real IMAP server on loopback for `make run` and the tests: Debian's Dovecot
(`dovecot-imapd`, installed by the Makefile when missing), run with its own configuration
under a folder of ours (never /etc/dovecot), on a free port, plain-text login over loopback
only, users from a passwd-file, Maildir storage. As root it runs as the embedded
PostgreSQL's unprivileged system user (Dovecot then needs no privilege at all: no chroot, no
port below 1024, no user switching)."""

from __future__ import annotations

import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

DOVECOT = "/usr/sbin/dovecot"
SYSTEM_USER = "embedded_postgres"  # created by devservices (PostgreSQL refuses root too)

CONFIG = """# Written by modules/helpdesk/devtools/imapserver.py: a private loopback server.
base_dir = {folder}/run
state_dir = {folder}/state
instance_name = vireo-imap-{port}
log_path = {folder}/dovecot.log
info_log_path = {folder}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = {user}
default_internal_user = {user}
default_internal_group = {group}
mail_location = maildir:~/Maildir
mail_uid = {user}
mail_gid = {group}
first_valid_uid = 0
first_valid_gid = 0
mail_max_userip_connections = 100
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {folder}/users/%u
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {folder}/users/%u
  default_fields = home={folder}/home/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
service stats {{
  chroot =
}}
service auth {{
  user = {user}
}}
service auth-worker {{
  user = {user}
}}
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(port: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"Dovecot does not listen on 127.0.0.1:{port} after {timeout}s")


class ImapServer:
    """One Dovecot instance: `start()`, `user_add()`, `stop()`."""

    def __init__(self, folder: Path, port: int = 0) -> None:
        self.folder = Path(folder)
        self.port = port or _free_port()
        self.process: subprocess.Popen | None = None
        self.as_user = SYSTEM_USER if os.geteuid() == 0 else None
        entry = pwd.getpwnam(self.as_user) if self.as_user else pwd.getpwuid(os.geteuid())
        self.user, self.uid, self.gid = entry.pw_name, entry.pw_uid, entry.pw_gid
        self.group = self._group_name(self.gid)

    @staticmethod
    def _group_name(gid: int) -> str:
        import grp

        return grp.getgrgid(gid).gr_name

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def _own(self, path: Path) -> None:
        if self.as_user:
            os.chown(path, self.uid, self.gid)

    def start(self, timeout: float = 30.0) -> ImapServer:
        if not Path(DOVECOT).exists():
            raise RuntimeError(f"{DOVECOT} is missing: `make setup` installs dovecot-imapd")
        for sub in ("", "run", "state", "home", "users"):
            path = self.folder / sub
            path.mkdir(parents=True, exist_ok=True)
            self._own(path)
        config = self.folder / "dovecot.conf"
        config.write_text(
            CONFIG.format(folder=self.folder, port=self.port, user=self.user, group=self.group)
        )
        self._own(config)
        self.process = subprocess.Popen(
            [DOVECOT, "-F", "-c", str(config)],
            user=self.as_user,
            group=self.gid if self.as_user else None,
            extra_groups=[] if self.as_user else None,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            _wait(self.port, timeout)
        except RuntimeError as exc:
            self.stop()
            log = self.folder / "dovecot.log"
            raise RuntimeError(f"{exc}\n{log.read_text() if log.exists() else ''}") from exc
        return self

    def user_add(self, name: str, password: str) -> None:
        """A mailbox (login `name`, plain password): one passwd-file line in users/<name>
        (a file per user: Dovecot re-reads a changed passwd-file only when its mtime moves,
        at one-second resolution, so one shared file would miss users added quickly)."""
        if not re.fullmatch(r"[\w.@+-]+", name) or ":" in password or "\n" in password:
            raise ValueError("an IMAP user is letters, digits and . @ + - _; no ':' in passwords")
        path = self.folder / "users" / name
        path.write_text(f"{name}:{password}:{self.uid}:{self.gid}::{self.folder}/home/{name}::\n")
        self._own(path)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


@contextmanager
def imap_server(folder: Path | None = None):
    """A started server in a fresh folder (removed afterwards unless one was given)."""
    made = folder is None
    if made:
        folder = Path(tempfile.mkdtemp(prefix="vireo-imap-"))
        os.chmod(folder, 0o755)
    server = ImapServer(Path(folder)).start()
    try:
        yield server
    finally:
        server.stop()
        if made:
            shutil.rmtree(folder, ignore_errors=True)
