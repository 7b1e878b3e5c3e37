"""The notification events of invoices (I2, I3) and their default texts in Polish, Slovak and
English. Registered by InvoicesConfig.ready(); sent by services.delivery."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.money import money
from modules.invoices.dates import period_text
from modules.notifications.hooks import (
    CLIENT,
    EMAIL,
    GREETING,
    INAPP,
    OFFICE,
    SAMPLE_SITE,
    SIGNATURE,
    Action,
    Defaults,
    EventType,
    Sample,
    event_register,
)

NEW_EVENT = "invoices.new"
REMINDER_EVENT = "invoices.reminder"
ACCEPTANCE_REQUESTED = "invoices.acceptance_requested"  # a draft waits for the client
ACCEPTANCE_ANSWERED = "invoices.acceptance_answered"  # the client accepted or rejected it
KSEF_REFUSED = "invoices.ksef_refused"  # KSeF refused the office's token or certificate

DRAFT_VARIABLES = {
    "client_name": _("Client"),
    "invoice_total": _("Amount to pay, with the currency"),
    "draft_period": _("Service period"),
    "draft_answer": _("The client's answer"),
    "draft_comment": _("The client's comment"),
    "invoice_url": _("Link to the draft"),
}
# The editor's preview, in the template's language (notifications' sample_context): the
# client from COMMON_SAMPLE, amounts in the office's currency, dates in that language.
SAMPLE_TOTAL = "246.00"


def _sample_total(*, language: str, office) -> str:
    return money(Decimal(SAMPLE_TOTAL), office.currency, language=language)


def _sample_period(*, language: str, office) -> str:
    return period_text(datetime.date(2026, 3, 1), datetime.date(2026, 3, 31), language=language)


DRAFT_SAMPLE = {
    "invoice_total": _sample_total,
    "draft_period": _sample_period,
    "draft_answer": "rejected",
    "draft_comment": Sample(
        pl="Bez kuriera w marcu.", sk="Bez kuriéra v marci.", en="No courier in March."
    ),
    "invoice_url": SAMPLE_SITE + "/portal/invoices/12/",
}

VARIABLES = {
    "invoice_number": _("Invoice number"),
    "invoice_total": _("Amount to pay, with the currency"),
    "invoice_due_date": pgettext_lazy("invoice", "Due date"),
    "invoice_url": _("Link to the invoice in the client panel"),
    "invoice_paid": _("Already paid in full (yes/no)"),
}
SAMPLE = {
    "invoice_number": "FV/12/03/2026",  # the default pattern's, alike in every language
    "invoice_total": _sample_total,
    "invoice_due_date": datetime.date(2026, 4, 14),  # formatted by the template's language
    "invoice_url": SAMPLE_SITE + "/portal/invoices/12/",
    "invoice_paid": False,
}
DUE = '{{ invoice_due_date|date:"SHORT_DATE_FORMAT" }}'
# The new-invoice e-mail also names a correction: a reducing one was sent as "fakturę
# FV/14/12/2026 na kwotę -123,00 zł, płatną do 21.12.2026" (an invoice to pay).
NEW_VARIABLES = {
    **VARIABLES,
    "invoice_correction": _("Number of the corrected invoice (empty unless a correction)"),
    "invoice_credit": _(
        "What a reducing correction takes off the amount owed, with the currency (else empty)"
    ),
    # A correction of 0.00 was e-mailed "na kwotę 0,00 zł, płatną do ..." (2026-12-07).
    "invoice_unchanged": _("A correction that changes nothing owed, of 0.00 (yes/no)"),
}
NEW_SAMPLE = {
    **SAMPLE,
    "invoice_correction": "",
    "invoice_credit": "",
    "invoice_unchanged": False,
}


def _draft_events() -> None:
    event_register(
        EventType(
            code=ACCEPTANCE_REQUESTED,
            label=_("Draft invoice to accept"),
            audience=CLIENT,
            variables=DRAFT_VARIABLES,
            sample=DRAFT_SAMPLE,
            default_channels=frozenset({EMAIL}),
            defaults={
                "pl": Defaults(
                    subject="Projekt faktury do akceptacji",
                    body=GREETING["pl"]
                    + "prosimy o sprawdzenie projektu faktury za okres {{ draft_period }} na "
                    "kwotę {{ invoice_total }} i jego akceptację w panelu klienta: "
                    "{{ invoice_url }}" + SIGNATURE["pl"],
                    sms="{{ office_name }}: projekt faktury ({{ invoice_total }}) czeka na "
                    "akceptację w panelu klienta.",
                ),
                "sk": Defaults(
                    subject="Návrh faktúry na schválenie",
                    body=GREETING["sk"]
                    + "prosíme o kontrolu návrhu faktúry za obdobie {{ draft_period }} na "
                    "sumu {{ invoice_total }} a jeho schválenie v klientskom paneli: "
                    "{{ invoice_url }}" + SIGNATURE["sk"],
                    sms="{{ office_name }}: návrh faktúry ({{ invoice_total }}) čaká na "
                    "schválenie v klientskom paneli.",
                ),
                "en": Defaults(
                    subject="Draft invoice to accept",
                    body=GREETING["en"] + "please check the draft invoice for {{ draft_period }} "
                    "({{ invoice_total }}) and accept it in the client panel: "
                    "{{ invoice_url }}" + SIGNATURE["en"],
                    sms="{{ office_name }}: a draft invoice ({{ invoice_total }}) waits for "
                    "your acceptance in the client panel.",
                ),
            },
        )
    )
    answered = {
        "pl": ("Odpowiedź klienta na projekt faktury", "Klient {{ client_name }}"),
        "sk": ("Odpoveď klienta na návrh faktúry", "Klient {{ client_name }}"),
        "en": ("The client answered a draft invoice", "Client {{ client_name }}"),
    }
    verdict = {
        "pl": '{% if draft_answer == "accepted" %}zaakceptował{% else %}odrzucił{% endif %}',
        "sk": '{% if draft_answer == "accepted" %}schválil{% else %}zamietol{% endif %}',
        "en": '{% if draft_answer == "accepted" %}accepted{% else %}rejected{% endif %}',
    }
    what = {
        "pl": " projekt faktury ({{ invoice_total }}, {{ draft_period }}).",
        "sk": " návrh faktúry ({{ invoice_total }}, {{ draft_period }}).",
        "en": " the draft invoice ({{ invoice_total }}, {{ draft_period }}).",
    }
    event_register(
        EventType(
            code=ACCEPTANCE_ANSWERED,
            label=_("Client's answer to a draft invoice"),
            audience=OFFICE,
            variables=DRAFT_VARIABLES,
            # The office's e-mail opens the invoice's staff page, as the sent one does.
            sample={**DRAFT_SAMPLE, "invoice_url": SAMPLE_SITE + "/invoices/12/"},
            actions=(Action("invoice_url", _("Open the draft")),),
            defaults={
                lang: Defaults(
                    subject=subject,
                    body=who
                    + " "
                    + verdict[lang]
                    + what[lang]
                    + "{% if draft_comment %}\n\n{{ draft_comment }}{% endif %}",
                    sms=who + " " + verdict[lang] + what[lang],
                )
                for lang, (subject, who) in answered.items()
            },
        )
    )


def _ksef_event() -> None:
    """The office is told when KSeF refuses its login: the invoices wait (status "Refused")
    until the token or certificate is fixed and they are sent again."""
    event_register(
        EventType(
            code=KSEF_REFUSED,
            label=_("KSeF refused the office's token or certificate"),
            audience=OFFICE,
            variables={
                "invoice_count": _("Number of invoices not sent"),
                "ksef_answer": _("KSeF's answer"),
                "settings_url": _("Link to Administration > Invoices"),
            },
            sample={
                "invoice_count": 2,
                "ksef_answer": "21115: Nieprawidłowy token KSeF dla kontekstu.",
                "settings_url": SAMPLE_SITE + "/administration/invoices/",
            },
            default_channels=frozenset({EMAIL, INAPP}),
            actions=(Action("settings_url", _("Open the KSeF settings")),),
            defaults={
                "pl": Defaults(
                    subject="KSeF nie przyjął tokenu ani certyfikatu biura",
                    body="KSeF odmówił zalogowania biura, więc nie wysłano faktur: "
                    "{{ invoice_count }}. Odpowiedź KSeF: {{ ksef_answer }}\n\nPopraw token "
                    "lub certyfikat KSeF w Administracja > Faktury ({{ settings_url }}), a "
                    "potem na stronie każdej faktury wybierz „Wyślij ponownie do KSeF”. "
                    "Faktury nie trafią do klientów, dopóki KSeF ich nie przyjmie.",
                    sms="{{ office_name }}: KSeF nie przyjął tokenu ani certyfikatu biura, "
                    "faktury czekają ({{ invoice_count }}).",
                ),
                "sk": Defaults(
                    subject="KSeF neprijal token ani certifikát kancelárie",
                    body="KSeF odmietol prihlásenie kancelárie, preto sa faktúry neodoslali: "
                    "{{ invoice_count }}. Odpoveď KSeF: {{ ksef_answer }}\n\nOpravte token "
                    "alebo certifikát KSeF v Administrácia > Faktúry ({{ settings_url }}) a "
                    "potom na stránke každej faktúry zvoľte „Znovu odoslať do KSeF“. "
                    "Faktúry klientom neodídu, kým ich KSeF neprijme.",
                    sms="{{ office_name }}: KSeF neprijal token ani certifikát kancelárie, "
                    "faktúry čakajú ({{ invoice_count }}).",
                ),
                "en": Defaults(
                    subject="KSeF did not accept the office's token or certificate",
                    body="KSeF refused to log the office in, so invoices were not sent: "
                    "{{ invoice_count }}. KSeF's answer: {{ ksef_answer }}\n\nCorrect the KSeF "
                    "token or certificate in Administration > Invoices ({{ settings_url }}), "
                    'then choose "Send to KSeF again" on each invoice\'s page. The invoices '
                    "do not go to the clients until KSeF accepts them.",
                    sms="{{ office_name }}: KSeF did not accept the office's token or "
                    "certificate; invoices are waiting ({{ invoice_count }}).",
                ),
            },
        )
    )


def events_register() -> None:
    _draft_events()
    _ksef_event()
    event_register(
        EventType(
            code=NEW_EVENT,
            label=_("New invoice"),
            audience=CLIENT,
            variables=NEW_VARIABLES,
            sample=NEW_SAMPLE,
            default_channels=frozenset({EMAIL}),
            defaults={
                "pl": Defaults(
                    subject="{% if invoice_correction %}Faktura korygująca{% else %}Faktura"
                    "{% endif %} {{ invoice_number }}",
                    body=GREETING["pl"]
                    + "w załączniku przesyłamy {% if invoice_correction %}fakturę korygującą "
                    "{{ invoice_number }} do faktury {{ invoice_correction }}{% else %}fakturę "
                    "{{ invoice_number }}{% endif %}"
                    # A paid invoice sent again has nothing to pay: not "na kwotę 0,00 zł".
                    "{% if invoice_credit %}, która zmniejsza należność o {{ invoice_credit }}"
                    "{% elif invoice_unchanged %}, która nie zmienia należności"
                    "{% elif invoice_paid %}, już opłaconą – dziękujemy{% else %} na kwotę "
                    "{{ invoice_total }}, płatną do " + DUE + "{% endif %}." + SIGNATURE["pl"],
                    sms="{{ office_name }}: {% if invoice_correction %}faktura korygująca"
                    "{% else %}faktura{% endif %} {{ invoice_number }}{% if invoice_credit %}, "
                    "zmniejsza należność o {{ invoice_credit }}{% elif invoice_unchanged %}, "
                    "nie zmienia należności{% elif invoice_paid %} "
                    "(opłacona){% else %}, {{ invoice_total }}, termin płatności "
                    + DUE
                    + "{% endif %}.",
                ),
                "sk": Defaults(
                    subject="{% if invoice_correction %}Opravný doklad{% else %}Faktúra"
                    "{% endif %} {{ invoice_number }}",
                    body=GREETING["sk"] + "v prílohe vám posielame {% if invoice_correction %}"
                    "opravný doklad {{ invoice_number }} k faktúre {{ invoice_correction }}"
                    "{% else %}faktúru {{ invoice_number }}{% endif %}{% if invoice_credit %}, "
                    "ktorý znižuje sumu na úhradu o {{ invoice_credit }}"
                    "{% elif invoice_unchanged %}, ktorý nemení sumu na úhradu"
                    "{% elif invoice_paid %}, "
                    "ktorá je už uhradená – ďakujeme{% else %} na sumu {{ invoice_total }} so "
                    "splatnosťou " + DUE + "{% endif %}." + SIGNATURE["sk"],
                    sms="{{ office_name }}: {% if invoice_correction %}opravný doklad{% else %}"
                    "faktúra{% endif %} {{ invoice_number }}{% if invoice_credit %}, znižuje sumu "
                    "na úhradu o {{ invoice_credit }}{% elif invoice_unchanged %}, nemení sumu na "
                    "úhradu{% elif invoice_paid %} (uhradená)"
                    "{% else %}, {{ invoice_total }}, splatná " + DUE + "{% endif %}.",
                ),
                "en": Defaults(
                    subject="{% if invoice_correction %}Corrective invoice{% else %}Invoice"
                    "{% endif %} {{ invoice_number }}",
                    body=GREETING["en"] + "please find attached {% if invoice_correction %}"
                    "corrective invoice {{ invoice_number }} to invoice {{ invoice_correction }}"
                    "{% else %}invoice {{ invoice_number }}{% endif %}{% if invoice_credit %}, "
                    "which reduces the amount owed by {{ invoice_credit }}"
                    "{% elif invoice_unchanged %}, which does not change the amount owed"
                    "{% elif invoice_paid %}"
                    ", already paid – thank you{% else %} for {{ invoice_total }}, due on "
                    + DUE
                    + "{% endif %}."
                    + SIGNATURE["en"],
                    sms="{{ office_name }}: {% if invoice_correction %}corrective invoice"
                    "{% else %}invoice{% endif %} {{ invoice_number }}{% if invoice_credit %}, "
                    "reduces the amount owed by {{ invoice_credit }}{% elif invoice_unchanged %}, "
                    "does not change the amount owed{% elif invoice_paid %} "
                    "(paid){% else %}, {{ invoice_total }}, due " + DUE + "{% endif %}.",
                ),
            },
        )
    )
    event_register(
        EventType(
            code=REMINDER_EVENT,
            label=_("Overdue invoice reminder"),
            audience=CLIENT,
            variables=VARIABLES,
            sample=SAMPLE,
            default_channels=frozenset({EMAIL}),
            defaults={
                "pl": Defaults(
                    subject="Przypomnienie o płatności: faktura {{ invoice_number }}",
                    body=GREETING["pl"]
                    + "przypominamy, że termin płatności faktury {{ invoice_number }} "
                    "({{ invoice_total }}) minął " + DUE + ". Jeśli płatność została już "
                    "wysłana, prosimy zignorować tę wiadomość." + SIGNATURE["pl"],
                    sms="{{ office_name }}: przypomnienie o płatności faktury "
                    "{{ invoice_number }} ({{ invoice_total }}).",
                ),
                "sk": Defaults(
                    subject="Pripomienka platby: faktúra {{ invoice_number }}",
                    body=GREETING["sk"] + "pripomíname, že splatnosť faktúry {{ invoice_number }} "
                    "({{ invoice_total }}) uplynula " + DUE + ". Ak ste už zaplatili, "
                    "túto správu prosím ignorujte." + SIGNATURE["sk"],
                    sms="{{ office_name }}: pripomienka platby faktúry {{ invoice_number }} "
                    "({{ invoice_total }}).",
                ),
                "en": Defaults(
                    subject="Payment reminder: invoice {{ invoice_number }}",
                    body=GREETING["en"] + "this is a reminder that invoice {{ invoice_number }} "
                    "({{ invoice_total }}) was due on " + DUE + ". If you have already paid, "
                    "please ignore this message." + SIGNATURE["en"],
                    sms="{{ office_name }}: payment reminder for invoice {{ invoice_number }} "
                    "({{ invoice_total }}).",
                ),
            },
        )
    )
