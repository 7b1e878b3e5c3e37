import datetime

import pytest

from modules.notifications import sandbox
from modules.notifications.hooks import LANGUAGES, event_list


def test_every_default_template_is_valid_in_every_language():
    for event in event_list():
        for language in LANGUAGES:
            default = event.defaults[language]
            for part in (default.subject, default.body, default.sms):
                assert sandbox.validate(part, variables=event.variable_names) == [], (
                    event.code,
                    language,
                )


@pytest.mark.parametrize(
    "source, message",
    [
        ("{% load static %}", "Line 1: the tag “load” is not allowed; use only if and for."),
        (
            "a\n{% include 'base.html' %}",
            "Line 2: the tag “include” is not allowed; use only if and for.",
        ),
        ("{% debug %}", "Line 1: the tag “debug” is not allowed; use only if and for."),
        ("{% extends 'x' %}", "Line 1: the tag “extends” is not allowed; use only if and for."),
        ("{{ settings }}", "Line 1: “settings” is not a variable of this message."),
        ("{{ request.user }}", "Line 1: “request.user” is not a variable of this message."),
        (
            "{{ client_name.upper }}",
            "Line 1: “client_name.upper”: variables have no parts, write {{ client_name }}.",
        ),
        (
            "{% if x %}",
            "Line 1: a tag is not closed (every if needs endif, every for needs endfor).",
        ),
        (
            "{{ client_name|pprint }}",
            "Line 1: the filter “pprint” is not allowed. Allowed: capfirst, date, default, "
            "floatformat, length, lower, months, time, title, truncatechars, truncatewords, upper, "
            "yesno.",
        ),
        ("{{ client_name|default:secret }}", "Line 1: “secret” is not a variable of this message."),
    ],
)
def test_unsafe_or_broken_templates_are_refused_with_a_clear_error(source, message):
    assert sandbox.validate(source, variables=("client_name",)) == [message]


def test_underscore_lookups_are_refused():
    errors = sandbox.validate("{{ client_name.__class__ }}", variables=("client_name",))
    assert errors == [
        "Line 1: the template cannot be read here: “{{ client_name.__class__ }}”. Write a "
        "variable as {{ name }}, with a filter as {{ name|filter }}."
    ]


def test_loop_variables_may_be_used_inside_their_loop_only():
    ok = "{% for item in lines %}{{ forloop.counter }}. {{ item }}{% endfor %}"
    assert sandbox.validate(ok, variables=("lines",)) == []
    outside = "{% for item in lines %}{% endfor %}{{ item }}"
    assert sandbox.validate(outside, variables=("lines",)) == [
        "Line 1: “item” is not a variable of this message."
    ]


def test_too_long_template_is_refused():
    assert sandbox.validate("x" * 10_001, variables=()) == [
        "The template is too long (at most 10000 characters)."
    ]


def test_render_uses_plain_values_and_allowed_filters():
    text = sandbox.render(
        "{{ name|upper }} {{ day|date:'Y-m-d' }} {% for n in items %}{{ n }};{% endfor %}",
        {"name": "<b>las</b>", "day": datetime.date(2026, 3, 2), "items": ["a", "b"]},
    )
    assert text == "<B>LAS</B> 2026-03-02 a;b;"


def test_render_refuses_model_instances(office_a):
    with pytest.raises(TypeError):
        sandbox.render("{{ office }}", {"office": office_a})
    with pytest.raises(TypeError):
        sandbox.render("{{ x }}", {"x": [office_a]})


def test_the_sandbox_engine_has_no_loaders_and_no_libraries():
    engine = sandbox.engine()
    assert engine.template_loaders == []
    assert engine.template_libraries == {}
    assert set(engine.template_builtins[0].tags) == {"if", "for"}


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("pl", "1 miesiąc, 3 miesiące, 5 miesięcy, 12 miesięcy, 22 miesiące, x"),
        ("sk", "1 mesiac, 3 mesiace, 5 mesiacov, 12 mesiacov, 22 mesiacov, x"),
        ("en", "1 month, 3 months, 5 months, 12 months, 22 months, x"),
    ],
)
def test_months_take_the_plural_their_number_needs(language, expected):
    from django.utils import translation

    source = "{{ a|months }}, {{ b|months }}, {{ c|months }}, {{ d|months }}, {{ e|months }}, "
    source += "{{ f|months }}"
    with translation.override(language):
        text = sandbox.render(source, {"a": 1, "b": 3, "c": 5, "d": 12, "e": 22, "f": "x"})
    assert text == expected
