"""The helpdesk's notification events (T13), registered by HelpdeskConfig.ready(). Client
events go to the company's recipients who have them switched on (each event switchable per
recipient in the notifications module), office events to the office and its staff. Internal
notes are never sent."""

from __future__ import annotations

import datetime as dt

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from common.money import money
from modules.helpdesk.notifying import local_date, local_dates
from modules.notifications.hooks import (
    CLIENT,
    EMAIL,
    GREETING,
    INAPP,
    OFFICE,
    SIGNATURE,
    Action,
    Defaults,
    EventType,
    Sample,
    event_register,
)

VARIABLES = {
    "request_number": _("Request number"),
    "request_subject": _("Request subject"),
    "request_url": _("Link to the request"),
}
SAMPLE = {
    "request_number": "HD-2026-00042",
    "request_subject": Sample(
        pl="Przekazanie poczty za granicę",
        sk="Preposielanie pošty do zahraničia",
        en="Forward my mail abroad",
    ),
    "request_url": "https://demo.vireo.example/portal/helpdesk/42/",
}

# Examples of the editor's preview, in the template's language.
MAREK = Sample(pl="Marek Zieliński", sk="Marek Zelený", en="Mark Green")
PIOTR = Sample(pl="Piotr Nowak", sk="Peter Novák", en="Peter Newman")
IN_PROGRESS = Sample(pl="W realizacji", sk="V riešení", en="In progress")


# What staff wrote with a status change (a transition's comment), quoted in the e-mails
# that say the change themselves (resolved, approval needed); empty without one.
STAFF_COMMENT = (
    _("What staff wrote with the change (empty without a comment)"),
    Sample(
        pl="Przesyłkę nadaliśmy dziś kurierem.",
        sk="Zásielku sme dnes odoslali kuriérom.",
        en="We sent the parcel by courier today.",
    ),
)
QUOTED = "{% if reply %}\n\n{{ reply }}{% endif %}"

# The e-mail's fixed buttons (notifications' actions): the office may reword or shorten the
# template, the essential link stays.
OPEN_REQUEST = Action("request_url", _("Open the request"))


def _event(
    code,
    label,
    audience,
    extra,
    texts,
    channels=frozenset({EMAIL}),
    *,
    of_request=True,
    actions: tuple = (),
) -> EventType:
    """An event about a request (its number, subject and link) plus `extra` variables
    ({name: (description, sample)}); `of_request=False`: only `extra` (work orders).
    `actions`: the e-mail's buttons, each opening one of the URL variables."""
    base, base_sample = (VARIABLES, SAMPLE) if of_request else ({}, {})
    if audience == OFFICE and "request_url" in base_sample:
        # The office's e-mails link to the staff page of the request, not the panel's.
        base_sample = {**base_sample, "request_url": "https://demo.vireo.example/helpdesk/42/"}
    variables = {**base, **{name: text for name, (text, _sample) in extra.items()}}
    sample = {**base_sample, **{name: value for name, (_text, value) in extra.items()}}
    return EventType(
        code=code,
        label=label,
        audience=audience,
        variables=variables,
        sample=sample,
        default_channels=channels,
        actions=actions,
        defaults={lang: Defaults(*texts[lang]) for lang in ("pl", "sk", "en")},
    )


REF = "{{ request_number }} {{ request_subject }}"


# The quote e-mail lists what is quoted (the audit: it gave only the total), one line per
# item as the recipient's language writes it (notifying.quote_items_text).
QUOTE_ITEMS = {
    lang: "{% if quote_items %}\n\n"
    + head
    + "{% for item in quote_items %}\n- {{ item }}{% endfor %}{% endif %}"
    for lang, head in (
        ("pl", "Pozycje wyceny (ceny netto):"),
        ("sk", "Položky ponuky (ceny bez DPH):"),
        ("en", "Quoted items (net prices):"),
    )
}


def _sample_quote_items(*, language: str, office) -> list[str]:
    names = {
        "pl": ("Kurier do urzędu", "Skan dokumentów (strona)"),
        "sk": ("Kuriér na úrad", "Sken dokumentov (strana)"),
        "en": ("Courier to the office", "Document scan (page)"),
    }[language if language in ("pl", "sk") else "en"]
    return [
        f"{names[0]}: 1 × {money('80', office.currency, language=language)}",
        f"{names[1]}: 20 × {money('1', office.currency, language=language)}",
    ]


