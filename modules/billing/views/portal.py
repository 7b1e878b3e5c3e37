"""P3: the client's own summary, when the office has switched it on."""

from django.http import Http404, HttpRequest
from django.shortcuts import render

from accounts.access import client_view
from modules.billing import selectors
from modules.billing.periods import month_parse
from modules.billing.services import portal_summaries_visible


@client_view
def portal_summary_view(request: HttpRequest):
    if not portal_summaries_visible(request):
        raise Http404
    period = month_parse(request.GET.get("month"))
    # The company acted for (switcher top right), never one from the URL.
    summary = selectors.summary_get(client_id=request.membership.client_id, period=period)
    return render(request, "billing/portal_summary.html", {"summary": summary, "period": period})
