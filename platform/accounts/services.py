"""Every write to people, memberships and invitations."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import ADMIN_ROLES, Invitation, Membership, Role, User
from common.audit import audit_record
from common.emails import office_contact_email, platform_email_queue
from common.exceptions import ApplicationError
from common.ratelimit import rate_limit_hit
from subscriptions.access import plan_limit_check


def user_create(
    *, email: str, password: str | None, full_name: str = "", language: str = ""
) -> User:
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ApplicationError(_("A user with this e-mail already exists."))
    if password:
        validate_password(password, User(email=email, full_name=full_name))
    return User.objects.create_user(
        email=email, password=password, full_name=full_name.strip(), language=language
    )


def user_language_set(*, user: User, language: str) -> None:
    if language not in {code for code, _name in settings.LANGUAGES}:
        raise ApplicationError(_("Unsupported language."))
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])


@transaction.atomic
def client_profile_remember(*, user: User, membership_id: int) -> None:
    """The client profile a person chose in an office opens there at their next sign-in."""
    Membership.objects.filter(
        pk=membership_id, user_id=user.pk, role=Role.CLIENT, is_active=True
    ).update(last_chosen_at=timezone.now())


def membership_create(
    *, user: User, office, role: str, client_id: int | None = None, client_name: str = ""
) -> Membership:
    """Give a person a role in an office (idempotent: an existing membership is returned,
    reactivated if it had been switched off)."""
    if role not in Role.values:
        raise ApplicationError(_("Unknown role."))
    if (role == Role.CLIENT) != (client_id is not None):
        raise ApplicationError(_("A client user must belong to exactly one client company."))
    lookup = {"user": user, "office": office}
    if role == Role.CLIENT:
        lookup["client_id"] = client_id
        existing = Membership.objects.filter(role=Role.CLIENT, **lookup).first()
    else:
        existing = Membership.objects.exclude(role=Role.CLIENT).filter(**lookup).first()
    if existing is not None:
        changed = []
        if not existing.is_active:
            existing.is_active = True
            changed.append("is_active")
        if role != Role.CLIENT and existing.role != role:
            if existing.role == Role.OWNER and existing.is_active:
                _owner_leaving_check(membership=existing, actor=None)
            existing.role = role
            changed.append("role")
        if changed:
            existing.save(update_fields=changed)
        return existing
    try:
        with transaction.atomic():
            return Membership.objects.create(
                role=role, client_name=client_name if client_id else "", **lookup
            )
    except IntegrityError:
        # A concurrent request created it first; the constraint kept one row.
        return Membership.objects.get(role=role, **lookup)


def user_sessions_end(*, user: User) -> None:
    """End every session of the person, on every office host and the console: each one
    carries a hash of the epoch raised here and is flushed on its next request."""
    User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)


def _owner_leaving_check(*, membership: Membership, actor: User | None) -> None:
    """An owner stops being one: only another active owner may do it (an administrator
    cannot remove the people above them), and the office keeps at least one active owner.
    The owners' rows are locked, so two owners removing each other cannot both win."""
    owners = list(
        Membership.objects.select_for_update()
        .filter(office_id=membership.office_id, role=Role.OWNER, is_active=True)
        .order_by("pk")
        .values_list("user_id", flat=True)
    )
    if actor is not None and actor.pk not in owners:
        raise ApplicationError(_("Only an owner can change the office's owners."))
    if [user_id for user_id in owners if user_id != membership.user_id] == []:
        raise ApplicationError(_("An office must keep at least one owner."))


@transaction.atomic
def membership_deactivate(*, membership: Membership, actor: User) -> Membership:
    if membership.role == Role.OWNER and membership.is_active:
        _owner_leaving_check(membership=membership, actor=actor)
    if membership.user_id == actor.pk:
        raise ApplicationError(_("You cannot remove your own access."))
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    audit_record(
        action="membership.deactivated",
        actor=actor,
        target=membership,
        office=membership.office,
        changes={"email": membership.user.email, "role": membership.role},
    )
    return membership


