"""Hand-over benchmarks (issue 7).

handover_pdf_ms: the confirmation PDF (WeasyPrint) of 20 items with a drawn signature, in
Polish with the office letterhead; median of 15 renders after one warm-up (the first render
of a process also loads fonts, about a second, once). Target: 300 ms or less.
handover_20_items_ms: recording a hand-over of 20 items (locks, lines, statuses, 21 audit
rows), without a PDF; median of 15.
"""

from __future__ import annotations

import statistics
import time

import pytest
from django.utils import translation

from modules.handover.pdf import handover_pdf_render
from modules.handover.services import handover_record, signature_check
from modules.office.services import office_details_update
from tests.modules.clients.factories import ClientFactory
from tests.modules.handover.factories import authorised, signature_png, waiting
from tests.perf.conftest import size

ROUNDS = size(15, 2)


@pytest.fixture
def office(in_office_a, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    with translation.override("pl"):
        yield in_office_a


def test_handover_pdf_20_items_with_signature(office, bench_record):
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
    client = ClientFactory(name="Zielony Las sp. z o.o.", language="pl")
    items = waiting(client, count=20)
    person = authorised(client, first_name="Marek", last_name="Zieliński")
    handover = handover_record(
        actor=None,
        item_ids=[i.pk for i in items],
        method="digital",
        contact_person_id=person.pk,
        signature_png=signature_check(signature_png(size=(1200, 400))),
    )
    handover_pdf_render(handover=handover)
    timings = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        pdf = handover_pdf_render(handover=handover)
        timings.append((time.perf_counter() - started) * 1000)
    assert pdf.startswith(b"%PDF")
    bench_record("handover_pdf_ms", statistics.median(timings), "ms")


def test_handover_of_20_items(office, bench_record):
    client = ClientFactory()
    timings = []
    for _ in range(ROUNDS + 1):
        ids = [i.pk for i in waiting(client, count=20)]
        started = time.perf_counter()
        handover_record(actor=None, item_ids=ids, method="confirmed", person_name="Anna Nowak")
        timings.append((time.perf_counter() - started) * 1000)
    bench_record("handover_20_items_ms", statistics.median(timings[1:]), "ms")
