"""Extension points of the mail module. Modules built on mail (scan requests) fill them in
their AppConfig.ready(); mail never imports them and works the same without them.

    new_mail_personaliser_register(provider)
        provider(*, item, has_scan) -> None, or a callable (recipient) -> dict of extra
        documented `mail.new` variables for that recipient (a link signed for the person).

    portal_item_actions_register(provider)
        provider(*, request, items, detail) -> {item_pk: safe HTML}: buttons shown with the
        items of the client panel's Mail tab: compact in the list, `detail=True` on an
        item's own page (where a button has room for its words: "Request a scan").

    staff_item_actions_register(provider)
        provider(*, request, item) -> safe HTML: a box shown on the staff page of an item
        (the helpdesk's "open a request about this letter" and the requests linked to it).

    status_changed_register(handler)
        handler(*, item_ids, status, actor) -> None: items have just moved to `status` (a
        MailStatus), by a hand-over, an edit or a bulk change; called inside that
        transaction (scan requests cancel what can no longer be done).
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.html import conditional_escape, format_html_join
from django.utils.safestring import SafeString

_personalisers: list[Callable] = []
_portal_actions: list[Callable] = []
_staff_actions: list[Callable] = []
_status_changed: list[Callable] = []


def new_mail_personaliser_register(provider: Callable) -> None:
    if provider not in _personalisers:
        _personalisers.append(provider)


def portal_item_actions_register(provider: Callable) -> None:
    if provider not in _portal_actions:
        _portal_actions.append(provider)


def staff_item_actions_register(provider: Callable) -> None:
    if provider not in _staff_actions:
        _staff_actions.append(provider)


def status_changed_register(handler: Callable) -> None:
    if handler not in _status_changed:
        _status_changed.append(handler)


def status_changed(*, item_ids: list[int], status, actor) -> None:
    """For mail's services: tell the registered handlers (status_changed_register)."""
    if item_ids:
        for handler in _status_changed:
            handler(item_ids=item_ids, status=status, actor=actor)


def staff_item_actions(*, request, item) -> SafeString:
    # Providers return SafeString; anything else is escaped here.
    return format_html_join("", "{}", ((p(request=request, item=item),) for p in _staff_actions))


def new_mail_personaliser(*, item, has_scan: bool) -> Callable | None:
    chosen = [provider(item=item, has_scan=has_scan) for provider in _personalisers]
    chosen = [p for p in chosen if p is not None]
    if not chosen:
        return None

    def personalise(recipient) -> dict:
        values: dict = {}
        for provider in chosen:
            values.update(provider(recipient))
        return values

    return personalise


def portal_item_actions(*, request, items, detail: bool = False) -> dict[int, SafeString]:
    items = list(items)
    if not items or not _portal_actions:
        return {}
    answers = [
        provider(request=request, items=items, detail=detail) for provider in _portal_actions
    ]
    # Providers return SafeString; anything else is escaped here. One provider's answer is
    # the answer (joining each row's one part took 0.1 ms of the client panel's Mail tab).
    if len(answers) == 1:
        return {pk: conditional_escape(html) for pk, html in answers[0].items()}
    parts: dict[int, list] = {}
    for answer in answers:
        for pk, html in answer.items():
            parts.setdefault(pk, []).append(conditional_escape(html))
    return {pk: SafeString("".join(htmls)) for pk, htmls in parts.items()}
