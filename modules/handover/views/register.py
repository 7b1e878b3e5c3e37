"""History (H8): the register of hand-overs, one hand-over, its PDF, an item's hand-overs."""

from __future__ import annotations

from csp.decorators import csp_replace
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin

from accounts.access import admin_view, member_view, staff_view
from accounts.switcher import switcher_offer
from common.collation import name_ordering
from common.storage import office_file_response
from modules.handover import selectors
from modules.handover.forms import RegisterFilterForm, SettingsForm
from modules.handover.models import METHOD_LABELS, HandOver
from modules.handover.pdf import handover_pdf_render
from modules.handover.services import (
    handover_pdf_ensure,
    handover_settings_get,
    handover_settings_update,
)
from modules.mail.selectors import mail_item_get
from modules.office.selectors import office_letterhead_get


def handover_or_404(request, handover_id: int) -> HandOver:
    handover = selectors.handover_get(membership=request.membership, handover_id=handover_id)
    if handover is None:
        raise Http404
    return handover


@staff_view
def handover_register_view(request: HttpRequest):
    form = RegisterFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    filters = selectors.RegisterFilters(
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
        method=data.get("method") or "",
        client_id=data.get("client"),
        staff_id=data.get("staff"),
        query=data.get("q") or "",
    )
    paginator = Paginator(
        selectors.handover_register(membership=request.membership, filters=filters),
        selectors.REGISTER_PAGE,
    )
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "handover/register.html",
        {
            "page": page,
            "form": form,
            "filters": filters,
            "methods": [(k, str(v)) for k, v in METHOD_LABELS.items()],
            "staff": selectors.staff_choices(),
            "query": query.urlencode(),
        },
    )


@staff_view
def handover_detail_view(request: HttpRequest, handover_id: int):
    handover = handover_or_404(request, handover_id)
    return render(
        request,
        "handover/detail.html",
        {
            "handover": handover,
            "lines": selectors.handover_lines(handover=handover, membership=request.membership),
            "clients": list(handover.clients.order_by(*name_ordering(), "pk")),
        },
    )


def _pdf_response(content: bytes, *, filename: str, download: bool):
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=0"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@member_view
@xframe_options_sameorigin
@csp_replace({"frame-ancestors": ["'self'"]})
def handover_pdf_view(request: HttpRequest, handover_id: int):
    """The confirmation. A client user gets it with their own company's items only: a
    hand-over that covered several companies is rendered again for them. Same-origin
    framing is allowed: the print page shows it in a frame. A hand-over of another company
    of this client user (an e-mailed link) offers the switch."""
    handover = selectors.handover_get(membership=request.membership, handover_id=handover_id)
    if handover is None:
        return switcher_offer(
            request,
            lambda m: selectors.handover_get(membership=m, handover_id=handover_id) is not None,
            file=True,
        )
    filename = f"{handover.reference}.pdf"
    download = request.GET.get("download") == "1"
    membership = request.membership
    if not membership.is_staff_role:
        shared = handover.clients.exclude(pk=membership.client_id).exists()
        if shared or not handover.pdf_path:
            content = handover_pdf_render(handover=handover, client_id=membership.client_id)
            return _pdf_response(content, filename=filename, download=download)
    handover = handover_pdf_ensure(handover=handover)
    return office_file_response(
        handover.pdf_path, filename=filename, content_type="application/pdf", download=download
    )


@staff_view
def handover_print_view(request: HttpRequest, handover_id: int):
    """A print preview in its own tab: the PDF and a button that prints it (H4, re-print)."""
    handover = handover_or_404(request, handover_id)
    return render(request, "handover/print.html", {"handover": handover})


@staff_view
def item_handovers_view(request: HttpRequest, item_id: int):
    item = mail_item_get(membership=request.membership, item_id=item_id)
    if item is None:
        raise Http404
    lines = selectors.item_handover_lines(item_id=item.pk, membership=request.membership)
    return render(request, "handover/item.html", {"item": item, "handover_lines": lines})


@admin_view
def handover_settings_view(request: HttpRequest):
    row = handover_settings_get()
    form = SettingsForm(request.POST or None, initial={"footer": row.footer})
    if request.method == "POST" and form.is_valid():
        handover_settings_update(actor=request.user, footer=form.cleaned_data["footer"])
        messages.success(request, _("Settings saved."))
        return redirect("handover:settings")
    return render(
        request,
        "handover/settings.html",
        {"form": form, "letterhead": office_letterhead_get(office=request.office)},
        status=400 if form.errors else 200,
    )
