"""Staff screens: the archive (tabs by status, filters, search), registration, an item."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import staff_view
from common.audit import audit_words_attach
from common.exceptions import ApplicationError
from common.redirects import safe_url
from common.uploads import StagedUpload, upload_discard, upload_stage, uploads_restored
from modules.clients.selectors import client_search
from modules.mail import files, selectors
from modules.mail.forms import (
    BulkStatusForm,
    FilterForm,
    ItemEditForm,
    RegisterForm,
    mail_filters_from,
)
from modules.mail.models import MailItem, MailStatus
from modules.mail.rows import archive_rows_html
from modules.mail.services import (
    mail_bulk_status_change,
    mail_register,
    mail_update,
    scan_stage,
    settings_get,
)
from modules.mail.services.items import CONFIRM_LEAVE_FINAL, MISSING_ATTACHMENT
from modules.mail.services.scans import scan_error_message, staged_discard
from modules.notifications.selectors import client_is_notified, clients_notified_channels

SITTING_KEY = "mail:sitting"
SITTING_SIZE = 30
STICKY = ("direction", "mail_type", "notify_choice", "status")


def item_or_404(request, item_id: int) -> MailItem:
    item = selectors.mail_item_get(membership=request.membership, item_id=item_id)
    if item is None:
        raise Http404
    return item


def filters_from(request, statuses: list[MailStatus]) -> tuple[selectors.MailFilters, FilterForm]:
    return mail_filters_from(request.GET, statuses=statuses)


@staff_view
def archive_view(request: HttpRequest):
    statuses, type_list = selectors.status_and_type_lists()
    filters, form = filters_from(request, statuses)
    try:
        page_number = int(request.GET.get("page", "1"))
    except ValueError:
        page_number = 1
    if form.client_unresolved():
        # A typed client that matches none: no rows rather than every client's (the error
        # is at the field, the text stays as typed).
        page = {"rows": [], "number": 1, "has_next": False, "has_previous": False}
    else:
        page = selectors.archive_page(
            membership=request.membership, filters=filters, page=page_number
        )
    by_pk = {s.pk: s for s in statuses}
    types = {t.pk: t for t in type_list}
    query = request.GET.copy()
    query.pop("page", None)
    tab_query = query.copy()
    tab_query.pop("status", None)
    client_label = ""
    if filters.client_id:
        from modules.clients.selectors import client_list

        client = (
            client_list(membership=request.membership)
            .filter(pk=filters.client_id)
            .values("code", "name")
            .first()
        )
        client_label = f"{client['code']} · {client['name']}" if client else ""
    elif form.client_unresolved():
        client_label = request.GET.get("client_query", "")
    context = {
        "page": page,
        "rows": page["rows"],
        "rows_html": archive_rows_html(page["rows"], statuses=by_pk, types=types),
        "statuses": [s for s in statuses if s.is_active],
        "status_by_pk": by_pk,
        "types": list(types.values()),
        "filters": filters,
        "form": form,
        "current_status": filters.status,
        "query": query.urlencode(),
        "tab_query": tab_query.urlencode(),
        "client_label": client_label,
        "bulk_statuses": [s for s in statuses if s.is_active],
    }
    template = (
        "mail/partials/archive_rows.html"
        if request.htmx and request.headers.get("HX-Target") == "mail-rows"
        else "mail/archive.html"
    )
    return TemplateResponse(request, template, context)


def _sitting(request) -> list[MailItem]:
    ids = request.session.get(SITTING_KEY, [])
    items = {
        i.pk: i for i in MailItem.objects.select_related("client", "status").filter(pk__in=ids)
    }
    return [items[i] for i in ids if i in items]


def _initial_from_sticky(request) -> dict:
    """The office's default notification (M2), then, only on the form that "Save and
    register next" opens (?next=1), what this sitting chose last. A fresh form (the menu,
    a bookmark) starts as incoming mail with the defaults: a direction kept from an
    earlier sitting was saved unnoticed."""
    sticky = request.session.get(SITTING_KEY + ":sticky", {}) if request.GET.get("next") else {}
    return {
        "notify_choice": settings_get().notify_default,
        **{k: v for k, v in sticky.items() if k in STICKY and v is not None},
    }


def _unnotified_warning(request, item: MailItem) -> None:
    """Say at once when the chosen notification reaches nobody (no recipient on a channel)."""
    channels = MailItem.Notify.channels(item.notify_choice)
    missing = [
        channel
        for channel in sorted(channels)
        if not client_is_notified(client_id=item.client_id, channel=channel)
    ]
    if not missing:
        return
    if len(missing) == len(channels):
        message = _(
            "%(client)s will not be notified: nobody receives its notifications. Tick "
            '"receives notifications" for a contact person on the client\'s card.'
        )
    elif missing == ["sms"]:
        message = _("%(client)s will not be notified by SMS: nobody receives it by SMS.")
    else:
        message = _("%(client)s will not be notified by e-mail: nobody receives it by e-mail.")
    messages.warning(request, message % {"client": item.client.name})


@staff_view
def register_view(request: HttpRequest):
    """Keyboard-first registration; "save and register next" keeps direction, type, status
    and notification choice, and lists what was registered in this sitting."""
    form = RegisterForm(
        request.POST or None, request.FILES or None, initial=_initial_from_sticky(request)
    )
    alert = None
    status = 200
    kept = []
    if request.method == "POST":
        valid = form.is_valid()
        kept = _scans_keep(request, form)
        if valid and not form.errors:
            item, alert = _register(request, form, kept)
            if item is not None:
                upload_discard(*kept)
                messages.success(
                    request,
                    _("Registered %(number)s for %(client)s.")
                    % {"number": item.number, "client": item.client.name},
                )
                _unnotified_warning(request, item)
                ids = [item.pk, *request.session.get(SITTING_KEY, [])][:SITTING_SIZE]
                request.session[SITTING_KEY] = ids
                request.session[SITTING_KEY + ":sticky"] = {
                    "direction": item.direction,
                    "mail_type": item.mail_type_id,
                    "notify_choice": item.notify_choice,
                    # The status as chosen: "—" (the direction's default) stays "—", so
                    # the next item, outgoing or not, gets its own direction's default.
                    "status": getattr(form.cleaned_data.get("status"), "pk", None),
                }
                if request.POST.get("next") == "register":
                    return redirect(reverse("mail:register") + "?next=1")
                return redirect("mail:detail", item_id=item.pk)
        status = 400
    picked = getattr(form, "client_obj", None)
    context = {
        "form": form,
        "alert": alert,
        "notify_initial": form.initial.get("notify_choice", ""),
        # A re-shown form keeps its client: the warning knows it without a new pick.
        "picked_client": picked.pk if picked else "",
        "picked_notified": " ".join(
            sorted(clients_notified_channels(client_ids=[picked.pk]).get(picked.pk, ()))
        )
        if picked
        else "",
        "kept_scans": kept,
        "sitting": _sitting(request),
        "settings": settings_get(),
    }
    return render(request, "mail/register.html", context, status=status)


def _scans_keep(request, form) -> list[StagedUpload]:
    """The scans of this attempt: those kept from the previous one (the re-shown form sends
    their tokens back) and the new uploads, staged so that a re-shown form keeps them."""
    kept = uploads_restored(request.POST.getlist("kept_scans"))
    max_bytes = settings_get().scan_max_bytes
    for upload in request.FILES.getlist("scans"):
        try:
            kept.append(
                upload_stage(
                    upload=upload,
                    kinds=files.KINDS,
                    max_bytes=max_bytes,
                    refused=files.type_refused(upload.name),
                )
            )
        except ApplicationError as exc:
            form.add_error("scans", scan_error_message(exc, upload.name))
    return kept


def _register(request, form, kept: list[StagedUpload]) -> tuple[MailItem | None, str | None]:
    """Check the files' content first (M7: a failed upload is a missing attachment), then
    register. A file that fails is dropped from `kept`; the others stay for a re-shown form."""
    settings = settings_get()
    staged = []
    try:
        for upload in list(kept):
            try:
                with upload.open() as handle:
                    staged.append(
                        scan_stage(
                            upload=handle,
                            original_name=upload.original_name,
                            max_bytes=settings.scan_max_bytes,
                            counted=True,  # staged above: already in the storage
                        )
                    )
            except ApplicationError as exc:
                form.add_error("scans", scan_error_message(exc, upload.original_name))
                kept.remove(upload)
                upload_discard(upload)
        if form.errors:
            staged_discard(staged)
            return None, None
        item = mail_register(
            actor=request.user,
            data=form.item_data(),
            staged=staged,
            notify_choice=form.cleaned_data["notify_choice"],
            confirm_missing_scan=form.cleaned_data.get("confirm_missing_scan", False),
        )
        return item, None
    except ApplicationError as exc:
        staged_discard(staged)  # the kept uploads stay for the re-shown form
        if exc.code == MISSING_ATTACHMENT:
            return None, exc.message
        form.add_error(_error_field(form, exc), exc.message)
    except ValidationError as exc:
        staged_discard(staged)
        for error in exc.messages:
            form.add_error(None, error)
    return None, None


def _error_field(form, exc: ApplicationError) -> str | None:
    """A service refusal that names a field of the form (its code: "status", "sender",
    "received_at") is shown at that field; any other above the form."""
    return exc.code if exc.code in form.fields else None


@staff_view
def detail_view(request: HttpRequest, item_id: int):
    item = item_or_404(request, item_id)
    form = ItemEditForm(request.POST or None, initial=ItemEditForm.initial_for(item))
    confirm = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                mail_update(
                    item=item,
                    actor=request.user,
                    data=form.item_data(),
                    confirm_leave_final=form.cleaned_data["confirm_leave_final"],
                )
            except ApplicationError as exc:
                if exc.code == CONFIRM_LEAVE_FINAL:
                    confirm = exc.message
                else:
                    form.add_error(_error_field(form, exc), exc.message)
            except ValidationError as exc:
                for error in exc.messages:
                    form.add_error(None, error)
            else:
                messages.success(request, _("Changes saved."))
                return redirect("mail:detail", item_id=item.pk)
        status = 400
    from modules.mail.forms import ScanUploadForm
    from modules.mail.hooks import staff_item_actions
    from modules.notifications.selectors import notification_sent_get

    context = {
        "item": item,
        "item_actions": staff_item_actions(request=request, item=item),
        "form": form,
        "confirm": confirm,
        "scans": list(item.scans.all()),
        "history": _history(item),
        "notification": notification_sent_get(notification_id=item.notification_id),
        "upload_form": ScanUploadForm(),
        "back": safe_url(request, request.GET.get("back"), fallback="mail:archive"),
    }
    return render(request, "mail/detail.html", context, status=status)


@require_POST
@staff_view
def bulk_status_view(request: HttpRequest):
    form = BulkStatusForm(request.POST)
    back = safe_url(request, request.POST.get("back"), fallback="mail:archive")
    if not form.is_valid():
        messages.error(request, _("Choose the items and the new status."))
        return redirect(back)
    visible = list(
        selectors.mail_item_list(membership=request.membership)
        .filter(pk__in=form.cleaned_data["items"])
        .values_list("pk", flat=True)
    )
    try:
        changed = mail_bulk_status_change(
            item_ids=visible,
            status=form.cleaned_data["status"],
            actor=request.user,
            confirm_leave_final=form.cleaned_data["confirm_leave_final"],
        )
    except ApplicationError as exc:
        if exc.code != CONFIRM_LEAVE_FINAL:
            messages.error(request, exc.message)
            return redirect(back)
        return render(
            request,
            "mail/bulk_confirm.html",
            {
                "message": exc.message,
                "numbers": exc.extra.get("numbers", []),
                "items": visible,
                "status": form.cleaned_data["status"],
                "back": back,
            },
            status=409,
        )
    messages.success(request, _("Status changed for %(count)s item(s).") % {"count": changed})
    return redirect(back)


@staff_view
def client_lookup_view(request: HttpRequest):
    """Client autocomplete while typing (HTMX): first the client the registration would take
    if the person stopped typing now (an exact code, or a name only one client has), then
    the search."""
    query = request.GET.get("client_query", request.GET.get("q", "")).strip()[:100]
    hits = []
    if query:
        exact = selectors.client_typed_get(client_id=None, typed=query)
        if exact:
            hits.append({"id": exact.id, "name": exact.name, "code": exact.code})
        for hit in client_search(membership=request.membership, query=query, limit=8):
            if not exact or hit.id != exact.id:
                hits.append({"id": hit.id, "name": hit.name, "code": hit.code})
    hits = hits[:8]
    _notify_attributes(hits)
    return render(request, "mail/partials/client_options.html", {"hits": hits, "query": query})


def _notify_attributes(hits: list[dict]) -> None:
    """What the picker needs to warn at once (mail.js): each client's own notification
    choice ("" = the office's) and the channels somebody receives its notifications on.
    Two queries for the whole list."""
    ids = [hit["id"] for hit in hits]
    if not ids:
        return
    defaults = selectors.client_notify_defaults(client_ids=ids)
    notified = clients_notified_channels(client_ids=ids)
    for hit in hits:
        hit["notify_default"] = defaults.get(hit["id"], "")
        hit["notified"] = " ".join(sorted(notified.get(hit["id"], ())))


@staff_view
def correspondent_lookup_view(request: HttpRequest):
    field = "recipient" if "recipient" in request.GET else "sender"
    names = selectors.correspondent_suggest(query=request.GET.get(field, "")[:100])
    return render(request, "mail/partials/correspondent_options.html", {"names": names})


def _history(item) -> list:
    """The item's last 100 audit rows, their changes in words (common.audit: the one reading
    of every history screen, the other modules' actions on the item included)."""
    history = list(selectors.mail_item_history(item=item)[:100])
    audit_words_attach(history)
    return history
