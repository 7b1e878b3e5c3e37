"""Every line of an invoice made from a closed month reads in the invoice's (client's)
language whoever closed the month: mail costs and usage without a service too (the close
stores what names a line, not only its text), and a package fee keeps the package's name
as it was when the month closed (renaming the package later does not reach old months)."""

import datetime as dt
import importlib

from django.apps import apps
from django.utils import translation

from modules.billing.models import PeriodClose
from modules.billing.services import package_update, period_close, usage_record
from modules.invoices import services
from tests.helpers.offices import in_office
from tests.modules.billing.factories import biznes, mail_on, on_package
from tests.modules.invoices.factories import MARCH, D, buyer, office_details

FEBRUARY = dt.date(2026, 2, 1)


def _month(language: str):
    """A client on "Sale" from 11 March (a part of the month), a mail cost with a note, a
    usage without a service recorded late (its February was closed), all closed in Polish."""
    package = biznes(name="Sale")
    client = buyer(name=f"Klient {language}", language=language)
    on_package(package, client=client, starts_on=dt.date(2026, 3, 11))
    mail_on(client, dt.date(2026, 3, 4), cost="7.50", additional_info="List polecony\ndrugi")
    with translation.override("pl"):
        period_close(client=client, period=FEBRUARY, actor=None)
    usage_record(
        client=client,
        date=dt.date(2026, 2, 20),
        quantity=D("1"),
        unit_price=D("30.00"),
        description="Obsługa",
        actor=None,
    )
    with translation.override("pl"):  # closed by a Polish-speaking member
        period_close(client=client, period=MARCH, actor=None)
    return package, client


def _descriptions(client):
    (invoice,) = services.invoices_create_from_month(
        period=MARCH, actor=None, client_ids=[client.pk]
    ).created
    return [line.description for line in invoice.lines.order_by("position")]


def _number(client):
    from modules.mail.models import MailItem

    return MailItem.objects.get(client=client).number


def test_a_slovak_clients_invoice_names_mail_costs_and_late_usage_in_slovak(office_a):
    with in_office(office_a):
        office_details()
        _package, client = _month("sk")
        number = _number(client)
        with translation.override("en"):  # the run is made in English
            lines = _descriptions(client)
    assert lines == [
        "Balík Sale, od 11.03.2026 do 31.03.2026 (21 z 31 dní)",
        "Obsługa (oneskorené: zo dňa 20.02.2026, jeho mesiac bol už uzavretý)",
        f"Zásielka {number}: List polecony",
    ]


def test_an_english_clients_invoice_names_them_in_english(office_a):
    with in_office(office_a):
        office_details()
        _package, client = _month("en")
        number = _number(client)
        lines = _descriptions(client)
    assert lines == [
        "Package Sale, 11/03/2026 to 31/03/2026 (21 of 31 days)",
        "Obsługa (late: dated 20/02/2026, its month was already closed)",
        f"Mail {number}: List polecony",
    ]


def test_a_package_renamed_after_the_close_keeps_its_name_on_the_months_invoice(office_a):
    with in_office(office_a):
        office_details()
        package, client = _month("pl")
        package_update(package=package, actor=None, data={"name": "Sale Premium"})
        lines = _descriptions(client)
    assert lines[0] == "Pakiet Sale, od 11.03.2026 do 31.03.2026 (21 z 31 dni)"


def _strip_texts(close):
    """The month as it was stored before lines kept how to name them."""
    for line in close.figures["lines"]:
        line.pop("text", None)
    close.save(update_fields=["figures"])


def test_migration_0004_names_months_closed_before_from_their_frozen_text(office_a):
    migration = importlib.import_module("modules.billing.migrations.0004_closed_lines_text")
    with in_office(office_a):
        office_details()
        package, client = _month("sk")
        number = _number(client)
        close = PeriodClose.objects.get(client=client, period=MARCH)
        stored = [line.get("text") for line in close.figures["lines"]]
        _strip_texts(close)
        package_update(package=package, actor=None, data={"name": "Sale Premium"})
        migration.lines_named(apps, None)
        close.refresh_from_db()
        # the same as the close stores now: the package's name then, the item and its note
        assert [line.get("text") for line in close.figures["lines"]] == stored
        assert stored[0] == {
            "kind": "package_part",
            "name": "Sale",
            "start": "2026-03-11",
            "end": "2026-03-31",
            "days": 21,
            "all": 31,
        }
        assert stored[2] == {"kind": "mail", "number": number, "info": "List polecony"}
        lines = _descriptions(client)
    assert lines[0] == "Balík Sale, od 11.03.2026 do 31.03.2026 (21 z 31 dní)"
    assert lines[2] == f"Zásielka {number}: List polecony"


def test_an_old_line_the_migration_cannot_read_falls_back_as_before(office_a):
    """A package fee text that matches no wording keeps no name: the invoice names it from
    the assignment, with the package's current name; a mail cost keeps its frozen text."""
    migration = importlib.import_module("modules.billing.migrations.0004_closed_lines_text")
    with in_office(office_a):
        office_details()
        package, client = _month("sk")
        close = PeriodClose.objects.get(client=client, period=MARCH)
        _strip_texts(close)
        close.figures["lines"][0]["description"] = "Abonament Sale"
        close.figures["lines"][2]["description"] = "Koszt przesyłki"
        close.save(update_fields=["figures"])
        package_update(package=package, actor=None, data={"name": "Sale Premium"})
        migration.lines_named(apps, None)
        close.refresh_from_db()
        assert [line.get("text") for line in close.figures["lines"]] == [None, None, None]
        lines = _descriptions(client)
    assert lines[0] == "Balík Sale Premium, od 11.03.2026 do 31.03.2026 (21 z 31 dní)"
    assert lines[2] == "Koszt przesyłki"
