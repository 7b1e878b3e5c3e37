from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation
from django.utils.translation import gettext, pgettext

from modules.invoices.forms import SettingsForm


def test_the_welcome_does_not_decline_the_offices_name():
    with translation.override("pl"):
        assert gettext("Welcome to %(office)s") % {"office": "Biuro Łódź"} == (
            "Witamy! Biuro: Biuro Łódź"
        )
    with translation.override("sk"):
        assert gettext("Welcome to %(office)s") % {"office": "Kancelária Žilina"} == (
            "Vitajte! Kancelária: Kancelária Žilina"
        )


def test_a_ksef_token_is_valid_until_in_the_masculine():
    with translation.override("pl"):
        assert pgettext("KSeF credential", "Valid until") == "Ważny do"
    with translation.override("sk"):
        assert pgettext("KSeF credential", "Valid until") == "Platný do"


def test_the_e_invoice_checkbox_starts_with_a_capital(in_office_a):
    with translation.override("pl"):
        assert str(SettingsForm().fields["ubl_attach"].label).startswith("Dołączaj e-fakturę")


def test_the_language_switcher_names_slovak_slovencina():
    request = RequestFactory().get("/")
    with translation.override("pl"):
        html = render_to_string("partials/language_switcher.html", {"next_path": "/"}, request)
    assert ">Slovenčina</button>" in html and ">Polski</button>" in html
    assert "Slovensky" not in html
