from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.db.models import Count, Max, QuerySet, Sum
from django.db.models.functions import Lower
from django.utils import timezone

from accounts.models import Membership, User
from modules.notifications.devtools.mailcatcher import CaughtReader
from modules.notifications.hooks import EMAIL, LANGUAGES, SMS, event_get, event_list
from modules.notifications.models import (
    Delivery,
    Notification,
    NotificationRecipient,
    NotificationSettings,
    SmsDayCount,
    StaffAlert,
)


def sms_parts_month(*, office) -> int:
    """SMS parts sent, or being sent, this calendar month of the office (its time zone):
    the daily counters the worker reserves before each SMS and gives back when it fails
    (services.delivery). The plan's SMS a month are checked against this figure, under a
    lock, in the same transaction as the reservation; the console and the Subscription
    screen show it."""
    with timezone.override(office.time_zone):
        today = timezone.localdate()
    days = SmsDayCount.objects.filter(day__gte=today.replace(day=1), day__lte=today)
    return days.aggregate(parts=Sum("parts"))["parts"] or 0


def delivery_list(
    *, client_id: int | None = None, status: str = "", channel: str = "", event: str = ""
) -> QuerySet[Delivery]:
    """The delivery log, newest first; staff only (views check the level)."""
    qs = Delivery.objects.all()
    if client_id is not None:
        qs = qs.filter(client_id=client_id)
    if status:
        qs = qs.filter(status=status)
    if channel:
        qs = qs.filter(channel=channel)
    if event:
        qs = qs.filter(event=event)
    return qs.defer("body").order_by("-queued_at", "-pk")


def notification_sent_get(*, notification_id: int | None) -> Notification | None:
    """What one notification actually queued and delivered: the notification with
    `sent` (its deliveries, one per channel and recipient, with their status) and
    `with_attachments` (whether files went with it). None when there is no such
    notification. Staff only (views check the level)."""
    if notification_id is None:
        return None
    notification = Notification.objects.filter(pk=notification_id).first()
    if notification is None:
        return None
    notification.sent = list(
        Delivery.objects.filter(notification_id=notification.pk)
        .select_related("recipient")
        .defer("body")
        .order_by("channel", "address", "pk")
    )
    notification.with_attachments = bool(notification.attachments)
    return notification


def recipient_list(*, client_id: int) -> QuerySet[NotificationRecipient]:
    return NotificationRecipient.objects.filter(client_id=client_id).order_by("channel", "address")


def recipient_clients() -> list[dict]:
    """Client companies that have recipients, with how many."""
    return list(
        NotificationRecipient.objects.values("client_id")
        .annotate(count=Count("pk"), label=Max("client_label"))
        .order_by("label", "client_id")
    )


def alert_list(*, user) -> QuerySet[StaffAlert]:
    return StaffAlert.objects.filter(user=user).order_by("-created_at", "-pk")


def alert_unread_count(*, user) -> int:
    return StaffAlert.objects.filter(user=user, read_at__isnull=True).count()


def template_overview() -> list[dict]:
    """Every event with, per language, (language, whether the office has its own wording,
    whether the default changed since they saved it: `template_default_news`'s rule)."""
    from modules.notifications.models import MessageTemplate

    rows = {(row.event, row.language): row for row in MessageTemplate.objects.all()}
    known = {e.code for e in event_list()}
    news = {key for key, row in rows.items() if key[0] in known and _default_missed(row)}
    return [
        {
            "event": e,
            "languages": [
                (lang, (e.code, lang) in rows, (e.code, lang) in news) for lang in LANGUAGES
            ],
        }
        for e in sorted(event_list(), key=lambda e: e.code)
    ]


def default_fingerprint(*, event: str, language: str) -> str:
    """The default wording of `event` in `language` as it is now, as a short hash (its
    subject, message and SMS text, compared as the editor stores them): kept with an
    office's own wording when it is saved (services.template_save)."""
    import hashlib

    default = event_get(event).defaults[language]
    parts = (default.subject, default.body, default.sms)
    text = "\x1f".join(part.replace("\r\n", "\n").strip() for part in parts)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class DefaultNews:
    """The current default of an event the office has its own wording of, when the default
    has changed since the office saved it; `missing`: the variables the default uses and
    the office's wording does not (the quote's items, an invoice's "paid")."""

    subject: str
    body: str
    sms: str
    missing: tuple[str, ...]


