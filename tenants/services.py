"""Creating and changing offices. Every write to Office/Domain goes through here."""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import schema_exists

from common.exceptions import ApplicationError
from tenants.clone import schema_clone
from tenants.models import Domain, Office, OfficeUsage
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
    schema_clone(source=settings.TENANT_BASE_SCHEMA, target=schema_name)
    # The clone carries the template's django_migrations rows. Running migrate (not --fake)
    # applies anything the template might lack, so a stale template can never produce an
    # office that claims migrations it does not have; when the template is current it only
    # compares the plan.
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
        office = Office(
            name=name.strip(),
            slug=slug,
            country=country,
            language=language or default_language,
            currency=currency or default_currency,
            time_zone=time_zone or default_tz,
        )
        # The schema name comes from the row's own id, taken before the insert.
        with connection.cursor() as cursor:
            cursor.execute("SELECT nextval(pg_get_serial_sequence('tenants_office', 'id'))")
            office.pk = cursor.fetchone()[0]
        office.schema_name = f"t_{office.pk}"
        office.full_clean()
        office.save(force_insert=True)
        Domain.objects.create(domain=office.host, tenant=office, is_primary=True)
        # DDL is transactional in PostgreSQL: a failure below leaves no row and no schema.
        if clone:
            office_template_ensure()
            _schema_create_by_cloning(office.schema_name)
        else:
            _schema_create_by_migrating(office.schema_name)
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
