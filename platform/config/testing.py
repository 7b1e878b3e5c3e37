"""Settings-time facts for the test run (imported by settings only under pytest)."""

import os
import socket


def live_server_port() -> int:
    """The browser tests' live server port, fixed for the whole process before links to
    offices are generated. Also lets Playwright's sync API (which keeps an event loop in the
    main thread) coexist with Django's async-safety check."""
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    if "LIVE_SERVER_PORT" not in os.environ:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            os.environ["LIVE_SERVER_PORT"] = str(sock.getsockname()[1])
    return int(os.environ["LIVE_SERVER_PORT"])