def events_register() -> None:
    event_register(
        _event(
            "helpdesk.created",
            _("New helpdesk request"),
            OFFICE,
            {"requested_by": (_("Who raised the request"), MAREK)},
            {
                "pl": (
                    "Nowe zgłoszenie: " + REF,
                    "{{ client_name }}: nowe zgłoszenie " + REF + ".\nZgłosił(a): "
                    "{{ requested_by }}\n\n{{ request_url }}",
                    "Nowe zgłoszenie " + REF,
                ),
                "sk": (
                    "Nová požiadavka: " + REF,
                    "{{ client_name }}: nová požiadavka " + REF + ".\nZadal(a): "
                    "{{ requested_by }}\n\n{{ request_url }}",
                    "Nová požiadavka " + REF,
                ),
                "en": (
                    "New request: " + REF,
                    "{{ client_name }}: new request " + REF + ".\nRaised by: "
                    "{{ requested_by }}\n\n{{ request_url }}",
                    "New request " + REF,
                ),
            },
            frozenset({EMAIL, INAPP}),
        )
    )
    event_register(
        _event(
            "helpdesk.reply",
            _("Reply to a helpdesk request"),
            CLIENT,
            {
                "reply": (
                    _("The reply"),
                    Sample(
                        pl="Przesyłka wyjdzie jutro rano.",
                        sk="Zásielka odíde zajtra ráno.",
                        en="The parcel leaves tomorrow morning.",
                    ),
                ),
                # Set when the reply also changed the status (one e-mail for both).
                "status": (_("The new status (when the reply changed it)"), IN_PROGRESS),
            },
            {
                "pl": (
                    "Odpowiedź: " + REF,
                    GREETING["pl"]
                    + "Odpowiedź w zgłoszeniu "
                    + REF
                    + ":\n\n{{ reply }}"
                    + "{% if status %}\n\nStatus zgłoszenia: {{ status }}.{% endif %}"
                    + "\n\n{{ request_url }}"
                    + SIGNATURE["pl"],
                    "Odpowiedź w zgłoszeniu {{ request_number }}.",
                ),
                "sk": (
                    "Odpoveď: " + REF,
                    GREETING["sk"]
                    + "Odpoveď v požiadavke "
                    + REF
                    + ":\n\n{{ reply }}"
                    + "{% if status %}\n\nStav požiadavky: {{ status }}.{% endif %}"
                    + "\n\n{{ request_url }}"
                    + SIGNATURE["sk"],
                    "Odpoveď v požiadavke {{ request_number }}.",
                ),
                "en": (
                    "Reply: " + REF,
                    GREETING["en"]
                    + "A reply in request "
                    + REF
                    + ":\n\n{{ reply }}"
                    + "{% if status %}\n\nThe request is now: {{ status }}.{% endif %}"
                    + "\n\n{{ request_url }}"
                    + SIGNATURE["en"],
                    "A reply in request {{ request_number }}.",
                ),
            },
            actions=(OPEN_REQUEST,),
        )
    )
    event_register(
        _event(
            "helpdesk.status",
            _("Helpdesk request status changed"),
            CLIENT,
            {"status": (_("The new status"), IN_PROGRESS)},
            {
                "pl": (
                    "{{ request_number }}: {{ status }}",
                    GREETING["pl"]
                    + "Zgłoszenie "
                    + REF
                    + " ma teraz status: {{ status }}.\n\n{{ request_url }}"
                    + SIGNATURE["pl"],
                    "{{ request_number }}: {{ status }}",
                ),
                "sk": (
                    "{{ request_number }}: {{ status }}",
                    GREETING["sk"]
                    + "Požiadavka "
                    + REF
                    + " má teraz stav: {{ status }}.\n\n{{ request_url }}"
                    + SIGNATURE["sk"],
                    "{{ request_number }}: {{ status }}",
                ),
                "en": (
                    "{{ request_number }}: {{ status }}",
                    GREETING["en"]
                    + "Request "
                    + REF
                    + " is now: {{ status }}.\n\n{{ request_url }}"
                    + SIGNATURE["en"],
                    "{{ request_number }}: {{ status }}",
                ),
            },
            actions=(OPEN_REQUEST,),
        )
    )
    event_register(
        _event(
            "helpdesk.approval_needed",
            _("Helpdesk request waits for approval"),
            CLIENT,
            {
                "approval_url": (
                    _("Link to approve or reject (personal, e-mail only)"),
                    "https://demo.vireo.example/helpdesk/link/abc/",
                ),
                "reply": STAFF_COMMENT,
            },
            {
                "pl": (
                    "Prośba o zatwierdzenie: " + REF,
                    GREETING["pl"]
                    + "Zgłoszenie "
                    + REF
                    + " czeka na Twoje zatwierdzenie przed rozpoczęciem prac."
                    + QUOTED
                    + "\n\nZatwierdź lub odrzuć: {{ approval_url }}\n\n{{ request_url }}"
                    + SIGNATURE["pl"],
                    "Zgłoszenie {{ request_number }} czeka na zatwierdzenie.",
                ),
                "sk": (
                    "Žiadosť o schválenie: " + REF,
                    GREETING["sk"]
                    + "Požiadavka "
                    + REF
                    + " čaká na vaše schválenie pred začatím prác."
                    + QUOTED
                    + "\n\nSchváliť alebo zamietnuť: {{ approval_url }}\n\n{{ request_url }}"
                    + SIGNATURE["sk"],
                    "Požiadavka {{ request_number }} čaká na schválenie.",
                ),
                "en": (
                    "Approval needed: " + REF,
                    GREETING["en"]
                    + "Request "
                    + REF
                    + " waits for your approval before work starts."
                    + QUOTED
                    + "\n\nApprove or reject: {{ approval_url }}\n\n{{ request_url }}"
                    + SIGNATURE["en"],
                    "Request {{ request_number }} waits for approval.",
                ),
            },
            actions=(Action("approval_url", _("Approve or reject")), OPEN_REQUEST),
        )
    )
    event_register(
        _event(
            "helpdesk.quote_sent",
            _("Price quote for a helpdesk request"),
            CLIENT,
            {
                "quote_total": (
                    _("Quote total (gross)"),
                    lambda *, language, office: money("123", office.currency, language=language),
                ),
                "quote_valid_until": (
                    _("Quote valid until"),
                    lambda *, language, office: local_date(dt.date(2026, 3, 31)),
                ),
                "quote_items": (
                    _("Quoted items (a list, for a loop: name: quantity × net unit price)"),
                    _sample_quote_items,
                ),
                "quote_url": (
                    _("Link to accept or decline the quote (personal, e-mail only)"),
                    "https://demo.vireo.example/helpdesk/link/abc/",
                ),
            },
            {
                "pl": (
                    "Wycena: " + REF,
                    GREETING["pl"]
                    + "Do zgłoszenia "
                    + REF
                    + " dodaliśmy wycenę na {{ quote_total }} brutto, "
                    "ważną do {{ quote_valid_until }}. Prosimy o akceptację lub odrzucenie."
                    + QUOTE_ITEMS["pl"]
                    + "\n\n{{ quote_url }}\n\n{{ request_url }}"
                    + SIGNATURE["pl"],
                    "Wycena do zgłoszenia {{ request_number }}: {{ quote_total }}.",
                ),
                "sk": (
                    "Cenová ponuka: " + REF,
                    GREETING["sk"]
                    + "K požiadavke "
                    + REF
                    + " sme pridali cenovú ponuku na {{ quote_total }} "
                    "s DPH, platnú do {{ quote_valid_until }}. Prosíme o prijatie alebo "
                    "odmietnutie."
                    + QUOTE_ITEMS["sk"]
                    + "\n\n{{ quote_url }}\n\n{{ request_url }}"
                    + SIGNATURE["sk"],
                    "Cenová ponuka k požiadavke {{ request_number }}: {{ quote_total }}.",
                ),
                "en": (
                    "Price quote: " + REF,
                    GREETING["en"]
                    + "We added a quote of {{ quote_total }} (gross) to request "
                    + REF
                    + ", "
                    "valid until {{ quote_valid_until }}. Please accept or decline it."
                    + QUOTE_ITEMS["en"]
                    + "\n\n{{ quote_url }}\n\n{{ request_url }}"
                    + SIGNATURE["en"],
                    "Quote for request {{ request_number }}: {{ quote_total }}.",
                ),
            },
            actions=(Action("quote_url", _("Accept or decline the quote")), OPEN_REQUEST),
        )
    )
    event_register(
        _event(
            "helpdesk.resolved",
            _("Helpdesk request resolved (please accept)"),
            CLIENT,
            {
                "auto_accept_days": (_("Days until automatic acceptance"), 7),
                "reply": STAFF_COMMENT,
            },
            {
                "pl": (
                    "Zgłoszenie zrealizowane: " + REF,
                    GREETING["pl"]
                    + "Zgłoszenie "
                    + REF
                    + " zostało zrealizowane. Prosimy o akceptację i ocenę "
                    "albo ponowne otwarcie. Bez odpowiedzi zostanie zaakceptowane po "
                    "{{ auto_accept_days }} dniach."
                    + QUOTED
                    + "\n\n{{ request_url }}"
                    + SIGNATURE["pl"],
                    "Zgłoszenie {{ request_number }} zrealizowane.",
                ),
                "sk": (
                    "Požiadavka vyriešená: " + REF,
                    GREETING["sk"]
                    + "Požiadavka "
                    + REF
                    + " bola vyriešená. Prosíme o akceptáciu a hodnotenie "
                    "alebo znovuotvorenie. Bez odpovede bude akceptovaná po "
                    "{{ auto_accept_days }} dňoch."
                    + QUOTED
                    + "\n\n{{ request_url }}"
                    + SIGNATURE["sk"],
                    "Požiadavka {{ request_number }} vyriešená.",
                ),
                "en": (
                    "Request resolved: " + REF,
                    GREETING["en"]
                    + "Request "
                    + REF
                    + " has been resolved. Please accept and rate it, or "
                    "reopen it. Without an answer it is accepted after {{ auto_accept_days }} "
                    "days." + QUOTED + "\n\n{{ request_url }}" + SIGNATURE["en"],
                    "Request {{ request_number }} resolved.",
                ),
            },
            actions=(OPEN_REQUEST,),
        )
    )
    staff_events_register()