@transaction.atomic
def membership_role_change(*, membership: Membership, role: str, actor: User) -> Membership:
    """Change a team member's role among owner, administrator and staff.

    Administrators and owners change staff and administrators; only an owner makes or
    unmakes an owner (so an owner hands the office over by making someone else an owner,
    who may then change the first). The office keeps at least one owner, hence always an
    administrator. Nobody changes their own role: they could lock themselves out."""
    if role not in (Role.OWNER, Role.ADMIN, Role.STAFF):
        raise ApplicationError(_("Unknown role."))
    membership = (
        Membership.objects.select_for_update()
        .select_related("user", "office")
        .get(pk=membership.pk)
    )
    acting = Membership.objects.filter(
        user=actor, office_id=membership.office_id, is_active=True, role__in=ADMIN_ROLES
    ).first()
    if acting is None:
        raise ApplicationError(_("Only an owner or an administrator can change roles."))
    if membership.role == Role.CLIENT or not membership.is_active:
        raise ApplicationError(_("Only an active team member's role can be changed."))
    if membership.user_id == actor.pk:
        raise ApplicationError(_("You cannot change your own role."))
    previous = membership.role
    if previous == role:
        return membership
    if role == Role.OWNER and acting.role != Role.OWNER:
        raise ApplicationError(_("Only an owner can change the office's owners."))
    if previous == Role.OWNER:
        _owner_leaving_check(membership=membership, actor=actor)
    membership.role = role
    membership.save(update_fields=["role"])
    audit_record(
        action="membership.role_changed",
        actor=actor,
        target=membership,
        office=membership.office,
        changes={"email": membership.user.email, "role": [previous, role]},
    )
    return membership


def invitation_create(
    *,
    office,
    email: str,
    role: str,
    invited_by: User,
    client_id: int | None = None,
    client_name: str = "",
    full_name: str = "",
) -> Invitation:
    """`full_name`: the person's name when the office knows it (the acceptance page fills
    it in; they may change it)."""
    email = email.strip().lower()
    if role == Role.OWNER:
        raise ApplicationError(_("Owners cannot be invited; transfer ownership instead."))
    if role != Role.CLIENT:
        # The plan's staff-user limit (pending invitations hold a seat); no-op without a plan.
        plan_limit_check(office=office, limit="staff_users")
    if (
        role != Role.CLIENT
        and Membership.objects.filter(office=office, user__email__iexact=email, is_active=True)
        .exclude(role=Role.CLIENT)
        .exists()
    ):
        raise ApplicationError(_("This person is already a member of the office."))
    _invitation_emails_count(office=office, email=email)
    with transaction.atomic():
        if role != Role.CLIENT:
            # Counted again under the office's lock: two invitations sent at the same moment
            # for the last seat cannot both take it (the check above refuses early, before
            # an e-mail is counted).
            plan_limit_check(office=office, limit="staff_users", lock=True)
        invitation = Invitation.objects.create(
            office=office,
            email=email,
            role=role,
            client_id=client_id,
            client_name=client_name,
            full_name=full_name.strip()[:200],
            invited_by=invited_by,
            token=secrets.token_urlsafe(32),
            expires_at=timezone.now() + timedelta(seconds=settings.INVITATION_MAX_AGE),
        )
        audit_record(
            action="invitation.created",
            actor=invited_by,
            target=invitation,
            office=office,
            changes={"email": email, "role": role},
        )
        _invitation_send(invitation)
    return invitation


# "Send again" waits this long after the last e-mail (a double click, an impatient hand).
INVITATION_RESEND_INTERVAL = timedelta(minutes=1)
# Invitation e-mails one office may send one address in a day, new ones and "Send again"
# together: cancelling and inviting again, or sending again every minute, stops there.
INVITATION_EMAILS_PER_DAY = 5


def _invitation_emails_count(*, office, email: str) -> None:
    """Count one invitation e-mail to `email` from `office` (common.ratelimit, 24 hours from
    the first); refuse it past INVITATION_EMAILS_PER_DAY."""
    if rate_limit_hit(
        scope="invitation-email",
        value=f"{office.pk}:{email.lower()}",
        limit=INVITATION_EMAILS_PER_DAY,
        seconds=24 * 3600,
    ):
        raise ApplicationError(
            _(
                "%(email)s has had %(count)s invitation e-mails from this office in the last "
                "24 hours. Try again tomorrow."
            )
            % {"email": email, "count": INVITATION_EMAILS_PER_DAY}
        )


