import base64
import io
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader

from accounts.models import Role
from modules.handover.models import HandOver, HandOverItem, HandOverSettings
from modules.handover.services import handover_record
from modules.mail.models import MailItem
from tenants.selectors import office_zone
from tests.helpers.matrix import check_cross_office, check_permission_matrix
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.clients.factories import ClientFactory
from tests.modules.handover.conftest import english
from tests.modules.handover.factories import authorised, pdf_text, signature_png, waiting

STAFF_PAGE = {
    "anonymous": 302,
    "client": 403,
    "staff": 200,
    "admin": 200,
    "owner": 200,
    "other_office": 403,
}
REFUSED = {"anonymous": 302, "client": 403, "other_office": 403}


def _waiting(office, count=1, **kwargs):
    with in_office(office):
        return waiting(count=count, **kwargs)


def _codes(items):
    return [
        i.status.code
        for i in MailItem.objects.select_related("status")
        .filter(pk__in=[x.pk for x in items])
        .order_by("pk")
    ]


def _recorded(office, staff=None, **kwargs) -> HandOver:
    with in_office(office):
        items = waiting()
        return handover_record(
            actor=staff,
            item_ids=[items[0].pk],
            method=kwargs.pop("method", "printed"),
            person_name="Anna Nowak",
            **kwargs,
        )


def test_staff_pages_permission_matrix(office_a, office_b):
    items = _waiting(office_a)
    handover = _recorded(office_a)
    for url in (
        "/mail/hand-over/",
        "/mail/hand-over/?q=Firma",
        f"/mail/hand-over/panel/?clients={items[0].client_id}",
        "/mail/hand-overs/",
        f"/mail/hand-overs/{handover.pk}/",
        f"/mail/hand-overs/{handover.pk}/print/",
        f"/mail/hand-over/items/{items[0].pk}/",
        f"/mail/hand-over/print/confirmation.pdf?clients={items[0].client_id}"
        f"&items={items[0].pk}&person=other&person_name=Anna",
    ):
        check_permission_matrix(office_a, office_b, "get", url, expect=STAFF_PAGE)
    check_permission_matrix(
        office_a,
        office_b,
        "get",
        "/administration/hand-over/",
        expect={**STAFF_PAGE, "staff": 403},
    )


def test_record_and_sign_permission_matrix_refused_cases_change_nothing(office_a, office_b):
    items = _waiting(office_a)
    data = {
        "clients": [items[0].client_id],
        "items": [items[0].pk],
        "person": "other",
        "person_name": "Anna Nowak",
        "way": "confirmed",
    }

    def unchanged():
        return _codes(items) == ["to_pick_up"] and not HandOverItem.objects.exists()

    for url, extra in (
        ("/mail/hand-over/record/", {}),
        ("/mail/hand-over/sign/", {"signature": _data_url()}),
    ):
        check_permission_matrix(
            office_a,
            office_b,
            "post",
            url,
            data={**data, **extra},
            expect=REFUSED,
            unchanged=unchanged,
        )
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        "/administration/hand-over/",
        data={"footer": "ul. Zmieniona 1"},
        expect={**REFUSED, "staff": 403},
        unchanged=lambda: not HandOverSettings.objects.filter(footer="ul. Zmieniona 1").exists(),
    )


def test_pdf_permission_matrix(office_a, office_b):
    handover = _recorded(office_a)
    check_permission_matrix(
        office_a,
        office_b,
        "get",
        f"/mail/hand-overs/{handover.pk}/pdf/",
        # A client user of another company: not theirs, so not found.
        expect={**STAFF_PAGE, "client": 404},
    )


