from django.utils import translation
from django.utils.translation import ngettext

from modules.billing.forms import AssignmentForm, PackageForm, ServiceForm


def _choices(form, name) -> list[str]:
    return [str(label) for _value, label in form.fields[name].widget.choices]


def test_the_service_form_speaks_of_a_service_and_names_the_empty_limit(in_office_a):
    with translation.override("pl"):
        form = ServiceForm()
        assert str(form.fields["active"].label) == "Aktywna"
        assert _choices(form, "metric")[0] == "Nie – nie wlicza się do limitu"
        assert "---------" not in form.as_p()


def test_the_package_forms_name_the_empty_scan_requests_choice(in_office_a):
    with translation.override("pl"):
        package = PackageForm()
        assert str(package.fields["active"].label) == "Aktywny"
        assert _choices(package, "scan_requests_allowed") == [
            "Jak w ustawieniach biura",
            "Dozwolone",
            "Niedozwolone",
        ]
        assert _choices(AssignmentForm(), "scan_requests_allowed")[0] == "Jak w pakiecie"
        assert "Nieznany" not in package.as_p()
    with translation.override("sk"):
        assert _choices(PackageForm(), "scan_requests_allowed")[0] == (
            "Podľa nastavenia kancelárie"
        )


def test_a_partly_closed_quarter_reads_without_a_wrong_agreement():
    text = "%(closed)s of %(months)s month closed"
    plural = "%(closed)s of %(months)s months closed"
    with translation.override("pl"):
        assert ngettext(text, plural, 3) % {"closed": 1, "months": 3} == (
            "Zamknięte miesiące: 1 z 3"
        )
    with translation.override("sk"):
        assert ngettext(text, plural, 3) % {"closed": 2, "months": 3} == ("Uzavreté mesiace: 2 z 3")
