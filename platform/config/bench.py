"""GET /_hello/ (only with BENCH_HELLO_VIEW=true, as `make bench` sets it): a fixed string
through the whole office request path (routing, session, membership check), the framework's
limit that office_page_rps is read against (tests/perf/test_foundation.py)."""

from django.http import HttpResponse

from accounts.access import staff_view


@staff_view
def hello_view(request):
    return HttpResponse(b"hello", content_type="text/plain")
