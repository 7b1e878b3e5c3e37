"""What the helpdesk adds to other modules' screens: the box on a mail item's staff page
(mail.hooks), the Helpdesk tab of a client card (clients.hooks) and the client panel's home
tile (common.dashboard)."""

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


def staff_open_tile(request) -> dict:
    """The staff dashboard: open requests the person sees in the queue, with the unassigned
    ones and their own, each linking to that saved filter of the queue, and those whose SLA
    is at risk or breached (shown when there are any) linking to the queue's SLA filter
    (two queries: the person's helpdesk level, then the figures). Red while any is
    breached, amber while any is unassigned or at risk."""
    from django.urls import reverse
    from django.utils.translation import gettext as _
    from django.utils.translation import pgettext

    figures = selectors.staff_open_figures(membership=request.membership)
    queue = reverse("helpdesk:queue")
    sla_links = [
        {
            "key": f"sla_{state}",
            "label": label,
            "value": figures[state],
            "url": f"{queue}?saved=open&sla={state}",
        }
        for state, label in (
            ("breached", _("SLA breached")),
            ("at_risk", _("SLA at risk")),
        )
        if figures[state]
    ]
    if figures["breached"]:
        tone = "danger"
    elif figures["unassigned"] or figures["at_risk"]:
        tone = "warning"
    else:
        tone = ""
    return {
        "label": _("Open requests"),
        "value": figures["open"],
        "tone": tone,
        "url": f"{queue}?saved=open",
        "icon": "life-preserver",
        "links": [
            {
                "key": "unassigned",
                "label": pgettext("requests", "unassigned"),
                "value": figures["unassigned"],
                "url": f"{queue}?saved=unassigned",
            },
            {
                "key": "mine",
                "label": pgettext("requests", "mine"),
                "value": figures["mine"],
                "url": f"{queue}?saved=mine",
            },
            *sla_links,
        ],
    }


def client_tab(request, client):
    return "helpdesk/client_tab.html", {
        "helpdesk_requests": selectors.client_requests(client_id=client.pk)
    }


def awaiting_tile(request):
    """Client panel home: open requests waiting for this person (only their own; a manager's
    company's), hidden while they have no open request."""
    from django.urls import reverse
    from django.utils.translation import gettext as _
    from django.utils.translation import npgettext

    figures = selectors.client_awaiting(membership=request.membership)
    if not figures["open"]:
        return None
    return {
        "label": _("Requests awaiting you"),
        "value": figures["awaiting"],
        "detail": _("%(count)s open") % {"count": figures["open"]},
        "tone": "warning" if figures["awaiting"] else "",
        "url": reverse("helpdesk:portal_list"),
        "icon": "life-preserver",
        # The home's sentence of what waits (modules/portal/README.md): "Waiting for you:
        # 1 request" (it said "Nothing new this week." beside this tile until 2026-12-07).
        "summary": npgettext(
            "helpdesk request", "%(count)s request", "%(count)s requests", figures["awaiting"]
        )
        % {"count": figures["awaiting"]},
    }


def intake_tile(request):
    """Staff dashboard: the e-mail intake's health (hidden while the intake is off): a
    failing mailbox in red, else what waits for triage or sits in quarantine."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from modules.helpdesk.intake.selectors import intake_health

    health = intake_health()
    if health is None:
        return None
    url = reverse("helpdesk:intake")
    if health["failing"]:
        return {
            "label": _("E-mail intake"),
            "value": _("Failing"),
            "url": reverse("helpdesk:intake_settings") if request.membership.is_admin_role else url,
            "detail": health["last_error"][:120],
            "tone": "danger",
        }
    waiting = health["triage"] + health["quarantine"]
    return {
        "label": _("E-mails to triage"),
        "value": health["triage"],
        "url": url,
        "detail": _("In quarantine: %(count)s") % {"count": health["quarantine"]}
        if health["quarantine"]
        else "",
        "tone": "warning" if waiting else "",
    }