def staff_events_register() -> None:
    """Office events sent to named staff persons (the assignee, staff watchers, a mentioned
    colleague), each switchable per person on "My helpdesk notifications"; a client's reply
    to a request nobody is assigned to or watches goes to the whole office."""
    event_register(
        _event(
            "helpdesk.client_reply",
            _("A client replied to a helpdesk request"),
            OFFICE,
            {
                "reply": (
                    _("The reply"),
                    Sample(
                        pl="Proszę o wysyłkę do Berlina.",
                        sk="Prosím o odoslanie do Berlína.",
                        en="Please send it to Berlin.",
                    ),
                ),
                "author": (_("Who wrote it"), MAREK),
            },
            {
                "pl": (
                    "Odpowiedź klienta: " + REF,
                    "{{ client_name }} ({{ author }}) odpowiada w zgłoszeniu "
                    + REF
                    + ":\n\n{{ reply }}\n\n{{ request_url }}",
                    "{{ client_name }} odpowiada w {{ request_number }}.",
                ),
                "sk": (
                    "Odpoveď klienta: " + REF,
                    "{{ client_name }} ({{ author }}) odpovedá v požiadavke "
                    + REF
                    + ":\n\n{{ reply }}\n\n{{ request_url }}",
                    "{{ client_name }} odpovedá v {{ request_number }}.",
                ),
                "en": (
                    "Client reply: " + REF,
                    "{{ client_name }} ({{ author }}) replied in request "
                    + REF
                    + ":\n\n{{ reply }}\n\n{{ request_url }}",
                    "{{ client_name }} replied in {{ request_number }}.",
                ),
            },
            frozenset({EMAIL, INAPP}),
        )
    )
    event_register(
        _event(
            "helpdesk.watched",
            _("A helpdesk request you watch changed"),
            OFFICE,
            {
                "change": (_("What changed"), IN_PROGRESS),
                "reply": (
                    _("The reply or internal note (empty for a status change)"),
                    Sample(
                        pl="Kurier zamówiony na jutro.",
                        sk="Kuriér objednaný na zajtra.",
                        en="Courier booked for tomorrow.",
                    ),
                ),
            },
            {
                "pl": (
                    REF + ": {{ change }}",
                    "Dzień dobry,\n\nzgłoszenie "
                    + REF
                    + ", które obserwujesz: {{ change }}."
                    + "{% if reply %}\n\n{{ reply }}{% endif %}\n\n{{ request_url }}",
                    "{{ request_number }}: {{ change }}",
                ),
                "sk": (
                    REF + ": {{ change }}",
                    "Dobrý deň,\n\npožiadavka "
                    + REF
                    + ", ktorú sledujete: {{ change }}."
                    + "{% if reply %}\n\n{{ reply }}{% endif %}\n\n{{ request_url }}",
                    "{{ request_number }}: {{ change }}",
                ),
                "en": (
                    REF + ": {{ change }}",
                    "Hello,\n\nrequest "
                    + REF
                    + ", which you watch: {{ change }}."
                    + "{% if reply %}\n\n{{ reply }}{% endif %}\n\n{{ request_url }}",
                    "{{ request_number }}: {{ change }}",
                ),
            },
            frozenset({EMAIL, INAPP}),
        )
    )
    event_register(
        _event(
            "helpdesk.mention",
            _("You were mentioned in a helpdesk request"),
            OFFICE,
            {
                "author": (_("Who wrote it"), PIOTR),
                "reply": (
                    _("The reply"),
                    Sample(
                        pl="@anna.nowak proszę o wycenę.",
                        sk="@anna.nowak prosím o cenovú ponuku.",
                        en="@anna.nowak please quote it.",
                    ),
                ),
            },
            {
                "pl": (
                    "{{ author }} wspomina o Tobie: {{ request_number }}",
                    "{{ author }} wspomina o Tobie w zgłoszeniu "
                    + REF
                    + ":\n\n{{ reply }}\n\n{{ request_url }}",
                    "{{ author }} wspomina o Tobie w {{ request_number }}.",
                ),
                "sk": (
                    "{{ author }} vás spomína: {{ request_number }}",
                    "{{ author }} vás spomína v požiadavke "
                    + REF
                    + ":\n\n{{ reply }}\n\n{{ request_url }}",
                    "{{ author }} vás spomína v {{ request_number }}.",
                ),
                "en": (
                    "{{ author }} mentioned you: {{ request_number }}",
                    "{{ author }} mentioned you in request "
                    + REF
                    + ":\n\n{{ reply }}\n\n{{ request_url }}",
                    "{{ author }} mentioned you in {{ request_number }}.",
                ),
            },
            frozenset({EMAIL, INAPP}),
        )
    )
    decision_events_register()
    sla_events_register()
    order_events_register()


