from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.access import staff_view
from common.exceptions import ApplicationError
from common.forms import form_service_errors
from common.htmx import render_page_or_partial
from common.pagination import countless_page
from modules.clients.forms import ClientForm
from modules.clients.hooks import client_tab_get, client_tabs
from modules.clients.models import Client
from modules.clients.selectors import client_custom_fields, client_list, client_search
from modules.clients.services.clients import (
    client_create,
    client_update,
)
from modules.clients.views import client_or_404
from modules.notifications.selectors import client_is_notified

PAGE_SIZE = 50
PICK_LIMIT = 8  # matches the client picker offers (modules/clients/fields.py)


def _status(request) -> str:
    status = request.GET.get("status", "")
    return status if status in Client.Status.values else ""


def _rows(request, status: str):
    """The card file's rows, in the office language's alphabet (selectors.client_list);
    paged without counting them (common.pagination)."""
    return client_list(membership=request.membership, status=status).only(
        "id", "name", "code", "status", "nip", "ico", "vat_number"
    )


@staff_view
def client_list_view(request: HttpRequest):
    status = _status(request)
    query = request.GET.get("q", "").strip()[:200]
    if query:
        # The top bar's search box sends its words here: the same search as typing in the
        # list's own box, with the box filled.
        return _search_response(request, query, status)
    page = countless_page(_rows(request, status), request.GET.get("page"), PAGE_SIZE)
    context = {"page": page, "status": status, "statuses": Client.Status.choices, "query": ""}
    return render(request, "clients/list.html", context)


@staff_view
def client_search_view(request: HttpRequest):
    """Results while typing (HTMX): one indexed query over the search documents."""
    query = request.GET.get("q", "").strip()[:200]
    status = _status(request)
    if not query:
        return client_list_view(request) if not request.htmx else _first_page(request, status)
    return _search_response(request, query, status)


def _search_response(request, query: str, status: str):
    hits = client_search(membership=request.membership, query=query, status=status)
    context = {
        "hits": list(zip(hits, _detail_urls(hits), strict=True)),
        "query": query,
        "fuzzy": bool(hits) and hits[0].fuzzy,
    }
    template = "clients/partials/search_results.html" if request.htmx else "clients/list.html"
    if not request.htmx:
        context.update(status=status, statuses=Client.Status.choices, searched=True)
    return TemplateResponse(request, template, context)


def _detail_urls(hits) -> list[str]:
    """The card's URL of each hit, from one reverse(): on every keystroke, twenty {% url %}
    cost more than the search query itself takes to plan."""
    sentinel = "2147483647"
    pattern = reverse("clients:detail", args=[sentinel])
    return [pattern.replace(sentinel, str(hit.id)) for hit in hits]


def _first_page(request, status):
    page = countless_page(_rows(request, status), 1, PAGE_SIZE)
    return TemplateResponse(request, "clients/partials/client_rows.html", {"page": page})


def _save(request, form, *, client=None):
    """Create or update through the services; errors go back onto the form."""
    data, custom = form.client_data(), form.custom_values()
    try:
        if client is None:
            client = client_create(actor=request.user, data=data, custom_values=custom)
        else:
            client = client_update(
                client=client, actor=request.user, data=data, custom_values=custom
            )
    except ValidationError as exc:
        form_service_errors(form, exc)
        return None
    except ApplicationError as exc:
        form.add_error(None, exc.message)
        return None
    return client


@staff_view
def client_create_view(request: HttpRequest):
    fields = list(client_custom_fields())
    form = ClientForm(request.POST or None, custom_fields=fields)
    if request.method == "POST" and form.is_valid():
        client = _save(request, form)
        if client is not None:
            messages.success(request, _("Client %(name)s added.") % {"name": client.name})
            return redirect("clients:detail", client_id=client.pk)
    return render(
        request,
        "clients/form.html",
        {"form": form, "client": None},
        status=400 if form.errors else 200,
    )


@staff_view
def client_edit_view(request: HttpRequest, client_id: int):
    client = client_or_404(request, client_id)
    fields = list(client_custom_fields())
    values = {v.field_id: v.value for v in client.custom_values.all()}
    initial = {f: getattr(client, f) for f in ClientForm(custom_fields=()).fields}
    initial.update({f"custom_{f.pk}": values.get(f.pk, "") for f in fields})
    form = ClientForm(request.POST or None, custom_fields=fields, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form, client=client)
        if saved is not None:
            messages.success(request, _("Changes saved."))
            return redirect("clients:detail", client_id=client.pk)
        client.refresh_from_db()
    return render(
        request,
        "clients/form.html",
        {"form": form, "client": client},
        status=400 if form.errors else 200,
    )


@staff_view
def client_detail_view(request: HttpRequest, client_id: int, tab: str = "profile"):
    return client_card_response(request, client_id, tab)


def client_card_response(
    request: HttpRequest,
    client_id: int,
    tab: str,
    *,
    context: dict | None = None,
    status: int = 200,
):
    """The client's card open on `tab`; `context` over the tab's own (hooks.client_tab_response:
    a tab's form refused shows the card again with what was typed)."""
    client = client_or_404(request, client_id)
    current = client_tab_get(tab, membership=request.membership)
    if current is None:
        raise Http404
    if current.render is not None:
        tab_template, tab_context = current.render(request, client)
        tab_context = {**tab_context, **(context or {})}
    else:
        tab_template, tab_context = (
            "clients/tabs/placeholder.html",
            {"text": current.placeholder_text},
        )
    context = {
        "client": client,
        "tabs": client_tabs(membership=request.membership),
        "tab": current,
        "tab_template": tab_template,
        # Shown above the tabs: a client nobody receives notifications for is told apart.
        "client_notified": client_is_notified(client_id=client.pk),
        **tab_context,
    }
    return render_page_or_partial(
        request,
        page="clients/detail.html",
        partial="clients/partials/tab.html",
        context=context,
        status=status,
    )


@staff_view
def client_pick_view(request: HttpRequest):
    """The client picker's matches while typing (HTMX, modules/clients/fields.py): the card
    file's search, at most PICK_LIMIT; the query is the text box `<name>_label` of any field;
    `status` (a picker declared with one) offers only clients of that status."""
    query = next(
        (v for k, v in request.GET.items() if k.endswith("_label")), request.GET.get("q", "")
    ).strip()[:100]
    status = request.GET.get("status", "")
    if status not in Client.Status.values:
        status = ""
    hits = []
    if query:
        hits = client_search(
            membership=request.membership, query=query, status=status, limit=PICK_LIMIT
        )
    return render(request, "clients/widgets/pick_options.html", {"hits": hits, "query": query})
