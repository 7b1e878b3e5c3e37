import datetime as dt

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import translation

from common.forms import DateLocalInput, DateTimeLocalInput, form_service_errors
from tests.helpers.html import described_by, element, elements, form_data


class _Form(forms.Form):
    name = forms.CharField(label="Name", max_length=5, help_text="Five letters at most.")
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea)
    urgent = forms.BooleanField(label="Urgent", required=False)
    kind = forms.ChoiceField(label="Kind", choices=[("a", "Letter"), ("b", "Parcel")])
    token = forms.CharField(required=False, widget=forms.HiddenInput)


def _shown(data: dict) -> str:
    form = _Form(data=data)
    form.is_valid()
    return render_to_string("partials/form_fields.html", {"form": form})


def test_form_fields_renders_a_textarea_with_its_value():
    html = _shown({"name": "Ala", "notes": "Line one\nLine two", "kind": "a"})
    textarea = element(html, "textarea", name="notes")
    assert textarea["text"] == "\nLine one\nLine two"  # Django's leading newline, then the value
    assert "type" not in textarea["attrs"]
    assert elements(html, "input", name="notes") == []


def test_form_fields_shows_a_ticked_checkbox_ticked_again():
    html = _shown({"name": "too long", "urgent": "on", "kind": "b"})
    box = element(html, "input", name="urgent")
    assert box["attrs"]["type"] == "checkbox"
    assert "checked" in box["attrs"]
    assert box["attrs"]["class"] == "checkboxinput form-check-input"
    assert element(html, "label", **{"for": "id_urgent"})["text"].strip() == "Urgent"
    unticked = _shown({"name": "too long", "kind": "b"})
    assert "checked" not in element(unticked, "input", name="urgent")["attrs"]


def test_form_fields_links_errors_and_help_to_the_field():
    html = _shown({"name": "too long", "kind": "b", "token": "t-1"})
    name = element(html, "input", name="name")
    assert name["attrs"]["aria-invalid"] == "true"
    assert name["attrs"]["aria-describedby"] == "id_name_helptext id_name_error"
    assert "is-invalid" in name["attrs"]["class"].split()
    assert described_by(html, name) == [
        "Five letters at most.",
        "Ensure this value has at most 5 characters (it has 8).",
    ]
    assert name["attrs"]["value"] == "too long"
    assert element(html, "option", value="b")["attrs"].get("selected") == ""
    assert element(html, "input", name="token")["attrs"]["value"] == "t-1"


def test_form_fields_shows_errors_of_the_whole_form():
    form = _Form(data={"name": "Ala", "kind": "a"})
    form.is_valid()
    form_service_errors(form, ValidationError("The office is read-only."))
    html = render_to_string("partials/form_fields.html", {"form": form})
    (alert,) = [e for e in elements(html, "div") if "alert-danger" in e["attrs"].get("class", "")]
    assert " ".join(alert["text"].split()) == "The office is read-only."


def test_service_errors_go_beside_the_fields_they_name_and_above_the_form_otherwise():
    form = _Form(data={"name": "Ala", "kind": "a"})
    form.is_valid()
    form_service_errors(
        form, ValidationError({"name": "Taken.", "nip": "Wrong check digit.", "__all__": "No."})
    )
    assert form.errors == {"name": ["Taken."], "__all__": ["Wrong check digit.", "No."]}


def test_widget_attrs_sets_presentation_attributes_on_this_form_only():
    template = Template(
        "{% load form_tags %}"
        '{% widget_attrs form.name hx_get="/lookup/" data_testid="who" autofocus=True '
        "placeholder=missing %}{{ form.name }}"
    )
    shown = _Form()
    html = template.render(Context({"form": shown}))
    name = element(html, "input", name="name")
    assert (name["attrs"]["hx-get"], name["attrs"]["data-testid"], name["attrs"]["autofocus"]) == (
        "/lookup/",
        "who",
        "",
    )
    assert "placeholder" not in name["attrs"]
    assert "hx-get" not in _Form().fields["name"].widget.attrs


@pytest.mark.parametrize("language", ["pl", "sk", "en"])
def test_date_and_moment_inputs_hold_their_values_as_the_browser_reads_them(language):
    # <input type="date"> keeps only yyyy-mm-dd (type="datetime-local" yyyy-mm-ddThh:mm):
    # in the language's own format ("06.12.2026") the browser showed an empty field.
    class Dates(forms.Form):
        day = forms.DateField(widget=DateLocalInput())
        moment = forms.DateTimeField(widget=DateTimeLocalInput())

    form = Dates(initial={"day": dt.date(2026, 12, 6), "moment": dt.datetime(2026, 12, 6, 9, 30)})
    with translation.override(language):
        html = str(form["day"]) + str(form["moment"])
        assert form_data(f"<form>{html}</form>") == {
            "day": "2026-12-06",
            "moment": "2026-12-06T09:30",
        }
        # What the browser sends back is read in every language.
        sent = Dates(data={"day": "2026-12-06", "moment": "2026-12-06T09:30"})
        assert sent.is_valid(), sent.errors
    assert sent.cleaned_data["day"] == dt.date(2026, 12, 6)


def test_form_data_sends_what_a_browser_would():
    html = """<form method="get"><input name="q"></form>
    <form method="post" data-testid="f"><input type="hidden" name="csrf" value="t">
    <input name="day" type="date" value="06.12.2026"><input name="n" value="3" disabled>
    <input type="checkbox" name="a" checked><input type="checkbox" name="b">
    <select name="s"><option value="1">One</option><option value="2">Two</option></select>
    <select name="m" multiple><option selected>x</option><option value="y" selected>Y</option>
    </select><textarea name="t">
line</textarea><button type="submit" name="go">Go</button></form>"""
    assert form_data(html, data_testid="f") == {
        "csrf": "t",
        "day": "",  # not yyyy-mm-dd: the browser empties it
        "a": "on",
        "s": "1",
        "m": ["x", "y"],
        "t": "line",
    }
