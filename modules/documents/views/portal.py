"""The client panel's Documents: what the office shared with the company the person acts
for, the newest version of each."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.shortcuts import render

from accounts.access import client_view
from accounts.switcher import switcher_offer
from common.storage import office_file_response
from modules.documents import selectors

PORTAL_ROWS = 200


@client_view
def list_view(request: HttpRequest):
    rows = list(selectors.document_list(membership=request.membership)[:PORTAL_ROWS])
    return render(request, "documents/portal/list.html", {"documents": rows})


@client_view
def download_view(request: HttpRequest, document_id: int):
    document = selectors.document_get(membership=request.membership, document_id=document_id)
    if document is None:
        return switcher_offer(
            request,
            lambda m: selectors.document_get(membership=m, document_id=document_id) is not None,
            file=True,
        )
    row = selectors.version_get(membership=request.membership, document=document)
    if row is None:
        raise Http404
    return office_file_response(
        row.path, filename=row.original_name, content_type=row.content_type, download=True
    )
