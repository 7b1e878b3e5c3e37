"""Staff screens: the delivery log (office-wide and per client), resend, recipients."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import staff_view
from common.exceptions import ApplicationError
from common.forms import form_service_errors
from modules.notifications.forms import RecipientForm
from modules.notifications.hooks import CLIENT, event_label, event_list
from modules.notifications.models import Channel, Delivery
from modules.notifications.selectors import delivery_list, recipient_clients, recipient_list
from modules.notifications.services import (
    delivery_resend,
    recipient_create,
    recipient_remove,
    recipient_update,
)
from modules.notifications.views import page as page_context

PAGE_SIZE = 50


def _log_page(request: HttpRequest, *, client_id: int | None):
    filters = {key: request.GET.get(key, "") for key in ("status", "channel", "event")}
    qs = delivery_list(client_id=client_id, **filters)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    _in_words(request, list(page.object_list))
    return page, filters


def _in_words(request: HttpRequest, deliveries: list[Delivery]) -> None:
    """Each delivery's event by its name and client by the company's name (one query for
    the names of the page's clients), not "mail.new" and "#32"."""
    from modules.clients.selectors import client_list

    ids = {d.client_id for d in deliveries if d.client_id}
    names = {}
    if ids:
        rows = client_list(membership=request.membership).filter(pk__in=ids)
        names = dict(rows.values_list("pk", "name"))
    for delivery in deliveries:
        delivery.event_label = event_label(delivery.event)
        delivery.client_name = names.get(delivery.client_id, "")


@staff_view
def delivery_list_view(request: HttpRequest):
    page, filters = _log_page(request, client_id=None)
    context = page_context(
        "log",
        page=page,
        filters=filters,
        statuses=Delivery.Status.choices,
        channels=Channel.choices,
        events=event_list(),
        clients=recipient_clients(),
    )
    return render(request, "notifications/delivery_list.html", context)


@staff_view
def delivery_detail_view(request: HttpRequest, delivery_id: int):
    delivery = get_object_or_404(
        Delivery.objects.select_related("notification", "resend_of"), pk=delivery_id
    )
    _in_words(request, [delivery])
    return render(
        request,
        "notifications/delivery_detail.html",
        page_context("log", delivery=delivery, resends=list(delivery.resends.order_by("pk"))),
    )


@require_POST
@staff_view
def delivery_resend_view(request: HttpRequest, delivery_id: int):
    delivery = get_object_or_404(Delivery, pk=delivery_id)
    try:
        copy = delivery_resend(delivery=delivery, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("notifications:delivery_detail", delivery_id=delivery.pk)
    messages.success(request, _("The message is queued to be sent again."))
    return redirect("notifications:delivery_detail", delivery_id=copy.pk)


@staff_view
def client_view(request: HttpRequest, client_id: int):
    """A client's recipients and the client's part of the delivery log (C4)."""
    form = RecipientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            data = dict(form.cleaned_data)
            # Nothing ticked: the usual events of the channel, changed later on the list.
            data["events"] = data["events"] or None
            recipient_create(client_id=client_id, actor=request.user, **data)
        except ValidationError as exc:
            form_service_errors(form, exc)
        else:
            messages.success(request, _("Recipient added."))
            return redirect("notifications:client", client_id=client_id)
    page, filters = _log_page(request, client_id=client_id)
    recipients = list(recipient_list(client_id=client_id))
    context = page_context(
        "log",
        client_id=client_id,
        recipients=recipients,
        form=form,
        page=page,
        filters=filters,
        events=event_list(),
        client_events=event_list(audience=CLIENT),
        statuses=Delivery.Status.choices,
        channels=Channel.choices,
        client_label=next((r.client_label for r in recipients if r.client_label), ""),
    )
    return render(request, "notifications/client.html", context, status=400 if form.errors else 200)


@require_POST
@staff_view
def recipient_toggle_view(request: HttpRequest, client_id: int, recipient_id: int):
    recipient = get_object_or_404(recipient_list(client_id=client_id), pk=recipient_id)
    if request.POST.get("action") == "delete":
        try:
            recipient_remove(recipient=recipient, actor=request.user)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Recipient removed."))
    else:
        events = request.POST.getlist("events")
        try:
            recipient_update(
                recipient=recipient,
                actor=request.user,
                events=events,
                is_active=request.POST.get("is_active") == "on",
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Recipient saved."))
    return redirect("notifications:client", client_id=client_id)
