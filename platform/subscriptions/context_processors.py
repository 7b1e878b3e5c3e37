from subscriptions.access import FULL, GRACE


def billing_banner(request) -> dict:
    """What the office layout's billing banner needs (nothing outside offices)."""
    standing = getattr(request, "billing_standing", None)
    subscription = getattr(request, "billing_subscription", None)
    membership = getattr(request, "membership", None)
    if standing is None or subscription is None or membership is None:
        return {}
    if not membership.is_staff_role:
        return {}
    # A trial already paid for (its first charge when it ends) needs no reminder.
    show = standing.access != FULL or (
        subscription.status == "trialing" and not subscription.stripe_subscription_id
    )
    return {
        "billing_banner": {
            "standing": standing,
            "subscription": subscription,
            "grace": standing.access == GRACE,
            "can_manage": membership.is_admin_role,
        }
        if show
        else None
    }
