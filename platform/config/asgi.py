import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [p for p in (str(ROOT / "platform"), str(ROOT)) if p not in sys.path]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from django.core.asgi import get_asgi_application  # noqa: E402

application = get_asgi_application()

# URL configuration and layouts loaded now, not on the first person's request (common.warmup).
from common.warmup import web_process_warm_up  # noqa: E402

web_process_warm_up()

# The process's one-off PDF costs (WeasyPrint's import, fonts: ~1.2 s) are paid now in the
# background, not by the first person who downloads a PDF (common/pdf.py).
from common.pdf import pdf_warm_in_background  # noqa: E402

pdf_warm_in_background()
