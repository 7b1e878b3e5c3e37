"""Staff screens: the queue with saved filters, a new request, the request page (fields,
status actions, discussion with internal notes, quotes, watchers, timeline)."""

from __future__ import annotations

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext_lazy, pgettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import staff_view
from common.exceptions import ApplicationError
from common.redirects import redirect_safe, safe_url
from common.storage import office_file_response
from common.uploads import file_served_inline
from modules.clients.models import Client
from modules.helpdesk import selectors
from modules.helpdesk.forms import (
    BulkForm,
    EditForm,
    NoticeForm,
    QuoteForm,
    ReplyForm,
    StaffRequestForm,
    TransitionForm,
    WorkForm,
)
from modules.helpdesk.models import Access, Category, Quote, Request, Team
from modules.helpdesk.notifying import request_alerts_read
from modules.helpdesk.policies import access_level, can_work
from modules.helpdesk.rows import discussion_html, queue_rows_html, timeline_html
from modules.helpdesk.services import (
    CONFIRMED,
    REPLY_THEN,
    TRANSITIONS,
    bulk_close_preview,
    field_value,
    quote_create,
    reply_create,
    request_create,
    request_transition,
    request_update,
    requests_bulk,
    staff_notice_set,
    transition_names,
    vat_codes,
    watcher_set,
    work_record,
)
from modules.helpdesk.sla import clock_targets, due_on
from modules.helpdesk.views.common import (
    action_check,
    request_access,
    service_errors,
    stage_uploads,
)
from modules.helpdesk.work_selectors import quote_covers_work
from modules.mail.selectors import mail_item_get

SAVED_LABELS = {
    "open": pgettext_lazy("requests", "Open"),
    "mine": gettext_lazy("Mine"),
    "unassigned": gettext_lazy("Unassigned"),
    "waiting_for_me": gettext_lazy("Waiting for me"),
    "overdue": gettext_lazy("Overdue"),
    "all": gettext_lazy("All"),
}
SLA_STATES = {"at_risk": gettext_lazy("At risk"), "breached": gettext_lazy("Breached")}


def _int(value) -> int | None:
    try:
        return int(value) if value else None
    except (TypeError, ValueError):
        return None


# Blank forms rendered once per language (and per choice list): crispy's templates cost
# ~3 ms of the queue (the bulk bar's two fields) and ~6 ms of the request page (the reply
# form) every time, for the same markup. A form coming back with errors renders live.
_BLANK_FORMS: dict[tuple, SafeString] = {}


def _blank_form_html(key: tuple, render) -> SafeString:
    key = (get_language(), *key)
    html = _BLANK_FORMS.get(key)
    if html is None:
        if len(_BLANK_FORMS) > 256:  # staff lists change: never grow without bound
            _BLANK_FORMS.clear()
        html = _BLANK_FORMS[key] = mark_safe(render())
    return html


def _bulk_fields_html(people: list[dict]) -> SafeString:
    def render():
        form = BulkForm(people=people)
        return "\n  ".join(
            f'<div class="col-md-3">{as_crispy_field(form[name])}</div>'
            for name in ("action", "assignee")
        )

    return _blank_form_html(("bulk", *((p["id"], p["name"]) for p in people)), render)


