"""Debian's PgBouncer on loopback, in transaction mode, in front of the test PostgreSQL."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path

from tests.helpers.net import free_port, wait_for_port

PGBOUNCER = "/usr/sbin/pgbouncer"
# PgBouncer refuses to run as root; the embedded PostgreSQL's system user runs it then.
SYSTEM_USER = "embedded_postgres"

CONFIG = """[databases]
* = host={host} port={port}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {listen}
unix_socket_dir =
auth_type = trust
auth_file = {folder}/userlist.txt
pool_mode = transaction
default_pool_size = {pool_size}
max_client_conn = 200
server_reset_query =
ignore_startup_parameters = extra_float_digits,options
logfile = {folder}/pgbouncer.log
pidfile = {folder}/pgbouncer.pid
"""


@contextmanager
def pgbouncer(*, host: str, port: int, user: str, pool_size: int = 2):
    """Yields the port of a PgBouncer (transaction pooling, `pool_size` server connections
    per database and user) forwarding every database of host:port."""
    folder = Path(tempfile.mkdtemp(prefix="pgbouncer-"))
    listen = free_port()
    (folder / "userlist.txt").write_text(f'"{user}" ""\n')
    config = folder / "pgbouncer.ini"
    config.write_text(
        CONFIG.format(host=host, port=port, listen=listen, folder=folder, pool_size=pool_size)
    )
    as_user = None
    if os.geteuid() == 0:
        as_user = SYSTEM_USER
        shutil.chown(folder, user=SYSTEM_USER)
        for path in folder.iterdir():
            shutil.chown(path, user=SYSTEM_USER)
    process = subprocess.Popen(
        [PGBOUNCER, str(config)], user=as_user, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        try:
            wait_for_port(listen, timeout=15)
        except RuntimeError as exc:
            log = folder / "pgbouncer.log"
            raise RuntimeError(log.read_text() if log.exists() else str(exc)) from exc
        yield listen
    finally:
        process.terminate()
        process.wait(10)
        shutil.rmtree(folder, ignore_errors=True)
