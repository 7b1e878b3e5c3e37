"""Reads of the e-mail intake (staff only: the views check who may see them)."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from modules.helpdesk.models import InboundEmail, IntakeFolder, IntakeSettings


def email_list(*, status: str) -> QuerySet[InboundEmail]:
    return (
        InboundEmail.objects.filter(status=status)
        .select_related("request")
        .order_by("-created_at", "-pk")
    )


def email_get(*, email_id: int) -> InboundEmail | None:
    return InboundEmail.objects.filter(pk=email_id).select_related("request").first()


def email_counts() -> dict[str, int]:
    rows = InboundEmail.objects.values("status").annotate(n=Count("pk"))
    return {row["status"]: row["n"] for row in rows}


def intake_health() -> dict | None:
    """The mailbox's state for the dashboard and Administration (None while it is off):
    enabled, failing (with the error, since when, the next attempt), last success, and how
    many e-mails wait for triage or sit in quarantine. Three queries."""
    row = IntakeSettings.objects.filter(pk=1).values("enabled", "folder").first()
    if not row or not row["enabled"]:
        return None
    state = IntakeFolder.objects.filter(folder=row["folder"]).first()
    waiting = dict(
        InboundEmail.objects.filter(status__in=["triage", "quarantine"])
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return {
        "failing": bool(state and state.failures),
        "failures": state.failures if state else 0,
        "failing_since": state.failing_since if state else None,
        "last_error": state.last_error if state else "",
        "next_attempt_at": state.next_attempt_at if state else None,
        "last_success_at": state.last_success_at if state else None,
        "triage": waiting.get("triage", 0),
        "quarantine": waiting.get("quarantine", 0),
    }
