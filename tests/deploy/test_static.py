"""The production image's `collectstatic` (deploy/Dockerfile): whitenoise's compressed
manifest storage follows every url() and sourceMappingURL of the vendored front-end files
and fails the build on a file that is missing. The test runs the manifest part alone
(Django's ManifestStaticFilesStorage, which whitenoise's storage extends with compression):
the same check in seconds instead of minutes of gzip and brotli."""

import subprocess
import sys

from django.conf import settings

COLLECT = """
import django
django.setup()
from django.conf import settings
from django.core.management import call_command
from django.core.files.storage import storages
assert "common.staticfiles.ManifestStaticStorage" in str(settings.STORAGES)
settings.STORAGES = {**settings.STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}}
storages.__dict__.pop("backends", None)
storages._storages, storages._backends = {}, None
call_command("collectstatic", interactive=False, verbosity=0)
"""


def test_collectstatic_succeeds_with_the_production_storage(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", COLLECT],
        cwd=settings.BASE_DIR,
        env={
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": f"{settings.BASE_DIR / 'platform'}:{settings.BASE_DIR}",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "false",
            "SECRET_KEY": "test-only-" + "x" * 50,
            "PLATFORM_DOMAIN": "vireo.example.com",
            "STATIC_ROOT": str(tmp_path),
        },
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    manifest = (tmp_path / "staticfiles.json").read_text()
    assert '"vendor/quill/quill.js"' in manifest
    assert (tmp_path / "vendor" / "quill").is_dir()
