"""The Mail tab of a client's card (staff): the latest items, with a link to the archive,
and the notification registration picks for this client (over the office's default)."""

from django.contrib import messages
from django.http import Http404, HttpRequest
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import staff_view
from common.exceptions import ApplicationError
from modules.clients.selectors import client_get
from modules.mail import selectors
from modules.mail.forms import ClientNotifyDefaultForm
from modules.mail.services import client_notify_default_set, settings_get

TAB_ROWS = 25


def mail_client_tab(request, client):
    filters = selectors.MailFilters(client_id=client.pk)
    page = selectors.mail_page(membership=request.membership, filters=filters)
    own = selectors.client_notify_defaults(client_ids=[client.pk]).get(client.pk, "")
    return "mail/client_tab.html", {
        "mail_rows": page["rows"][:TAB_ROWS],
        "mail_more": len(page["rows"]) > TAB_ROWS,
        "notify_form": ClientNotifyDefaultForm(initial={"notify_default": own}),
        "office_notify_default": settings_get().get_notify_default_display(),
    }


@require_POST
@staff_view
def client_notify_default_view(request: HttpRequest, client_id: int):
    client = client_get(membership=request.membership, client_id=client_id)
    if client is None:
        raise Http404
    form = ClientNotifyDefaultForm(request.POST)
    if form.is_valid():
        try:
            client_notify_default_set(
                client=client,
                notify_default=form.cleaned_data["notify_default"],
                actor=request.user,
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Changes saved."))
    else:
        messages.error(request, _("Unknown notification choice."))
    return redirect("clients:tab", client_id=client.pk, tab="mail")
