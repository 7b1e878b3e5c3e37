"""The client panel's Profile (P1, C4): the company, its contact persons and what each of
them receives on which channel, which the client user may change. Only the company the
person acts for (`request.membership.client_id`); the office's notes stay hidden."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import client_view
from common.collation import name_ordering
from common.exceptions import ApplicationError
from common.forms import form_service_errors
from modules.clients.forms import ContactNotificationsForm
from modules.clients.models import Client
from modules.clients.selectors import client_get
from modules.clients.services.clients import contact_notifications_set
from modules.notifications.selectors import (
    client_event_choices,
    email_language_get,
    recipient_extra_list,
    recipients_by_contact,
)


def _own_client(request):
    membership = request.membership
    client = client_get(membership=membership, client_id=membership.client_id)
    if client is None:
        raise Http404
    return client


def _contact_forms(client, *, posted=None):
    """(contact, its recipient rows, its form or None) for every contact person."""
    recipients = recipients_by_contact(client_id=client.pk)
    result = []
    for contact in client.contacts.order_by(
        *name_ordering("last_name"), *name_ordering("first_name"), "pk"
    ):
        rows = recipients.get(contact.pk, [])
        channels = sorted({r.channel for r in rows})
        form = None
        if channels:
            if posted is not None and posted[0] == contact.pk:
                form = posted[1]
            else:
                events = {r.channel: r.events for r in rows}
                form = ContactNotificationsForm(
                    channels=channels,
                    prefix=f"c{contact.pk}",
                    initial={f"{ch}_events": events[ch] for ch in channels},
                )
        result.append({"contact": contact, "rows": rows, "form": form})
    return result


def _render(request, client, *, posted=None, status=200):
    labels = dict(client_event_choices())
    extra = [
        {"recipient": r, "labels": [labels[c] for c in r.events if c in labels]}
        for r in recipient_extra_list(client_id=client.pk)
    ]
    return render(
        request,
        "clients/portal/profile.html",
        {
            "client": client,
            "contacts": _contact_forms(client, posted=posted),
            "extra_recipients": extra,
            # One language for the panel, the PDFs and the person's e-mails: the one they
            # chose (notifications.selectors.person_language); changed here or top right.
            "email_language": _language_name(
                email_language_get(client_id=client.pk, email=request.user.email)
            ),
            "chosen_language": request.user.language or request.LANGUAGE_CODE,
        },
        status=status,
    )


def _language_name(code: str) -> str:
    """A language as a sentence names it in the reader's language ("przychodzą w języku:
    polski", "are written in: Polish"), not as the language switcher lists it ("Polski")."""
    if not code:
        return ""
    return str(Client.Language(code).label) if code in Client.Language.values else code


@client_view
def portal_profile_view(request: HttpRequest):
    return _render(request, _own_client(request))


@require_POST
@client_view
def portal_contact_notifications_view(request: HttpRequest, contact_id: int):
    client = _own_client(request)
    contact = get_object_or_404(client.contacts, pk=contact_id)
    channels = sorted(
        {r.channel for r in recipients_by_contact(client_id=client.pk).get(contact.pk, [])}
    )
    form = ContactNotificationsForm(request.POST, channels=channels, prefix=f"c{contact.pk}")
    if not channels:
        # Only the office ticks "receives notifications" (and types the addresses).
        messages.error(request, _("This person does not receive notifications."))
        return _render(request, client, status=400)
    if form.is_valid():
        try:
            contact_notifications_set(
                client=client,
                contact=contact,
                actor=request.user,
                notify_events=form.notify_events(),
            )
        except ValidationError as exc:
            form_service_errors(form, exc)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("Notifications of %(person)s saved.") % {"person": contact},
            )
            return redirect("clients:portal_profile")
    return _render(request, client, posted=(contact.pk, form), status=400)