@transaction.atomic
def invitation_resend(*, invitation: Invitation, actor: User, audit_target=None) -> Invitation:
    """E-mail a pending invitation again, valid for INVITATION_MAX_AGE from now (an expired
    one comes back to life, and a staff one takes a seat of the plan again). The link stays
    the same, so the first e-mail works too. The row is locked: two clicks send one e-mail.
    `audit_target`: what the audit entry is about, the invitation itself by default (a
    client panel invitation's company, so its History tab shows it)."""
    invitation = _pending_locked(invitation)
    now = timezone.now()
    if invitation.sent_at is not None and now - invitation.sent_at < INVITATION_RESEND_INTERVAL:
        raise ApplicationError(
            _("The invitation was sent to %(email)s a moment ago. Try again in a minute.")
            % {"email": invitation.email}
        )
    if invitation.role != Role.CLIENT and invitation.expires_at <= now:
        # An expired staff invitation gave its seat of the plan back; it takes one again.
        plan_limit_check(office=invitation.office, limit="staff_users")
    _invitation_emails_count(office=invitation.office, email=invitation.email)
    invitation.expires_at = now + timedelta(seconds=settings.INVITATION_MAX_AGE)
    invitation.save(update_fields=["expires_at"])
    audit_record(
        action="invitation.resent",
        actor=actor,
        target=audit_target or invitation,
        office=invitation.office,
        changes={"email": invitation.email, "role": invitation.role},
    )
    _invitation_send(invitation, sender=actor)
    return invitation


@transaction.atomic
def invitation_cancel(*, invitation: Invitation, actor: User, audit_target=None) -> None:
    """Withdraw a pending invitation: its link stops working and a staff invitation frees
    its seat of the plan. `audit_target` as for invitation_resend()."""
    invitation = _pending_locked(invitation)
    audit_record(
        action="invitation.cancelled",
        actor=actor,
        target=audit_target or invitation,
        office=invitation.office,
        changes={"email": invitation.email, "role": invitation.role},
    )
    invitation.delete()


def _pending_locked(invitation: Invitation) -> Invitation:
    locked = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("office")
        .filter(pk=invitation.pk)
        .first()
    )
    if locked is None:
        raise ApplicationError(_("This invitation was already cancelled."))
    if locked.accepted_at is not None:
        raise ApplicationError(
            _("The invitation for %(email)s was already accepted.") % {"email": locked.email}
        )
    return locked


def _invitee_language(email: str, office) -> str:
    """The language of the invitee's account when they have one (owner@bratislava reads
    Slovak whichever office invites her), else the office's, the best guess for a newcomer."""
    user = User.objects.filter(email__iexact=email).only("language").first()
    if user is not None and user.language in {code for code, _name in settings.LANGUAGES}:
        return user.language
    return office.language


def _invitation_reply_to(invitation: Invitation, *, sender: User | None) -> str:
    """Where the invitee's reply goes: the office's contact e-mail (Administration >
    General), else the person who invited them (or, theirs gone, who sends it again)."""
    inviter = invitation.invited_by or sender
    return office_contact_email(invitation.office) or (inviter.email if inviter else "")


def _invitation_send(invitation: Invitation, *, sender: User | None = None) -> None:
    office = invitation.office
    inviter = invitation.invited_by or sender
    context = {
        "invitation": invitation,
        "office": office,
        # Who invites: the invitee knows a person, not always the office's name.
        "inviter": inviter.get_full_name() if inviter else "",
        "url": f"{office.url}/accounts/invitation/{invitation.token}/",
    }
    with translation.override(_invitee_language(invitation.email, office)):
        subject = _("Invitation to %(office)s in Vireo") % {"office": office.name}
        text = render_to_string("accounts/email/invitation.txt", context)
        html = render_to_string("accounts/email/invitation.html", context)
    invitation.outbox_email = platform_email_queue(
        kind="invitation",
        to=[invitation.email],
        subject=subject,
        text=text,
        html=html,
        reply_to=_invitation_reply_to(invitation, sender=sender),
        office_schema=office.schema_name,
    )
    invitation.sent_at = invitation.outbox_email.created_at
    invitation.save(update_fields=["outbox_email", "sent_at"])


@transaction.atomic
def invitation_accept(
    *, token: str, user: User | None, password: str = "", full_name: str = ""
) -> Membership:
    """Turn an invitation into a membership, creating the person's account if needed.

    The row is locked so that a double click cannot accept it twice.
    """
    invitation = Invitation.objects.select_for_update().filter(token=token).first()
    if invitation is None or not invitation.is_usable:
        raise ApplicationError(_("This invitation is no longer valid."))
    if user is None:
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise ApplicationError(
                _("You already have an account: sign in first, then open the link again.")
            )
        user = user_create(email=invitation.email, password=password, full_name=full_name)
    elif user.email.lower() != invitation.email:
        raise ApplicationError(
            _("This invitation was sent to %(email)s. Sign in with that address.")
            % {"email": invitation.email}
        )
    membership = membership_create(
        user=user,
        office=invitation.office,
        role=invitation.role,
        client_id=invitation.client_id,
        client_name=invitation.client_name,
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit_record(
        action="invitation.accepted",
        actor=user,
        target=invitation,
        office=invitation.office,
        changes={"role": invitation.role},
    )
    return membership
