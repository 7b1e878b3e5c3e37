import re

import pytest
from django.test import Client

from tests.helpers.offices import OfficeClient

pytestmark = pytest.mark.django_db

TEMPLATE_DIRS = ["templates", "platform", "modules", "signup", "public_site"]


def test_pages_carry_the_security_headers(office_a, staff_a):
    response = OfficeClient(office_a, user=staff_a).get("/dashboard/")
    policy = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["script-src"] == "'self'"
    assert "object-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]


def test_the_policy_built_once_is_django_csps_and_follows_the_settings(office_a, staff_a, settings):
    from csp.utils import build_policy

    web = OfficeClient(office_a, user=staff_a)
    assert web.get("/dashboard/")["Content-Security-Policy"] == build_policy()
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {"default-src": ["'self'"], "img-src": ["'self'", "https://maps.example"]},
        "EXCLUDE_URL_PREFIXES": ["/mail/"],
    }
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    page = web.get("/dashboard/")
    # django-csp orders the directives as its own set does: compared as a set.
    directives = {d.strip() for d in page["Content-Security-Policy"].split(";")}
    assert directives == {"default-src 'self'", "img-src 'self' https://maps.example"}
    assert page["Content-Security-Policy-Report-Only"] == "default-src 'none'"
    excluded = web.get("/mail/")
    assert "Content-Security-Policy" not in excluded
    assert excluded["Content-Security-Policy-Report-Only"] == "default-src 'none'"


def test_a_view_that_changes_its_policy_still_has_it(office_a, staff_a):
    # @csp_exempt (the API's Swagger page) and @csp_replace go through django-csp's own code.
    web = OfficeClient(office_a, user=staff_a)
    docs = web.get("/api/v1/docs/")
    assert docs.status_code == 200 and "Content-Security-Policy" not in docs
    assert "frame-ancestors 'none'" in web.get("/dashboard/")["Content-Security-Policy"]


def test_https_responses_carry_hsts_without_preload(settings):
    # Production values (settings.py: a year, subdomains, no preload unless asked).
    assert (settings.SECURE_HSTS_INCLUDE_SUBDOMAINS, settings.SECURE_HSTS_PRELOAD) == (True, False)
    response = Client(HTTP_HOST="localhost").get("/", secure=True)
    assert response.status_code == 200


def test_no_template_has_an_inline_script_or_handler():
    from pathlib import Path

    inline = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+=\"|hx-on[:-]|javascript:", re.I)
    found = [
        f"{path}: {match.group(0)}"
        for folder in TEMPLATE_DIRS
        for path in Path(folder).rglob("*.html")
        if "/templates/" in f"/{path}"
        for match in inline.finditer(path.read_text())
    ]
    assert found == []