def decision_events_register() -> None:
    """A client's decision (approval, a quote, the result accepted with its rating, a
    reopening): the assignee and staff watchers; nobody assigned or watching: the office."""
    event_register(
        _event(
            "helpdesk.client_decision",
            _("A client decided on a helpdesk request"),
            OFFICE,
            {
                "decision": (
                    _("The decision"),
                    Sample(
                        pl="Wycena #1 zaakceptowana (246,00 zł)",
                        sk="Cenová ponuka #1 prijatá (246,00 €)",
                        en="Quote #1 accepted (€246.00)",
                    ),
                ),
                "author": (_("Who decided"), MAREK),
                "comment": (
                    _("The client's comment"),
                    Sample(pl="Proszę o szybką realizację.", sk="Prosím čo najskôr.", en="ASAP."),
                ),
            },
            {
                "pl": (
                    "{{ client_name }}: {{ decision }} – {{ request_number }}",
                    "Decyzja klienta w zgłoszeniu " + REF + ":\n{{ decision }}\n\n"
                    "Kto: {{ author }} ({{ client_name }})\nKomentarz: {{ comment }}"
                    "\n\n{{ request_url }}",
                    "{{ request_number }}: {{ decision }}",
                ),
                "sk": (
                    "{{ client_name }}: {{ decision }} – {{ request_number }}",
                    "Rozhodnutie klienta v požiadavke " + REF + ":\n{{ decision }}\n\n"
                    "Kto: {{ author }} ({{ client_name }})\nKomentár: {{ comment }}"
                    "\n\n{{ request_url }}",
                    "{{ request_number }}: {{ decision }}",
                ),
                "en": (
                    "{{ client_name }}: {{ decision }} – {{ request_number }}",
                    "The client's decision in request " + REF + ":\n{{ decision }}\n\n"
                    "By: {{ author }} ({{ client_name }})\nComment: {{ comment }}"
                    "\n\n{{ request_url }}",
                    "{{ request_number }}: {{ decision }}",
                ),
            },
            frozenset({EMAIL, INAPP}),
        )
    )


