"""notify(): the one way any module sends a notification."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.core import signing
from django.db import connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accounts.models import STAFF_ROLES, Membership
from accounts.switcher import CLIENT_PARAMETER
from common.jobs import job_send
from common.storage import office_exists, office_size
from modules.notifications import sandbox
from modules.notifications.channels.email import office_address
from modules.notifications.channels.sms import sms_country, sms_fit, sms_length
from modules.notifications.hooks import (
    CLIENT,
    COMMON_SAMPLE,
    EMAIL,
    INAPP,
    PORTAL_ACTION,
    SAMPLE_SITE,
    SMS,
    EventType,
    Sample,
    event_get,
    number_companies,
)
from modules.notifications.models import (
    Delivery,
    MessageTemplate,
    Notification,
    NotificationRecipient,
    StaffAlert,
)
from modules.notifications.selectors import (
    event_recipients,
    person_language,
    recipient_languages,
)
from modules.notifications.services.config import settings_get

logger = logging.getLogger("vireo.notifications")

ATTACHMENT_LINK_SALT = "notifications.attachment"
ATTACHMENT_LINK_MAX_AGE = 60 * 60 * 24 * 30


@dataclass(frozen=True)
class Attachment:
    """A stored file of the office (name relative to the office, common.storage) to send
    along."""

    path: str
    filename: str
    content_type: str = "application/octet-stream"


@dataclass(frozen=True)
class Addressee:
    """Someone who is not among a client's recipients and gets a client event anyway: a
    website visitor who booked a room (one address, in the language they used). SMS to an
    addressee obeys the office's country allow-list like any other."""

    channel: str
    address: str
    language: str


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str
    sms: str


def template_sources(event: EventType, language: str) -> tuple[str, str, str]:
    """The office's own wording when it has one, else the default."""
    custom = MessageTemplate.objects.filter(event=event.code, language=language).first()
    if custom is not None:
        return custom.subject, custom.body, custom.sms
    default = event.defaults[language]
    return default.subject, default.body, default.sms


def render_message(
    *, sources: tuple[str, str, str], context: dict, language: str, office, channel: str = ""
) -> Rendered:
    """Subject, body and SMS text; with `channel`, only what that channel sends (an e-mail
    needs no SMS text, an SMS no subject or body: a third to two thirds of the rendering
    of a bulk call)."""
    subject, body, sms = sources
    email = channel != SMS
    with translation.override(language), timezone.override(office.time_zone):
        return Rendered(
            subject=" ".join(sandbox.render(subject, context).split())[:900] if email else "",
            # Empty optional parts must not leave holes of blank lines.
            body=re.sub(r"\n{3,}", "\n\n", sandbox.render(body, context).replace("\r", "")).strip()
            if email
            else "",
            sms=sms_fit(" ".join(sandbox.render(sms, context).split())) if channel != EMAIL else "",
        )


def base_context(*, event: EventType, office, context: dict, portal_url: str | None = None) -> dict:
    """The variables of one notification. `portal_url` is passed by a bulk call, which
    works it out once instead of a reverse() per item."""
    unknown = set(context) - set(event.variable_names)
    if unknown:
        raise ValueError(f"{event.code}: undocumented variables {sorted(unknown)}")
    values = dict.fromkeys(event.variable_names, "")
    values.update(
        office_name=office.name,
        office_url=office.url,
        portal_url=portal_url or office.url + reverse("portal:home"),
    )
    values.update(context)
    return sandbox.plain_context(values)


def sample_context(*, event: EventType, language: str, office) -> dict:
    """The variables of the template editor's preview of `event` in `language`: the office's
    own name and addresses, examples in that language (hooks.Sample), amounts in the
    office's currency, links on the office's address."""
    values = {}
    with translation.override(language):
        for name, value in {**COMMON_SAMPLE, **event.sample}.items():
            if name in ("office_name", "office_url", "portal_url"):
                continue
            if name not in event.variable_names:
                continue
            if isinstance(value, Sample):
                value = value.get(language)
            elif callable(value):
                value = value(language=language, office=office)
            if isinstance(value, str) and value.startswith(SAMPLE_SITE):
                value = office.url + value.removeprefix(SAMPLE_SITE)
            values[name] = value
    return base_context(event=event, office=office, context=values)


