import base64
import contextlib
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context

from accounts.models import STAFF_ROLES, Invitation, Membership, Role
from common.pdf import logo_type
from common.singletons import settings_get
from common.storage import office_read
from modules.office.models import OfficeProfile


def office_dashboard_get(*, office) -> dict:
    """Figures for the staff dashboard (two queries). Later modules add their own."""
    figures = Membership.objects.filter(office=office, is_active=True).aggregate(
        staff_total=Count("pk", filter=Q(role__in=STAFF_ROLES)),
        client_users=Count("pk", filter=Q(role=Role.CLIENT)),
    )
    # Waiting for the person (still valid), and expired ones the Team page can send again.
    now = timezone.now()
    figures |= Invitation.objects.filter(office=office, accepted_at__isnull=True).aggregate(
        pending_invitations=Count("pk", filter=Q(expires_at__gt=now)),
        expired_invitations=Count("pk", filter=Q(expires_at__lte=now)),
    )
    return figures


@dataclass(frozen=True)
class Letterhead:
    name: str
    lines: tuple[str, ...]  # legal name, address, tax ids, contact: what is filled in
    logo_uri: str  # a data: URI (PDF renderers need no file access), or ""


def office_letterhead_get(*, office) -> Letterhead:
    """The office as printed at the top of its documents (hand-over confirmations, later
    invoices), in the active language, from Administration > General."""
    profile = settings_get(OfficeProfile)
    name = getattr(office, "name", "")
    place = " ".join(part for part in (profile.postal_code, profile.city) if part)
    ids = [
        f"{label}: {value}"
        for label, value in (
            (_("NIP"), profile.nip),
            (_("IČO"), profile.ico),
            (_("IČ DPH"), profile.ic_dph),
        )
        if value
    ]
    contact = [value for value in (profile.email, profile.phone_display) if value]
    lines = (
        profile.legal_name if profile.legal_name and profile.legal_name != name else "",
        ", ".join(part for part in (profile.street, place) if part),
        " · ".join(ids),
        " · ".join(contact),
    )
    logo_uri, content_type = "", office_logo_type(office) if getattr(office, "logo", "") else ""
    if content_type:
        with contextlib.suppress(ValueError, FileNotFoundError):
            content = office_read(office.logo, schema=office.schema_name)
            logo_uri = f"data:{content_type};base64," + base64.b64encode(content).decode()
    return Letterhead(name=name, lines=tuple(line for line in lines if line), logo_uri=logo_uri)


def office_logo_type(office) -> str:
    """The content type of the office's logo ("" without one); checked when it was stored."""
    return logo_type(office.logo)


def office_contact_email(office) -> str:
    """The office's e-mail from Administration > General ("" when not filled in): where
    replies to the platform's e-mails for the office go (invitations;
    common.emails.office_contact_email, registered in apps.py)."""
    with schema_context(office.schema_name):
        return settings_get(OfficeProfile).email


def office_details_complete() -> bool:
    """Whether the office's legal name and address are filled in (the checklist); reads
    without creating the settings row."""
    return (
        OfficeProfile.objects.filter(pk=1)
        .exclude(legal_name="")
        .exclude(street="")
        .exclude(city="")
        .exists()
    )


def office_team_started(*, office) -> bool:
    """Whether anyone besides the founder was invited or joined as staff (the checklist)."""
    invited = Invitation.objects.filter(office=office).exclude(role=Role.CLIENT)
    staff = Membership.objects.filter(office=office, role__in=STAFF_ROLES, is_active=True)
    return invited.exists() or staff.count() > 1


def onboarding_hidden() -> bool:
    return OfficeProfile.objects.filter(pk=1, onboarding_hidden=True).exists()
