"""Copy the front-end packages installed by npm into static/vendor/ (no CDN at run time)."""

import shutil
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

# (file or folder under node_modules, destination under static/vendor)
ASSETS = [
    ("bootstrap/dist/css/bootstrap.min.css", "bootstrap/bootstrap.min.css"),
    ("bootstrap/dist/css/bootstrap.min.css.map", "bootstrap/bootstrap.min.css.map"),
    ("bootstrap/dist/js/bootstrap.bundle.min.js", "bootstrap/bootstrap.bundle.min.js"),
    ("bootstrap/dist/js/bootstrap.bundle.min.js.map", "bootstrap/bootstrap.bundle.min.js.map"),
    ("bootstrap-icons/font/bootstrap-icons.min.css", "bootstrap-icons/bootstrap-icons.min.css"),
    ("bootstrap-icons/font/fonts", "bootstrap-icons/fonts"),
    ("htmx.org/dist/htmx.min.js", "htmx/htmx.min.js"),
    ("signature_pad/dist/signature_pad.umd.min.js", "signature_pad/signature_pad.umd.min.js"),
    (
        "signature_pad/dist/signature_pad.umd.min.js.map",
        "signature_pad/signature_pad.umd.min.js.map",
    ),
    ("@fullcalendar/core/index.global.min.js", "fullcalendar/core.min.js"),
    ("@fullcalendar/core/locales-all.global.min.js", "fullcalendar/locales-all.min.js"),
    ("@fullcalendar/daygrid/index.global.min.js", "fullcalendar/daygrid.min.js"),
    ("@fullcalendar/timegrid/index.global.min.js", "fullcalendar/timegrid.min.js"),
    ("@fullcalendar/interaction/index.global.min.js", "fullcalendar/interaction.min.js"),
    # The document template editor (modules/documents): Quill 2, its UMD build and theme.
    # With their source maps: the production static storage (whitenoise's manifest) follows
    # every sourceMappingURL and refuses to collect a file whose map is missing.
    ("quill/dist/quill.js", "quill/quill.js"),
    ("quill/dist/quill.js.map", "quill/quill.js.map"),
    ("quill/dist/quill.snow.css", "quill/quill.snow.css"),
    ("quill/dist/quill.snow.css.map", "quill/quill.snow.css.map"),
    # The helpdesk's reports (modules/helpdesk): Chart.js 4, its UMD build and its map.
    ("chart.js/dist/chart.umd.min.js", "chartjs/chart.umd.min.js"),
    ("chart.js/dist/chart.umd.min.js.map", "chartjs/chart.umd.min.js.map"),
]


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args, **options):
        source_root = Path(settings.BASE_DIR) / "node_modules"
        target_root = Path(settings.BASE_DIR) / "static" / "vendor"
        for source, target in ASSETS:
            src, dst = source_root / source, target_root / target
            if not src.exists():
                raise CommandError(f"{src} is missing: run `npm ci` first")
            dst.parent.mkdir(parents=True, exist_ok=True)
            if src.is_dir():
                shutil.copytree(src, dst, dirs_exist_ok=True)
            else:
                shutil.copy2(src, dst)
        self.stdout.write(f"Copied {len(ASSETS)} front-end assets to {target_root}.")