# Staff events a person can switch off for themselves (My helpdesk notifications).
STAFF_EVENTS = (
    "helpdesk.client_reply",
    "helpdesk.client_decision",
    "helpdesk.watched",
    "helpdesk.mention",
    "helpdesk.sla_alert",
    "helpdesk.order_assigned",
)


def order_events_register() -> None:
    """Work orders: the operators and the dispatcher put on an open order (not the person
    who did it). The order's own variables, not a request's."""
    order = "{{ order_number }}: {{ order_title }}"
    event_register(
        _event(
            "helpdesk.order_assigned",
            _("You were put on a work order"),
            OFFICE,
            {
                "order_number": (_("Order number"), "ZK-2026-00007"),
                "order_title": (
                    _("Order title"),
                    Sample(
                        pl="Przeprowadzka archiwum klienta",
                        sk="Sťahovanie archívu klienta",
                        en="Moving the client's archive",
                    ),
                ),
                "order_url": (
                    _("Link to the order"),
                    "https://demo.vireo.example/helpdesk/orders/7/",
                ),
                "planned": (
                    _("Planned dates"),
                    lambda *, language, office: local_dates(
                        dt.date(2026, 12, 7), dt.date(2026, 12, 9)
                    ),
                ),
                "dispatched_by": (_("Who put you on it"), PIOTR),
            },
            {
                "pl": (
                    "Zlecenie " + order,
                    # Whoever did it, without guessing their grammatical gender.
                    "Dodano Cię do zlecenia {{ order_number }} {{ order_title }} "
                    "({{ dispatched_by }}).\nPlan: {{ planned }}\n\n{{ order_url }}",
                    "Zlecenie " + order + " ({{ planned }})",
                ),
                "sk": (
                    "Zákazka " + order,
                    "Pridali vás do zákazky {{ order_number }} {{ order_title }} "
                    "({{ dispatched_by }}).\nPlán: {{ planned }}\n\n{{ order_url }}",
                    "Zákazka " + order + " ({{ planned }})",
                ),
                "en": (
                    "Work order " + order,
                    "{{ dispatched_by }} added you to work order {{ order_number }} "
                    "{{ order_title }}.\nPlanned: {{ planned }}\n\n{{ order_url }}",
                    "Work order " + order + " ({{ planned }})",
                ),
            },
            frozenset({EMAIL, INAPP}),
            of_request=False,
        )
    )


