"""The client picker (modules/clients/fields.py): the field other modules' forms declare and
the matches it asks for while typing."""

import pytest
from django import forms

from accounts.models import Role
from modules.clients.fields import ClientPickerField
from tests.helpers.matrix import check_permission_matrix
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.clients.factories import ClientFactory

READ = {"anonymous": 302, "client": 403, "staff": 200, "admin": 200, "other_office": 403}


class RequiredForm(forms.Form):
    client = ClientPickerField(label="Client")


class OptionalForm(forms.Form):
    client = ClientPickerField(label="Client", required=False, placeholder="any")


def test_the_matches_are_for_staff_only(office_a, office_b):
    check_permission_matrix(
        office_a, office_b, "get", "/clients/pick/", data={"client_label": "x"}, expect=READ
    )


def test_the_matches_come_from_the_card_file_of_this_office_only(office_a, office_b):
    with in_office(office_a):
        ours = ClientFactory(name="Zielony Las sp. z o.o.", code="ZL-01")
        ClientFactory(name="Zakończony Zielony", code="ZZ-02", status="ended")
    with in_office(office_b):
        theirs = ClientFactory(name="Zielony Bór s.r.o.", code="ZB-01")
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF))

    html = web.get("/clients/pick/", {"client_label": "zielony"}).content.decode()

    assert f'data-picker-option="{ours.pk}"' in html
    assert 'data-label="ZL-01 · Zielony Las sp. z o.o."' in html
    assert "Zielony Bór" not in html and theirs.name not in html
    assert html.count('class="badge') == 1  # an ended client is offered, marked
    # Any field's text box asks (<name>_label); nothing typed, nothing offered.
    assert "Zielony Las" in web.get("/clients/pick/", {"owner_label": "ZL-01"}).content.decode()
    assert web.get("/clients/pick/", {"client_label": " "}).content.strip() == b""
    # (the person reads the office's language, Polish)
    assert "Nie znaleziono klienta." in web.get("/clients/pick/", {"q": "qqqxyz"}).content.decode()


def test_a_chosen_client_cleans_to_its_id(in_office_a):
    client = ClientFactory()
    form = RequiredForm({"client": str(client.pk), "client_label": "whatever is shown"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["client"] == client.pk


@pytest.mark.parametrize(
    "data, message",
    [
        ({"client": "", "client_label": ""}, "This field is required."),
        ({}, "This field is required."),
        (
            {"client": "", "client_label": "Zielo"},
            "Choose the client from the list that opens while you type.",
        ),
        ({"client": "999999", "client_label": "X"}, "No such client; choose one from the list."),
        ({"client": "abc", "client_label": "X"}, "No such client; choose one from the list."),
    ],
)
def test_a_missing_unknown_or_unchosen_client_is_refused_and_the_text_stays(
    in_office_a, data, message
):
    form = RequiredForm(data)
    assert not form.is_valid()
    assert form.errors["client"] == [message]
    html = str(form["client"])
    assert f'name="client_label" value="{data.get("client_label", "")}"' in html


def test_an_optional_picker_left_empty_is_none(in_office_a):
    form = OptionalForm({"client": "", "client_label": ""})
    assert form.is_valid()
    assert form.cleaned_data["client"] is None
    assert 'placeholder="any"' in str(form["client"])


def test_a_client_chosen_before_shows_by_code_and_name(in_office_a):
    client = ClientFactory(name="Północ & Syn", code="PN-7")
    html = str(OptionalForm(initial={"client": client.pk})["client"])
    assert f'name="client" value="{client.pk}"' in html
    assert 'value="PN-7 · Północ &amp; Syn"' in html  # escaped
    assert 'id="id_client_label"' in html  # the label's `for` points at the text box
    assert OptionalForm()["client"].id_for_label == "id_client_label"
    # A changed form says so; an unchanged one does not.
    # A form sent with the id only (an API-like POST) shows the label when shown again.
    assert 'value="PN-7 · Północ &amp; Syn"' in str(OptionalForm({"client": client.pk})["client"])
    unchanged = OptionalForm({"client": str(client.pk)}, initial={"client": client.pk})
    assert not unchanged.has_changed()
    assert OptionalForm({"client": ""}, initial={"client": client.pk}).has_changed()


def test_the_template_tag_names_a_row_picker_and_can_push_instead_of_float(in_office_a):
    from django.template import Context, Template

    html = Template(
        '{% load client_picker %}{% client_picker "client" row=7 required=True floating=False %}'
    ).render(Context())
    assert 'id="client-7_label"' in html and 'name="client"' in html and " required" in html
    assert "position-absolute" not in html  # a table that scrolls would cut it off
    assert "position-absolute" in Template(
        '{% load client_picker %}{% client_picker "client" %}'
    ).render(Context())


@pytest.mark.parametrize(
    ("office_index", "names"),
    [
        # Polish: ś after s, z before ź and ż (a byte order puts "Z" before "Ś", "Ź").
        (0, ["Aurora Audyt", "Śnieżka Audyt", "Zorza Audyt", "Źródło Audyt"]),
        # Slovak: č after c, š after s, ž after z, "ch" after h.
        (1, ["Cesta Audyt", "Čaro Audyt", "Hora Audyt", "Chata Audyt", "Šanca Audyt"]),
    ],
)
def test_matches_of_equal_rank_are_in_the_office_languages_alphabet(
    session_offices, db, office_index, names
):
    office = session_offices[office_index]
    with in_office(office):
        for name in reversed(names):
            ClientFactory(name=name)
        first = ClientFactory(name="Audyt Pierwszy")  # the name starts with the query
    web = OfficeClient(office, user=member(office, Role.STAFF))

    picked = web.get("/clients/pick/", {"client_label": "Audyt"}).content.decode()
    searched = web.get("/clients/search/", {"q": "Audyt"}, HTTP_HX_REQUEST="true")

    expected = [first.name, *names]
    for html in (picked, searched.content.decode()):
        found = sorted((html.index(name), name) for name in expected if name in html)
        assert [name for _at, name in found] == expected
