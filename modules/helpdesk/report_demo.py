"""Demo history for the Reports page (`seed_demo`): the two months before this one and this
month so far, about a dozen requests a month across the demo's categories, clients and
channels, most answered within hours, resolved within days and rated 3-5; the times are
set back after the services made the rows (a demo cannot wait for the clock)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from modules.helpdesk.models import FirstResponse, Reply, Request
from modules.helpdesk.services import reply_create, request_create

# Each subject with the key of the demo category it belongs to (helpdesk.demo passes them
# by key): a subject cycled apart from the categories filed "Korekta faktury" under
# "Zamówienie kuriera".
SUBJECTS = {
    "PL": [
        ("Przekazanie listu do Berlina", "forward"),
        ("Kurier po podpisaną umowę", "courier"),
        ("Korekta faktury", "invoice"),
        ("Przesyłka do Wiednia", "forward"),
        ("Odbiór paczki kurierem", "courier"),
        ("Duplikat faktury", "invoice"),
    ],
    "SK": [
        ("Preposlanie listu do Berlína", "forward"),
        ("Kuriér po podpísanú zmluvu", "courier"),
        ("Oprava faktúry", "invoice"),
        ("Zásielka do Viedne", "forward"),
        ("Vyzdvihnutie balíka kuriérom", "courier"),
        ("Duplikát faktúry", "invoice"),
    ],
}
REPLY = {"PL": "Dzień dobry, już się tym zajmujemy.", "SK": "Dobrý deň, už to riešime."}


def seed_report_history(*, office, staff, clients, categories: dict, today=None) -> int:
    """Requests raised before today for the reports; returns how many were made.
    `categories`: the demo's categories by key ("forward", "courier", "invoice")."""
    today = today or timezone.localdate()
    lang = "SK" if office.country == "SK" else "PL"
    tz = timezone.get_current_timezone()
    first = (today.replace(day=1) - dt.timedelta(days=40)).replace(day=1)
    made, n = 0, 0
    day = first
    while day < today:
        if day.weekday() < 5 and day.day % 2 == 1:
            raised = dt.datetime.combine(day, dt.time(8 + n % 8, 15), tzinfo=tz)
            subject, category = SUBJECTS[lang][n % len(SUBJECTS[lang])]
            request = request_create(
                actor=staff,
                subject=subject,
                client=clients[n % len(clients)],
                source=(Request.Source.PORTAL, Request.Source.STAFF)[n % 3 == 0],
                category=categories[category],
            )
            answered = raised + dt.timedelta(minutes=20 + 37 * (n % 9))
            reply = reply_create(request=request, actor=staff, body=REPLY[lang])
            Reply.objects.filter(pk=reply.pk).update(created_at=answered)
            FirstResponse.objects.filter(request=request).update(at=answered, raised_at=raised)
            fields = {"created_at": raised, "assignee": staff}
            if n % 5:  # four in five are done
                fields.update(
                    status=Request.Status.ACCEPTED,
                    resolved_at=raised + dt.timedelta(hours=3 + 11 * (n % 6)),
                    accepted_at=raised + dt.timedelta(days=1 + n % 3),
                    rating=(5, 4, 5, 3)[n % 4],
                )
            else:
                fields["status"] = Request.Status.IN_PROGRESS
            Request.objects.filter(pk=request.pk).update(**fields)
            made += 1
            n += 1
        day += dt.timedelta(days=1)
    return made
