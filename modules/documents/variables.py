"""The variables a document template may use, and their values for one client.

Flat names of plain values (the notification sandbox refuses model objects and dotted
lookups), in three groups: the client (card, addresses, contacts, current package), the
office (Administration > General) and the document (number, date, title, and the template's
own free fields, asked when a document is generated)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from modules.billing.selectors import assignment_current
from modules.office.services import office_profile_get

CLIENT_VARIABLES = {
    "client_name": _("Client company"),
    "client_legal_form": _("Legal form"),
    "client_code": _("Client code"),
    "client_nip": "NIP",
    "client_regon": "REGON",
    "client_krs": "KRS",
    "client_ico": "IČO",
    "client_dic": "DIČ",
    "client_ic_dph": "IČ DPH",
    "client_email": _("Company e-mail"),
    "client_phone": _("Company phone"),
    "client_address": _("Registered seat (address)"),
    "client_correspondence_address": _("Correspondence address"),
    "client_contact_name": _("First contact person"),
    "client_contacts": _("Contact persons (a list, for a loop)"),
    "client_contract_start": _("Contract start"),
    "client_contract_end": _("Contract end"),
    "package_name": _("Package"),
    "package_price": _("Package price (net)"),
    "package_frequency": _("Billing frequency"),
    "package_contract_months": _("Contract duration (months)"),
    "package_notice_months": _("Notice (months)"),
    "package_starts_on": _("Package from"),
}
OFFICE_VARIABLES = {
    "office_name": _("Name of the office"),
    "office_legal_name": _("Office: legal name"),
    "office_address": _("Office: address"),
    "office_street": _("Office: street and number"),
    "office_postal_code": _("Office: postal code"),
    "office_city": _("Office: city"),
    "office_nip": _("Office: NIP"),
    "office_ico": _("Office: IČO"),
    "office_dic": _("Office: DIČ"),
    "office_ic_dph": _("Office: IČ DPH"),
    "office_iban": _("Office: bank account (IBAN)"),
    "office_email": _("Office: e-mail"),
    "office_phone": _("Office: phone"),
    "office_currency": _("Office: currency"),
}
DOCUMENT_VARIABLES = {
    "document_number": _("Document number"),
    "document_date": _("Document date"),
    "document_title": pgettext_lazy("document", "Title"),
}
GROUPS = (
    ("client", _("Client"), CLIENT_VARIABLES),
    ("office", _("Office"), OFFICE_VARIABLES),
    ("document", _("Document"), DOCUMENT_VARIABLES),
)
BUILTIN = {**CLIENT_VARIABLES, **OFFICE_VARIABLES, **DOCUMENT_VARIABLES}
# The tax and register identifiers of each country: the editor lists the office country's
# only (a Slovak office has no NIP, REGON or KRS). Every variable still works in any template.
COUNTRY_IDENTIFIERS = {
    "PL": ("client_nip", "client_regon", "client_krs", "office_nip"),
    "SK": (
        "client_ico",
        "client_dic",
        "client_ic_dph",
        "office_ico",
        "office_dic",
        "office_ic_dph",
    ),
}
IDENTIFIERS = {name for names in COUNTRY_IDENTIFIERS.values() for name in names}


def variable_groups(*, country: str) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """The editor's list by group: (key, label, [(name, label)]), with the identifiers of
    `country` only (all of them for a country without its own list)."""
    own = set(COUNTRY_IDENTIFIERS.get(country, IDENTIFIERS))
    return [
        (key, label, [(n, t) for n, t in names.items() if n not in IDENTIFIERS or n in own])
        for key, label, names in GROUPS
    ]


FIELD_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")

SAMPLE = {
    "client_name": "Alfa Consulting sp. z o.o.",
    "client_legal_form": "sp. z o.o.",
    "client_code": "K-0042",
    "client_nip": "5252248481",
    "client_regon": "140000000",
    "client_krs": "0000123456",
    "client_ico": "",
    "client_dic": "",
    "client_ic_dph": "",
    "client_email": "biuro@alfa.example.com",
    "client_phone": "+48 600 100 200",
    "client_address": "ul. Prosta 1, 00-838 Warszawa",
    "client_correspondence_address": "ul. Długa 5, 00-001 Warszawa",
    "client_contact_name": "Anna Nowak",
    "client_contacts": ["Anna Nowak", "Jan Kowalski"],
    "client_contract_start": dt.date(2026, 1, 1),
    "client_contract_end": None,
    "package_name": "Standard",
    "package_price": Decimal("199.00"),
    "package_frequency": "miesięcznie",
    "package_contract_months": 12,
    "package_notice_months": 1,
    "package_starts_on": dt.date(2026, 1, 1),
    "office_name": "Biuro Wirtualne Demo",
    "office_legal_name": "Biuro Wirtualne Demo sp. z o.o.",
    "office_address": "ul. Marszałkowska 1, 00-001 Warszawa",
    "office_street": "ul. Marszałkowska 1",
    "office_postal_code": "00-001",
    "office_city": "Warszawa",
    "office_nip": "5260250995",
    "office_ico": "",
    "office_dic": "",
    "office_ic_dph": "",
    "office_iban": "PL61 1090 1014 0000 0712 1981 2874",
    "office_email": "biuro@demo.example.com",
    "office_phone": "+48 22 100 20 30",
    "office_currency": "PLN",
    "document_number": "DOK/2026/0001",
    "document_date": dt.date(2026, 3, 2),
    "document_title": "Umowa",
}
SAMPLE_SK = {
    **SAMPLE,
    "client_name": "Alfa Consulting s.r.o.",
    "client_legal_form": "s.r.o.",
    "client_nip": "",
    "client_regon": "",
    "client_krs": "",
    "client_ico": "50123456",
    "client_dic": "2120123456",
    "client_ic_dph": "SK2120123456",
    "client_email": "kancelaria@alfa.example.com",
    "client_phone": "+421 902 100 200",
    "client_address": "Obchodná 1, 811 06 Bratislava",
    "client_correspondence_address": "Dlhá 5, 949 01 Nitra",
    "client_contact_name": "Anna Nováková",
    "client_contacts": ["Anna Nováková", "Ján Kováč"],
    "package_frequency": "mesačne",
    "office_name": "Virtuálna kancelária Demo",
    "office_legal_name": "Virtuálna kancelária Demo s.r.o.",
    "office_address": "Panská 1, 811 01 Bratislava",
    "office_street": "Panská 1",
    "office_postal_code": "811 01",
    "office_city": "Bratislava",
    "office_nip": "",
    "office_ico": "50987654",
    "office_dic": "2120987654",
    "office_ic_dph": "SK2120987654",
    "office_iban": "SK31 1200 0000 1987 4263 7541",
    "office_email": "kancelaria@demo.example.com",
    "office_phone": "+421 2 1020 3040",
    "office_currency": "EUR",
    "document_number": "DOK/2026/0001",
    "document_title": "Zmluva",
}
SAMPLE_EN = {"package_frequency": "monthly", "document_title": "Agreement"}


def sample_values(*, language: str, office) -> dict:
    """The editor's preview values: examples of the template's language (a Slovak template
    previews a Slovak company with IČO, DIČ and IČ DPH; an English one the office country's
    identifiers), with the office's own name and currency."""
    country = getattr(office, "country", "PL")
    if language == "sk" or (language not in ("pl", "sk") and country == "SK"):
        values = dict(SAMPLE_SK)
    else:
        values = dict(SAMPLE)
    if language not in ("pl", "sk"):
        values.update(SAMPLE_EN)
    values["office_name"] = getattr(office, "name", "") or values["office_name"]
    values["office_currency"] = getattr(office, "currency", "") or values["office_currency"]
    return values


