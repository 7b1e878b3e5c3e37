"""Run one mail export in a process of its own, so that its peak memory can be measured:
`python mail_export_child.py <schema> <date_from> <date_to> <out.xlsx>` prints
`<rows> <seconds> <peak RSS in MB>`. The parent passes DATABASE_URL (the test database)."""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def peak_rss_mb() -> float:
    """This process's own peak resident memory. Not getrusage()'s ru_maxrss: Linux carries
    the forking parent's peak over the exec into it, so a child of a big pytest process
    reported the parent's 200 MB instead of its own 95 MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


sys.path[:0] = [str(ROOT / "platform"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["VIREO_TESTING"] = "1"

import django  # noqa: E402

django.setup()

import datetime as dt  # noqa: E402

from django.db import connection  # noqa: E402
from django.utils import translation  # noqa: E402

from modules.mail.exports import mail_export_write  # noqa: E402
from modules.mail.selectors import OFFICE_WIDE, MailFilters  # noqa: E402
from tenants.models import Office  # noqa: E402

schema, date_from, date_to, out = sys.argv[1:5]
connection.set_tenant(Office.objects.get(schema_name=schema))
filters = MailFilters(
    date_from=dt.date.fromisoformat(date_from), date_to=dt.date.fromisoformat(date_to)
)
started = time.perf_counter()
with translation.override("pl"), open(out, "wb") as stream:
    rows = mail_export_write(stream=stream, membership=OFFICE_WIDE, filters=filters)
elapsed = time.perf_counter() - started
print(rows, round(elapsed, 3), round(peak_rss_mb(), 1))