def template_default_news(*, event: str, language: str) -> DefaultNews | None:
    """What the template editor tells an office whose own wording of `event` may have
    missed an improvement of the default: None without own wording or when the default is
    what it was when they saved it (`default_fingerprint` stored at save time). Wording
    saved before the fingerprint was kept counts as outdated when the default uses a
    variable it does not."""
    from modules.notifications.models import MessageTemplate

    row = MessageTemplate.objects.filter(event=event, language=language).first()
    if row is None or not _default_missed(row):
        return None
    default = event_get(event).defaults[language]
    return DefaultNews(
        subject=default.subject, body=default.body, sms=default.sms, missing=_missing(row)
    )


def _missing(row) -> tuple[str, ...]:
    """The variables the default of `row`'s event and language uses and `row` does not."""
    from modules.notifications import sandbox

    default = event_get(row.event).defaults[row.language]
    own = set().union(*(sandbox.variables_used(part) for part in (row.subject, row.body, row.sms)))
    new = set().union(
        *(sandbox.variables_used(part) for part in (default.subject, default.body, default.sms))
    )
    return tuple(sorted(new - own))


def _default_missed(row) -> bool:
    """Whether the office's own wording `row` may have missed a change of the default: the
    default is not what it was when they saved it (its fingerprint), or, saved before the
    fingerprint was kept, the default uses a variable theirs does not."""
    if row.default_hash:
        return row.default_hash != default_fingerprint(event=row.event, language=row.language)
    return bool(_missing(row))


def recipients_by_contact(*, client_id: int) -> dict[int, list[NotificationRecipient]]:
    """The client's recipients that come from its contact persons, per contact id (the
    client card shows, per person, what they receive and on which channel)."""
    result: dict[int, list[NotificationRecipient]] = {}
    rows = NotificationRecipient.objects.filter(client_id=client_id, contact_id__isnull=False)
    for row in rows.order_by("channel", "address"):
        result.setdefault(row.contact_id, []).append(row)
    return result


def recipient_extra_list(*, client_id: int) -> QuerySet[NotificationRecipient]:
    """Recipients added by hand on the notifications screen (not contact persons)."""
    return recipient_list(client_id=client_id).filter(contact_id__isnull=True)


def client_is_notified(*, client_id: int, channel: str | None = None) -> bool:
    """Whether anybody receives this client's notifications (on `channel`, if given): the
    card and the mail registration warn when nobody does."""
    qs = NotificationRecipient.objects.filter(client_id=client_id, is_active=True).exclude(
        events=[]
    )
    return (qs.filter(channel=channel) if channel else qs).exists()


def clients_notified_channels(*, client_ids: list[int]) -> dict[int, set[str]]:
    """The channels on which somebody receives each client's notifications (one query):
    the mail registration's client picker warns as soon as a client is picked."""
    rows = (
        NotificationRecipient.objects.filter(client_id__in=client_ids, is_active=True)
        .exclude(events=[])
        .values_list("client_id", "channel")
        .distinct()
    )
    result: dict[int, set[str]] = {}
    for client_id, channel in rows:
        result.setdefault(client_id, set()).add(channel)
    return result


def client_event_choices() -> list[tuple[str, str]]:
    """(code, label) of the events a client's recipient can switch on or off."""
    return sorted(((e.code, str(e.label)) for e in event_list(audience="client")), key=str)


def office_contact_set() -> bool:
    """Whether the office said where its own notifications go (the getting-started checklist).
    Reads without creating the settings row."""
    return NotificationSettings.objects.filter(pk=1).exclude(office_email="").exists()


def email_context_by_message_id(message_id: str) -> dict | None:
    """The context of the notification whose e-mail carried `message_id` (without <>), when
    this office sent it: the e-mail channel writes `<...{schema}.{delivery id}@host>` and
    keeps it as the delivery's provider_ref. How a reply finds what it answers (the
    helpdesk's e-mail intake reads `request_number` from it)."""
    from django.db import connection

    local = message_id.split("@", 1)[0]
    schema, _dot, delivery_id = local.rpartition(".")
    if not delivery_id.isdigit() or not schema.endswith(f".{connection.schema_name}"):
        return None
    row = (
        Delivery.objects.filter(pk=int(delivery_id), provider_ref=f"<{message_id}>")
        .values("event", "notification__context")
        .first()
    )
    if row is None:
        return None
    return {"event": row["event"], **(row["notification__context"] or {})}


def event_recipients(*, client_ids, event: str) -> QuerySet[NotificationRecipient]:
    """THE rule of who receives a client event: the clients' recipients that are active
    and have the event switched on. notify() and notify_many() send to these (the office's
    channel narrowing and left-out addresses aside); the selectors below ask the same."""
    return NotificationRecipient.objects.filter(
        client_id__in=list(client_ids), is_active=True, events__contains=[event]
    )


