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
