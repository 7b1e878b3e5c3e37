"""P3: the client's own summary, when the office has switched it on."""

from django.http import Http404, HttpRequest
from django.shortcuts import render

from accounts.access import client_view
from modules.billing import selectors
from modules.billing.periods import span_parse
from modules.billing.services import portal_summaries_visible
from modules.billing.views.staff import span_context


@client_view
def portal_summary_view(request: HttpRequest):
    if not portal_summaries_visible(request):
        raise Http404
    span = span_parse(request.GET)
    # The company acted for (switcher top right), never one from the URL.
    client_id = request.membership.client_id
    if span.kind == "month":
        summary = selectors.summary_get(client_id=client_id, period=span.start)
        span_summary, name = None, summary.client_name if summary else ""
    else:
        summary = None
        span_summary = selectors.summary_span_get(client_id=client_id, span=span)
        name = span_summary.client_name if span_summary else ""
    if summary is None and span_summary is None:
        raise Http404
    return render(
        request,
        "billing/portal_summary.html",
        {
            **span_context(request, span, client_id=client_id),
            "summary": summary,
            "span_summary": span_summary,
            "client_name": name,
            "vat_note": selectors.vat_note(client_id=client_id, shown=summary or span_summary),
        },
    )
