"""Import from XLSX/CSV: mapping, preview, all-or-nothing or skip, formula injection."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from accounts.models import Role
from common.exceptions import ApplicationError
from modules.audit.models import AuditEntry
from modules.clients.models import Client, ClientImport, ContactPerson, CustomField
from modules.clients.services import imports
from modules.clients.services.imports import (
    client_import_configure,
    client_import_preview,
    client_import_run,
    client_import_start,
    client_import_upload,
)
from tests.helpers.matrix import check_permission_matrix
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.clients.factories import ClientFactory

HEADER = [
    "Nazwa firmy",
    "NIP",
    "Ulica",
    "Kod pocztowy",
    "Miasto",
    "Imię",
    "Nazwisko",
    "Telefon osoby",
    "Pakiet",
]
GOOD = [
    [
        "Zielony Las sp. z o.o.",
        "526-025-02-74",
        "ul. Leśna 12",
        "00-950",
        "Warszawa",
        "Marek",
        "Zieliński",
        "+48 601 234 567",
        "Premium",
    ],
    [
        "Kowalski Consulting",
        "7740001454",
        "ul. Długa 1",
        "31-120",
        "Kraków",
        "Jan",
        "Kowalski",
        "",
        "",
    ],
]


def _xlsx(rows) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    stream = io.BytesIO()
    workbook.save(stream)
    return SimpleUploadedFile("klienci.xlsx", stream.getvalue())


def _csv(rows, encoding="utf-8") -> SimpleUploadedFile:
    text = "\n".join(";".join(row) for row in rows)
    return SimpleUploadedFile("klienci.csv", text.encode(encoding))


@pytest.fixture
def admin(office_a):
    return member(office_a, Role.ADMIN)


@pytest.fixture
def existing(in_office_a):
    return ClientFactory(name="Istniejąca Firma", code="IST-001")


def _run(upload, admin, mode="all", language="en"):
    job = client_import_upload(upload=upload, actor=admin, language=language)
    client_import_configure(job=job, mapping=job.mapping, mode=mode)
    return client_import_run(import_id=job.pk)


def test_xlsx_import_guesses_columns_and_imports_everything(in_office_a, admin):
    CustomField.objects.create(name="Pakiet")
    job = client_import_upload(upload=_xlsx([HEADER, *GOOD]), actor=admin, language="en")
    assert job.mapping == {
        "0": "name",
        "1": "nip",
        "2": "registered.street",
        "3": "registered.postal_code",
        "4": "registered.city",
        "5": "contact.first_name",
        "6": "contact.last_name",
        "7": "contact.phone",
        "8": f"custom.{CustomField.objects.get().pk}",
    }
    job = client_import_run(import_id=job.pk)
    assert (job.status, job.imported_count, job.errors) == ("done", 2, [])
    zielony = Client.objects.get(name="Zielony Las sp. z o.o.")
    assert (zielony.code, zielony.nip) == ("ZIE-001", "5260250274")
    assert [str(a) for a in zielony.addresses.all()] == ["ul. Leśna 12, 00-950 Warszawa"]
    assert list(zielony.contacts.values_list("last_name", "phones")) == [
        ("Zieliński", ["+48601234567"])
    ]
    assert list(zielony.custom_values.values_list("value", flat=True)) == ["Premium"]
    assert "lesna" in zielony.search_document
    assert (
        AuditEntry.objects.filter(action="client.created", target_id=str(zielony.pk)).count() == 1
    )


def test_csv_import_in_windows_1250(in_office_a, admin):
    job = _run(_csv([HEADER[:2], ["Łódzka Spółka", "5260250274"]], encoding="cp1250"), admin)
    assert job.status == "done"
    assert list(Client.objects.values_list("name", flat=True)) == ["Łódzka Spółka"]


def test_malformed_xlsx_is_rejected_and_nothing_changes(in_office_a, admin, existing):
    upload = SimpleUploadedFile("klienci.xlsx", b"PK\x03\x04 this is not a workbook")
    with pytest.raises(ApplicationError) as exc:
        client_import_upload(upload=upload, actor=admin, language="en")
    assert exc.value.message == "This file is not a valid Excel workbook (.xlsx)."
    assert list(Client.objects.values_list("name", flat=True)) == ["Istniejąca Firma"]
    assert ClientImport.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty."),
        (b"Nazwa;NIP\n", "The file has a header row but no clients."),
        (b"\x00\x01\x02binary", "This file is not a text (CSV) file."),
    ],
)
def test_empty_and_binary_csv_are_rejected(in_office_a, admin, content, message):
    with pytest.raises(ApplicationError) as exc:
        client_import_upload(
            upload=SimpleUploadedFile("x.csv", content), actor=admin, language="en"
        )
    assert exc.value.message == message


FORMULAS = [
    ['=HYPERLINK("http://evil","x")', "5260250274", "", "", "", "", "", "", ""],
    ["Firma Plus", "7740001454", "@SUM(A1)", "", "", "", "", "", ""],
    ["Firma Minus", "", "", "", "", "Jan", "Nowak", "-2+3+cmd|' /C calc'!A0", ""],
]


def test_formula_injection_imports_nothing_in_all_or_nothing_mode(in_office_a, admin, existing):
    job = _run(_xlsx([HEADER, GOOD[0], *FORMULAS]), admin, mode="all")
    assert job.status == "failed"
    assert job.imported_count == 0
    assert [e["row"] for e in job.errors] == [3, 4, 5]
    assert job.errors[0]["messages"] == [
        "Nazwa firmy: the value starts like a spreadsheet formula (= + - @) and was refused.",
        "Nazwa firmy: This field cannot be blank.",
    ]
    assert list(Client.objects.values_list("name", flat=True)) == ["Istniejąca Firma"]


def test_formula_injection_rows_are_skipped_with_a_report(in_office_a, admin, existing):
    job = _run(_xlsx([HEADER, GOOD[0], *FORMULAS, GOOD[1]]), admin, mode="skip")
    assert (job.status, job.imported_count) == ("done", 2)
    assert [e["row"] for e in job.errors] == [3, 4, 5]
    assert sorted(Client.objects.values_list("name", flat=True)) == [
        "Istniejąca Firma",
        "Kowalski Consulting",
        "Zielony Las sp. z o.o.",
    ]
    assert not ContactPerson.objects.filter(last_name="Nowak").exists()


def test_excel_formula_cells_are_refused(in_office_a, admin):
    workbook = Workbook()
    workbook.active.append(["Nazwa firmy", "Telefon"])
    workbook.active.append(["Firma", "=1+2"])
    stream = io.BytesIO()
    workbook.save(stream)
    job = _run(SimpleUploadedFile("f.xlsx", stream.getvalue()), admin)
    assert job.status == "failed"
    assert job.errors == [
        {
            "row": 2,
            "messages": [
                "Telefon: the value starts like a spreadsheet formula (= + - @) and was refused."
            ],
        }
    ]


def test_exported_apostrophe_form_imports_as_text(in_office_a, admin):
    job = _run(_csv([["Nazwa firmy", "Uwagi"], ["Firma", "'=to nie formuła"]]), admin)
    assert job.status == "done"
    assert Client.objects.get().notes == "=to nie formuła"


def test_row_errors_are_in_the_language_of_the_person_importing(in_office_a, admin):
    rows = [["Nazwa firmy", "NIP", "Kod klienta"], ["Firma", "1234567890", "ZL 1"]]
    job = _run(_csv(rows), admin, language="pl")
    assert job.status == "failed"
    assert job.errors[0]["messages"] == [
        "Kod klienta: Kod klienta to do 16 wielkich liter, cyfr i myślników.",
        "NIP: Ten NIP jest nieprawidłowy (błędna cyfra kontrolna).",
    ]


def test_duplicate_codes_in_file_and_card_file(in_office_a, admin, existing):
    rows = [["Nazwa", "Kod"], ["A", "IST-001"], ["B", "NEW-1"], ["C", "new-1"]]
    job = _run(_csv(rows), admin, mode="skip")
    assert job.imported_count == 1
    assert job.errors == [
        {"row": 2, "messages": ["Kod: the code IST-001 is already used."]},
        {"row": 4, "messages": ["Kod: the code NEW-1 is already used."]},
    ]


def test_preview_writes_nothing(in_office_a, admin):
    job = client_import_upload(
        upload=_xlsx([HEADER, GOOD[0], FORMULAS[0]]), actor=admin, language="en"
    )
    preview = client_import_preview(job=job)
    assert [(r.number, bool(r.errors)) for r in preview] == [(2, False), (3, True)]
    assert Client.objects.count() == 0


def test_large_file_runs_in_the_worker(
    in_office_a, admin, monkeypatch, django_capture_on_commit_callbacks
):
    from modules.clients.tasks import client_import_run_task

    monkeypatch.setattr(imports, "SYNC_ROW_LIMIT", 1)
    sent = []
    monkeypatch.setattr(client_import_run_task, "send", lambda *args: sent.append(args))
    job = client_import_upload(upload=_xlsx([HEADER, *GOOD]), actor=admin, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        job = client_import_start(job=job, actor=admin)
    assert job.status == "queued"
    assert sent == [(job.pk,)]
    client_import_run_task.fn(job.pk)
    job.refresh_from_db()
    assert (job.status, job.imported_count) == ("done", 2)
    client_import_run_task.fn(job.pk)  # idempotent
    assert Client.objects.count() == 2


def test_an_import_whose_worker_died_is_swept_and_imported_once(
    in_office_a, admin, monkeypatch, django_capture_on_commit_callbacks
):
    import datetime

    from django.utils import timezone

    from modules.clients.tasks import client_import_run_task

    monkeypatch.setattr(imports, "SYNC_ROW_LIMIT", 1)
    sent = []
    monkeypatch.setattr(client_import_run_task, "send", lambda *args: sent.append(args))
    job = client_import_upload(upload=_xlsx([HEADER, *GOOD]), actor=admin, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        job = client_import_start(job=job, actor=admin)
    assert imports.client_import_requeue_stale() == 0  # queued a moment ago: on its way
    # What a worker killed (kill -9) mid-run leaves: running, nothing written (one
    # transaction), not touched for longer than the task's time limit.
    ClientImport.objects.filter(pk=job.pk).update(
        status="running", updated_at=timezone.now() - datetime.timedelta(minutes=40)
    )
    assert imports.client_import_requeue_stale() == 1
    assert sent == [(job.pk,), (job.pk,)]
    client_import_run_task.fn(job.pk)
    client_import_run_task.fn(job.pk)  # the first message, delivered again: nothing to do
    job.refresh_from_db()
    assert (job.status, job.imported_count) == ("done", 2)
    assert Client.objects.count() == 2
    assert imports.client_import_requeue_stale() == 0


def test_import_screens_flow_and_progress(office_a, office_b, admin):
    web = OfficeClient(office_a, user=admin)
    web.cookies["vireo_language"] = "en"
    response = web.post("/clients/import/", {"file": _xlsx([HEADER, *GOOD])})
    assert response.status_code == 302
    with in_office(office_a):
        job = ClientImport.objects.get()
    mapping = {f"col_{k}": v for k, v in job.mapping.items()}
    response = web.post(
        f"/clients/import/{job.pk}/", {**mapping, "mode": "skip", "action": "preview"}
    )
    assert response.status_code == 200
    assert response.content.decode().count(">OK<") == 2
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        f"/clients/import/{job.pk}/",
        data={**mapping, "mode": "skip", "action": "start"},
        expect={"anonymous": 302, "client": 403, "staff": 403, "other_office": 403},
        unchanged=lambda: Client.objects.count() == 0,
    )
    response = web.post(
        f"/clients/import/{job.pk}/", {**mapping, "mode": "skip", "action": "start"}
    )
    assert response.status_code == 302
    progress = web.get(f"/clients/import/{job.pk}/progress/", HTTP_HX_REQUEST="true")
    assert 'data-testid="import-done"' in progress.content.decode()
    assert "2 clients imported." in progress.content.decode()
    with in_office(office_a):
        assert Client.objects.count() == 2


def test_upload_of_a_wrong_file_type_is_refused(office_a, admin):
    web = OfficeClient(office_a, user=admin)
    web.cookies["vireo_language"] = "en"
    response = web.post("/clients/import/", {"file": SimpleUploadedFile("x.pdf", b"%PDF")})
    assert response.status_code == 400
    assert "Only .xlsx and .csv files can be imported." in response.content.decode()


def test_the_plans_cap_on_clients_holds_for_a_file_and_for_one(office_a, in_office_a, admin):
    """The Start plan sells 50 clients: with 49 in the office, a file of two is refused
    whole, with what to do, and nothing is written; one more client by hand is the 50th,
    the 51st is refused (an ended client no longer counts)."""
    from common.exceptions import ApplicationError
    from modules.clients.services.clients import client_create
    from tests.platform.subscriptions.factories import subscription_for

    subscription_for(office_a, plan="start")
    for n in range(49):
        ClientFactory(name=f"Firma {n}")
    ClientFactory(name="Zakończona", status=Client.Status.ENDED)
    job = _run(_xlsx([HEADER, *GOOD]), admin)
    assert (job.status, job.imported_count) == ("failed", 0)
    assert job.errors == [
        {
            "row": 0,
            "messages": [
                "Your Start plan includes 50 clients and 49 are in use. Choose a larger plan "
                "under Subscription to add more."
            ],
        }
    ]
    assert not Client.objects.filter(name="Zielony Las sp. z o.o.").exists()
    client_create(actor=admin, data={"name": "Pięćdziesiąta sp. z o.o."})
    with pytest.raises(ApplicationError) as refused:
        client_create(actor=admin, data={"name": "Pięćdziesiąta pierwsza sp. z o.o."})
    assert refused.value.code == "plan_limit"
    assert Client.objects.exclude(status=Client.Status.ENDED).count() == 50
