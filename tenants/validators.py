import functools
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Host names the platform keeps for itself, plus names that would confuse people or mail
# systems. Compared after lower-casing.
RESERVED_SLUGS = frozenset(
    {
        "www",
        "api",
        "admin",
        "administrator",
        "console",
        "static",
        "media",
        "assets",
        "cdn",
        "app",
        "apps",
        "mail",
        "email",
        "smtp",
        "imap",
        "pop",
        "ftp",
        "sftp",
        "ns",
        "ns1",
        "ns2",
        "dns",
        "mx",
        "vpn",
        "status",
        "help",
        "support",
        "docs",
        "blog",
        "billing",
        "pay",
        "payments",
        "stripe",
        "signup",
        "login",
        "logout",
        "auth",
        "account",
        "accounts",
        "dashboard",
        "public",
        "root",
        "system",
        "test",
        "staging",
        "dev",
        "demo-template",
        "template",
        "localhost",
        "vireo",
        "security",
        "abuse",
        "postmaster",
        "webmaster",
        "hostmaster",
        "healthz",
    }
)
# Names the platform gives its own offices: the template schema (t_template) and office
# schemas (t_<id>) spelled as host names, and the pool's placeholders (tenants.services).
RESERVED_SLUG_RE = re.compile(r"^(?:t-(?:template|[0-9]+)|pool-.*)$")
SLUG_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{1,30}[a-z0-9])$")
# Office schemas are opaque (t_<office id>), never derived from the slug, so that a slug can
# be renamed without touching the database; the template is the one named exception.
SCHEMA_RE = re.compile(r"^t_(?:[0-9]{1,12}|template)$")


def validate_office_slug(value: str) -> None:
    if not SLUG_RE.match(value or ""):
        raise ValidationError(
            _(
                "Use 3 to 32 lower-case letters, digits and hyphens, starting and ending "
                "with a letter or digit."
            ),
            code="invalid_slug",
        )
    if "--" in value:
        raise ValidationError(_("Two hyphens in a row are not allowed."), code="invalid_slug")
    if value in RESERVED_SLUGS or RESERVED_SLUG_RE.match(value):
        raise ValidationError(
            _("“%(slug)s” is reserved. Please choose another address."),
            code="reserved_slug",
            params={"slug": value},
        )


def validate_schema_name(value: str) -> None:
    if not SCHEMA_RE.match(value or ""):
        raise ValidationError("Invalid office schema name.", code="invalid_schema")


@functools.cache
def time_zone_choices() -> tuple[str, ...]:
    """IANA time zones an office may pick (the "Area/City" ones, sorted)."""
    import zoneinfo

    return tuple(
        sorted(
            z
            for z in zoneinfo.available_timezones()
            if "/" in z and z[0].isupper() and not z.startswith("Etc/")
        )
    )


def validate_time_zone_field(value: str) -> None:
    if value not in time_zone_choices():
        raise ValidationError({"time_zone": _("Choose a time zone from the list.")})
