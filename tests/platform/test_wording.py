from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation
from django.utils.translation import gettext, pgettext

from modules.invoices.forms import SettingsForm


def test_the_greetings_need_no_case_of_a_name(office_a):
    """Polish addressed the person by name ("Miło Cię widzieć, Ewa": the vocative "Ewo"
    cannot be derived reliably) and the welcome page said "Witamy! Biuro: Biuro Wirtualne
    Sokół sp. z o.o."; the greetings name nobody, the names stand apart as labels."""
    from accounts.models import Role, User
    from tests.helpers.offices import OfficeClient, member

    owner = member(office_a, Role.OWNER)
    User.objects.filter(pk=owner.pk).update(full_name="Ewa Nowak", language="pl")
    web = OfficeClient(office_a, user=User.objects.get(pk=owner.pk))
    dashboard = web.get("/dashboard/").content.decode()
    assert '<h1 class="h3 mb-0" data-testid="greeting">Dzień dobry!</h1>' in dashboard
    details = dashboard[dashboard.index('data-testid="greeting-details"') :].split("</span>")[0]
    assert "</i> Ewa Nowak · " in details
    welcome = web.get("/welcome/").content.decode()
    assert 'data-testid="welcome-heading">Witamy w Vireo!</h1>' in welcome
    assert f'<p class="fw-semibold mb-1" data-testid="welcome-office">{office_a.name}</p>' in (
        welcome
    )
    assert "Witamy! Biuro:" not in welcome and "Miło Cię widzieć" not in dashboard
    with translation.override("sk"):
        assert pgettext("dashboard greeting", "Hello!") == "Dobrý deň!"
        assert gettext("Welcome to Vireo!") == "Vitajte vo Vireo!"
        assert gettext("Your office is ready at %(host)s. A few steps to get going:") == (
            "Vaša kancelária beží na adrese %(host)s. Niekoľko krokov na začiatok:"
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