# Typed free fields (`key (type): Label`). A text field is asked as text; a date field with
# the browser's date picker and enters the template as a date (printed as the document's
# language writes one: "1 lipca 2026", "1. júla 2026"; `|date:"d.m.Y"` as any date); a
# package field is a choice of the office's packages and gives three variables: the
# package's name (`key`), its price (`key_price`, net) and billing frequency
# (`key_frequency`), so an annex can name the NEW package, not the client's current one.
TEXT, DATE, PACKAGE = "text", "date", "package"
FIELD_TYPES = (TEXT, DATE, PACKAGE)
# The words a type may be typed with, in each language the editor speaks.
FIELD_TYPE_WORDS = {
    "text": TEXT,
    "tekst": TEXT,
    "date": DATE,
    "data": DATE,
    "dátum": DATE,
    "package": PACKAGE,
    "pakiet": PACKAGE,
    "balík": PACKAGE,
}
PACKAGE_PARTS = {
    "": None,  # the package's name: the field's own label
    "_price": _("price (net)"),
    "_frequency": _("billing frequency"),
}


def field_type(field: dict) -> str:
    return field.get("type") or TEXT


def field_variables(field: dict) -> dict:
    """The names one free field gives a template, with their descriptions."""
    if field_type(field) != PACKAGE:
        return {field["key"]: field["label"]}
    return {
        field["key"] + suffix: field["label"] if part is None else f"{field['label']}: {part}"
        for suffix, part in PACKAGE_PARTS.items()
    }


def template_variables(fields: list[dict]) -> dict:
    """Every name a template with these free fields may use."""
    names = dict(BUILTIN)
    for field in fields:
        names.update(field_variables(field))
    return names