@staff_view
def queue_view(request: HttpRequest):
    level = access_level(request.membership)
    saved = request.GET.get("saved", "open")
    filters = selectors.QueueFilters(
        saved=saved if saved in selectors.SAVED_FILTERS else "open",
        status=request.GET.get("status", ""),
        client_id=_int(request.GET.get("client")),
        category_id=_int(request.GET.get("category")),
        priority=request.GET.get("priority", ""),
        team_id=_int(request.GET.get("team")),
        sla=request.GET.get("sla", "") if request.GET.get("sla") in SLA_STATES else "",
    )
    # A chosen category's custom fields filter too (exact value, JSONB containment).
    filter_fields = []
    if filters.category_id:
        filters.custom = {}
        for field in selectors.custom_fields():
            if field.category_id != filters.category_id:
                continue
            raw = request.GET.get(f"cf_{field.pk}", "")
            filter_fields.append((field, raw))
            try:
                value = field_value(field, raw)
            except ValueError:
                value = None
            if value is not None:
                filters.custom[field.pk] = value
    page = selectors.request_queue(
        membership=request.membership,
        level=level,
        filters=filters,
        page=_int(request.GET.get("page")) or 1,
    )
    every_category = selectors.category_list(active_only=False)
    categories = [c for c in every_category if c.is_active]
    bulk_fields = _bulk_fields_html(selectors.staff_people()) if can_work(level) else None
    rows_html = queue_rows_html(
        page["rows"],
        categories=every_category,
        names=selectors.people_names(r.assignee_id for r in page["rows"]),
        bulk=bulk_fields is not None,
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "helpdesk/queue.html",
        {
            "page": page,
            "rows": page["rows"],
            "filters": filters,
            "saved_filters": [(key, SAVED_LABELS[key]) for key in selectors.SAVED_FILTERS],
            "statuses": Request.Status.choices,
            "priorities": Request.Priority.choices,
            "categories": categories,
            "teams": selectors.team_list(),
            "sla_states": SLA_STATES.items(),
            "filter_fields": filter_fields,
            "can_work": can_work(level),
            "bulk_fields": bulk_fields,
            "may_report": level in (Access.Level.SUPERVISOR, Access.Level.READ_ONLY),
            "rows_html": rows_html,
            "query": query.urlencode(),
        },
    )


@staff_view
def create_view(request: HttpRequest):
    if not can_work(access_level(request.membership)):
        raise PermissionDenied
    categories = selectors.category_list()
    people = selectors.staff_people()
    mail_item = None
    mail_id = _int(request.GET.get("mail") or request.POST.get("mail"))
    if mail_id:
        mail_item = mail_item_get(membership=request.membership, item_id=mail_id)
        if mail_item is None:
            raise Http404
    initial = {}
    if mail_item is not None:
        initial = {
            "client": mail_item.client_id,
            "subject": _("Mail %(number)s from %(sender)s")
            % {"number": mail_item.number, "sender": mail_item.correspondent},
        }
    form = StaffRequestForm(
        request.POST or None,
        request.FILES or None,
        categories=categories,
        people=people,
        initial=initial,
        custom_fields=selectors.custom_fields(),
    )
    if request.method == "POST":
        form.is_valid()  # then the good files stay whatever else is wrong (kept, re-shown)
        staged = stage_uploads(form, request, "helpdesk.request")
        data = getattr(form, "cleaned_data", {})  # none on an empty POST (unbound form)
        client = None
        if data.get("client"):
            client = Client.objects.filter(pk=data["client"]).first()
            if client is None:
                form.add_error("client", _("No client has this id."))
        if form.is_valid():  # bound, and nothing refused (a file included)
            try:
                created = request_create(
                    actor=request.user,
                    subject=data["subject"],
                    description=data["description"],
                    client=client,
                    source=Request.Source.MAIL if mail_item else Request.Source.STAFF,
                    category=Category.objects.filter(pk=data["category"]).first()
                    if data.get("category")
                    else None,
                    priority=data["priority"],
                    assignee_id=data["assignee"],
                    due_date=data["due_date"],
                    mail_item=mail_item,
                    attachments=staged,
                    fields=form.custom_values(data.get("category")),
                )
            except (ApplicationError, ValidationError) as exc:
                service_errors(form, exc)  # the files stay kept on the re-shown form
            else:
                messages.success(
                    request, _("Request %(number)s created.") % {"number": created.number}
                )
                return redirect("helpdesk:detail", request_id=created.pk)
    return render(
        request,
        "helpdesk/create.html",
        {"form": form, "mail_item": mail_item},
        status=400 if form.errors else 200,
    )


def _edit_form(row, data=None) -> EditForm:
    return EditForm(
        data,
        initial={
            "version": row.version,
            "subject": row.subject,
            "category": row.category_id,
            "priority": row.priority,
            "team": row.team_id,
            "assignee": row.assignee_id,
            "due_date": row.due_date,
        },
        categories=selectors.category_list(),
        people=selectors.staff_people(),
        teams=selectors.team_list(),
    )


