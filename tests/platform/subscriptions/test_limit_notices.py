"""The owners' e-mails when a plan limit stopped something (notices.plan_limit_reached_notify),
whole, in Polish and Slovak. The office's name stands alone after "Biuro:" / "Kancelária:",
never as the subject of a verb: Polish and Slovak verbs take the subject's gender, which
an office's name does not give (until 2026-12-07: "Biuro A wykorzystało ...")."""

import pytest

from accounts.models import Role
from common.models import PlatformEmail
from subscriptions.notices import plan_limit_reached_notify
from tests.helpers.offices import in_office, member
from tests.platform.subscriptions.factories import subscription_for

GB = 1024**3

SMS = {
    "pl": (
        "SMS-y wstrzymane w Vireo (biuro: Biuro A): limit SMS na ten miesiąc został wykorzystany",
        "Dzień dobry,\n\n"
        "Biuro: Biuro A\n\n"
        "Wykorzystano wszystkie SMS-y zawarte w planie Start na ten miesiąc (100),\n"
        "więc powiadomienia SMS nie są wysyłane do końca miesiąca. "
        "Powiadomienia e-mail są nadal wysyłane.\n"
        "Aby w tym miesiącu znów wysyłać SMS-y, wybierz większy plan w zakładce Subskrypcja.\n\n"
        "Wybierz plan: {url}/administration/subscription/\n\n",
    ),
    "sk": (
        "SMS vo Vireo zastavené (kancelária: Kancelária B): SMS na tento mesiac sú vyčerpané",
        "Dobrý deň,\n\n"
        "Kancelária: Kancelária B\n\n"
        "Vyčerpali ste všetky SMS zahrnuté v pláne Start na tento mesiac (100),\n"
        "preto sa SMS notifikácie do konca mesiaca neposielajú. "
        "E-mailové notifikácie sa posielajú ďalej.\n"
        "Ak chcete v tomto mesiaci znova posielať SMS, "
        "vyberte si väčší plán v časti Predplatné.\n\n"
        "Vyberte si plán: {url}/administration/subscription/\n\n",
    ),
}
STORAGE = {
    "pl": (
        "Miejsce na pliki w Vireo przekroczone (biuro: Biuro A)",
        "Dzień dobry,\n\n"
        "Biuro: Biuro A\n\n"
        "Pliki biura zajmują 5,5\xa0GB, czyli więcej, niż obejmuje plan Start (5 GB).\n"
        "Pliki ze skanerów i e-maile są nadal przyjmowane, więc żadna korespondencja nie "
        "zginie, ale\n"
        "nikt nie może przesyłać plików (skanów, dokumentów, załączników), dopóki nie zwolni "
        "się miejsce.\n"
        "Wybierz większy plan w zakładce Subskrypcja albo usuń pliki, których biuro już nie "
        "potrzebuje.\n\n"
        "Wybierz plan: {url}/administration/subscription/\n\n",
    ),
    "sk": (
        "Úložisko vo Vireo prekročené (kancelária: Kancelária B)",
        "Dobrý deň,\n\n"
        "Kancelária: Kancelária B\n\n"
        "Súbory kancelárie zaberajú 5,5\xa0GB, teda viac, než zahŕňa plán Start (5 GB).\n"
        "Súbory zo skenerov a e-maily sa naďalej prijímajú, takže sa žiadna pošta nestratí, "
        "ale\n"
        "nikto nemôže nahrávať súbory (skeny, dokumenty, prílohy), kým sa neuvoľní miesto.\n"
        "Vyberte si väčší plán v časti Predplatné alebo vymažte súbory, ktoré kancelária už "
        "nepotrebuje.\n\n"
        "Vyberte si plán: {url}/administration/subscription/\n\n",
    ),
}


@pytest.mark.parametrize("language", ["pl", "sk"])
@pytest.mark.parametrize(
    ("limit", "used", "texts", "kind"),
    [
        ("sms_per_month", 100, SMS, "billing_sms_limit_reached"),
        ("storage_gb", 5 * GB + GB // 2, STORAGE, "billing_storage_limit_passed"),
    ],
)
def test_the_limit_notice_names_the_office_apart_from_the_sentence(
    language, limit, used, texts, kind, office_a, office_b
):
    office = office_a if language == "pl" else office_b
    with in_office(office):
        owner = member(office, Role.OWNER)
        subscription_for(office, plan="start")
        assert plan_limit_reached_notify(office=office, limit=limit, used=used) is True
    (notice,) = PlatformEmail.objects.filter(kind=kind)
    subject, text = texts[language]
    assert notice.to == [owner.email]
    assert notice.subject == subject
    assert notice.text == text.format(url=office.url)
