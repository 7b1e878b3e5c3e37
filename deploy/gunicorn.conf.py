"""Gunicorn settings for Vireo.

Used as: gunicorn config.wsgi:application --bind 0.0.0.0:8000 \
    --workers ${WEB_CONCURRENCY:-2} --config deploy/gunicorn.conf.py
Command-line flags (bind, workers) take precedence over this file.
Every value can be tuned through the environment without rebuilding.
"""

import os

from gunicorn.glogging import Logger


def _int(name, default):
    return int(os.environ.get(name, default))


# Workers / threads. threads > 1 makes gunicorn use the gthread worker, which
# keeps slow I/O (Stripe, Vonage, SMTP) from blocking a whole process.
workers = _int("WEB_CONCURRENCY", 2)
threads = _int("GUNICORN_THREADS", 4)

# Heartbeat files on tmpfs: avoids stalls on overlay/disk-backed /tmp and
# works with a read-only root filesystem.
worker_tmp_dir = "/dev/shm"

# Timeouts. PDF rendering can take a while; graceful_timeout must stay below
# the orchestrator's termination grace period (k8s default 30s).
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 25)
# Longer than the upstream proxy's idle keep-alive (ingress-nginx: 60s) so
# the proxy, not gunicorn, closes idle connections (avoids sporadic 502s).
keepalive = _int("GUNICORN_KEEPALIVE", 75)

# Recycle workers periodically to bound memory growth (WeasyPrint, openpyxl).
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 100)

# Proxies whose X-Forwarded-* headers are trusted. In Kubernetes the pod is
# reachable only through the cluster network, so the chart sets "*".
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# No runtime control socket (gunicorn >= 25.1); $HOME is read-only anyway.
control_socket_disable = True

# Logging: everything to stdout/stderr, access log as one JSON-ish line.
# The app's RequestLogMiddleware also logs each request (with office and user);
# set GUNICORN_ACCESS_LOG="" to keep only that one.
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
errorlog = "-"
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
access_log_format = (
    '{"time":"%(t)s","method":"%(m)s","host":"%({host}i)s","path":"%(U)s",'
    '"query":"%(q)s","status":%(s)s,"bytes":"%(B)s","duration_ms":%(M)s,'
    '"remote":"%(h)s","forwarded_for":"%({x-forwarded-for}i)s",'
    '"request_id":"%({x-request-id}i)s","user_agent":"%(a)s"}'
)


class AccessLogger(Logger):
    """Standard logger that leaves successful health probes out of the access log."""

    def access(self, resp, req, environ, request_time):
        if environ.get("PATH_INFO") == "/healthz" and (resp.status_code or 500) < 400:
            return
        super().access(resp, req, environ, request_time)


logger_class = AccessLogger
