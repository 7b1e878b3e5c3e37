"""Run `migrate_schemas` in a process of its own, as a deploy does:
`python migrate_child.py [--add-column] [--executor=multiprocessing]` prints the seconds.
With --add-column, the mail app's migrations are read from a temporary copy holding one
more: a nullable column and an index on the mail table (never written to modules/). The
parent passes DATABASE_URL (the test database)."""

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "platform"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db.migrations.loader import MigrationLoader  # noqa: E402

EXTRA = """from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("mail", "{leaf}")]
    operations = [
        migrations.AddField("mailitem", "bench_note", models.CharField(max_length=50, null=True)),
        migrations.AddIndex(
            "mailitem", models.Index(fields=["bench_note"], name="mail_bench_note_idx")
        ),
    ]
"""


def add_column_migrations() -> None:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    (leaf,) = [name for app, name in loader.graph.leaf_nodes() if app == "mail"]
    folder = Path(tempfile.mkdtemp()) / "bench_mail_migrations"
    shutil.copytree(ROOT / "modules" / "mail" / "migrations", folder)
    (folder / "9000_bench_add_column.py").write_text(EXTRA.format(leaf=leaf))
    sys.path.insert(0, str(folder.parent))
    settings.MIGRATION_MODULES = {**settings.MIGRATION_MODULES, "mail": "bench_mail_migrations"}


if __name__ == "__main__":
    if "--add-column" in sys.argv:
        add_column_migrations()
    executor = "multiprocessing" if "--executor=multiprocessing" in sys.argv else "standard"
    started = time.perf_counter()
    call_command("migrate_schemas", interactive=False, verbosity=0, executor=executor)
    print(f"{time.perf_counter() - started:.3f}")
