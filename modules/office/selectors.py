from django.db.models import Count, Q

from accounts.models import STAFF_ROLES, Invitation, Membership, Role


def office_dashboard_get(*, office) -> dict:
    """Figures for the staff dashboard (two queries). Later modules add their own."""
    figures = Membership.objects.filter(office=office, is_active=True).aggregate(
        staff_total=Count("pk", filter=Q(role__in=STAFF_ROLES)),
        client_users=Count("pk", filter=Q(role=Role.CLIENT)),
    )
    figures["pending_invitations"] = Invitation.objects.filter(
        office=office, accepted_at__isnull=True
    ).count()
    return figures
