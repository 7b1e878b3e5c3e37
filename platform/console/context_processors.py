def support_banner(request) -> dict:
    """Platform support currently inside this office (from subscriptions.state, cached):
    shown to its administrators, and to the support person themself with the time left."""
    membership = getattr(request, "membership", None)
    if getattr(request, "office", None) is None or membership is None:
        return {}
    if not membership.is_admin_role:
        return {}
    return {
        "support_sessions": getattr(request, "support_sessions", []),
        "support_self": getattr(request, "support_access", None),
    }
