"""The open list of notification events. Each module registers its own, with its default
texts, from its AppConfig.ready() (modules/mail/events.py, modules/scanrequests/events.py):

    event_register(EventType(
        code="rooms.cancelled", label=_("Room reservation cancelled"), audience=CLIENT,
        variables={"room_name": _("Room"), ...}, sample={"room_name": "Sala A", ...},
        defaults={"pl": Defaults(subject=..., body=..., sms=...), "sk": ..., "en": ...},
    ))

An event documents its variables: templates may use only those (checked on save), and
`notify()` accepts only those, as plain values (no model objects reach a template).
Codes are stored (deliveries, alerts, templates, recipients' switches): an event whose module
no longer registers it is left out of every list and its stored rows are kept as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

CLIENT = "client"  # sent to the client company's recipients
OFFICE = "office"  # sent to the office's own address, SMS number and staff alerts

EMAIL = "email"
SMS = "sms"
INAPP = "inapp"
LANGUAGES = ("pl", "sk", "en")

# Filled in for every event by notify(); templates may always use them.
COMMON_VARIABLES = {
    "office_name": _("Name of the office"),
    "office_url": _("Address of the office's site"),
    "portal_url": _("Link to the client panel"),
    "client_name": _("Client company"),
    "recipient_name": _("Name of the recipient (may be empty)"),
}


@dataclass(frozen=True)
class Sample:
    """An example value of the template editor's preview written differently per language
    (a sender, a company, a word): the preview of a Slovak template shows Slovak examples.
    An event's `sample` holds these, plain values that read the same in every language, or
    callables `value(language=..., office=...)` (an amount in the office's currency); links
    start with SAMPLE_SITE, which the preview replaces by the office's own address. One
    place turns them into the preview's values: notifications' `sample_context()`."""

    pl: object
    sk: object
    en: object

    def get(self, language: str) -> object:
        return getattr(self, language, self.en)


SAMPLE_SITE = "https://demo.vireo.example"
# Example values of the COMMON_VARIABLES that are not the office's own (its name and
# addresses are the real ones in the preview).
COMMON_SAMPLE = {
    "client_name": Sample(pl="Zielony Las sp. z o.o.", sk="Zelený les s.r.o.", en="Greenwood Ltd"),
    "recipient_name": Sample(pl="Marek Zieliński", sk="Marek Zelený", en="Mark Green"),
}

# The opening and closing every client message shares, per language, for default texts:
# body=GREETING["pl"] + "..." + SIGNATURE["pl"].
# Polish and Slovak greet without the name: "Dzień dobry, Marek Zieliński," puts a full
# name in the nominative where Polish wants the vocative ("Panie Marku"), which a template
# cannot decline; "Dzień dobry," / "Dobrý deň," is how a business letter opens.
GREETING = {
    "pl": "Dzień dobry,\n\n",
    "sk": "Dobrý deň,\n\n",
    "en": "Hello{% if recipient_name %} {{ recipient_name }}{% endif %},\n\n",
}
SIGNATURE = {
    "pl": "\n\nPozdrawiamy\n{{ office_name }}\n{{ portal_url }}",
    "sk": "\n\nS pozdravom\n{{ office_name }}\n{{ portal_url }}",
    "en": "\n\nKind regards\n{{ office_name }}\n{{ portal_url }}",
}


@dataclass(frozen=True)
class Defaults:
    subject: str
    body: str
    sms: str


@dataclass(frozen=True)
class Action:
    """A button of the event's e-mail: the URL variable it opens and its label."""

    variable: str
    label: str  # lazy translation


# Every client e-mail ends with this button (after the event's own).
PORTAL_ACTION = Action("portal_url", _("Open in the client panel"))


@dataclass(frozen=True)
class EventType:
    code: str
    label: str  # lazy translation
    audience: str
    variables: dict  # name -> lazy description, beyond COMMON_VARIABLES
    sample: dict  # example values for the editor's preview (values may be a Sample)
    defaults: dict  # language -> Defaults
    # Channels a new recipient (client events) or the office (office events) gets by default.
    default_channels: frozenset = field(default_factory=lambda: frozenset({EMAIL}))
    # Buttons of the HTML e-mail, in order, shown when their variable holds a URL; client
    # events also get PORTAL_ACTION.
    actions: tuple = ()

    @property
    def variable_names(self) -> tuple[str, ...]:
        return (*COMMON_VARIABLES, *self.variables)

    def all_variables(self) -> dict:
        return {**COMMON_VARIABLES, **self.variables}


_events: dict[str, EventType] = {}


def event_register(event: EventType) -> None:
    missing = set(LANGUAGES) - set(event.defaults)
    if missing:
        raise ValueError(f"{event.code}: default templates missing for {sorted(missing)}")
    if event.audience not in (CLIENT, OFFICE):
        raise ValueError(f"{event.code}: unknown audience {event.audience!r}")
    _events[event.code] = event


def event_get(code: str) -> EventType:
    try:
        return _events[code]
    except KeyError:
        raise LookupError(f"unknown notification event {code!r}") from None


def event_label(code: str) -> str:
    """An event by its name ("New mail"); one no module registers any more, by a neutral
    word rather than its code."""
    from django.utils.translation import gettext

    event = _events.get(code)
    return str(event.label) if event is not None else gettext("Other message")


def event_list(*, audience: str | None = None) -> list[EventType]:
    return [e for e in _events.values() if audience is None or e.audience == audience]


# Which companies a mobile number belongs to beyond the SMS recipient rows: the clients
# module registers its rule (`clients.selectors.client_ids_by_phones`: every company the
# number is a contact person's phone of, ticked to receive notifications or not). An SMS
# names its company when its number belongs to more than one company of the office
# (services.notify._shared_numbers). `provider(numbers: set[str]) -> {number: {client id}}`.
_number_companies: list[Callable[[set[str]], dict[str, set[int]]]] = []


def number_companies_register(provider: Callable[[set[str]], dict[str, set[int]]]) -> None:
    if provider not in _number_companies:
        _number_companies.append(provider)


def number_companies(numbers: set[str]) -> dict[str, set[int]]:
    """{number: the client ids it belongs to} by every registered rule, for `numbers`."""
    found: dict[str, set[int]] = {}
    for provider in _number_companies:
        for number, client_ids in provider(set(numbers)).items():
            found.setdefault(number, set()).update(client_ids)
    return found


# The sandbox of office-written templates, for other modules' templates (documents): only
# if/for, an allow-list of filters, plain values, no loaders. `template_problems` on save,
# `template_render_html` when a document is made (values escaped).
def template_problems(source: str, *, variables, max_length: int) -> list[str]:
    from modules.notifications import sandbox

    return sandbox.validate(source, variables=tuple(variables), max_length=max_length)


def template_render_html(source: str, context: dict) -> str:
    from modules.notifications import sandbox

    return sandbox.render_html(source, context)
