"""What the helpdesk adds to other modules' screens: the box on a mail item's staff page
(mail.hooks) and the Helpdesk tab of a client card (clients.hooks)."""

from __future__ import annotations

from django.template.loader import render_to_string

from modules.helpdesk import selectors
from modules.helpdesk.policies import access_level, can_work


def mail_item_actions(*, request, item):
    return render_to_string(
        "helpdesk/partials/mail_item_box.html",
        {
            "item": item,
            "linked": selectors.requests_for_mail_item(item_id=item.pk),
            "can_work": can_work(access_level(request.membership)),
        },
        request=request,
    )


def client_tab(request, client):
    return "helpdesk/client_tab.html", {
        "helpdesk_requests": selectors.client_requests(client_id=client.pk)
    }