def field_sample(field: dict, language: str) -> dict:
    """The editor's preview values of one free field."""
    kind = field_type(field)
    if kind == DATE:
        return {field["key"]: dt.date(2026, 4, 1)}
    if kind == PACKAGE:
        frequency = {"pl": "miesięcznie", "sk": "mesačne"}.get(language, "monthly")
        return {
            field["key"]: "Premium",
            field["key"] + "_price": Decimal("249.00"),
            field["key"] + "_frequency": frequency,
        }
    return {field["key"]: f"[{field['label']}]"}


def package_fields_empty(fields: list[dict], values: dict) -> list[dict]:
    """The package fields with no value kept: left empty, or not asked when the document was
    generated (an annex from the template before migration 0007, which had no such field)."""
    return [
        field
        for field in fields
        if field_type(field) == PACKAGE and not str(values.get(field["key"], "") or "").strip()
    ]


def field_values_context(fields: list[dict], values: dict, packages: dict) -> dict:
    """The template's variables from the stored values of its free fields: text as typed,
    a date (stored ISO) as a date (text kept from before the field was a date as that
    text), a package (stored by id; `packages` = {id: Package}) as
    its name, price and frequency, read when the document is printed (under the document's
    language: the frequency is a word). An empty or unknown value prints nothing."""
    context = {}
    for field in fields:
        key, kind, value = field["key"], field_type(field), values.get(field["key"], "")
        if kind == DATE:
            try:
                context[key] = dt.date.fromisoformat(value) if value else None
            except ValueError:  # typed before the field was a date (an old annex): as typed
                context[key] = value
        elif kind == PACKAGE:
            package = packages.get(int(value)) if str(value).isdigit() else None
            context.update(
                {
                    key: package.name if package else "",
                    key + "_price": package.price if package else None,
                    key + "_frequency": str(package.get_frequency_display()) if package else "",
                }
            )
        else:
            context[key] = value
    return context


def _address(row) -> str:
    if row is None:
        return ""
    place = " ".join(p for p in (row.postal_code, row.city) if p)
    return ", ".join(p for p in (row.street, place) if p)


def client_values(client, *, day: dt.date) -> dict:
    addresses = {a.kind: a for a in sorted(client.addresses.all(), key=lambda a: a.pk)}
    contacts = [
        " ".join(p for p in (c.first_name, c.last_name) if p)
        for c in sorted(client.contacts.all(), key=lambda c: c.pk)
    ]
    assignment = assignment_current(client_id=client.pk, day=day)
    values = {
        "client_name": client.legal_name,  # "Čerešňa Účtovníctvo s.r.o." (clients' rule)
        "client_legal_form": client.legal_form,
        "client_code": client.code or "",
        "client_nip": client.nip,
        "client_regon": client.regon,
        "client_krs": client.krs,
        "client_ico": client.ico,
        "client_dic": client.dic,
        "client_ic_dph": client.ic_dph,
        "client_email": client.email,
        "client_phone": client.phone,
        "client_address": _address(addresses.get("registered")),
        "client_correspondence_address": _address(addresses.get("correspondence")),
        "client_contact_name": contacts[0] if contacts else "",
        "client_contacts": contacts,
        "client_contract_start": client.contract_start,
        "client_contract_end": client.contract_end,
        "package_name": "",
        "package_price": None,
        "package_frequency": "",
        "package_contract_months": None,
        "package_notice_months": None,
        "package_starts_on": None,
    }
    if assignment is not None:
        package = assignment.package
        values.update(
            package_name=package.name,
            package_price=assignment.term("price"),
            package_frequency=str(package.get_frequency_display()),
            package_contract_months=package.contract_months,
            package_notice_months=package.notice_months,
            package_starts_on=assignment.starts_on,
        )
    return values


def office_values() -> dict:
    office = getattr(connection, "tenant", None)
    profile = office_profile_get()
    place = " ".join(p for p in (profile.postal_code, profile.city) if p)
    return {
        "office_name": getattr(office, "name", ""),
        "office_legal_name": profile.legal_name or getattr(office, "name", ""),
        "office_address": ", ".join(p for p in (profile.street, place) if p),
        "office_street": profile.street,
        "office_postal_code": profile.postal_code,
        "office_city": profile.city,
        "office_nip": profile.nip,
        "office_ico": profile.ico,
        "office_dic": profile.dic,
        "office_ic_dph": profile.ic_dph,
        "office_iban": profile.iban_display if profile.iban else "",
        "office_email": profile.email,
        "office_phone": profile.phone_display if profile.phone else "",
        "office_currency": getattr(office, "currency", ""),
    }


def document_values(*, number: str, title: str, day: dt.date | None = None) -> dict:
    return {
        "document_number": number,
        "document_date": day or timezone.localdate(),
        "document_title": title,
    }
