"""The audit log as the platform layer sees it.

The log itself (model, append-only trigger, screen) belongs to `modules.audit`, an office-schema
app. Code in platform/, tenants/ and signup must not import modules (the import-linter
contracts), so it records through this hook, which `modules.audit` fills in its
AppConfig.ready(). Modules call `modules.audit.services.audit_record` directly.
"""

from __future__ import annotations

from collections.abc import Callable

_writer: Callable | None = None


def audit_writer_register(writer: Callable) -> None:
    global _writer
    _writer = writer


def audit_record(**kwargs):
    """Append to the office's audit log in the caller's transaction (see
    modules.audit.services.audit_record for the arguments)."""
    if _writer is None:
        raise RuntimeError("No audit writer: modules.audit is not installed.")
    return _writer(**kwargs)
