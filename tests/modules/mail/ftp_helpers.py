"""The real FTP intake server and a real dramatiq worker, on loopback, for tests and
benchmarks. Their data is committed (they run on their own connections)."""

from __future__ import annotations

import socket
import threading
import uuid
from contextlib import contextmanager

import dramatiq
from django.db import connection

from modules.mail.ftp import server_create
from modules.mail.tasks import QUEUE


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def ftp_server(**tls):
    port = free_port()
    server = server_create(("127.0.0.1", port), **tls)
    stop = threading.Event()

    def run():
        while not stop.is_set():
            server.serve_forever(timeout=0.05, blocking=False, handle_exit=False)
        server.close_all()
        connection.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        yield port
    finally:
        stop.set()
        thread.join(10)


@contextmanager
def mail_worker(threads: int = 1):
    broker = dramatiq.get_broker()
    broker.flush(QUEUE)
    worker = dramatiq.Worker(broker, worker_threads=threads, queues={QUEUE})
    worker.start()
    try:
        yield broker
    finally:
        worker.stop()
        broker.flush(QUEUE)


def unique(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:8]}"
