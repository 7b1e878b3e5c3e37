"""What a web process does once, when it loads the application, so that no person's request
pays for it.

Measured on /mail/register/ in a Polish office (2 shared cores): a fresh process's first
request took 0.87 s (1.3-1.6 s under `make run`), the next 0.02 s, in any office; another
office's first 0.05 s (its own rows and cached menu, nothing to share). Of the 0.87 s,
0.55 s was importing the URL configuration (`include()` imports every module's views on the
first resolve); the rest was per process and per language: the reverse lookup of {% url %}
(built per language), the merged translation catalogue, Babel's locale data for currency
symbols, compiling the layouts and the form templates. Gunicorn recycles a worker every
~1,000 requests (deploy/gunicorn.conf.py `max_requests`), so some person met that second
each time. config/wsgi.py calls this after building the application: the worker pays it
while starting, before it takes a request."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.template import engines
from django.template.loader import get_template
from django.urls import get_resolver
from django.utils import translation

# The layouts every page extends, compiled now (the cached template loader keeps them).
LAYOUTS = (
    "layouts/app.html",
    "layouts/administration.html",
    "layouts/plain.html",
    "layouts/public.html",
)
CURRENCIES = ("PLN", "EUR", "CZK")


class _Fields(forms.Form):
    """One of each common widget, rendered once through crispy-forms: its Bootstrap 5
    templates and Django's widget templates get compiled."""

    text = forms.CharField()
    number = forms.IntegerField()
    day = forms.DateField()
    choice = forms.ChoiceField(choices=[("a", "a")])
    radio = forms.ChoiceField(choices=[("a", "a")], widget=forms.RadioSelect)
    flag = forms.BooleanField(required=False)
    notes = forms.CharField(widget=forms.Textarea)


def web_process_warm_up() -> None:
    from common.money import currency_symbol

    resolvers = [
        get_resolver(urlconf)
        for urlconf in (
            settings.ROOT_URLCONF,
            settings.PUBLIC_SCHEMA_URLCONF,
            settings.CONSOLE_URLCONF,
        )
    ]
    for resolver in resolvers:
        _ = resolver.url_patterns  # imports every included module's urls and views
    for name in LAYOUTS:
        get_template(name)
    crispy = engines["django"].from_string(
        "{% load crispy_forms_tags %}{% for field in form %}{{ field|as_crispy_field }}{% endfor %}"
    )
    for language, _name in settings.LANGUAGES:
        with translation.override(language):  # loads the language's merged catalogue
            for resolver in resolvers:
                _ = resolver.reverse_dict  # {% url %}'s lookup, one per language
            for currency in CURRENCIES:
                currency_symbol(currency)  # Babel's locale data
            crispy.render({"form": _Fields()})
