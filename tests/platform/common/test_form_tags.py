"""common.templatetags.form_tags.select_options: a filter bar's options, escaped."""

from django.template import engines


def test_select_options_escape_and_mark_the_chosen_one():
    template = engines["django"].from_string(
        "{% load form_tags %}{% select_options choices chosen %}"
    )
    choices = [(1, 'A & "B"'), (2, "<i>C</i>")]
    assert template.render({"choices": choices, "chosen": 2}) == (
        '<option value="1">A &amp; &quot;B&quot;</option>'
        '<option value="2" selected>&lt;i&gt;C&lt;/i&gt;</option>'
    )
    assert " selected" not in template.render({"choices": choices, "chosen": None})


def test_a_value_too_long_is_told_in_slovak_with_single_spaces():
    # Django's own Slovak words for it have a double space ("najviac 200  znakov"); the
    # project's catalogue words them anew, for the form once sent and for the bubble before.
    import html
    import json
    import re

    from django import forms
    from django.utils import translation

    from common.templatetags.form_tags import validation_messages

    with translation.override("sk"):
        try:
            forms.CharField(max_length=200).clean("x" * 201)
        except forms.ValidationError as exc:
            said = exc.messages[0]
        attribute = re.search(r'data-validation="([^"]*)"', validation_messages())
        bubble = json.loads(html.unescape(attribute.group(1)))["tooLong"]["5"]
    assert said == "Uistite sa, že zadaná hodnota má najviac 200 znakov (má 201)."
    assert bubble.startswith("Uistite sa, že zadaná hodnota má najviac %(limit_value)d znakov")
