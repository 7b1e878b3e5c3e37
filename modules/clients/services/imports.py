"""Importing clients from XLSX/CSV: upload, column mapping, preview, run (C1, issue 4 §3).

Nothing is ever half-imported: rows are checked first, then every valid row is written in
one transaction. With ALL_OR_NOTHING any error imports nothing; with SKIP_BAD_ROWS the bad
rows are left out and listed. Errors are written in the language of the person importing.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.exceptions import ApplicationError
from common.jobs import job_rows_requeue_stale, job_send_on_commit
from common.storage import office_local_copy, office_save, spool_dir
from modules.audit.services import audit_record
from modules.clients.models import (
    Client,
    ClientAddress,
    ClientImport,
    ContactPerson,
    CustomField,
    CustomFieldValue,
)
from modules.clients.selectors import client_defaults
from modules.clients.services.clients import (
    _contact_validate,
    contact_recipients,
    custom_value_check,
)
from modules.clients.services.search import client_search_refresh
from modules.clients.spreadsheets import MAX_ROWS, FormulaRefused, cell_import_check, rows_read
from modules.notifications.services import recipient_add_many
from subscriptions.access import plan_limit_check

# Files with more rows than this are imported by the worker, with a progress bar.
SYNC_ROW_LIMIT = 300
PREVIEW_ROWS = 20
_BATCH = 2000

CLIENT_TARGETS = {
    "name": gettext_lazy("Company name"),
    "legal_form": gettext_lazy("Legal form"),
    "code": gettext_lazy("Client code"),
    "country": gettext_lazy("Country"),
    "nip": "NIP",
    "regon": "REGON",
    "krs": "KRS",
    "ico": "IČO",
    "dic": "DIČ",
    "ic_dph": "IČ DPH",
    "vat_number": gettext_lazy("VAT number"),
    "email": gettext_lazy("Company e-mail"),
    "phone": gettext_lazy("Company phone"),
    "status": gettext_lazy("Status"),
    "contract_start": gettext_lazy("Contract start"),
    "contract_end": gettext_lazy("Contract end"),
    "language": gettext_lazy("Notification language"),
    "notes": gettext_lazy("Notes"),
}
ADDRESS_TARGETS = {
    "registered": gettext_lazy("Registered seat"),
    "correspondence": gettext_lazy("Correspondence address"),
}
ADDRESS_PARTS = {
    "street": gettext_lazy("street"),
    "postal_code": gettext_lazy("postal code"),
    "city": gettext_lazy("city"),
}
CONTACT_TARGETS = {
    "contact.first_name": gettext_lazy("Contact person: first name"),
    "contact.last_name": gettext_lazy("Contact person: last name"),
    "contact.role": gettext_lazy("Contact person: role"),
    "contact.email": gettext_lazy("Contact person: e-mail"),
    "contact.phone": gettext_lazy("Contact person: phone"),
    "contact.pickup": gettext_lazy("Contact person: authorised to pick up mail"),
}

# Column names people actually use, unaccented and lower-cased, in the three languages.
_GUESSES = {
    "name": (
        "nazwa",
        "nazwa firmy",
        "firma",
        "company",
        "company name",
        "name",
        "nazov",
        "nazov firmy",
        "obchodne meno",
        "klient",
        "client",
    ),
    "legal_form": ("forma prawna", "legal form", "pravna forma"),
    "code": ("kod", "kod klienta", "code", "client code", "symbol"),
    "country": ("kraj", "country", "krajina", "stat"),
    "nip": ("nip",),
    "regon": ("regon",),
    "krs": ("krs",),
    "ico": ("ico",),
    "dic": ("dic",),
    "ic_dph": ("ic dph", "icdph", "vat id"),
    "vat_number": ("vat number", "numer vat", "cislo dph"),
    "email": ("email", "e-mail", "mail", "email firmy"),
    "phone": ("telefon", "phone", "tel", "tel."),
    "status": ("status", "stav"),
    "contract_start": ("poczatek umowy", "contract start", "zaciatok zmluvy", "od"),
    "contract_end": ("koniec umowy", "contract end", "koniec zmluvy", "do"),
    "language": ("jezyk", "language", "jazyk"),
    "notes": ("uwagi", "notatki", "notes", "poznamky"),
    "registered.street": ("ulica", "adres", "street", "address", "sidlo", "adresa"),
    "registered.postal_code": ("kod pocztowy", "postal code", "zip", "psc"),
    "registered.city": ("miasto", "miejscowosc", "city", "mesto", "obec"),
    "contact.first_name": ("imie", "first name", "meno"),
    "contact.last_name": (
        "nazwisko",
        "last name",
        "surname",
        "priezvisko",
        "osoba kontaktowa",
        "kontaktna osoba",
        "contact person",
    ),
    "contact.role": ("stanowisko", "funkcia", "role"),
    "contact.email": ("email osoby", "contact email", "email kontaktu"),
    "contact.phone": ("telefon osoby", "contact phone", "telefon kontaktu"),
}


def import_targets(custom_fields) -> list[tuple[str, str]]:
    targets = [(k, str(v)) for k, v in CLIENT_TARGETS.items()]
    for kind, label in ADDRESS_TARGETS.items():
        targets += [(f"{kind}.{p}", f"{label}: {plabel}") for p, plabel in ADDRESS_PARTS.items()]
    targets += [(k, str(v)) for k, v in CONTACT_TARGETS.items()]
    targets += [(f"custom.{f.pk}", f.name) for f in custom_fields]
    return targets


def _plain_header(text: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"\s+", " ", re.sub(r"[_:*]", " ", text.lower())).strip()


def mapping_guess(columns: list[str], custom_fields) -> dict[str, str]:
    guesses = {alias: target for target, aliases in _GUESSES.items() for alias in aliases}
    guesses.update({_plain_header(f.name): f"custom.{f.pk}" for f in custom_fields})
    mapping, used = {}, set()
    for index, column in enumerate(columns):
        target = guesses.get(_plain_header(column))
        if target and target not in used:
            mapping[str(index)] = target
            used.add(target)
    return mapping


def client_import_upload(*, upload, actor, language: str) -> ClientImport:
    """Store the file, read its header, count its rows and guess the column mapping."""
    suffix = ".xlsx" if upload.name.lower().endswith(".xlsx") else ".csv"
    # Read from a local copy (openpyxl wants a file); stored once it proves readable.
    path = spool_dir("clients", "imports") / f"{uuid.uuid4().hex}{suffix}"
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    try:
        rows = rows_read(path)
        header = next((r for r in rows if any(r)), None)
        if header is None:
            raise ApplicationError(_("The file is empty."))
        count = sum(1 for r in rows if any(r))
        if count == 0:
            raise ApplicationError(_("The file has a header row but no clients."))
        if count > MAX_ROWS:
            raise ApplicationError(
                _("The file has more than %(max)s rows; split it into smaller files.")
                % {"max": MAX_ROWS}
            )
        with path.open("rb") as handle:
            stored = office_save(f"clients/imports/{path.name}", handle)
    finally:
        path.unlink(missing_ok=True)
    header = [h.strip() for h in header]
    job = ClientImport(
        file_name=upload.name[:255],
        stored_path=stored,
        columns=header,
        row_count=count,
        language=language,
        created_by=actor,
        mapping=mapping_guess(header, CustomField.objects.filter(is_active=True)),
    )
    job.full_clean()
    job.save()
    audit_record(
        action="client.import_uploaded",
        actor=actor,
        target=job,
        changes={"file": job.file_name, "rows": count},
    )
    return job


def client_import_configure(*, job: ClientImport, mapping: dict[str, str], mode: str) -> None:
    if job.status not in (ClientImport.Status.UPLOADED, ClientImport.Status.FAILED):
        raise ApplicationError(_("This import has already been started."))
    job.mapping, job.mode = mapping, mode
    job.full_clean()
    job.save(update_fields=["mapping", "mode", "updated_at"])


# --- checking rows -----------------------------------------------------------------------

_STATUS_WORDS = {
    Client.Status.ACTIVE: ("active", "aktywny", "aktivny", "aktywna", "a"),
    Client.Status.SUSPENDED: ("suspended", "zawieszony", "pozastaveny", "zawieszona", "s"),
    Client.Status.ENDED: ("ended", "zakonczony", "ukonceny", "zakonczona", "e"),
}
_LANGUAGE_WORDS = {
    "pl": ("pl", "polski", "polish", "polsky", "polstina"),
    "sk": ("sk", "slovak", "slowacki", "slovensky", "slovencina"),
    "en": ("en", "english", "angielski", "anglicky", "anglictina"),
}
_COUNTRY_WORDS = {
    "PL": ("pl", "polska", "poland", "polsko"),
    "SK": ("sk", "slowacja", "slovakia", "slovensko"),
    "CZ": ("cz", "czechy", "czechia", "cesko", "czech republic"),
}


def _word(value: str, table: dict, what: str) -> str:
    plain = _plain_header(value)
    for key, words in table.items():
        if plain in words or plain == str(key).lower():
            return str(key)
    raise ValidationError(_("%(value)s is not a known %(what)s.") % {"value": value, "what": what})


def _date(value: str) -> dt.date:
    for pattern in ("%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%dT%H:%M:%S"):
        try:
            return dt.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise ValidationError(_("%(value)s is not a date (use YYYY-MM-DD).") % {"value": value})


@dataclass
class RowResult:
    number: int  # row number in the file, the header being row 1
    values: dict[str, str]
    errors: list[str] = field(default_factory=list)
    client: Client | None = None
    addresses: list[ClientAddress] = field(default_factory=list)
    contacts: list[ContactPerson] = field(default_factory=list)
    custom: dict[int, str] = field(default_factory=dict)


class RowChecker:
    """Turns mapped rows into unsaved objects, collecting translated errors per row."""

    def __init__(self, *, job: ClientImport):
        self.job = job
        self.mapping = {int(k): v for k, v in job.mapping.items()}
        self.columns = job.columns
        self.custom_fields = CustomField.objects.in_bulk()
        self.codes = set(Client.objects.values_list("code", flat=True))
        self.labels = dict(import_targets(self.custom_fields.values()))

    def _label(self, target: str) -> str:
        for index, t in self.mapping.items():
            if t == target and index < len(self.columns) and self.columns[index]:
                return self.columns[index]
        return self.labels.get(target, target)

    def check(self, number: int, row: list[str]) -> RowResult:
        values, result = {}, RowResult(number=number, values={})
        for index, target in self.mapping.items():
            text = row[index] if index < len(row) else ""
            try:
                values[target] = cell_import_check(text)
            except FormulaRefused:
                result.errors.append(
                    _(
                        "%(column)s: the value starts like a spreadsheet formula (= + - @) and "
                        "was refused."
                    )
                    % {"column": self._label(target)}
                )
                values[target] = ""
        result.values = values
        self._client(result)
        return result

    def _field_errors(self, result: RowResult, exc: ValidationError, prefix: str = "") -> None:
        for name, messages in exc.message_dict.items():
            label = self._label(f"{prefix}{name}") if name != "__all__" else ""
            for message in messages:
                result.errors.append(f"{label}: {message}" if label else message)

    def _client(self, result: RowResult) -> None:
        v = result.values
        data = {k: v.get(k, "") for k in CLIENT_TARGETS}
        converted = {}
        for key, table, what in (
            ("status", _STATUS_WORDS, _("status")),
            ("language", _LANGUAGE_WORDS, _("language")),
            ("country", _COUNTRY_WORDS, _("country")),
        ):
            if data[key]:
                try:
                    converted[key] = _word(data[key], table, what)
                except ValidationError as exc:
                    result.errors.append(f"{self._label(key)}: {exc.messages[0]}")
        for key in ("contract_start", "contract_end"):
            if data[key]:
                try:
                    converted[key] = _date(data[key])
                except ValidationError as exc:
                    result.errors.append(f"{self._label(key)}: {exc.messages[0]}")
        # Left empty (or no such column): the office's own country and language, as the
        # new-client form proposes them.
        for key, default in client_defaults().items():
            converted[key] = converted.get(key) or default
        client = Client(
            **{
                k: val
                for k, val in data.items()
                if k not in ("status", "language", "country", "contract_start", "contract_end")
            },
            **{k: val for k, val in converted.items() if val},
        )
        client.code = client.code.strip().upper()
        if client.code and client.code in self.codes:
            result.errors.append(
                _("%(column)s: the code %(code)s is already used.")
                % {"column": self._label("code"), "code": client.code}
            )
        try:
            # Uniqueness is checked against the set of codes (one query per file, not per
            # row); the contract dates are checked by clean().
            client.full_clean(
                exclude=["search_document", "search_vector", "code"]
                if not client.code
                else ["search_document", "search_vector"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as exc:
            self._field_errors(result, exc)
        for kind in ADDRESS_TARGETS:
            parts = {p: v.get(f"{kind}.{p}", "") for p in ADDRESS_PARTS}
            if any(parts.values()):
                address = ClientAddress(kind=kind, country=client.country or "PL", **parts)
                try:
                    address.full_clean(exclude=["client"])
                except ValidationError as exc:
                    self._field_errors(result, exc, prefix=f"{kind}.")
                result.addresses.append(address)
        if v.get("contact.last_name") or v.get("contact.first_name"):
            contact = ContactPerson(
                first_name=v.get("contact.first_name", ""),
                last_name=v.get("contact.last_name", "") or v.get("contact.first_name", ""),
                role=v.get("contact.role", ""),
                emails=[v["contact.email"]] if v.get("contact.email") else [],
                phones=[v["contact.phone"]] if v.get("contact.phone") else [],
                authorised_to_pick_up_mail=_plain_header(v.get("contact.pickup", ""))
                in {"1", "yes", "tak", "ano", "true", "x"},
                receives_notifications=bool(v.get("contact.email")),
            )
            try:
                _contact_validate(contact)
                contact.full_clean(exclude=["client"])
            except ValidationError as exc:
                self._field_errors(result, exc, prefix="contact.")
            result.contacts.append(contact)
        for target, raw in v.items():
            if target.startswith("custom.") and raw:
                custom_field = self.custom_fields.get(int(target.split(".")[1]))
                if custom_field is None:
                    continue
                try:
                    result.custom[custom_field.pk] = custom_value_check(custom_field, raw)
                except ApplicationError as exc:
                    result.errors.append(exc.message)
        if not result.errors:
            if not client.code:
                from modules.clients.services.clients import client_code_generate

                client.code = client_code_generate(name=client.name, taken=self.codes)
            self.codes.add(client.code)
            result.client = client


def _data_rows(job: ClientImport):
    with office_local_copy(job.stored_path) as path:
        header_seen = False
        for number, row in enumerate(rows_read(path), start=1):
            if not any(row):
                continue
            if not header_seen:
                header_seen = True
                continue
            yield number, row


def client_import_preview(*, job: ClientImport, limit: int = PREVIEW_ROWS) -> list[RowResult]:
    """The first rows as they would be imported, with their errors. Writes nothing."""
    checker = RowChecker(job=job)
    results = []
    for number, row in _data_rows(job):
        results.append(checker.check(number, row))
        if len(results) >= limit:
            break
    return results


# --- running -----------------------------------------------------------------------------


def _progress_key(job_id: int) -> str:
    return f"clients:import:{job_id}:progress"


def client_import_progress(*, job: ClientImport) -> dict:
    default = {
        "done": job.row_count if job.status in ("done", "failed") else 0,
        "total": job.row_count,
    }
    return cache.get(_progress_key(job.pk)) or default


@transaction.atomic
def client_import_start(*, job: ClientImport, actor) -> ClientImport:
    """Run a small file now; queue a large one for the worker (progress bar)."""
    job = ClientImport.objects.select_for_update().get(pk=job.pk)
    if job.status not in (ClientImport.Status.UPLOADED, ClientImport.Status.FAILED):
        raise ApplicationError(_("This import has already been started."))
    if "name" not in job.mapping.values():
        raise ApplicationError(_("Choose the column that holds the company name."))
    job.status = ClientImport.Status.QUEUED
    job.errors = []
    job.save(update_fields=["status", "errors", "updated_at"])
    if job.row_count <= SYNC_ROW_LIMIT:
        return client_import_run(import_id=job.pk)
    from modules.clients.tasks import client_import_run_task

    cache.set(_progress_key(job.pk), {"done": 0, "total": job.row_count}, 3600)
    job_send_on_commit(client_import_run_task, job.pk)
    return job


def client_import_run(*, import_id: int) -> ClientImport:
    """Check every row, then write the valid ones in one transaction (idempotent: one run
    claims the job, so a job sent twice - by the sweep and by a message that was not lost
    after all - runs once, and a job that is done is not run again)."""
    claimed = ClientImport.objects.filter(pk=import_id, status__in=_RUNNABLE).update(
        status=ClientImport.Status.RUNNING, updated_at=timezone.now()
    )
    job = ClientImport.objects.select_related("created_by").get(pk=import_id)
    if not claimed:
        return job
    with translation.override(job.language):
        try:
            results, errors = _check_all(job)
        except ApplicationError as exc:
            return _finish(
                job,
                status=ClientImport.Status.FAILED,
                errors=[{"row": 0, "messages": [exc.message]}],
            )
    if errors and job.mode == ClientImport.Mode.ALL_OR_NOTHING:
        return _finish(job, status=ClientImport.Status.FAILED, errors=errors)
    new = [r for r in results if r.client is not None]
    refused = ""
    with transaction.atomic():
        # The plan's cap on clients (client_create's check), for the whole file at once,
        # counted under the lock of the office's Subscription row that this transaction
        # holds until the clients are written: a client added meanwhile cannot overrun it.
        with translation.override(job.language):
            try:
                plan_limit_check(
                    office=connection.tenant, limit="clients", adding=len(new), lock=True
                )
            except ApplicationError as exc:
                refused = exc.message
        if not refused:
            count = _write(job, new)
            return _finish(job, status=ClientImport.Status.DONE, errors=errors, imported=count)
    return _finish(
        job, status=ClientImport.Status.FAILED, errors=[{"row": 0, "messages": [refused]}]
    )


# Started from the screen (uploaded, or failed and started again) or queued for the worker.
_RUNNABLE = (ClientImport.Status.UPLOADED, ClientImport.Status.QUEUED, ClientImport.Status.FAILED)

# A queued job whose message has not started after this long never reached the broker (Redis
# was down); a running one older than the task's time limit lost its worker (kill -9), and
# nothing of it was written (the rows are written in one transaction).
STALE_QUEUED = dt.timedelta(minutes=10)
STALE_RUNNING = dt.timedelta(minutes=35)


def client_import_requeue_stale(
    *, queued_for: dt.timedelta = STALE_QUEUED, running_for: dt.timedelta = STALE_RUNNING
) -> int:
    """The outbox sweep of imports (common.jobs): send again the jobs of this office that
    are queued or running for too long. Returns how many were sent."""
    from modules.clients.tasks import client_import_run_task

    return job_rows_requeue_stale(
        ClientImport, client_import_run_task, queued_for=queued_for, running_for=running_for
    )


def _check_all(job: ClientImport):
    checker = RowChecker(job=job)
    results, errors, key = [], [], _progress_key(job.pk)
    for n, (number, row) in enumerate(_data_rows(job), start=1):
        result = checker.check(number, row)
        if result.errors:
            errors.append({"row": number, "messages": result.errors})
        else:
            results.append(result)
        if n % 500 == 0:
            # Checking is about half the work, saving the other half.
            cache.set(key, {"done": n // 2, "total": job.row_count}, 3600)
    return results, errors


def _write(job: ClientImport, results: list[RowResult]) -> int:
    actor, key, total = job.created_by, _progress_key(job.pk), job.row_count
    for start in range(0, len(results), _BATCH):
        batch = results[start : start + _BATCH]
        Client.objects.bulk_create([r.client for r in batch])
        addresses, contacts, custom = [], [], []
        for r in batch:
            for a in r.addresses:
                a.client_id = r.client.pk
                addresses.append(a)
            for c in r.contacts:
                c.client_id = r.client.pk
                contacts.append(c)
            custom += [
                CustomFieldValue(client_id=r.client.pk, field_id=fid, value=value)
                for fid, value in r.custom.items()
                if value
            ]
        ClientAddress.objects.bulk_create(addresses)
        ContactPerson.objects.bulk_create(contacts)
        CustomFieldValue.objects.bulk_create(custom)
        # The new clients' contacts become their notification recipients (C4), set-based.
        recipient_add_many(
            contacts=[
                {**row, "client_id": r.client.pk, "client_label": r.client.name}
                for r in batch
                for row in contact_recipients(r.client, r.contacts)
            ],
            actor=actor,
        )
        for r in batch:
            audit_record(
                action="client.created",
                actor=actor,
                target=r.client,
                changes={"import": job.file_name},
            )
        client_search_refresh(client_ids=[r.client.pk for r in batch])
        done = total // 2 + (start + len(batch)) * (total - total // 2) // max(len(results), 1)
        cache.set(key, {"done": done, "total": total}, 3600)
    return len(results)


def _finish(job: ClientImport, *, status: str, errors: list, imported: int = 0) -> ClientImport:
    job.status, job.errors, job.imported_count = status, errors, imported
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "errors", "imported_count", "finished_at", "updated_at"])
    audit_record(
        action="client.import_finished",
        actor=job.created_by,
        target=job,
        changes={"status": status, "imported": imported, "rows_with_errors": len(errors)},
    )
    cache.set(_progress_key(job.pk), {"done": job.row_count, "total": job.row_count}, 3600)
    return job
