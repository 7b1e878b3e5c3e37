"""Entry point for `dramatiq config.worker` (see `manage.py worker`): Django, then every
app's tasks module, so that the worker knows every actor."""

import importlib
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [p for p in (str(ROOT / "platform"), str(ROOT)) if p not in sys.path]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.apps import apps  # noqa: E402

for app in apps.get_app_configs():
    try:
        importlib.import_module(f"{app.name}.tasks")
    except ModuleNotFoundError as exc:
        if exc.name != f"{app.name}.tasks":
            raise

# The process's one-off PDF costs (WeasyPrint's import, fonts: ~1.2 s) are paid now in the
# background, not by the first task that prints an invoice or a document (common/pdf.py).
from common.pdf import pdf_warm_in_background  # noqa: E402

pdf_warm_in_background()
