"""Export of the card file to XLSX (openpyxl write-only: constant memory for any size)."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from common.collation import name_ordering
from common.exports import export_file_name, sheet_prepare
from modules.clients.models import ClientAddress, ContactPerson, CustomFieldValue
from modules.clients.selectors import client_custom_fields, client_list
from modules.clients.spreadsheets import cell_export_safe

# Expected content widths of the fixed columns, in characters (custom fields get 10 or more).
_WIDTHS = [12, 32, 12, 12, 8, 12, 12, 12, 10, 12, 14, 16, 26, 16, 14, 14, 12, 36, 36, 36, 30, 30]


def client_export_file_name() -> str:
    """In the language active now: "klienci-2026-12-05.xlsx"."""
    return export_file_name(pgettext("file name", "clients"))


def client_export_xlsx(*, membership, stream, status: str = "") -> int:
    """Write the clients the person may see to `stream`; returns the number of rows."""
    from openpyxl import Workbook

    custom_fields = list(client_custom_fields())
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Clients"))
    headers = [
        _("Client code"),
        _("Company name"),
        _("Legal form"),
        _("Status"),
        _("Country"),
        "NIP",
        "REGON",
        "KRS",
        "IČO",
        "DIČ",
        "IČ DPH",
        _("VAT number"),
        _("Company e-mail"),
        _("Company phone"),
        _("Contract start"),
        _("Contract end"),
        _("Notification language"),
        _("Registered seat"),
        _("Correspondence address"),
        _("Contact persons"),
        _("Authorised to pick up mail"),
        _("Notes"),
        *[f.name for f in custom_fields],
    ]
    sheet_prepare(sheet, headers, _WIDTHS)
    sheet.append(headers)
    qs = (
        client_list(membership=membership, status=status)
        .prefetch_related(
            Prefetch("addresses", ClientAddress.objects.order_by("pk")),
            Prefetch("contacts", ContactPerson.objects.order_by("pk")),
            Prefetch("custom_values", CustomFieldValue.objects.all()),
        )
        .order_by(*name_ordering(), "pk")
    )
    count = 0
    for client in qs.iterator(chunk_size=2000):
        by_kind: dict[str, str] = {}
        for address in client.addresses.all():
            by_kind.setdefault(address.kind, str(address))
        contacts = list(client.contacts.all())
        values = {v.field_id: v.value for v in client.custom_values.all()}
        row = [
            client.code,
            client.name,
            client.legal_form,
            client.get_status_display(),
            client.country,
            client.nip,
            client.regon,
            client.krs,
            client.ico,
            client.dic,
            client.ic_dph,
            client.vat_number,
            client.email,
            client.phone,
            client.contract_start,
            client.contract_end,
            client.language,
            by_kind.get(ClientAddress.Kind.REGISTERED, ""),
            by_kind.get(ClientAddress.Kind.CORRESPONDENCE, ""),
            "; ".join(
                " ".join(p for p in (str(c), c.role, *c.emails, *c.phones) if p) for c in contacts
            ),
            "; ".join(str(c) for c in contacts if c.authorised_to_pick_up_mail),
            client.notes,
            *[values.get(f.pk, "") for f in custom_fields],
        ]
        sheet.append([cell_export_safe(v) for v in row])
        count += 1
    workbook.save(stream)
    return count
