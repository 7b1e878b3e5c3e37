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
