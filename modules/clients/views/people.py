"""Addresses, contact persons and client users of one client (staff)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import staff_view
from accounts.invitation_actions import invitation_action_run
from accounts.selectors import invitation_pending_list
from common.exceptions import ApplicationError
from common.forms import form_service_errors
from modules.clients.forms import AddressForm, ContactForm, InviteForm
from modules.clients.selectors import client_users_list
from modules.clients.services.clients import (
    client_address_delete,
    client_address_save,
    contact_defaults,
    contact_person_delete,
    contact_person_save,
)
from modules.clients.services.users import client_user_invite, client_user_remove
from modules.clients.views import client_or_404


def _edit(request, client, *, form, save, back_tab: str, obj=None, title: str, added: str):
    """The address or contact form; `added` is what a new one says once saved ("Contact
    person added."), an edit says "Changes saved."."""
    if request.method == "POST" and form.is_valid():
        try:
            save(client=client, actor=request.user, form=form, obj=obj)
        except ValidationError as exc:
            form_service_errors(form, exc)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Changes saved.") if obj is not None else added)
            return redirect("clients:tab", client_id=client.pk, tab=back_tab)
    return render(
        request,
        "clients/item_form.html",
        {"client": client, "form": form, "title": title, "back_tab": back_tab},
        status=400 if form.errors else 200,
    )


def _address_save(*, client, actor, form, obj):
    return client_address_save(client=client, actor=actor, data=form.cleaned_data, address=obj)


def _contact_save(*, client, actor, form, obj):
    data = {k: v for k, v in form.cleaned_data.items() if not k.endswith("_events")}
    return contact_person_save(
        client=client, actor=actor, data=data, contact=obj, notify_events=form.notify_events()
    )


@staff_view
def address_edit_view(request: HttpRequest, client_id: int, address_id: int | None = None):
    client = client_or_404(request, client_id)
    address = get_object_or_404(client.addresses, pk=address_id) if address_id else None
    initial = (
        {f: getattr(address, f) for f in AddressForm().fields}
        if address
        else {"country": client.country if client.country != "XX" else "PL"}
    )
    form = AddressForm(request.POST or None, initial=initial)
    return _edit(
        request,
        client,
        form=form,
        save=_address_save,
        back_tab="addresses",
        obj=address,
        title=_("Edit address") if address else _("New address"),
        added=_("Address added."),
    )


@require_POST
@staff_view
def address_delete_view(request: HttpRequest, client_id: int, address_id: int):
    client = client_or_404(request, client_id)
    address = get_object_or_404(client.addresses, pk=address_id)
    client_address_delete(address=address, actor=request.user)
    messages.success(request, _("Address removed."))
    return redirect("clients:tab", client_id=client.pk, tab="addresses")


@staff_view
def contact_edit_view(request: HttpRequest, client_id: int, contact_id: int | None = None):
    client = client_or_404(request, client_id)
    contact = get_object_or_404(client.contacts, pk=contact_id) if contact_id else None
    initial = (
        ContactForm.initial_for(contact)
        if contact
        else {**ContactForm.initial_new(), **contact_defaults(client=client)}
    )
    form = ContactForm(request.POST or None, initial=initial)
    return _edit(
        request,
        client,
        form=form,
        save=_contact_save,
        back_tab="contacts",
        obj=contact,
        title=_("Edit contact person") if contact else _("New contact person"),
        added=_("Contact person added."),
    )


@require_POST
@staff_view
def contact_delete_view(request: HttpRequest, client_id: int, contact_id: int):
    client = client_or_404(request, client_id)
    contact = get_object_or_404(client.contacts, pk=contact_id)
    contact_person_delete(contact=contact, actor=request.user)
    messages.success(request, _("Contact person removed."))
    return redirect("clients:tab", client_id=client.pk, tab="contacts")


@require_POST
@staff_view
def client_user_invite_view(request: HttpRequest, client_id: int):
    client = client_or_404(request, client_id)
    form = InviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a valid e-mail address."))
    else:
        try:
            client_user_invite(client=client, email=form.cleaned_data["email"], actor=request.user)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]}
            )
    return redirect("clients:tab", client_id=client.pk, tab="users")


@require_POST
@staff_view
def client_user_remove_view(request: HttpRequest, client_id: int, membership_id: int):
    client = client_or_404(request, client_id)
    membership = get_object_or_404(client_users_list(client=client), pk=membership_id)
    try:
        client_user_remove(client=client, membership=membership, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Access removed for %(user)s.") % {"user": membership.user})
    return redirect("clients:tab", client_id=client.pk, tab="users")


@require_POST
@staff_view
def client_user_invitation_action_view(request: HttpRequest, invitation_id: int, action: str):
    """A pending client panel invitation of this office; its company as the person sees it
    (client_or_404: 404 for a company they may not see)."""
    invitation = get_object_or_404(
        invitation_pending_list(office=request.office, clients=True), pk=invitation_id
    )
    client = client_or_404(request, invitation.client_id)
    invitation_action_run(request, invitation, action, audit_target=client)
    return redirect("clients:tab", client_id=client.pk, tab="users")
