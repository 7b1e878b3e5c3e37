"""Client users: people with access to the client panel for one company (C5, U2, U3)."""

from __future__ import annotations

from django.db import connection, transaction
from django.utils.translation import gettext as _

from accounts.models import Invitation, Membership, Role
from accounts.services import invitation_create, membership_deactivate
from common.exceptions import ApplicationError
from modules.audit.services import audit_record
from modules.clients.models import Client
from modules.clients.selectors import client_invitations_pending


def client_user_invite(*, client: Client, email: str, actor) -> Invitation:
    """E-mail an invitation to the client panel; the person sets a password on accepting.

    A person who already has an account (here or in another office) simply gains this
    company in the switcher.
    """
    email = (email or "").strip().lower()
    office = connection.tenant
    if client.status == Client.Status.ENDED:
        raise ApplicationError(_("The contract with this client has ended."))
    if Membership.objects.filter(
        office=office,
        role=Role.CLIENT,
        client_id=client.pk,
        user__email__iexact=email,
        is_active=True,
    ).exists():
        raise ApplicationError(_("This person already has access to this company."))
    if client_invitations_pending(client=client).filter(email__iexact=email).exists():
        # A second link for the same person and company: the list offers "Send again".
        raise ApplicationError(
            _(
                "%(email)s already has an invitation to this company waiting. Send it again "
                "from the pending invitations."
            )
            % {"email": email}
        )
    # A contact person of the company with this address names the invitation: the page
    # that accepts it fills in their name (it asked "Your name" of "Jan Kowalski" invited
    # from his own contact row, until 2026-12-07).
    contact = next(
        (c for c in client.contacts.all() if email in {e.strip().lower() for e in c.emails}),
        None,
    )
    with transaction.atomic():
        invitation = invitation_create(
            office=office,
            email=email,
            role=Role.CLIENT,
            client_id=client.pk,
            client_name=client.name,
            full_name=str(contact) if contact is not None else "",
            invited_by=actor,
        )
        audit_record(
            action="client.user_invited", actor=actor, target=client, changes={"email": email}
        )
    return invitation


@transaction.atomic
def client_user_remove(*, client: Client, membership: Membership, actor) -> Membership:
    if membership.role != Role.CLIENT or membership.client_id != client.pk:
        raise ApplicationError(_("This person is not a user of this company."))
    membership = membership_deactivate(membership=membership, actor=actor)
    audit_record(
        action="client.user_removed",
        actor=actor,
        target=client,
        changes={"email": membership.user.email},
    )
    return membership
