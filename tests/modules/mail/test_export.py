import datetime as dt
import io
from decimal import Decimal

from openpyxl import load_workbook

from modules.mail.selectors import MailFilters
from modules.mail.services import mail_update
from modules.mail.services.exports import mail_export_run, mail_export_start
from tests.helpers.offices import in_office
from tests.modules.clients.factories import ClientFactory
from tests.modules.mail.factories import item_register, status


def _sheet(content: bytes):
    workbook = load_workbook(io.BytesIO(content))
    return workbook.worksheets[0]


def test_export_cell_by_cell_with_pickup_and_formula_safety(office_a, client_a):
    with in_office(office_a):
        client = ClientFactory(name='=HYPERLINK("http://evil")', code="EVIL-1")
        item = item_register(
            client=client,
            sender="+48 600 100 200",
            tracking_number="@SUM(A1)",
            notes="-2+3",
            additional_info="Pilne",
            additional_cost=Decimal("7.50"),
            pieces=3,
            received_at=dt.datetime(2026, 3, 2, 8, 30, tzinfo=dt.UTC),
        )
        mail_update(item=item, actor=None, data={"status": status("picked_up")})
        item.refresh_from_db()
        item.picked_up_by = "Jan Kowalski"
        item.pickup_method = "confirmed"
        item.save(update_fields=["picked_up_by", "pickup_method"])
    response = client_a.get("/mail/export/", {"client": client.pk})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = _sheet(response.content)
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[0] == (
        "Number",
        "Direction",
        "Received / sent",
        "Client code",
        "Client",
        "Sender",
        "Recipient",
        "Type",
        "Pieces",
        "Tracking number",
        "Status",
        "Additional information",
        "Additional cost",
        "Currency",
        "Notes",
        "Scans",
        "Notification",
        "Notified at",
        "Picked up at",
        "Picked up by",
        "Pickup method",
    )
    local_pickup = item.picked_up_at.astimezone(dt.timezone(dt.timedelta(hours=1)))
    # openpyxl reads a time back to the millisecond, rounded: 30.9996 s comes back as 31 s.
    assert abs(rows[1][18] - local_pickup.replace(tzinfo=None)) <= dt.timedelta(milliseconds=1)
    assert rows[1] == (
        item.number,
        "Incoming",
        dt.datetime(2026, 3, 2, 9, 30),
        "EVIL-1",
        '\'=HYPERLINK("http://evil")',
        "'+48 600 100 200",
        None,
        "Letter",
        3,
        "'@SUM(A1)",
        "Picked up",
        "Pilne",
        7.5,
        office_a.currency,
        "'-2+3",
        0,
        "No notification",
        None,
        rows[1][18],  # compared above
        "Jan Kowalski",
        "Pickup confirmed",
    )
    for cell in next(sheet.iter_rows(min_row=2, max_row=2)):
        assert cell.data_type != "f"


def test_big_export_runs_in_the_background_with_progress(office_a, staff_a):
    from accounts.models import Role
    from tests.helpers.offices import OfficeClient, member

    colleague = OfficeClient(office_a, user=member(office_a, Role.STAFF))
    with in_office(office_a):
        client = ClientFactory()
        items = [item_register(client=client) for _ in range(3)]
        export = mail_export_start(
            actor=staff_a, filters=MailFilters(client_id=client.pk), total=3, language="en"
        )
    # Only the person who started it sees it; the worker's job is run here directly.
    web = OfficeClient(office_a, user=staff_a)
    page = web.get(f"/mail/exports/{export.pk}/")
    assert page.status_code == 200 and b"0 of 3" in page.content
    assert colleague.get(f"/mail/exports/{export.pk}/").status_code == 404
    with in_office(office_a):
        done = mail_export_run(export_id=export.pk)
    assert done.status == "done" and done.done == 3
    page = web.get(f"/mail/exports/{export.pk}/", HTTP_HX_REQUEST="true")
    assert b'data-testid="export-download"' in page.content
    response = web.get(f"/mail/exports/{export.pk}/download/")
    rows = list(_sheet(b"".join(response.streaming_content)).iter_rows(values_only=True))
    assert sorted(r[0] for r in rows[1:]) == sorted(i.number for i in items)
    assert colleague.get(f"/mail/exports/{export.pk}/download/").status_code == 404


def test_xlsx_stream_writes_every_kind_of_value_and_escapes_text(tmp_path):
    import datetime as dt
    from decimal import Decimal

    import openpyxl
    from django.utils.functional import lazy
    from django.utils.safestring import mark_safe

    from modules.mail.xlsx import XlsxStream

    lazy_text = lazy(lambda: "Przesyłka", str)()
    path = tmp_path / "kinds.xlsx"
    with path.open("wb") as stream, XlsxStream(stream, sheet="Kinds <&>") as xlsx:
        xlsx.header(["text", "int", "when", "money", "flag", "ratio", "lazy", "safe"])
        xlsx.row(
            [
                "A & B <c>\x01\x1f",
                7,
                dt.datetime(2026, 3, 2, 13, 30),
                Decimal("12.50"),
                True,
                0.25,
                lazy_text,
                mark_safe("<b>x</b>"),
            ]
        )
        xlsx.row(["", None, None, None, False, None, "", "plain"])
    sheet = openpyxl.load_workbook(path).active
    assert sheet.title == "Kinds <&>"
    assert [c.value for c in sheet[1]] == [
        "text", "int", "when", "money", "flag", "ratio", "lazy", "safe",
    ]  # fmt: skip
    assert [c.value for c in sheet[2]] == [
        "A & B <c>",
        7,
        dt.datetime(2026, 3, 2, 13, 30),
        12.5,
        True,
        0.25,
        "Przesyłka",
        "<b>x</b>",
    ]
    assert sheet["C2"].number_format == "yyyy-mm-dd hh:mm"
    assert [c.value for c in sheet[3]] == [None, None, None, None, False, None, None, "plain"]
    assert sheet["A1"].font.b
