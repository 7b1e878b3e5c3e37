"""Views of `make bench` only (BENCH_HELLO_VIEW=true; tests/perf adds them to its own
URLconf). GET /_hello/: a fixed string through the whole office request path (routing,
session, membership check), the framework's limit that office_page_rps is read against
(tests/perf/test_foundation.py). GET /_shell/staff/ and /_shell/client/: an empty page in
the signed-in layout of each area (menu, switcher, language menu, bell, messages), the floor
every HTML page's figure is read against (tests/perf/test_shell.py)."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path

from accounts.access import client_view, staff_view


@staff_view
def hello_view(request):
    return HttpResponse(b"hello", content_type="text/plain")


@staff_view
def shell_staff_view(request):
    return render(request, "bench/shell.html")


@client_view
def shell_client_view(request):
    return render(request, "bench/shell.html")


urlpatterns = [
    path("_hello/", hello_view),
    path("_shell/staff/", shell_staff_view),
    path("_shell/client/", shell_client_view),
]
