"""A web process loads the URL configuration, each language's reverse lookup and catalogue,
and the layouts when config/wsgi.py builds the application (common.warmup), so that a
fresh worker's first request does not pay for them: /mail/register/'s first request in a
new process took 0.87 s, the next 0.02 s; with the warm-up about 0.25-0.35 s."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json, sys
import config.wsgi  # what gunicorn and runserver load
from django.conf import settings
from django.template import engines
from django.urls import get_resolver

resolver = get_resolver(settings.ROOT_URLCONF)
loader = engines["django"].engine.template_loaders[0]
print(json.dumps({
    "views": [m for m in ("modules.mail.views.staff", "modules.billing.views.portal")
              if m in sys.modules],
    "languages": sorted(resolver._reverse_dict),
    "layouts": sorted(k for k in loader.get_template_cache if k.startswith("layouts/")),
}))
"""


def test_the_wsgi_application_is_warm_before_its_first_request():
    env = {**os.environ, "PYTHONPATH": f"{ROOT / 'platform'}{os.pathsep}{ROOT}", "DEBUG": "true"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    state = json.loads(done.stdout.strip().splitlines()[-1])
    assert state == {
        "views": ["modules.mail.views.staff", "modules.billing.views.portal"],
        "languages": ["en", "pl", "sk"],
        "layouts": [
            "layouts/administration.html",
            "layouts/app.html",
            "layouts/plain.html",
            "layouts/public.html",
        ],
    }
