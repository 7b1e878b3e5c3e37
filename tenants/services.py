"""Creating and changing offices. Every write to Office/Domain goes through here."""

from __future__ import annotations

import logging
import secrets
import time

from django.conf import settings
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import schema_exists, tenant_context

from common.audit import audit_diff, audit_record
from common.exceptions import ApplicationError
from tenants.clone import schema_clone
from tenants.migrating import schemas_up_to_date
from tenants.models import Domain, Office, OfficeUsage
from tenants.setup import office_setup_run
from tenants.validators import validate_office_slug

logger = logging.getLogger("vireo.tenants")

# What the country of an office implies, until the owner changes it.
COUNTRY_DEFAULTS = {
    Office.Country.POLAND: ("pl", "PLN", "Europe/Warsaw"),
    Office.Country.SLOVAKIA: ("sk", "EUR", "Europe/Bratislava"),
    Office.Country.CZECHIA: ("en", "CZK", "Europe/Prague"),
}


def office_template_ensure() -> Office:
    """Create the template office schema, fully migrated, if it is not there yet."""
    template = Office.objects.filter(is_template=True).first()
    if template is None:
        template = Office.objects.create(
            schema_name=settings.TENANT_BASE_SCHEMA,
            name="Template",
            # A reserved slug: no real office can ever claim it, and it has no Domain row.
            slug="template",
            country=Office.Country.POLAND,
            language="en",
            currency="PLN",
            time_zone="Europe/Warsaw",
            is_template=True,
        )
    if not schema_exists(template.schema_name):
        _schema_create_by_migrating(template.schema_name)
    return template


def _schema_create_by_migrating(schema_name: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE SCHEMA "{schema_name}"')
    call_command(
        "migrate_schemas", tenant=True, schema_name=schema_name, interactive=False, verbosity=0
    )
    connection.set_schema_to_public()


def _schema_create_by_cloning(schema_name: str) -> None:
    source = settings.TENANT_BASE_SCHEMA
    schema_clone(source=source, target=schema_name)
    # The clone carries the template's django_migrations rows. When the template holds every
    # migration on disk, `migrate` on the clone would only compare the plan (0.3-1 s of
    # loading the migration graph): one query says so. When it does not (new code before
    # migrate_schemas ran), `migrate` applies what the template lacks, so a stale template
    # never produces an office that claims migrations it does not have.
    if source not in schemas_up_to_date([source]):
        call_command(
            "migrate_schemas", tenant=True, schema_name=schema_name, interactive=False, verbosity=0
        )
        connection.set_schema_to_public()


def _office_defaults(country: str) -> tuple[str, str, str]:
    try:
        return COUNTRY_DEFAULTS[country]
    except KeyError:
        raise ApplicationError(_("Unsupported country.")) from None


def office_provision(
    *,
    name: str,
    slug: str,
    country: str,
    language: str | None = None,
    currency: str | None = None,
    time_zone: str | None = None,
    clone: bool = True,
) -> Office:
    """Create an office with its schema and its platform subdomain.

    The schema is cloned from the kept-migrated template (measured faster than migrating,
    see tests/perf/test_provisioning.py); `clone=False` builds it by running migrations.
    """
    slug = slug.strip().lower()
    validate_office_slug(slug)
    default_language, default_currency, default_tz = _office_defaults(country)
    started = time.monotonic()
    connection.set_schema_to_public()
    with transaction.atomic():
        if Office.objects.filter(slug=slug).exists():
            raise ApplicationError(_("This address is already taken."))
        office = _office_insert(
            name=name.strip(),
            slug=slug,
            country=country,
            language=language or default_language,
            currency=currency or default_currency,
            time_zone=time_zone or default_tz,
            state=Office.State.ACTIVE,
        )
        Domain.objects.create(domain=office.host, tenant=office, is_primary=True)
        # DDL is transactional in PostgreSQL: a failure below leaves no row and no schema.
        _office_schema_create(office, clone=clone)
        office_setup_run(office)  # the modules' setup for the office's country
    logger.info(
        "office provisioned",
        extra={
            "office": office.schema_name,
            "slug": slug,
            "method": "clone" if clone else "migrate",
            "seconds": round(time.monotonic() - started, 3),
        },
    )
    return office


def _office_insert(**fields) -> Office:
    office = Office(**fields)
    # The schema name comes from the row's own id, taken before the insert.
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence('tenants_office', 'id'))")
        office.pk = cursor.fetchone()[0]
    office.schema_name = f"t_{office.pk}"
    # A pooled office carries a reserved placeholder slug (no one can ask for it).
    office.full_clean(exclude=["slug"] if office.state == Office.State.POOLED else None)
    office.save(force_insert=True)
    return office


def _office_schema_create(office: Office, *, clone: bool) -> None:
    if clone:
        office_template_ensure()
        _schema_create_by_cloning(office.schema_name)
    else:
        _schema_create_by_migrating(office.schema_name)


# The instant-office pool. Signup claims a pooled office (a rename and a Domain row: a few
# milliseconds) instead of cloning a schema while the new owner waits. Pooled offices are
# ordinary Office rows, so migrate_schemas keeps them migrated with every other office.
POOL_SLUG_PREFIX = "pool-"
POOL_LOCK_ID = 720_001  # pg advisory lock: one refill at a time, whoever runs it


def office_pool_add(*, clone: bool = True) -> Office:
    """Provision one empty office into the pool: schema ready, no Domain, never routed."""
    connection.set_schema_to_public()
    with transaction.atomic():
        office = _office_insert(
            name="Pooled office",
            slug=f"{POOL_SLUG_PREFIX}{secrets.token_hex(5)}",
            country=Office.Country.POLAND,
            language="en",
            currency="PLN",
            time_zone="Europe/Warsaw",
            state=Office.State.POOLED,
        )
        _office_schema_create(office, clone=clone)
    return office


