"""Scans, scanner files and exports: served only through these permission-checked views."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import member_view, staff_view
from accounts.switcher import switcher_offer
from common.exceptions import ApplicationError
from common.htmx import render_page_or_partial
from common.storage import office_file_response
from modules.mail import selectors
from modules.mail.exports import mail_export_write
from modules.mail.forms import ScanUploadForm
from modules.mail.models import InboxScan, MailExport
from modules.mail.services import mail_scan_delete, mail_scans_add, scan_stage, settings_get
from modules.mail.services.exports import SYNC_LIMIT, export_file_name, mail_export_start
from modules.mail.services.intake import inbox_attach, inbox_discard
from modules.mail.services.scans import scan_error_message, staged_discard
from modules.mail.views.staff import filters_from, item_or_404

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@member_view
def scan_file_view(request: HttpRequest, scan_id: int):
    """A scan for staff, or for a user of the item's client (in a visible status)."""
    scan = selectors.mail_scan_get(membership=request.membership, scan_id=scan_id)
    if scan is None:
        # Another company of this person (an e-mailed link): offered, never switched.
        return switcher_offer(
            request,
            lambda m: selectors.mail_scan_get(membership=m, scan_id=scan_id) is not None,
            file=True,
        )
    return office_file_response(
        scan.path,
        filename=scan.original_name,
        content_type=scan.content_type,
        download=request.GET.get("inline") != "1",
    )


@member_view
def scan_thumbnail_view(request: HttpRequest, scan_id: int):
    scan = selectors.mail_scan_get(membership=request.membership, scan_id=scan_id)
    if scan is None or not scan.thumbnail_path:
        raise Http404
    return office_file_response(
        scan.thumbnail_path, filename="thumbnail.png", content_type="image/png", download=False
    )


@require_POST
@staff_view
def scan_upload_view(request: HttpRequest, item_id: int):
    item = item_or_404(request, item_id)
    form = ScanUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose at least one file."))
        return redirect("mail:detail", item_id=item.pk)
    max_bytes = settings_get().scan_max_bytes
    staged, errors = [], []
    for upload in form.cleaned_data["scans"]:
        try:
            staged.append(scan_stage(upload=upload, max_bytes=max_bytes))
        except ApplicationError as exc:
            errors.append(scan_error_message(exc, upload.name))
    if errors:
        staged_discard(staged)
        for error in errors:
            messages.error(request, error)
        return redirect("mail:detail", item_id=item.pk)
    scans = mail_scans_add(
        item=item,
        staged=staged,
        actor=request.user,
        send_to_client=form.cleaned_data["send_to_client"],
    )
    messages.success(request, _("%(count)s scan(s) added.") % {"count": len(scans)})
    return redirect("mail:detail", item_id=item.pk)


@require_POST
@staff_view
def scan_delete_view(request: HttpRequest, scan_id: int):
    scan = selectors.mail_scan_get(membership=request.membership, scan_id=scan_id)
    if scan is None:
        raise Http404
    item_id = scan.item_id
    mail_scan_delete(scan=scan, actor=request.user)
    messages.success(request, _("Scan removed."))
    return redirect("mail:detail", item_id=item_id)


@staff_view
def inbox_view(request: HttpRequest):
    state = request.GET.get("state", InboxScan.State.UNASSIGNED)
    if state not in (InboxScan.State.UNASSIGNED, InboxScan.State.QUARANTINED):
        state = InboxScan.State.UNASSIGNED
    files = list(selectors.inbox_list(state=state)[:100])
    recent = list(
        selectors.mail_item_list(membership=request.membership)
        .filter(scan_count=0)
        .select_related("client")
        .order_by("-received_at", "-id")[:30]
    )
    return render(request, "mail/inbox.html", {"files": files, "state": state, "recent": recent})


@require_POST
@staff_view
def inbox_attach_view(request: HttpRequest, inbox_id: int):
    inbox = get_object_or_404(InboxScan, pk=inbox_id)
    number = request.POST.get("number", "").strip()
    item = (
        selectors.mail_item_list(membership=request.membership).filter(number=number).first()
        if number
        else None
    )
    if item is None and request.POST.get("item", "").isdigit():
        item = selectors.mail_item_get(
            membership=request.membership, item_id=int(request.POST["item"])
        )
    if item is None:
        messages.error(request, _("No mail item with that number."))
        return redirect("mail:inbox")
    try:
        inbox_attach(
            inbox=inbox,
            item=item,
            actor=request.user,
            send_to_client=request.POST.get("send_to_client") == "on",
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("mail:inbox")
    messages.success(request, _("Attached to %(number)s.") % {"number": item.number})
    return redirect("mail:inbox")


@require_POST
@staff_view
def inbox_discard_view(request: HttpRequest, inbox_id: int):
    inbox = get_object_or_404(InboxScan, pk=inbox_id)
    try:
        inbox_discard(inbox=inbox, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("mail:inbox")


@staff_view
def inbox_file_view(request: HttpRequest, inbox_id: int):
    inbox = get_object_or_404(InboxScan, pk=inbox_id)
    content_type = inbox.content_type or "application/octet-stream"
    return office_file_response(
        inbox.path, filename=inbox.original_name, content_type=content_type, download=True
    )


@staff_view
def export_view(request: HttpRequest):
    """The filtered list to Excel: at once when small, else by the worker (progress bar)."""
    filters, form = filters_from(request, selectors.status_list(active_only=False))
    if form.client_unresolved():
        # The archive showed no rows for a typed client that matches none: never export
        # every client's mail instead.
        messages.error(request, form.errors["client_query"][0])
        return redirect(reverse("mail:archive") + "?" + request.GET.urlencode())
    total = selectors.mail_item_filtered(membership=request.membership, filters=filters).count()
    if total > SYNC_LIMIT:
        export = mail_export_start(
            actor=request.user, filters=filters, total=total, language=get_language()
        )
        return redirect("mail:export_progress", export_id=export.pk)
    response = HttpResponse(content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{export_file_name()}"'
    mail_export_write(stream=response, membership=request.membership, filters=filters)
    return response


@staff_view
def export_progress_view(request: HttpRequest, export_id: int):
    export = selectors.export_get(export_id=export_id, user=request.user)
    if export is None:
        raise Http404
    return render_page_or_partial(
        request,
        page="mail/export_progress.html",
        partial="mail/partials/export_progress.html",
        context={"export": export, "running": export.status in ("queued", "running")},
    )


@staff_view
def export_download_view(request: HttpRequest, export_id: int):
    export = selectors.export_get(export_id=export_id, user=request.user)
    if export is None or export.status != MailExport.Status.DONE:
        raise Http404
    return office_file_response(
        export.path, filename=export.file_name, content_type=XLSX, download=True
    )