def test_another_offices_handovers_and_items_answer_404_and_change_nothing(office_a, office_b):
    items = _waiting(office_a)
    handover = _recorded(office_a)
    for url in (
        f"/mail/hand-overs/{handover.pk}/",
        f"/mail/hand-overs/{handover.pk}/pdf/",
        f"/mail/hand-overs/{handover.pk}/print/",
        f"/mail/hand-over/items/{items[0].pk}/",
    ):
        check_cross_office(office_a, office_b, "get", url)
    check_cross_office(
        office_a,
        office_b,
        "post",
        "/mail/hand-over/sign/",
        data={"clients": [items[0].client_id], "items": [items[0].pk], "person_name": "X"},
        unchanged=lambda: _codes(items) == ["to_pick_up"],
    )


def test_list_shows_waiting_clients_with_counts_and_search_by_person(office_a, staff_a):
    with in_office(office_a):
        first = ClientFactory(name="Zielony Las sp. z o.o.")
        second = ClientFactory(name="Kowalski Consulting")
        waiting(first, count=3)
        waiting(second, count=1, code="po_box")
        authorised(second, first_name="Mirosław", last_name="Żółkiewski")
        quiet = ClientFactory(name="Nic Nie Czeka")
    client = OfficeClient(office_a, user=staff_a)
    page = client.get("/mail/hand-over/").content.decode()
    assert "Zielony Las sp. z o.o." in page
    assert "Kowalski Consulting" in page
    assert quiet.name not in page
    assert "Hand over mail to selected clients" in page
    # Without accents, by the name of the person at the desk.
    found = client.get("/mail/hand-over/?q=zolkiewski").content.decode()
    assert "Kowalski Consulting" in found
    assert "Zielony Las" not in found
    assert client.get("/mail/hand-over/?q=zielony").context["rows"][0].waiting == 3


def test_list_query_count_does_not_grow_with_clients(office_a, staff_a, django_assert_num_queries):
    with in_office(office_a):
        for _ in range(6):
            waiting(count=2)
    client = OfficeClient(office_a, user=staff_a)
    client.get("/mail/hand-over/")
    with CaptureQueriesContext(connection) as few:
        client.get("/mail/hand-over/")
    with in_office(office_a):
        for _ in range(6):
            waiting(count=2)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get("/mail/hand-over/")


def test_register_query_count_does_not_grow(office_a, staff_a, django_assert_num_queries):
    for _ in range(3):
        _recorded(office_a, staff=staff_a)
    client = OfficeClient(office_a, user=staff_a)
    client.get("/mail/hand-overs/")
    with CaptureQueriesContext(connection) as few:
        client.get("/mail/hand-overs/")
    for _ in range(4):
        _recorded(office_a, staff=staff_a)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get("/mail/hand-overs/")
    with in_office(office_a):
        assert len(response.context["page"].object_list) == HandOver.objects.count() == 7


def test_confirm_pickup_through_the_panel(office_a, staff_a):
    with in_office(office_a):
        items = waiting(count=2)
        person = authorised(items[0].client)
    client = OfficeClient(office_a, user=staff_a)
    panel = client.get(f"/mail/hand-over/panel/?clients={items[0].client_id}")
    assert [p.name for p in panel.context["people"]] == ["Jan Kowalski"]
    assert [i.pk for i in panel.context["items"]] == [i.pk for i in items]
    response = client.post(
        "/mail/hand-over/record/",
        {
            "clients": [items[0].client_id],
            "items": [items[0].pk],
            "person": str(person.pk),
            "way": "confirmed",
            "confirmed_at": "2026-02-03T10:15",
        },
    )
    # One of the two handed over: back to this client's panel with the other (not the list).
    assert response.status_code == 302
    assert response.url == f"/mail/hand-over/panel/?clients={items[0].client_id}"
    with in_office(office_a):
        handover = HandOver.objects.get()
        assert handover.contact_person_id == person.pk
        assert handover.person_name == "Jan Kowalski"
        assert handover.handed_over_at.isoformat().startswith("2026-02-03T")
        assert _codes(items) == ["picked_up", "to_pick_up"]


