"""Renderers of the built-in tabs of a client's card: (template, context)."""

from django.core.paginator import Paginator

from common.audit import audit_words_attach
from modules.clients.forms import AddressForm, ContactForm, InviteForm
from modules.clients.hooks import client_profile_facts
from modules.clients.selectors import (
    client_custom_fields,
    client_history,
    client_invitations_pending,
    client_users_list,
)
from modules.notifications.selectors import (
    client_event_choices,
    recipient_extra_list,
    recipients_by_contact,
)


def profile_tab(request, client):
    values = {v.field_id: v.value for v in client.custom_values.all()}
    custom = [(f, values.get(f.pk, "")) for f in client_custom_fields()]
    return "clients/tabs/profile.html", {
        "custom": custom,
        "facts": client_profile_facts(client),
        # The card said nothing under its heading when nobody was authorised (until 2026-12-07).
        "pickup_people": [c for c in client.contacts.all() if c.authorised_to_pick_up_mail],
    }


def contacts_tab(request, client):
    recipients = recipients_by_contact(client_id=client.pk)
    labels = dict(client_event_choices())
    contact_rows = [
        (
            contact,
            [
                {
                    "channel": r.channel,
                    "address": r.address,
                    "labels": [labels[code] for code in r.events if code in labels],
                }
                for r in recipients.get(contact.pk, [])
            ],
        )
        for contact in client.contacts.all()
    ]
    return "clients/tabs/contacts.html", {
        "contact_form": ContactForm(),
        "contact_rows": contact_rows,
        "extra_recipients": list(recipient_extra_list(client_id=client.pk)),
    }


def addresses_tab(request, client):
    return "clients/tabs/addresses.html", {"address_form": AddressForm()}


def users_tab(request, client):
    members = list(client_users_list(client=client))
    invitations = list(client_invitations_pending(client=client))
    # Contacts' addresses not already in the panel nor waiting for an invitation.
    taken = {m.user.email.lower() for m in members} | {i.email.lower() for i in invitations}
    invitable = [
        (contact, email)
        for contact in client.contacts.all()
        for email in contact.emails
        if email.lower() not in taken
    ]
    return "clients/tabs/users.html", {
        "members": members,
        "invitations": invitations,
        "invite_form": InviteForm(),
        "invitable": invitable,
    }


def history_tab(request, client):
    page = Paginator(client_history(client=client), 30).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    audit_words_attach(page.object_list)  # the ids they name, read once for the page
    return "clients/tabs/history.html", {"history": page}