def _detail_context(request: HttpRequest, access, **forms) -> dict:
    """The request page. The forms for the fields, a quote and billable work are loaded
    when their boxes open (htmx) unless they come back with errors: the page stays light."""
    row = access.request
    history = selectors.history_for(request=row)
    # One query for the names of the assignee and of those the history names by id.
    names = selectors.people_names(
        [row.assignee_id]
        + [value for c in history if c.field == "assignee_id" for value in (c.old, c.new)]
    )
    row.assignee_name = names.get(row.assignee_id, "")
    clock = getattr(row, "sla", None)  # joined by request_get: no query
    replies, attachments = selectors.discussion_for(request=row, staff=True)
    action_names = transition_names()
    quotes = selectors.quotes_for(request=row)
    return {
        "req": row,
        "access": access,
        "actions": [(a, action_names[a]) for a in sorted(access.actions)],
        "confirmed_actions": CONFIRMED,
        "reply_then": [(a, action_names[a]) for a in REPLY_THEN if a in access.actions],
        "discussion": discussion_html(replies, file_url="helpdesk:attachment"),
        "attachments": attachments,
        "timeline": timeline_html(
            history, names=names, quotes={quote.pk: quote.number for quote in quotes}
        ),
        "quotes": quotes,
        "custom_values": selectors.custom_values(request=row),
        "work": selectors.work_for(request=row),
        "work_form": forms.get("work_form"),
        "watching": row.watching,
        "worklog_open": request.GET.get("worklog") == "open",
        "sla_targets": clock_targets(clock, timezone.now()),
        # One rule for the date shown (sla.due_on): the typed date, else the SLA's deadline.
        "due_on": due_on(row),
        "due_from_sla": row.due_date is None and clock is not None,
        "sla_policy": clock.policy.name if clock is not None and clock.policy else "",
        "edit_form": forms.get("edit_form"),
        "reply_form": forms.get("reply_form"),
        "reply_form_html": None
        if forms.get("reply_form")
        else _blank_form_html(
            ("reply",),
            lambda: render_to_string("partials/form_fields.html", {"form": ReplyForm()}),
        ),
        "quote_form": forms.get("quote_form"),
        "canned_replies": selectors.canned_replies(),
        # Waiting for an approval nobody can give (raised needing it, or the approver left).
        "no_approver": row.status == Request.Status.WAITING_APPROVAL
        and row.client_id is not None
        and not selectors.client_approver_exists(client_id=row.client_id),
    }


@staff_view
def edit_form_view(request: HttpRequest, request_id: int):
    """The fields form, loaded when the request page opens its box."""
    access = request_access(request, request_id)
    if not access.can_work:
        raise PermissionDenied
    return _form_partial(
        request,
        _edit_form(access.request),
        reverse("helpdesk:detail", args=[request_id]),
        _("Save changes"),
        "edit-form",
    )


