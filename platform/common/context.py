"""Per-request facts that services may record but must not be handed a request for."""

from contextvars import ContextVar

# The client's address, set by common.middleware.RequestLogMiddleware, read by the audit log.
request_ip: ContextVar[str | None] = ContextVar("request_ip", default=None)
