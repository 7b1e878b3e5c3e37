from accounts.models import Invitation, Membership, Role


def office_dashboard_get(*, office) -> dict:
    """Figures for the staff dashboard. Later modules add their own."""
    counts = {
        role: Membership.objects.filter(office=office, role=role, is_active=True).count()
        for role in (Role.STAFF, Role.CLIENT)
    }
    staff_total = Membership.objects.filter(
        office=office, is_active=True, role__in=[Role.OWNER, Role.ADMIN, Role.STAFF]
    ).count()
    return {
        "staff_total": staff_total,
        "client_users": counts[Role.CLIENT],
        "pending_invitations": Invitation.objects.filter(
            office=office, accepted_at__isnull=True
        ).count(),
    }
