"""Mail > Hand over mail (H1, H7), the panel (H2-H6) and the signing page (H4 digital)."""

from __future__ import annotations

from urllib.parse import urlencode

from csp.decorators import csp_replace
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from accounts.access import staff_view
from common.collation import name_ordering
from common.exceptions import ApplicationError
from modules.clients.selectors import client_list
from modules.handover import selectors
from modules.handover.forms import OTHER, HandOverForm
from modules.handover.models import HandOver, HandOverItem
from modules.handover.pdf import handover_pdf_render
from modules.handover.services import (
    Forwarding,
    handover_person_check,
    handover_record,
    signature_from_data_url,
)
from modules.handover.services.handover import TAKEN, confirmation_language
from modules.mail.models import MailStatus

Method = HandOver.Method


@staff_view
def handover_list_view(request: HttpRequest):
    query = request.GET.get("q", "").strip()[:100]
    paginator = Paginator(selectors.waiting_client_list(query=query), selectors.WAITING_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    rows = list(page.object_list)
    context = {
        "page": page,
        "rows": rows,
        "query": query,
        "breakdown": selectors.waiting_breakdown(client_ids=[c.pk for c in rows]),
    }
    template = (
        "handover/partials/waiting_rows.html"
        if request.htmx and request.headers.get("HX-Target") == "waiting-rows"
        else "handover/list.html"
    )
    return TemplateResponse(request, template, context)


def _clients(request, ids: list[int]) -> list:
    """The clients opened; an id that is not a client of this office answers 404."""
    ids = sorted(set(ids))[:50]
    clients = list(
        client_list(membership=request.membership)
        .filter(pk__in=ids)
        .order_by(*name_ordering(), "pk")
    )
    if len(clients) != len(ids):
        raise Http404
    return clients


def _panel_context(request, clients: list, form: HandOverForm | None = None) -> dict:
    items = selectors.waiting_item_list(client_ids=[c.pk for c in clients])
    data = form.data if form is not None and form.is_bound else None
    if data:
        ticked = {int(i) for i in data.getlist("items") if str(i).isdigit()}
    else:
        # At reception only what waits at the desk is ticked; PO box items are picked up
        # from the box (H6) and are ticked by hand when they are handed over here.
        ticked = {i.pk for i in items if i.status.code == MailStatus.TO_PICK_UP}
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    forwarding = _forwarding_address(clients) if len(clients) == 1 else ""
    people = selectors.authorised_person_list(clients=clients)
    if data:
        person = data.get("person", "")
    else:
        # One authorised person: it is almost always them; chosen, still changeable.
        person = str(people[0].contact_id) if len(people) == 1 else ""
    return {
        "clients": clients,
        "items": items,
        "ticked": ticked,
        "all_ticked": bool(items) and len(ticked) == len(items),
        "people": people,
        "person": person,
        "person_name": data.get("person_name", "") if data else "",
        "other": OTHER,
        "now": now,
        "values": data or {},
        "forward_address": data.get("forward_address", forwarding) if data else forwarding,
        "has_po_box": any(i.status.code != MailStatus.TO_PICK_UP for i in items),
        "multi": len(clients) > 1,
    }


def _forwarding_address(clients) -> str:
    from modules.clients.models import ClientAddress

    client = clients[0]
    addresses = sorted(
        client.addresses.all(),
        key=lambda a: (a.kind != ClientAddress.Kind.FORWARDING, a.kind, a.pk),
    )
    if not addresses or addresses[0].kind == ClientAddress.Kind.REGISTERED:
        return ""
    a = addresses[0]
    return "\n".join(
        p for p in (a.recipient or client.name, a.street, f"{a.postal_code} {a.city}".strip()) if p
    )


@staff_view
def handover_panel_view(request: HttpRequest):
    ids = [int(i) for i in request.GET.getlist("clients") if i.isdigit()]
    clients = _clients(request, ids)
    if not clients:
        messages.warning(request, _("Select at least one client."))
        return redirect("handover:list")
    return render(request, "handover/panel.html", _panel_context(request, clients))


def _record(request, form: HandOverForm, *, method: str, signature: bytes | None = None):
    data = form.cleaned_data
    return handover_record(
        actor=request.user,
        item_ids=data["items"],
        client_ids=data["clients"],
        method=method,
        person_name=form.typed_name(),
        contact_person_id=form.contact_person_id(),
        handed_over_at=form.when(),
        forwarding=Forwarding(
            address=data.get("forward_address") or "",
            carrier=data.get("carrier") or "",
            tracking_number=data.get("tracking_number") or "",
            tracking_url=data.get("tracking_url") or "",
        ),
        signature_png=signature,
    )


def _selection(request, data) -> tuple[HandOverForm, list]:
    """The form of a posted (or, for the draft PDF, linked) selection and its clients."""
    form = HandOverForm(data)
    form.is_valid()
    return form, _clients(request, form.cleaned_data.get("clients") or [])


def _unready(request, form: HandOverForm, clients, context: dict):
    """The panel again when the selection lacks items or a person (before a signature or a
    printout is asked for); None when it is complete."""
    if not context["lines"]:
        return _refused(request, form, clients, _("Select the items to hand over."), 400)
    if not context["person_label"]:
        return _refused(
            request, form, clients, _("Who picks up the mail? Choose or type the person."), 400
        )
    # A person authorised for only some of the ticked items' companies: said before the
    # paper is printed or the person signs, not after.
    item_clients = {item.client_id: item.client for item in context["lines"]}
    try:
        handover_person_check(
            contact_person_id=form.contact_person_id(),
            opened=clients,
            ticked=list(item_clients.values()),
        )
    except ApplicationError as exc:
        return _refused(request, form, clients, exc.message, 400)
    return None


# The dialog and field a refusal of a way is about: the panel comes back with that dialog
# open and the message by the field (the dialog used to close on the error, hiding what was
# missing behind the alert above the form).
_FIELD_OF = {
    (Method.PO_BOX, "when"): ("po-box-modal", "po_box_at"),
    (Method.CONFIRMED, "when"): ("confirm-modal", "confirmed_at"),
    (Method.FORWARDED, "address"): ("forward-modal", "forward_address"),
    (Method.FORWARDED, "tracking_url"): ("forward-modal", "tracking_url"),
}


def _refused(request, form: HandOverForm, clients, message: str, status: int, *, code: str = ""):
    context = _panel_context(request, clients, form)
    context["error"] = message
    place = _FIELD_OF.get((form.cleaned_data.get("way") or "", code))
    if place is not None:
        context["open_modal"], context["field_error"] = place[0], {place[1]: message}
    return render(request, "handover/panel.html", context, status=status)


def _done_message(request, handover: HandOver) -> None:
    messages.success(
        request,
        _("%(ref)s: %(count)s item(s) handed over (%(way)s)%(person)s.")
        % {
            "ref": handover.reference,
            "count": handover.item_count,
            "way": handover.method_label,
            "person": f", {handover.person_name}" if handover.person_name else "",
        },
    )


def _left_after(request, handover: HandOver, clients) -> HttpResponse | None:
    """After a partial hand-over (some of the opened clients' items left waiting): the
    panel again with the clients that still have mail, and how many items went and how many
    are left. None when nothing waits any more."""
    left = selectors.waiting_item_list(client_ids=[c.pk for c in clients])
    if not left:
        return None
    messages.success(
        request,
        _("%(ref)s: %(count)s item(s) handed over (%(way)s)%(person)s, %(left)s still waiting.")
        % {
            "ref": handover.reference,
            "count": handover.item_count,
            "way": handover.method_label,
            "person": f", {handover.person_name}" if handover.person_name else "",
            "left": len(left),
        },
    )
    query = urlencode([("clients", pk) for pk in sorted({i.client_id for i in left})])
    return redirect(f"{reverse('handover:panel')}?{query}")


@require_POST
@staff_view
def handover_record_view(request: HttpRequest):
    """Confirm pickup, print a confirmation, forward, or record a PO box pickup."""
    form, clients = _selection(request, request.POST)
    if not clients:
        return redirect("handover:list")
    method = form.cleaned_data.get("way") or ""
    if form.errors or method not in (
        Method.CONFIRMED,
        Method.PRINTED,
        Method.FORWARDED,
        Method.PO_BOX,
    ):
        return _refused(request, form, clients, _("Check the entered data."), 400)
    try:
        handover = _record(request, form, method=method)
    except ApplicationError as exc:
        return _refused(
            request,
            form,
            clients,
            exc.message,
            409 if exc.code == TAKEN else 400,
            code=exc.code or "",
        )
    except ValidationError as exc:
        return _refused(request, form, clients, " ".join(exc.messages), 400)
    left = _left_after(request, handover, clients)
    if left is not None:
        return left
    _done_message(request, handover)
    if method == Method.PRINTED:
        # Posted from the print tab once the paper was signed (handover_print_draft_view).
        return redirect("handover:detail", handover_id=handover.pk)
    return redirect(reverse("handover:list"))


def _draft(request, form: HandOverForm, clients) -> tuple[HandOver, list[HandOverItem]]:
    """The paper confirmation before anything is recorded: an unsaved hand-over and lines."""
    context = _sign_context(request, form, clients)
    handover = HandOver(
        method=Method.PRINTED,
        person_name=context["person_label"],
        handed_over_at=form.when() or timezone.now(),
        handed_over_by=request.user,
        language=confirmation_language(clients),
    )
    lines = [HandOverItem(item=item, client=item.client) for item in context["lines"]]
    return handover, lines


@require_POST
@staff_view
def handover_print_draft_view(request: HttpRequest):
    """Print a confirmation (H4): in a new tab, the paper to be signed and a button that
    records the hand-over once it was signed. Nothing is recorded by printing."""
    form, clients = _selection(request, request.POST)
    if not clients:
        return redirect("handover:list")
    context = _sign_context(request, form, clients)
    if form.errors:
        return _refused(request, form, clients, _("Check the entered data."), 400)
    unready = _unready(request, form, clients, context)
    if unready is not None:
        return unready
    # The paper says when it was printed; the hand-over recorded once it is signed says the
    # same minute (it said the minute of the click on "Signed").
    printed_at = form.cleaned_data.get("confirmed_at") or timezone.now()
    context["confirmed_at"] = timezone.localtime(printed_at).strftime("%Y-%m-%dT%H:%M")
    query = urlencode(
        [("clients", c.pk) for c in clients]
        + [("items", i) for i in context["item_ids"]]
        + [(name, form.data.get(name, "")) for name in ("person", "person_name")]
        + [("confirmed_at", context["confirmed_at"])]
    )
    context["pdf_url"] = f"{reverse('handover:draft_pdf')}?{query}"
    return render(request, "handover/print_draft.html", context)


@xframe_options_sameorigin
@csp_replace({"frame-ancestors": ["'self'"]})
@staff_view
def handover_draft_pdf_view(request: HttpRequest):
    """The unsigned paper confirmation of a selection (framed by the print tab)."""
    form, clients = _selection(request, request.GET)
    if not clients:
        raise Http404
    handover, lines = _draft(request, form, clients)
    if not lines:
        raise Http404
    response = HttpResponse(
        handover_pdf_render(handover=handover, lines=lines), content_type="application/pdf"
    )
    response["Content-Disposition"] = 'inline; filename="confirmation.pdf"'
    return response


@require_POST
@staff_view
def handover_sign_view(request: HttpRequest):
    """The full-screen signing page. The panel posts the selection here; the page posts it
    back with the drawn signature, and only then is anything recorded."""
    form, clients = _selection(request, request.POST)
    if not clients:
        return redirect("handover:list")
    if form.errors:
        return _refused(request, form, clients, _("Check the entered data."), 400)
    signing = "signature" in request.POST
    context = _sign_context(request, form, clients)
    if not signing:
        return _unready(request, form, clients, context) or render(
            request, "handover/sign.html", context
        )
    try:
        signature = signature_from_data_url(form.cleaned_data.get("signature") or "")
        handover = _record(request, form, method=Method.DIGITAL, signature=signature)
    except ApplicationError as exc:
        # A signature is never thrown away by a refusal: the signing page comes back with the
        # error, the signature kept and the items to untick (whatever was taken meanwhile is
        # no longer listed).
        context["error"] = exc.message
        if exc.code != "signature":
            context["kept_signature"] = form.cleaned_data.get("signature") or ""
            context["choosing"] = True
        return render(
            request, "handover/sign.html", context, status=409 if exc.code == TAKEN else 400
        )
    _done_message(request, handover)
    return redirect("handover:detail", handover_id=handover.pk)


def _sign_context(request, form: HandOverForm, clients) -> dict:
    ids = set(form.cleaned_data.get("items") or [])
    waiting = selectors.waiting_item_list(client_ids=[c.pk for c in clients])
    lines = [i for i in waiting if i.pk in ids]
    contact_id = form.contact_person_id()
    label = form.typed_name().strip()
    if contact_id is not None:
        for person in selectors.authorised_person_list(clients=clients):
            if any(c.pk == contact_id for c in person.contacts):
                label = person.name
    return {
        "clients": clients,
        "lines": lines,
        "waiting": waiting,
        "multi": len(clients) > 1,
        "person_label": label,
        "values": form.data,
        "item_ids": sorted(ids),
        "pieces": sum(i.pieces for i in lines),
    }
