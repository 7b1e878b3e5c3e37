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
