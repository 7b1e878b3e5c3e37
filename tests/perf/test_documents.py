"""Documents benchmark (issue 19).

document_pdf_ms: generating a 3-page service agreement for a client (document_generate:
number, the client's, package's and office's variables, the sandbox, the allow-list,
WeasyPrint with the letterhead and page numbers, the stored file and its rows); median of 15
after one warm-up (the first render of a process loads fonts). Target: 300 ms or less.
The limit, measured in the same run: WeasyPrint alone turning the same final HTML into a PDF
(no database, no sandbox, no storage): what any generator with this renderer pays.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import statistics
import time

import pytest
from django.utils import translation
from pypdf import PdfReader
from weasyprint import HTML

from modules.billing.services import assignment_set, package_create
from modules.documents.html import html_clean
from modules.documents.models import DocumentTemplate
from modules.documents.pdf import document_html
from modules.documents.services import document_generate, template_create
from modules.notifications.hooks import template_render_html
from modules.office.services import office_details_update
from tests.modules.clients.factories import AddressFactory, ClientFactory, ContactFactory
from tests.perf.conftest import size

ROUNDS = size(15, 2)
APPENDIX = (
    "<p>{{ client_name }} może zamówić usługę dodatkową nr {{ n }}: skanowanie, przesyłanie "
    "lub przechowywanie korespondencji ponad limit pakietu {{ package_name }}, według cennika "
    "Usługodawcy obowiązującego w dniu zamówienia.</p>"
)


@pytest.fixture
def office(in_office_a, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    with translation.override("pl"):
        yield in_office_a


def _pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def test_document_pdf_3_page_agreement(office, bench_record):
    office_details_update(
        office=office,
        actor=None,
        data={
            "street": "ul. Marszałkowska 84/92",
            "postal_code": "00-514",
            "city": "Warszawa",
            "nip": "526-025-02-74",
        },
    )
    client = ClientFactory(name="Zielony Las sp. z o.o.", nip="5260250274", language="pl")
    AddressFactory(client=client)
    ContactFactory(client=client, first_name="Marek", last_name="Zieliński")
    package = package_create(actor=None, data={"name": "Standard", "price": "199.00"})
    assignment_set(client=client, package=package, starts_on=dt.date(2026, 1, 1), actor=None)
    agreement = DocumentTemplate.objects.get(seed_key="pl_service_agreement")
    # The ready-made agreement with an appendix of numbered paragraphs until it fills 3 pages.
    extra = 0
    while True:
        body = agreement.body + "".join(APPENDIX.replace("{{ n }}", str(n)) for n in range(extra))
        template = template_create(
            actor=None,
            data={"name": f"Umowa {extra}", "body": body, "fields": agreement.fields},
        )
        document = document_generate(template=template, client=client, actor=None)
        pages = _pages(_stored(document))
        if pages >= 3:
            break
        extra += 4
    assert pages == 3
    html = document_html(
        body=html_clean(template_render_html(template.body, _context(document))),
        number=document.number,
        title=document.title,
        language="pl",
    )
    HTML(string=html).write_pdf()
    # Interleaved, so a busy neighbour on the machine slows both alike.
    timings, floor, cpu = [], [], []
    for _ in range(ROUNDS):
        started, spent = time.perf_counter(), time.process_time()
        document = document_generate(
            template=template, client=client, actor=None, field_values={"signing_place": "Warszawa"}
        )
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - spent) * 1000)
        started = time.perf_counter()
        HTML(string=html).write_pdf()
        floor.append((time.perf_counter() - started) * 1000)
    pdf = _stored(document)
    assert pdf.startswith(b"%PDF") and _pages(pdf) == 3
    print(f"\n  CPU median {statistics.median(cpu):.1f} ms, load average {os.getloadavg()[0]:.1f}")
    bench_record(
        "document_pdf_ms",
        statistics.median(timings),
        "ms",
        limit=statistics.median(floor),
        limit_name="document_pdf_weasyprint_alone_ms",
    )


def _stored(document) -> bytes:
    from common.storage import office_read

    return office_read(document.versions.get().path)


def _context(document) -> dict:
    from django.utils import timezone

    from modules.documents import variables

    return {
        **variables.client_values(document.client, day=timezone.localdate()),
        **variables.office_values(),
        **variables.document_values(number=document.number, title=document.title),
        **document.field_values,
    }