@staff_view
def detail_view(request: HttpRequest, request_id: int):
    access = request_access(request, request_id)
    if request.method == "GET":
        request_alerts_read(request=access.request, user=request.user)
    if request.method == "POST":
        if not access.can_work:
            raise PermissionDenied
        form = _edit_form(access.request, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                request_update(
                    request=access.request,
                    actor=request.user,
                    version=data["version"],
                    data={
                        "subject": data["subject"],
                        # No category field in an office without categories: kept as is.
                        **(
                            {
                                "category": Category.objects.filter(pk=data["category"]).first()
                                if data["category"]
                                else None
                            }
                            if "category" in form.fields
                            else {}
                        ),
                        "priority": data["priority"],
                        "team": Team.objects.filter(pk=data["team"]).first()
                        if data["team"]
                        else None,
                        "assignee_id": data["assignee"],
                        "due_date": data["due_date"],
                    },
                )
            except (ApplicationError, ValidationError) as exc:
                service_errors(form, exc)
            else:
                messages.success(request, _("Changes saved."))
                return redirect("helpdesk:detail", request_id=request_id)
        return render(
            request,
            "helpdesk/detail.html",
            _detail_context(request, access, edit_form=form),
            status=400,
        )
    return render(request, "helpdesk/detail.html", _detail_context(request, access))


@staff_view
def transition_confirm_view(request: HttpRequest, request_id: int, action: str):
    """Closing or declining asks first (as a room booking's cancelling does): the page says
    what follows - the client's e-mail, the quotes waiting for the client withdrawn - and
    takes an optional comment the e-mail carries; its POST goes to transition_view."""
    access = request_access(request, request_id)
    if action not in CONFIRMED:
        raise Http404
    action_check(request, access, action)
    row = access.request
    target = dict(Request.Status.choices)[TRANSITIONS[action].target]
    quotes = [q for q in selectors.quotes_for(request=row) if q.status == Quote.Status.SENT]
    reach = None
    if row.client_id:
        reach = selectors.status_email_reach(client_ids=[row.client_id])[row.client_id]
    return render(
        request,
        "helpdesk/transition_confirm.html",
        {
            "req": row,
            "action": action,
            "label": transition_names()[action],
            "target": target,
            "possible": action in access.actions,
            "withdrawn": quotes,
            "reach": reach,
        },
    )


@require_POST
@staff_view
def transition_view(request: HttpRequest, request_id: int):
    access = request_access(request, request_id)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        raise Http404
    action = form.cleaned_data["action"]
    action_check(request, access, action)
    if action in CONFIRMED and not request.POST.get("confirmed"):
        # closing or declining e-mails the client and withdraws quotes: asked first
        return redirect("helpdesk:transition_confirm", request_id=request_id, action=action)
    try:
        request_transition(
            request=access.request,
            action=action,
            actor=request.user,
            comment=form.cleaned_data["comment"],
            version=form.cleaned_data["version"],
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Status changed."))
    return redirect("helpdesk:detail", request_id=request_id)


@require_POST
@staff_view
def reply_view(request: HttpRequest, request_id: int):
    access = request_access(request, request_id)
    if not access.can_work:
        raise PermissionDenied
    form = ReplyForm(request.POST, request.FILES)
    # "And then" (the reply box's status change): one of the staff's possible actions now.
    then = request.POST.get("then", "")
    if then and (then not in REPLY_THEN or then not in access.actions):
        raise PermissionDenied
    form.is_valid()
    staged = stage_uploads(form, request, f"helpdesk.reply:{request_id}")
    if not form.errors:
        try:
            reply_create(
                request=access.request,
                actor=request.user,
                body=form.cleaned_data["body"],
                internal=form.cleaned_data["internal"],
                attachments=staged,
                then=then,
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)  # the files stay kept on the re-shown form
        else:
            return redirect("helpdesk:detail", request_id=request_id)
    context = _detail_context(request, access, reply_form=form)
    # The re-shown form keeps the status change chosen with the reply, as it keeps the text.
    context["reply_then_chosen"] = then
    return render(request, "helpdesk/detail.html", context, status=400)


def _form_partial(request, form, action: str, button: str, testid: str):
    """A form the request page loads when it is opened (htmx): the page itself stays light."""
    return render(
        request,
        "helpdesk/partials/lazy_form.html",
        {"form": form, "action": action, "button": button, "testid": testid},
    )


@staff_view
def quote_view(request: HttpRequest, request_id: int):
    access = request_access(request, request_id)
    if not access.can_work:
        raise PermissionDenied
    if request.method == "GET":
        return _form_partial(request, QuoteForm(), request.path, _("Send the quote"), "quote-form")
    form = QuoteForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            quote_create(
                request=access.request,
                actor=request.user,
                valid_until=data["valid_until"],
                note=data["note"],
                internal_cost=data["internal_cost"],
                lines=[
                    {
                        "description": data["description"],
                        "quantity": data["quantity"],
                        "unit_price": data["unit_price"],
                        "vat_rate": data["vat_rate"],
                    }
                ],
            )
        except (ApplicationError, ValidationError) as exc:
            service_errors(form, exc)
        else:
            messages.success(request, _("Quote sent to the client."))
            return redirect("helpdesk:detail", request_id=request_id)
    return render(
        request,
        "helpdesk/detail.html",
        _detail_context(request, access, quote_form=form),
        status=400,
    )


@require_POST
@staff_view
def watch_view(request: HttpRequest, request_id: int):
    access = request_access(request, request_id)
    watcher_set(
        request=access.request, user=request.user, watching=request.POST.get("watch") == "1"
    )
    return redirect("helpdesk:detail", request_id=request_id)


@staff_view
def attachment_view(request: HttpRequest, attachment_id: int):
    row = selectors.attachment_get(
        membership=request.membership, attachment_id=attachment_id, staff=True
    )
    if row is None:
        raise Http404
    return office_file_response(
        row.name,
        filename=row.original_name,
        content_type=row.content_type,
        download=not file_served_inline(row.content_type),
    )


@require_POST
@staff_view
def bulk_view(request: HttpRequest):
    """Bulk assign or close from the queue: only the requests this person may see. Close
    asks first (as a request's own Close): a POST without `confirmed` changes nothing and
    answers the question page, whose form sends the same requests back confirmed."""
    level = access_level(request.membership)
    if not can_work(level):
        raise PermissionDenied
    form = BulkForm(request.POST, people=selectors.staff_people())
    ids = [i for i in (_int(v) for v in request.POST.getlist("ids")) if i]
    if form.is_valid() and ids:
        rows = list(
            selectors.request_list(membership=request.membership, level=level)
            .filter(pk__in=ids)
            .select_related("client")
            .order_by("pk")
        )
        action = form.cleaned_data["action"]
        if action == "close" and not request.POST.get("confirmed"):
            # as a request's own Close: asked first, saying what follows (nothing changed)
            return render(
                request,
                "helpdesk/bulk_close_confirm.html",
                {
                    "preview": bulk_close_preview(requests=rows),
                    "next": safe_url(request, request.POST.get("next"), fallback="helpdesk:queue"),
                },
            )
        done, refused = requests_bulk(
            requests=rows,
            actor=request.user,
            action=action,
            assignee_id=form.cleaned_data["assignee"],
            comment=(request.POST.get("comment") or "").strip(),
        )
        messages.success(request, _("Changed: %(done)s.") % {"done": done})
        if refused:
            messages.warning(
                request, _("Not changed (not possible now): %(refused)s.") % {"refused": refused}
            )
    else:  # nothing ticked: say so rather than come back as if it were done
        messages.error(request, _("Tick the requests to change, then choose what to do."))
    return redirect_safe(request, request.POST.get("next"), fallback="helpdesk:queue")


@staff_view
def notices_view(request: HttpRequest):
    """My helpdesk notifications: which staff events reach me, by e-mail and as an alert."""
    from modules.helpdesk.events import STAFF_EVENTS
    from modules.notifications.hooks import event_get

    events = [(code, event_get(code).label) for code in STAFF_EVENTS]
    every = [f"{code}:{channel}" for code in STAFF_EVENTS for channel in ("email", "inapp")]
    off = selectors.staff_notice_off([request.user.pk]).get(request.user.pk, set())
    form = NoticeForm(
        request.POST or None,
        events=events,
        initial={"on": [key for key in every if key not in off]},
    )
    if request.method == "POST" and form.is_valid():
        on = set(form.cleaned_data["on"])
        staff_notice_set(user=request.user, off=[key for key in every if key not in on])
        messages.success(request, _("Changes saved."))
        return redirect("helpdesk:notices")
    return render(request, "helpdesk/notices.html", {"form": form})


@staff_view
def people_view(request: HttpRequest):
    """The @mention autocomplete: the office's staff whose name or handle starts with `q`
    (staff only: a client never gets this list)."""
    from django.http import JsonResponse

    query = (request.GET.get("q") or "").strip().lower()
    people = [
        {"handle": p["handle"], "name": p["name"]}
        for p in selectors.staff_handles()
        if not query
        or p["handle"].startswith(query)
        or any(part.lower().startswith(query) for part in p["name"].split())
    ]
    return JsonResponse({"people": people[:10]})


def _vat_choices() -> list[str]:
    return sorted(vat_codes().values(), key=int, reverse=True)


@staff_view
def work_view(request: HttpRequest, request_id: int):
    """Billable work: recorded in the client's settlement at once (a form sent twice, once).
    GET: the form, loaded when the request page opens its box."""
    access = request_access(request, request_id)
    if not access.can_work:
        raise PermissionDenied
    covered = quote_covers_work(request_id=access.request.pk)
    if request.method == "GET":
        form = WorkForm(vat_codes=_vat_choices(), covered=covered)
        return _form_partial(request, form, request.path, _("Record"), "work-form")
    form = WorkForm(request.POST, vat_codes=_vat_choices(), covered=covered)
    if form.is_valid():
        data = form.cleaned_data
        try:
            work_record(
                request=access.request,
                actor=request.user,
                description=data["description"],
                quantity=data["quantity"],
                unit_price=data["unit_price"],
                vat_rate=data["vat_rate"],
                key=data["key"],
                beyond_quote=data.get("beyond_quote", False),
            )
        except (ApplicationError, ValidationError) as exc:
            service_errors(form, exc)
        else:
            messages.success(request, _("Work recorded in the client's settlement."))
            return redirect("helpdesk:detail", request_id=request_id)
    return render(
        request,
        "helpdesk/detail.html",
        _detail_context(request, access, work_form=form),
        status=400,
    )