def client_event_reaches(
    *, client_id: int, event: str, channel: str | None = None, address: str | None = None
) -> bool:
    """Whether anybody of the client receives `event` (on `channel`, if given; at `address`,
    if given), as notify() picks its recipients: a module that needs someone to answer (an
    approval by e-mail link) asks before it asks them, and a module that promises a person
    an e-mail ("you will receive the scan by e-mail") asks whether it will reach them."""
    qs = event_recipients(client_ids=[client_id], event=event)
    if address is not None:
        qs = qs.filter(address__iexact=address.strip())
    return (qs.filter(channel=channel) if channel else qs).exists()


def clients_events_reached(*, client_ids, events, channel: str | None = None) -> dict:
    """{client id: the events of `events` somebody of that client receives (on `channel`,
    if given)}, as notify() picks its recipients (`event_recipients`), in one query: a page
    that says "the client gets an e-mail" asks it first. Every client id is a key."""
    client_ids = list(client_ids)
    reached: dict[int, set[str]] = {client_id: set() for client_id in client_ids}
    for event in events:
        qs = event_recipients(client_ids=client_ids, event=event)
        if channel:
            qs = qs.filter(channel=channel)
        for client_id in qs.values_list("client_id", flat=True).distinct():
            reached[client_id].add(event)
    return reached


def caught_reader(*, office, user) -> CaughtReader:
    """Who reads the development caught-mail page (DEBUG only) and what of the platform's
    e-mails they may read (devtools.mailcatcher._shown_to): a platform superuser all of
    them; an office's staff those addressed to the office's people, its members (staff and
    client users) and its clients' recipients."""
    if user.is_superuser:
        return CaughtReader(office_schema=office.schema_name, everything=True)
    members = Membership.objects.filter(office=office, is_active=True).values_list(
        "user__email", flat=True
    )
    recipients = NotificationRecipient.objects.filter(channel=EMAIL).values_list(
        "address", flat=True
    )
    addresses = frozenset(address.lower() for address in [*members, *recipients] if address)
    return CaughtReader(office_schema=office.schema_name, addresses=addresses)


# A person's language -------------------------------------------------------------------------


def person_language(chosen: str, fallback: str, languages=None) -> str:
    """THE rule of a message's language for a person: the language they chose (the panel's
    top-right switcher stores it on their account, `accounts.services.user_language_set`;
    the client panel's Profile changes it too), else `fallback` (a client recipient: the
    row's language, the client's notification language; staff: the office's). The client
    panel, the PDFs they download and their e-mails then speak one language."""
    languages = languages or dict(settings.LANGUAGES)
    for language in (chosen, fallback):
        if language and language in languages:
            return language
    return settings.LANGUAGE_CODE


def recipient_languages(recipients) -> dict[int, str]:
    """{recipient id: the language its person chose} for the client recipients that are a
    person with an account in this office (an active membership): the e-mail row by its
    address, an SMS row through an e-mail address of the same contact person. Rows without
    one are missing (their own language applies). Two queries, whatever the count."""
    recipients = list(recipients)
    if not recipients:
        return {}
    contact_ids = {r.contact_id for r in recipients if r.channel == SMS and r.contact_id}
    sibling = {}  # contact id -> its e-mail addresses (an SMS row's person)
    if contact_ids:
        rows = NotificationRecipient.objects.filter(
            channel=EMAIL, contact_id__in=contact_ids
        ).values_list("contact_id", "address")
        for contact_id, address in rows:
            sibling.setdefault(contact_id, []).append(address.lower())
    addresses = {r.address.lower() for r in recipients if r.channel == EMAIL}
    addresses |= {a for found in sibling.values() for a in found}
    if not addresses:
        return {}
    chosen = dict(
        User.objects.annotate(address=Lower("email"))
        .filter(
            address__in=addresses,
            memberships__office=connection.tenant,
            memberships__is_active=True,
        )
        .exclude(language="")
        .values_list("address", "language")
        .distinct()
    )
    found = {}
    for r in recipients:
        if r.channel == EMAIL:
            language = chosen.get(r.address.lower())
        else:
            language = next((chosen[a] for a in sibling.get(r.contact_id, ()) if a in chosen), None)
        if language:
            found[r.pk] = language
    return found


def email_language_get(*, client_id: int, email: str) -> str | None:
    """The language the e-mails to `email` as a recipient of `client_id` are written in
    (person_language: the person's chosen language, else the row's), or None when the
    address receives none of the client's notifications. The client panel's Profile."""
    row = (
        NotificationRecipient.objects.filter(client_id=client_id, channel=EMAIL, is_active=True)
        .annotate(lowered=Lower("address"))
        .filter(lowered=email.lower())
        .first()
    )
    if row is None:
        return None
    return person_language(recipient_languages([row]).get(row.pk, ""), row.language)