def _attachment_rows(office, attachments: list[Attachment]) -> list[dict]:
    rows = []
    for item in attachments:
        # office_name refuses (ValueError) a path outside the office's files.
        exists = office_exists(item.path, schema=office.schema_name)
        size = office_size(item.path, schema=office.schema_name) if exists else 0
        rows.append(
            {
                "path": item.path,
                "filename": Path(item.filename).name,
                "content_type": item.content_type,
                "size": size,
            }
        )
    return rows


def attachment_link(*, notification: Notification, index: int, office) -> str:
    token = signing.dumps({"n": notification.pk, "i": index}, salt=ATTACHMENT_LINK_SALT)
    return office.url + reverse("notifications:attachment", args=[token])


def _with_links(body: str, *, notification: Notification, office) -> str:
    lines = [
        f"- {item['filename']}: "
        + attachment_link(notification=notification, index=i, office=office)
        for i, item in enumerate(notification.attachments)
    ]
    intro = _("The files are too large to attach; download them here:")
    return body + "\n\n" + intro + "\n" + "\n".join(lines)


@transaction.atomic
def notify(
    *,
    event: str,
    client_id: int | None = None,
    context: dict | None = None,
    attachments: list[Attachment] | None = None,
    actor=None,
    channels: set[str] | None = None,
    personalise: Callable[[NotificationRecipient], dict] | None = None,
    staff: dict[int, set[str]] | None = None,
    addressees: list[Addressee] | None = None,
    localise: Callable[[str], dict] | None = None,
    alert_subject: str = "",
    exclude_addresses: set[str] | frozenset[str] = frozenset(),
    except_receiving: str = "",
) -> Notification:
    """Record a notification and send it after the transaction commits.

    Client events go to the client's recipients that have the event switched on, each in
    their own language; office events go to the office's address and SMS number and to its
    staff as in-app alerts. Nobody but those receives it. `channels` narrows a client
    event to some channels (the mail module's "e-mail only" / "SMS only" choice).
    `personalise(recipient)` returns documented variables that differ per recipient of a
    client event (a link signed for that person); they are not kept in the notification.
    `localise(language)` returns documented variables written in words or formats of a
    language (a status, "reply by ...", an amount of money): it is called, under that
    language, for each language the message is rendered in - every recipient, staff member,
    the office's address and staff alerts read them in their own language, never in the
    language of the person who caused the message. The office's language's values are kept
    in the notification.
    `staff` (office events only) = {user id: channels}: instead of the office's address and
    every staff member, these staff persons of this office get it, each on their own
    channels (EMAIL to their account's address, INAPP as their alert), narrowed by the
    office's channels for the event; user ids that are not active staff here are skipped.
    `alert_subject` names what the staff alerts announce ("scanrequests.request:17"): the
    sending module calls alerts_resolve(subject=...) when it is handled or opened.
    `addressees` get a client event as well (or alone, without client_id): people with no
    client behind them, such as a visitor's e-mail; they get no client-panel button.
    `exclude_addresses`: e-mail addresses (any case) left out - the person whose own action
    the message tells of (a client approving their own request is not told of it).
    `except_receiving`: another client event; the recipients who receive it (the same
    channel and address, `event_recipients`) are left out, as a message of that event told
    them in this one's place (a status change with a comment goes as a reply to those who
    receive replies; the others who receive status changes still get this one).
    """
    event_type = event_get(event)
    if event_type.audience == CLIENT and client_id is None and not addressees:
        raise ValueError(f"{event}: a client event needs client_id")
    if staff is not None and event_type.audience == CLIENT:
        raise ValueError(f"{event}: `staff` is for office events")
    office = connection.tenant
    localised = _localiser(event_type, localise)
    values = base_context(
        event=event_type,
        office=office,
        context={**(context or {}), **localised(office.language)},
    )
    office_settings = settings_get()
    rows = _attachment_rows(office, attachments or [])
    notification = Notification.objects.create(
        event=event,
        client_id=client_id,
        context=values,
        attachments=rows,
        attachments_linked=sum(r["size"] for r in rows) > office_settings.attachment_max_bytes,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    people: list[tuple] = []
    targets = []
    if staff is not None:
        people = _staff_people(
            staff, office=office, office_settings=office_settings, event=event_type
        )
        targets = [
            (EMAIL, m.user.email, _language(m, office, event_type), None)
            for m, ch in people
            if EMAIL in ch
        ]
    elif event_type.audience != CLIENT or client_id is not None:
        targets = _targets(
            event_type, client_id=client_id, office=office, office_settings=office_settings
        )
    targets += [(a.channel, a.address, a.language, None) for a in addressees or ()]
    if channels is not None:
        targets = [t for t in targets if t[0] in channels]
    if exclude_addresses:
        left_out = {address.strip().lower() for address in exclude_addresses}
        targets = [t for t in targets if not (t[0] == EMAIL and t[1].lower() in left_out)]
    if except_receiving and client_id is not None:
        told = {
            (channel, address.strip().lower())
            for channel, address in event_recipients(
                client_ids=[client_id], event=except_receiving
            ).values_list("channel", "address")
        }
        targets = [t for t in targets if (t[0], t[1].strip().lower()) not in told]
    sources: dict[str, tuple] = {}
    shared = (
        _shared_numbers({t[1] for t in targets if t[0] == SMS})
        if event_type.audience == CLIENT
        else set()
    )
    deliveries = [
        _rendered_delivery(
            notification,
            event_type,
            target,
            personalise=personalise,
            office=office,
            office_settings=office_settings,
            sources=sources,
            localised=localised,
            shared_numbers=shared,
        )
        for target in targets
    ]
    if staff is not None:
        alerted = [m for m, ch in people if INAPP in ch]
        if alerted:
            deliveries.append(
                _staff_alerts(
                    notification,
                    event_type,
                    values,
                    office,
                    sources,
                    alerted,
                    localised,
                    subject=alert_subject,
                )
            )
    elif INAPP in _office_channels(event_type, office_settings) and event_type.audience != CLIENT:
        deliveries.append(
            _staff_alerts(
                notification,
                event_type,
                values,
                office,
                sources,
                None,
                localised,
                subject=alert_subject,
            )
        )
    Delivery.objects.bulk_create(deliveries)
    queued = [d.pk for d in deliveries if d.status == Delivery.Status.QUEUED]
    if queued:
        transaction.on_commit(lambda: delivery_enqueue(queued))
    return notification


def _localiser(event_type: EventType, localise) -> Callable[[str], dict]:
    """localise() once per language of a call, under that language (a bulk call renders
    thousands of messages in two or three languages)."""
    done: dict[str, dict] = {}

    def localised(language: str) -> dict:
        if localise is None:
            return {}
        if language not in done:
            with translation.override(language):
                done[language] = _personal_values(event_type, localise(language))
        return done[language]

    return localised


def _rendered_delivery(
    notification,
    event_type,
    target,
    *,
    personalise,
    office,
    office_settings,
    sources,
    localised=None,
    shared_numbers=None,
) -> Delivery:
    """One recipient's message, rendered in their language (templates read once per
    language and call: `sources` is shared by the caller's loop). `shared_numbers`: the
    SMS numbers among the call's that receive messages of more than one company."""
    channel, address, language, recipient = target
    if language not in sources:
        sources[language] = template_sources(event_type, language)
    personal = {**notification.context, "recipient_name": recipient.name if recipient else ""}
    if localised is not None:
        personal.update(localised(language))
    if personalise is not None and recipient is not None:
        personal.update(_personal_values(event_type, personalise(recipient)))
    company = ""
    if event_type.audience == CLIENT and notification.client_id is not None:
        # A person may act for several companies: the message names the company and its
        # panel links carry it (?client=), so opening one offers the switch to it. An SMS
        # names it only to a number that receives more than one company's messages here
        # (`shared_numbers`): every character counts.
        personal = _company_links(personal, client_id=notification.client_id, office=office)
        if channel == EMAIL or (channel == SMS and address in (shared_numbers or ())):
            company = str(personal.get("client_name") or "") or (
                recipient.client_label if recipient is not None else ""
            )
    message = render_message(
        sources=sources[language],
        context=personal,
        language=language,
        office=office,
        channel=channel,
    )
    if channel == SMS and company and message.sms:
        # A line break is one GSM-7 character (a dash would make the SMS Unicode).
        sms = _company_first(message.sms, company=company, language=language, separator="\n")
        message = Rendered(subject="", body="", sms=sms_fit(sms))
    delivery = _delivery(
        notification,
        event_type,
        channel,
        address,
        language,
        recipient,
        message,
        office,
        office_settings,
    )
    if channel == EMAIL:
        if company:
            delivery.body = _company_first(delivery.body, company=company, language=language)
        delivery.actions = _actions(
            event_type, personal, language, portal=notification.client_id is not None
        )
    return delivery


def _company_first(text: str, *, company: str, language: str, separator: str = "\n\n") -> str:
    """`text` opened by the line naming the company ("Firma: Kowalski Consulting"): every
    client e-mail (and the template editor's preview of it), an SMS to a shared number."""
    with translation.override(language):
        line = pgettext("e-mail", "Company: %(name)s") % {"name": company}
    return f"{line}{separator}{text}"


def sample_message(*, event: EventType, language: str, office, sources: tuple) -> Rendered:
    """The template editor's preview of `sources` (subject, message, SMS): the sample
    values (sample_context) rendered, the e-mail of a client event opened by the company
    line the real e-mail has (with the sample company)."""
    context = sample_context(event=event, language=language, office=office)
    message = render_message(sources=sources, context=context, language=language, office=office)
    if event.audience != CLIENT or not context.get("client_name"):
        return message
    body = _company_first(message.body, company=str(context["client_name"]), language=language)
    return Rendered(subject=message.subject, body=body, sms=message.sms)


def _shared_numbers(numbers: set[str]) -> set[str]:
    """Those of `numbers` that belong to more than one client of the office: a person
    acting for several companies, whose SMS must say which. A number belongs to the
    clients it is an active SMS recipient of, and to every company it is a contact
    person's phone of, whether that person is ticked to receive notifications or not (the
    clients module's rule, `hooks.number_companies`). Two queries a call."""
    if not numbers:
        return set()
    companies: dict[str, set[int]] = {}
    rows = (
        NotificationRecipient.objects.filter(channel=SMS, address__in=numbers, is_active=True)
        .values_list("address", "client_id")
        .distinct()
    )
    for address, client_id in rows:
        companies.setdefault(address, set()).add(client_id)
    for number, client_ids in number_companies(numbers).items():
        companies.setdefault(number, set()).update(client_ids)
    return {number for number, client_ids in companies.items() if len(client_ids) > 1}


def _company_links(values: dict, *, client_id: int, office) -> dict:
    """`values` with every client panel link (the office's /portal/...) naming the company
    as `?client=<id>`: accounts.switcher.switcher_offer_for_link offers a person acting for
    another company the switch; for anyone else it changes nothing."""
    panel = office.url + "/portal/"
    changed = {}
    for name, value in values.items():
        if isinstance(value, str) and value.startswith(panel):
            parts = urlsplit(value)
            query = [
                (k, v)
                for k, v in parse_qsl(parts.query, keep_blank_values=True)
                if k != CLIENT_PARAMETER
            ]
            query.append((CLIENT_PARAMETER, str(client_id)))
            changed[name] = urlunsplit(parts._replace(query=urlencode(query)))
    return {**values, **changed} if changed else values


def _actions(event_type: EventType, values: dict, language: str, portal: bool = True) -> list[dict]:
    """The e-mail's buttons: the event's own, then the client panel for client events;
    only those whose variable holds a web address."""
    actions = list(event_type.actions)
    if event_type.audience == CLIENT and portal:
        actions.append(PORTAL_ACTION)
    with translation.override(language):
        return [
            {"label": str(action.label), "url": str(values[action.variable])}
            for action in actions
            if str(values.get(action.variable) or "").startswith(("https://", "http://"))
        ]


@dataclass(frozen=True)
class NotifyItem:
    """One notification of a bulk call: whom it concerns and what it says."""

    client_id: int
    context: dict
    attachments: tuple[Attachment, ...] = ()


@transaction.atomic
def notify_many(
    *,
    event: str,
    items: list[NotifyItem],
    actor=None,
    channels: set[str] | None = None,
    personalise: Callable[[NotificationRecipient], dict] | None = None,
    localise: Callable[[str], dict] | None = None,
) -> list[Notification]:
    """notify() for many clients at once (a day's mail registered in one sitting, monthly
    invoices, reminders): the same rules and messages, set-based.

    The notifications and the deliveries are each written with one INSERT per thousand
    rows, the recipients of every client are read in one query, the templates once per
    language, and the deliveries are enqueued after commit in batches that the worker sends
    over one SMTP connection. Client events only (office events go to one address anyway).
    `localise` as in notify(), the same for every item.
    """
    event_type = event_get(event)
    if event_type.audience != CLIENT:
        raise ValueError(f"{event}: notify_many() sends client events only")
    office = connection.tenant
    localised = _localiser(event_type, localise)
    office_settings = settings_get()
    created_by = actor if actor is not None and actor.is_authenticated else None
    notifications = []
    portal_url = office.url + reverse("portal:home")
    for item in items:
        rows = _attachment_rows(office, list(item.attachments))
        notifications.append(
            Notification(
                event=event,
                client_id=item.client_id,
                context=base_context(
                    event=event_type,
                    office=office,
                    context={**item.context, **localised(office.language)},
                    portal_url=portal_url,
                ),
                attachments=rows,
                attachments_linked=sum(r["size"] for r in rows)
                > office_settings.attachment_max_bytes,
                created_by=created_by,
            )
        )
    Notification.objects.bulk_create(notifications, batch_size=1000)
    by_client: dict[int, list[NotificationRecipient]] = {}
    recipients = event_recipients(
        client_ids={item.client_id for item in items}, event=event_type.code
    ).order_by("pk")
    recipients = [r for r in recipients if channels is None or r.channel in channels]
    for recipient in recipients:
        by_client.setdefault(recipient.client_id, []).append(recipient)
    chosen = recipient_languages(recipients)
    sources: dict[str, tuple] = {}
    shared = _shared_numbers(
        {r.address for rows in by_client.values() for r in rows if r.channel == SMS}
    )
    deliveries = [
        _rendered_delivery(
            notification,
            event_type,
            _recipient_target(r, event_type, chosen),
            personalise=personalise,
            office=office,
            office_settings=office_settings,
            sources=sources,
            localised=localised,
            shared_numbers=shared,
        )
        for notification in notifications
        for r in by_client.get(notification.client_id, [])
    ]
    Delivery.objects.bulk_create(deliveries, batch_size=1000)
    queued = [d.pk for d in deliveries if d.status == Delivery.Status.QUEUED]
    if queued:
        transaction.on_commit(lambda: delivery_enqueue(queued))
    return notifications


def _personal_values(event_type: EventType, extra: dict) -> dict:
    unknown = set(extra) - set(event_type.variables)
    if unknown:
        raise ValueError(f"{event_type.code}: undocumented variables {sorted(unknown)}")
    return sandbox.plain_context(extra)


# Deliveries per worker message: one SMTP connection and one claim query serve a batch,
# small enough that a batch does not wait long behind another on a busy worker.
ENQUEUE_BATCH = 50


def delivery_enqueue(delivery_ids: list[int]) -> int:
    """Enqueue in batches: one dramatiq message per ENQUEUE_BATCH deliveries. Returns how
    many deliveries were enqueued. The queued Delivery rows are the outbox: when the broker
    (Redis) is down the rest stay queued, the request that committed them is not failed, and
    delivery_requeue_stale (every few minutes) enqueues them again; sending claims each
    delivery once, so a delivery enqueued twice is sent once."""
    from modules.notifications.tasks import delivery_send_batch_task

    done = 0
    for start in range(0, len(delivery_ids), ENQUEUE_BATCH):
        batch = delivery_ids[start : start + ENQUEUE_BATCH]
        if not job_send(delivery_send_batch_task, batch):
            break  # the broker is down: the rest stay queued for the sweep
        done += len(batch)
    return done


# Longer than the longest retry backoff (MAX_ATTEMPTS) and the claim timeout: a delivery
# queued that long has no message in the broker any more (Redis was down when it was
# enqueued, or lost it), or its worker died.
STALE_AFTER = timedelta(minutes=20)


def delivery_requeue_stale(*, older_than: timedelta = STALE_AFTER) -> int:
    """Enqueue again the deliveries of this office still queued (or claimed by a worker
    that died) `older_than` ago. Returns how many were enqueued."""
    from modules.notifications.services.delivery import CLAIM_TIMEOUT

    now = timezone.now()
    stale = Delivery.objects.filter(
        Q(status=Delivery.Status.QUEUED, updated_at__lt=now - older_than)
        | Q(status=Delivery.Status.SENDING, claimed_at__lt=now - max(older_than, CLAIM_TIMEOUT))
    ).filter(channel__in=[EMAIL, SMS])
    ids = list(stale.order_by("pk").values_list("pk", flat=True)[:10_000])
    return delivery_enqueue(ids) if ids else 0


def _office_channels(event_type: EventType, office_settings) -> set[str]:
    chosen = office_settings.office_channels.get(event_type.code)
    return set(event_type.default_channels if chosen is None else chosen)


def _targets(event_type, *, client_id, office, office_settings) -> list[tuple]:
    if event_type.audience == CLIENT:
        recipients = list(
            event_recipients(client_ids=[client_id], event=event_type.code).order_by("pk")
        )
        chosen = recipient_languages(recipients)
        return [_recipient_target(r, event_type, chosen) for r in recipients]
    channels = _office_channels(event_type, office_settings)
    targets = []
    address = office_address(office=office, office_settings=office_settings)
    if EMAIL in channels and address:
        targets.append((EMAIL, address, office.language, None))
    if SMS in channels and office_settings.office_phone:
        targets.append((SMS, office_settings.office_phone, office.language, None))
    return targets


def _delivery(
    notification,
    event_type,
    channel,
    address,
    language,
    recipient,
    message,
    office,
    office_settings,
) -> Delivery:
    delivery = Delivery(
        notification=notification,
        event=event_type.code,
        client_id=notification.client_id,
        channel=channel,
        recipient=recipient,
        address=address,
        language=language,
    )
    if channel == EMAIL:
        delivery.subject = message.subject
        delivery.body = message.body
        if notification.attachments_linked:
            with translation.override(language):
                delivery.body = _with_links(message.body, notification=notification, office=office)
    else:
        delivery.body = message.sms
        delivery.segments = sms_length(message.sms).parts
        country = sms_country(address)
        if country not in office_settings.sms_countries:
            delivery.status = Delivery.Status.FAILED
            delivery.failed_at = timezone.now()
            delivery.error = _("SMS to this country is not allowed (%(country)s).") % {
                "country": country or "?"
            }
    return delivery


def _staff_people(staff: dict, *, office, office_settings, event) -> list[tuple]:
    """(membership, channels) of the named staff persons who are active staff here."""
    allowed = _office_channels(event, office_settings)
    rows = (
        Membership.objects.filter(
            office=office, role__in=STAFF_ROLES, is_active=True, user_id__in=list(staff)
        )
        .select_related("user")
        .order_by("pk")
    )
    return [(m, set(staff[m.user_id]) & allowed) for m in rows if set(staff[m.user_id]) & allowed]


def _language(membership, office, event_type) -> str:
    return person_language(membership.user.language, office.language, event_type.defaults)


def _recipient_target(recipient, event_type, chosen: dict[int, str]) -> tuple:
    language = person_language(
        chosen.get(recipient.pk, ""), recipient.language, event_type.defaults
    )
    return (recipient.channel, recipient.address, language, recipient)


def _alert_body(body: str, *, link: str) -> str:
    """The e-mail's text as the alert's: without the line that is only the link (the alert's
    title is that link; the list and the bell showed "http://biuro.../messages/2/" as text
    under it until 2026-12-07)."""
    if not link:
        return body
    lines = [line for line in body.splitlines() if line.strip() != link]
    return "\n".join(lines).strip()


def _staff_alerts(
    notification, event_type, values, office, sources, staff=None, localised=None, *, subject=""
) -> Delivery:
    if staff is None:
        staff = list(
            Membership.objects.filter(office=office, role__in=STAFF_ROLES, is_active=True)
            .select_related("user")
            .order_by("pk")
        )
    # The alert links to whatever the event points at (the scan requests screen...).
    link = next(
        (
            value
            for key, value in values.items()
            if key.endswith("_url") and key not in ("office_url", "portal_url") and value
        ),
        "",
    )
    alerts = []
    for membership in staff:
        language = _language(membership, office, event_type)
        if language not in sources:
            sources[language] = template_sources(event_type, language)
        context = {**values, **localised(language)} if localised is not None else values
        message = render_message(
            sources=sources[language], context=context, language=language, office=office
        )
        alerts.append(
            StaffAlert(
                user=membership.user,
                notification=notification,
                event=event_type.code,
                title=message.subject[:300],
                body=_alert_body(message.body, link=str(link)),
                link=str(link)[:500],
                subject=subject[:100],
            )
        )
    StaffAlert.objects.bulk_create(alerts)
    now = timezone.now()
    return Delivery(
        notification=notification,
        event=event_type.code,
        client_id=notification.client_id,
        channel=INAPP,
        address=_("%(count)s staff") % {"count": len(alerts)},
        language=office.language,
        subject=alerts[0].title if alerts else "",
        status=Delivery.Status.SENT,
        attempts=1,
        sent_at=now,
    )