def office_pool_size() -> int:
    return Office.objects.filter(state=Office.State.POOLED, is_template=False).count()


def office_pool_refill(*, size: int) -> int:
    """Top the pool up to `size` offices; returns how many were added. Concurrent refills
    wait for each other (advisory lock), so the pool never overshoots."""
    connection.set_schema_to_public()
    added = 0
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [POOL_LOCK_ID])
            if not cursor.fetchone()[0]:
                return 0
        for _i in range(max(0, size - office_pool_size())):
            office_pool_add()
            added += 1
    return added


def office_pool_claim(
    *,
    name: str,
    slug: str,
    country: str,
    language: str | None = None,
    currency: str | None = None,
    time_zone: str | None = None,
) -> Office | None:
    """Turn a pooled office into a real one, or None when the pool is empty.

    SKIP LOCKED lets simultaneous signups take different pooled rows without waiting; the
    row stays locked until the caller's transaction commits, so no two claims can share it.
    """
    slug = slug.strip().lower()
    validate_office_slug(slug)
    default_language, default_currency, default_tz = _office_defaults(country)
    connection.set_schema_to_public()
    try:
        with transaction.atomic():
            office = (
                Office.objects.select_for_update(skip_locked=True)
                .filter(state=Office.State.POOLED, is_template=False)
                .order_by("pk")
                .first()
            )
            if office is None:
                return None
            if Office.objects.filter(slug=slug).exists():
                raise ApplicationError(_("This address is already taken."))
            office.name = name.strip()
            office.slug = slug
            office.country = country
            office.language = language or default_language
            office.currency = currency or default_currency
            office.time_zone = time_zone or default_tz
            office.state = Office.State.ACTIVE
            office.created_at = timezone.now()  # the office's life starts at the claim
            office.full_clean()
            office.save()
            Domain.objects.create(domain=office.host, tenant=office, is_primary=True)
            office_setup_run(office)  # its country is known only now
    except IntegrityError:
        # Another signup took the same slug between our check and our write.
        raise ApplicationError(_("This address is already taken.")) from None
    return office


@transaction.atomic
def office_state_set(*, office: Office, state: str) -> Office:
    """Suspend, reactivate or close an office (suspended offices answer with a 503 page)."""
    if state not in {Office.State.ACTIVE, Office.State.SUSPENDED, Office.State.CLOSED}:
        raise ApplicationError(_("Unknown office state."))
    if office.state == Office.State.POOLED or office.is_template:
        raise ApplicationError(_("This office cannot be changed."))
    if office.state != state:
        office.state = state
        office.save(update_fields=["state", "updated_at"])
    return office


@transaction.atomic
def office_slug_change(*, office: Office, slug: str) -> Office:
    """Rename the subdomain; the schema stays, the old host stops answering."""
    slug = slug.strip().lower()
    validate_office_slug(slug)
    if Office.objects.filter(slug=slug).exclude(pk=office.pk).exists():
        raise ApplicationError(_("This address is already taken."))
    old_host = office.host
    office.slug = slug
    office.full_clean()
    office.save(update_fields=["slug", "updated_at"])
    Domain.objects.filter(tenant=office, domain=old_host).update(domain=office.host)
    return office


@transaction.atomic
def office_domain_add(*, office: Office, domain: str) -> Domain:
    """Route a custom domain (e.g. biuro.example.pl) to the office."""
    domain = domain.strip().lower().rstrip(".")
    if domain == settings.PLATFORM_DOMAIN or domain.endswith("." + settings.PLATFORM_DOMAIN):
        raise ApplicationError(_("Custom domains cannot be under the platform's own domain."))
    if Domain.objects.filter(domain=domain).exists():
        raise ApplicationError(_("This domain is already in use."))
    return Domain.objects.create(domain=domain, tenant=office, is_primary=False)


def office_usage_refresh() -> OfficeUsage:
    """Measure the current office (the connection's schema) and store the figures."""
    from tenants.usage import usage_measure

    office = connection.tenant
    figures = usage_measure(office)
    usage, _created = OfficeUsage.objects.update_or_create(
        office_id=office.pk, defaults={"figures": figures, "refreshed_at": timezone.now()}
    )
    return usage


def office_usage_measure(*, office: Office) -> OfficeUsage:
    """Measure `office` now (the console's "Measure now"; the hourly job does it for all):
    a handful of counts and a walk of its stored files."""
    with tenant_context(office):
        return office_usage_refresh()


OFFICE_EDITABLE_FIELDS = (
    "name", "country", "language", "currency", "time_zone", "logo", "staff_two_factor_required",
)  # fmt: skip


@transaction.atomic
def office_update(*, office: Office, actor, data: dict) -> dict:
    """Change the office's name, country, language, currency, time zone or logo (its storage
    name; Administration > General); returns the changes, audited in the office's log as
    {field: [old, new]}.

    The next request reads the row again (routing does not cache it), so the new time zone
    and currency show from then on."""
    office = Office.objects.select_for_update().get(pk=office.pk)
    changes = audit_diff(office, data, OFFICE_EDITABLE_FIELDS)
    if not changes:
        return {}
    office.full_clean(exclude=["slug", "schema_name"])
    office.save(update_fields=[*changes, "updated_at"])
    audit_record(action="office.updated", actor=actor, target=office, changes=changes)
    return changes