def test_the_only_authorised_person_is_chosen_on_the_panel_two_are_not(office_a, staff_a):
    with in_office(office_a):
        items = waiting(count=1)
        only = authorised(items[0].client)
        other_items = waiting(count=1)
        authorised(other_items[0].client, first_name="Ewa")
        authorised(other_items[0].client, first_name="Olga")
    client = OfficeClient(office_a, user=staff_a)
    page = client.get(f"/mail/hand-over/panel/?clients={items[0].client_id}")
    assert page.context["person"] == str(only.pk)
    assert f'name="person" value="{only.pk}" checked' in page.content.decode()
    page = client.get(f"/mail/hand-over/panel/?clients={other_items[0].client_id}")
    assert page.context["person"] == ""
    assert 'name="person" value="' in page.content.decode()
    assert (
        "checked>"
        not in page.content.decode().split('data-testid="panel-people"')[1].split("person-other")[0]
    )
    # The print button is checked in the page before its tab opens (handover.js).
    assert 'data-testid="print-button" data-check-before' in page.content.decode()
    assert 'data-no-person="Who picks up the mail? Choose or type the person."' in (
        page.content.decode()
    )


def test_printing_records_nothing_until_staff_confirm_the_paper_was_signed(office_a, staff_a):
    with in_office(office_a):
        items = waiting(count=2)
    client = OfficeClient(office_a, user=staff_a)
    selection = {
        "clients": [items[0].client_id],
        "items": [i.pk for i in items],
        "person": "other",
        "person_name": "Anna Nowak",
    }
    draft = client.post("/mail/hand-over/print/", selection)
    assert draft.status_code == 200
    with in_office(office_a):
        assert HandOver.objects.count() == 0
        assert _codes(items) == ["to_pick_up", "to_pick_up"]
    page = draft.content.decode()
    assert 'data-testid="awaiting-signature"' in page
    pdf = client.get(draft.context["pdf_url"])
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in pdf["Content-Security-Policy"]
    text = pdf_text(PdfReader(io.BytesIO(pdf.content)))
    assert "Anna Nowak" in text and all(i.number in text for i in items)
    assert "WP-" not in text
    with in_office(office_a):
        assert HandOver.objects.count() == 0

    # The paper's minute is the record's: the page sends it back with "Signed".
    printed_at = draft.context["confirmed_at"]
    assert f'name="confirmed_at" value="{printed_at}"' in page
    assert "confirmed_at=" in draft.context["pdf_url"]
    response = client.post(
        "/mail/hand-over/record/", {**selection, "way": "printed", "confirmed_at": printed_at}
    )
    with in_office(office_a):
        handover = HandOver.objects.get()
        assert _codes(items) == ["picked_up", "picked_up"]
        recorded = timezone.localtime(handover.handed_over_at, office_zone(office_a))
    assert recorded.strftime("%Y-%m-%dT%H:%M") == printed_at
    assert response.url == f"/mail/hand-overs/{handover.pk}/"
    preview = client.get(f"/mail/hand-overs/{handover.pk}/print/")
    assert preview["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in preview["Content-Security-Policy"]
    assert f'src="/mail/hand-overs/{handover.pk}/pdf/"' in preview.content.decode()
    pdf = client.get(f"/mail/hand-overs/{handover.pk}/pdf/")
    assert pdf["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in pdf["Content-Security-Policy"]
    text = pdf_text(PdfReader(io.BytesIO(b"".join(pdf.streaming_content))))
    assert "Anna Nowak" in text and handover.reference in text


def _data_url(png: bytes | None = None) -> str:
    return "data:image/png;base64," + base64.b64encode(png or signature_png()).decode()


def test_digital_confirmation_through_the_signing_page(office_a, staff_a):
    with in_office(office_a):
        items = waiting(count=2)
        person = authorised(items[0].client, first_name="Marek", last_name="Zieliński")
    client = OfficeClient(office_a, user=staff_a)
    selection = {
        "clients": [items[0].client_id],
        "items": [i.pk for i in items],
        "person": str(person.pk),
    }
    page = client.post("/mail/hand-over/sign/", selection)
    assert page.status_code == 200
    assert page.context["person_label"] == "Marek Zieliński"
    assert "signature_pad.umd.min.js" in page.content.decode()
    with in_office(office_a):
        assert _codes(items) == ["to_pick_up", "to_pick_up"]
    blank = client.post(
        "/mail/hand-over/sign/", {**selection, "signature": _data_url(signature_png(ink=False))}
    )
    assert blank.status_code == 400
    assert blank.context["error"] == "The signature is empty. Ask the person to sign."
    done = client.post("/mail/hand-over/sign/", {**selection, "signature": _data_url()})
    with in_office(office_a):
        handover = HandOver.objects.get()
        assert handover.method == "digital"
        assert _codes(items) == ["picked_up", "picked_up"]
    assert done.url == f"/mail/hand-overs/{handover.pk}/"
    box = client.get(f"/mail/hand-over/items/{items[1].pk}/").content.decode()
    assert "Confirmation with signature (PDF)" in box
    assert f"/mail/hand-overs/{handover.pk}/pdf/" in box


def test_the_signing_page_never_breaks_a_mail_type_inside_the_word(office_a, staff_a):
    """Audit: at 390 px the signing page's narrow type column read "Li" / "st" (a word cut
    in two). The type is kept on one line; the sender's column takes the wrapping."""
    with in_office(office_a):
        items = waiting(count=1)
        person = authorised(items[0].client)
    page = OfficeClient(office_a, user=staff_a).post(
        "/mail/hand-over/sign/",
        {"clients": [items[0].client_id], "items": [items[0].pk], "person": str(person.pk)},
    )
    cells = re.findall(r'<td class="([^"]*)" data-testid="sign-item-type">', page.content.decode())
    assert cells and all("text-nowrap" in c.split() for c in cells)


def test_forwarding_through_the_panel(office_a, staff_a):
    with in_office(office_a):
        items = waiting()
    client = OfficeClient(office_a, user=staff_a)
    client.post(
        "/mail/hand-over/record/",
        {
            "clients": [items[0].client_id],
            "items": [items[0].pk],
            "way": "forwarded",
            "forward_address": "ul. Długa 5\n00-001 Warszawa",
            "carrier": "Poczta Polska",
            "tracking_number": "RR123456789PL",
            "tracking_url": "",
        },
    )
    with in_office(office_a):
        handover = HandOver.objects.get()
        assert (handover.carrier, handover.tracking_number) == ("Poczta Polska", "RR123456789PL")
        assert _codes(items) == ["forwarded"]


def test_po_box_button_only_when_such_items_wait(office_a, staff_a):
    with in_office(office_a):
        plain = waiting()[0]
        boxed = waiting(code="po_box")[0]
    client = OfficeClient(office_a, user=staff_a)
    assert not client.get(f"/mail/hand-over/panel/?clients={plain.client_id}").context["has_po_box"]
    panel = client.get(f"/mail/hand-over/panel/?clients={boxed.client_id}")
    assert panel.context["has_po_box"]
    refused = client.post(
        "/mail/hand-over/record/",
        {"clients": [boxed.client_id], "items": [boxed.pk], "way": "po_box", "po_box_at": ""},
    )
    assert refused.status_code == 400
    assert refused.context["error"] == "Enter the date and time the mail was taken from the PO box."


def test_the_panel_ticks_the_mail_at_the_desk_and_not_the_po_box_items(office_a, staff_a):
    with in_office(office_a):
        desk = waiting(count=2)
        boxed = waiting(client=desk[0].client, code="po_box")[0]
    client = OfficeClient(office_a, user=staff_a)
    panel = client.get(f"/mail/hand-over/panel/?clients={boxed.client_id}")
    assert panel.context["ticked"] == {desk[0].pk, desk[1].pk}
    html = panel.content.decode()
    assert f'value="{boxed.pk}" id="item-{boxed.pk}" >' in html
    assert f'value="{desk[0].pk}" id="item-{desk[0].pk}" checked>' in html
    assert 'id="items-all" data-check-all="items" >' in html


def test_the_second_receptionist_gets_a_clear_message(office_a, staff_a):
    with in_office(office_a):
        items = waiting()
    data = {
        "clients": [items[0].client_id],
        "items": [items[0].pk],
        "person_name": "Anna Nowak",
        "way": "confirmed",
    }
    first = OfficeClient(office_a, user=staff_a)
    second = OfficeClient(office_a, user=english(member(office_a, Role.STAFF)))
    assert first.post("/mail/hand-over/record/", data).status_code == 302
    late = second.post("/mail/hand-over/record/", data)
    assert late.status_code == 409
    assert late.context["error"].startswith(f"Someone has just handed over {items[0].number}")
    with in_office(office_a):
        assert HandOverItem.objects.filter(item_id=items[0].pk).count() == 1


def test_client_panel_lists_own_pickups_with_own_items_only(office_a):
    with in_office(office_a):
        mine = ClientFactory(name="Moja Firma")
        theirs = ClientFactory(name="Cudza Firma")
        items = waiting(mine) + waiting(theirs)
        handover = handover_record(
            actor=None, item_ids=[i.pk for i in items], method="printed", person_name="Jan Wspólny"
        )
    user = english(member(office_a, Role.CLIENT, client_id=mine.pk, client_name=mine.name))
    client = OfficeClient(office_a, user=user)
    listing = client.get("/portal/pickups/")
    assert listing.context["rows"] == [(handover, 1)]
    pdf = client.get(f"/mail/hand-overs/{handover.pk}/pdf/")
    text = pdf_text(PdfReader(io.BytesIO(pdf.content)))
    assert items[0].number in text
    assert items[1].number not in text
    assert "Cudza Firma" not in text
    outsider = OfficeClient(office_a, user=member(office_a, Role.CLIENT, client_id=999_999))
    assert outsider.get(f"/mail/hand-overs/{handover.pk}/pdf/").status_code == 404
    assert outsider.get("/portal/pickups/").context["rows"] == []


def test_client_tab_lists_the_clients_handovers(office_a, staff_a):
    handover = _recorded(office_a, staff=staff_a)
    with in_office(office_a):
        client_id = handover.clients.get().pk
    page = OfficeClient(office_a, user=staff_a).get(f"/clients/{client_id}/handovers/")
    assert page.status_code == 200
    assert handover.reference in page.content.decode()


def test_print_pages_link_the_framed_pdf_for_phones_that_show_no_embedded_pdf(office_a, staff_a):
    # Android Chrome shows a framed PDF as an empty area: both print pages offer the very
    # PDF the frame shows as a link of its own (and the saved one for download).
    handover = _recorded(office_a, staff_a)
    client = OfficeClient(office_a, user=staff_a)
    page = client.get(f"/mail/hand-overs/{handover.pk}/print/").content.decode()
    pdf_url = f"/mail/hand-overs/{handover.pk}/pdf/"
    assert f'src="{pdf_url}"' in page
    assert f'href="{pdf_url}" target="_blank" rel="noopener" data-testid="open-pdf"' in page
    assert f'href="{pdf_url}?download=1" data-testid="download-pdf"' in page
    assert page.count(f'href="{pdf_url}" target="_blank"') == 2  # toolbar + phone hint
    assert 'data-testid="open-pdf-hint"' in page
    assert client.get(pdf_url)["Content-Type"] == "application/pdf"

    with in_office(office_a):
        items = waiting()
    draft = client.post(
        "/mail/hand-over/print/",
        {
            "clients": [items[0].client_id],
            "items": [items[0].pk],
            "person": "other",
            "person_name": "Anna Nowak",
        },
    )
    page = draft.content.decode()
    framed = draft.context["pdf_url"].replace("&", "&amp;")
    assert f'src="{framed}"' in page
    assert f'href="{framed}" target="_blank" rel="noopener" data-testid="open-pdf"' in page
    assert 'data-testid="open-pdf-hint"' in page
    assert client.get(draft.context["pdf_url"])["Content-Type"] == "application/pdf"


def test_an_empty_po_box_time_reopens_its_dialog_with_the_message_by_the_field(office_a, staff_a):
    with in_office(office_a):
        boxed = waiting(code="po_box")[0]
    client = OfficeClient(office_a, user=staff_a)
    refused = client.post(
        "/mail/hand-over/record/",
        {"clients": [boxed.client_id], "items": [boxed.pk], "way": "po_box", "po_box_at": ""},
    )
    assert refused.status_code == 400
    assert refused.context["open_modal"] == "po-box-modal"
    message = "Enter the date and time the mail was taken from the PO box."
    assert refused.context["field_error"] == {"po_box_at": message}
    html = refused.content.decode()
    assert 'data-open-modal="po-box-modal"' in html
    assert 'class="form-control is-invalid" type="datetime-local" id="po-box-at"' in html
    assert f'data-testid="po-box-at-error">{message}</div>' in html
    # The other ways' dialogs are not opened by it, nor their fields marked.
    assert html.count("is-invalid") == 1
    with in_office(office_a):
        assert _codes([boxed]) == ["po_box"]


def test_a_missing_forwarding_address_reopens_the_forwarding_dialog(office_a, staff_a):
    with in_office(office_a):
        item = waiting()[0]
    client = OfficeClient(office_a, user=staff_a)
    refused = client.post(
        "/mail/hand-over/record/",
        {"clients": [item.client_id], "items": [item.pk], "way": "forwarded"},
    )
    assert refused.status_code == 400
    assert refused.context["open_modal"] == "forward-modal"
    assert refused.context["field_error"] == {
        "forward_address": "Enter the address the mail was or will be sent to."
    }


def test_a_partial_hand_over_returns_to_the_clients_panel_with_what_is_left(office_a, staff_a):
    with in_office(office_a):
        items = waiting(count=3)
        other = waiting()[0]
    client = OfficeClient(office_a, user=staff_a)
    response = client.post(
        "/mail/hand-over/record/",
        {
            "clients": [items[0].client_id],
            "items": [items[0].pk, items[1].pk],
            "person_name": "Anna Nowak",
            "way": "confirmed",
        },
        follow=True,
    )
    assert response.redirect_chain == [
        (f"/mail/hand-over/panel/?clients={items[0].client_id}", 302)
    ]
    assert [i.pk for i in response.context["items"]] == [items[2].pk]
    with in_office(office_a):
        reference = HandOver.objects.get().reference
    assert [str(m) for m in response.context["messages"]] == [
        f"{reference}: 2 item(s) handed over (Pickup confirmed), Anna Nowak, 1 still waiting."
    ]
    with in_office(office_a):
        assert _codes(items) == ["picked_up", "picked_up", "to_pick_up"]
        assert _codes([other]) == ["to_pick_up"]


def test_a_partial_printed_hand_over_of_two_clients_returns_to_the_one_with_mail_left(
    office_a, staff_a
):
    with in_office(office_a):
        done = waiting()[0]
        rest = waiting(count=2)
    client = OfficeClient(office_a, user=staff_a)
    response = client.post(
        "/mail/hand-over/record/",
        {
            "clients": [done.client_id, rest[0].client_id],
            "items": [done.pk, rest[0].pk],
            "person_name": "Anna Nowak",
            "way": "printed",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"/mail/hand-over/panel/?clients={rest[0].client_id}"


def test_a_whole_hand_over_still_returns_to_the_list(office_a, staff_a):
    with in_office(office_a):
        items = waiting(count=2)
    client = OfficeClient(office_a, user=staff_a)
    response = client.post(
        "/mail/hand-over/record/",
        {
            "clients": [items[0].client_id],
            "items": [i.pk for i in items],
            "person_name": "Anna Nowak",
            "way": "confirmed",
        },
    )
    assert response["Location"] == "/mail/hand-over/"