def sla_events_register() -> None:
    """SLAs: the assignee and the office's helpdesk supervisors, once per threshold."""
    event_register(
        _event(
            "helpdesk.sla_alert",
            _("A request's SLA is at risk or breached"),
            OFFICE,
            {
                "sla_target": (
                    _("Which target"),
                    Sample(pl="pierwsza odpowiedź", sk="prvá odpoveď", en="first response"),
                ),
                "sla_state": (
                    _("At risk or breached"),
                    Sample(pl="zagrożone", sk="ohrozené", en="at risk"),
                ),
                "sla_due": (
                    _("Due"),
                    lambda *, language, office: date_format(
                        dt.datetime(2026, 11, 12, 10, 30), "SHORT_DATETIME_FORMAT"
                    ),
                ),
            },
            {
                "pl": (
                    "SLA {{ sla_state }}: {{ request_number }}",
                    "Zgłoszenie " + REF + ": {{ sla_target }} – {{ sla_state }}, termin "
                    "{{ sla_due }}.\n\n{{ request_url }}",
                    "SLA {{ sla_state }}: {{ request_number }} ({{ sla_target }}, {{ sla_due }})",
                ),
                "sk": (
                    "SLA {{ sla_state }}: {{ request_number }}",
                    "Požiadavka " + REF + ": {{ sla_target }} – {{ sla_state }}, termín "
                    "{{ sla_due }}.\n\n{{ request_url }}",
                    "SLA {{ sla_state }}: {{ request_number }} ({{ sla_target }}, {{ sla_due }})",
                ),
                "en": (
                    "SLA {{ sla_state }}: {{ request_number }}",
                    "Request " + REF + ": {{ sla_target }} – {{ sla_state }}, due "
                    "{{ sla_due }}.\n\n{{ request_url }}",
                    "SLA {{ sla_state }}: {{ request_number }} ({{ sla_target }}, {{ sla_due }})",
                ),
            },
            frozenset({EMAIL, INAPP}),
        )
    )
