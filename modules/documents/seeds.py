# ruff: noqa: E501  (legal texts: long lines read better than split ones)
"""The ready-made templates every office starts with, in Polish and Slovak (D1): the
virtual-office service agreement, the owner's consent to register the company seat (in
Slovakia with an officially certified signature, and room for it), the annex changing the
package, the termination and the mail-forwarding authorisation.

Plain data, already in the shape the editor writes (documents.html keeps all of it); the
migration 0002 adds them to every office schema (and the template schema new offices are
cloned from). An office edits or retires them like its own; seeding again adds only the
keys it does not have."""

from __future__ import annotations

P = "<p>{}</p>"


def _doc(*parts: str) -> str:
    return "".join(parts)


def _h1(text: str) -> str:
    return f'<h1 class="ql-align-center">{text}</h1>'


def _center(text: str) -> str:
    return f'<p class="ql-align-center">{text}</p>'


def _right(text: str) -> str:
    return f'<p class="ql-align-right">{text}</p>'


def _ol(*items: str) -> str:
    return "<ol>" + "".join(f'<li data-list="ordered">{i}</li>' for i in items) + "</ol>"


def _blank(lines: int = 1) -> str:
    return "<p><br></p>" * lines


# "zawarta"/"uzavretá" agree with an agreement (umowa, zmluva: feminine), "zawarty"/"uzavretý"
# with an annex (aneks, dodatok: masculine).
PL_CONCLUDED = 'w dniu {{ document_date|date:"d.m.Y" }} (miejsce zawarcia: {{ signing_place|default:office_city }}) pomiędzy:'
SK_CONCLUDED = 'dňa {{ document_date|date:"d.m.Y" }} (miesto uzavretia: {{ signing_place|default:office_city }}) medzi:'
PL_PARTIES = _doc(
    P.format("zawarta " + PL_CONCLUDED),
    P.format(
        "<strong>{{ office_legal_name }}</strong>{% if office_address %}, {{ office_address }}{% endif %}"
        "{% if office_nip %}, NIP {{ office_nip }}{% endif %}, zwaną dalej <strong>Usługodawcą</strong>,"
    ),
    P.format("a"),
    P.format(
        "<strong>{{ client_name }}</strong>{% if client_address %}, {{ client_address }}{% endif %}"
        "{% if client_nip %}, NIP {{ client_nip }}{% endif %}{% if client_regon %}, REGON {{ client_regon }}{% endif %}"
        "{% if client_krs %}, KRS {{ client_krs }}{% endif %}, reprezentowaną przez: "
        '{{ client_contact_name|default:"...................................." }}, '
        "zwaną dalej <strong>Usługobiorcą</strong>."
    ),
)
PL_SIGNATURES = _doc(
    _blank(3),
    P.format(
        "....................................................&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;...................................................."
    ),
    P.format(
        "Usługodawca&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;Usługobiorca"
    ),
)
# Slovakia has no KRS: a company is entered in the obchodný register of a court (section and
# entry number), which no client field holds, so the agreement and the annex ask for it.
SK_REGISTER = (
    "{% if register_entry %}, zapísaná v Obchodnom registri {{ register_entry }}{% endif %}"
)
SK_REGISTER_FIELD = {"key": "register_entry", "label": "Obchodný register (súd, oddiel, vložka)"}
SK_PARTIES = _doc(
    P.format("uzavretá " + SK_CONCLUDED),
    P.format(
        "<strong>{{ office_legal_name }}</strong>{% if office_address %}, {{ office_address }}{% endif %}"
        "{% if office_ico %}, IČO {{ office_ico }}{% endif %}{% if office_ic_dph %}, IČ DPH {{ office_ic_dph }}{% endif %}"
        ", ďalej len <strong>poskytovateľ</strong>,"
    ),
    P.format("a"),
    P.format(
        "<strong>{{ client_name }}</strong>{% if client_address %}, {{ client_address }}{% endif %}"
        "{% if client_ico %}, IČO {{ client_ico }}{% endif %}{% if client_dic %}, DIČ {{ client_dic }}{% endif %}"
        "{% if client_ic_dph %}, IČ DPH {{ client_ic_dph }}{% endif %}"
        + SK_REGISTER
        + ", zastúpená: "
        '{{ client_contact_name|default:"...................................." }}, '
        "ďalej len <strong>objednávateľ</strong>."
    ),
)
SK_SIGNATURES = _doc(
    _blank(3),
    P.format(
        "....................................................&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;...................................................."
    ),
    P.format(
        "poskytovateľ&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;objednávateľ"
    ),
)
PL_ANNEX_PARTIES = PL_PARTIES.replace("zawarta " + PL_CONCLUDED, "zawarty " + PL_CONCLUDED, 1)
SK_ANNEX_PARTIES = SK_PARTIES.replace("uzavretá " + SK_CONCLUDED, "uzavretý " + SK_CONCLUDED, 1)
PL_PLACE = {"key": "signing_place", "label": "Miejsce podpisania"}
SK_PLACE = {"key": "signing_place", "label": "Miesto podpisu"}

TEMPLATES = [
    {
        "seed_key": "pl_service_agreement",
        "language": "pl",
        "name": "Umowa o świadczenie usług wirtualnego biura",
        "fields": [PL_PLACE],
        "body": _doc(
            _h1("Umowa o świadczenie usług wirtualnego biura nr {{ document_number }}"),
            PL_PARTIES,
            "<h2>§ 1. Przedmiot umowy</h2>",
            _ol(
                "Usługodawca udostępnia Usługobiorcy adres {{ office_address }} jako adres siedziby "
                "i adres do doręczeń, na zasadach określonych w niniejszej umowie.",
                "Usługodawca przyjmuje korespondencję kierowaną do Usługobiorcy, rejestruje ją w "
                "systemie i powiadamia o niej Usługobiorcę drogą elektroniczną.",
                "Na życzenie Usługobiorcy korespondencja jest skanowana, wydawana osobom "
                "upoważnionym albo przesyłana na wskazany adres.",
            ),
            "<h2>§ 2. Pakiet i wynagrodzenie</h2>",
            _ol(
                'Usługobiorca korzysta z pakietu <strong>{{ package_name|default:"...................." }}</strong>'
                '{% if package_starts_on %} od dnia {{ package_starts_on|date:"d.m.Y" }}{% endif %}.',
                "Wynagrodzenie wynosi {% if package_price %}{{ package_price|floatformat:2 }} {{ office_currency }} netto{% else %}zgodnie z cennikiem{% endif %}, "
                'płatne {{ package_frequency|default:"miesięcznie" }} z góry, na rachunek {{ office_iban|default:"wskazany na fakturze" }}.',
                "Usługi dodatkowe ponad limity pakietu rozliczane są według cennika Usługodawcy.",
            ),
            "<h2>§ 3. Obowiązki Usługodawcy</h2>",
            _ol(
                "Usługodawca zapewnia przyjmowanie korespondencji w dni robocze w godzinach pracy biura.",
                "Usługodawca przechowuje korespondencję z należytą starannością i zachowuje jej poufność.",
                "Usługodawca udostępnia Usługobiorcy panel klienta z historią korespondencji, skanami, "
                "dokumentami i wiadomościami.",
            ),
            "<h2>§ 4. Obowiązki Usługobiorcy</h2>",
            _ol(
                "Usługobiorca zobowiązuje się wykorzystywać adres wyłącznie zgodnie z prawem.",
                "Usługobiorca niezwłocznie informuje Usługodawcę o zmianie danych rejestrowych, "
                "osób upoważnionych i adresu do korespondencji.",
                "Usługobiorca odbiera korespondencję lub zleca jej przesłanie w terminie 30 dni od powiadomienia.",
            ),
            "<h2>§ 5. Osoby kontaktowe</h2>",
            P.format(
                "Osobami uprawnionymi do kontaktu ze strony Usługobiorcy są: "
                "{% for name in client_contacts %}{{ name }}{% if not forloop.last %}, {% endif %}"
                "{% empty %}....................................{% endfor %}."
            ),
            "<h2>§ 6. Czas trwania umowy</h2>",
            _ol(
                "Umowa zostaje zawarta na okres {{ package_contract_months|default:12|months }}"
                '{% if client_contract_start %} od dnia {{ client_contract_start|date:"d.m.Y" }}{% endif %}.',
                "Każda ze stron może wypowiedzieć umowę z zachowaniem {{ package_notice_months|default:1 }}-miesięcznego "
                "okresu wypowiedzenia, ze skutkiem na koniec miesiąca kalendarzowego.",
                "Po rozwiązaniu umowy Usługobiorca zobowiązany jest w terminie 14 dni zgłosić zmianę "
                "adresu siedziby we właściwym rejestrze.",
            ),
            "<h2>§ 7. Ochrona danych osobowych</h2>",
            P.format(
                "Strony przetwarzają dane osobowe zgodnie z RODO. Usługodawca przetwarza dane zawarte "
                "w korespondencji wyłącznie w celu wykonania umowy."
            ),
            "<h2>§ 8. Postanowienia końcowe</h2>",
            _ol(
                "Zmiany umowy wymagają formy pisemnej pod rygorem nieważności (aneks).",
                "W sprawach nieuregulowanych stosuje się przepisy Kodeksu cywilnego.",
                "Umowę sporządzono w dwóch jednobrzmiących egzemplarzach, po jednym dla każdej ze stron.",
            ),
            PL_SIGNATURES,
        ),
    },
    {
        "seed_key": "pl_seat_consent",
        "language": "pl",
        "name": "Zgoda na ustanowienie siedziby firmy",
        "fields": [PL_PLACE, {"key": "agreement_number", "label": "Numer umowy"}],
        "body": _doc(
            _right('{{ signing_place|default:office_city }}, {{ document_date|date:"d.m.Y" }}'),
            _h1("Zgoda na ustanowienie siedziby"),
            P.format(
                "<strong>{{ office_legal_name }}</strong>{% if office_address %}, {{ office_address }}{% endif %}"
                "{% if office_nip %}, NIP {{ office_nip }}{% endif %}, jako podmiot uprawniony do "
                "dysponowania lokalem pod adresem <strong>{{ office_address }}</strong>, wyraża zgodę na "
                "ustanowienie w tym lokalu siedziby oraz adresu do doręczeń:"
            ),
            P.format(
                "<strong>{{ client_name }}</strong>{% if client_nip %}, NIP {{ client_nip }}{% endif %}"
                "{% if client_krs %}, KRS {{ client_krs }}{% endif %},"
            ),
            P.format(
                "na czas obowiązywania umowy o świadczenie usług wirtualnego biura nr "
                '{{ agreement_number|default:"...................." }}. Zgoda wygasa wraz z rozwiązaniem tej umowy.'
            ),
            P.format(
                "Niniejsza zgoda zostaje wydana na potrzeby zgłoszenia do Krajowego Rejestru Sądowego "
                "lub CEIDG oraz urzędu skarbowego."
            ),
            _blank(3),
            _right("...................................................."),
            _right("{{ office_legal_name }} – podpis osoby uprawnionej"),
        ),
    },
    {
        "seed_key": "pl_package_annex",
        "language": "pl",
        "name": "Aneks do umowy – zmiana pakietu",
        "fields": [
            PL_PLACE,
            {"key": "agreement_number", "label": "Numer umowy"},
            {"key": "new_package", "label": "Nowy pakiet", "type": "package"},
            {"key": "effective_date", "label": "Obowiązuje od", "type": "date"},
        ],
        "body": _doc(
            _h1(
                'Aneks nr {{ document_number }} do umowy nr {{ agreement_number|default:"...................." }}'
            ),
            PL_ANNEX_PARTIES,
            "<h2>§ 1</h2>",
            P.format(
                'Z dniem {{ effective_date|default:"...................." }} strony zmieniają pakiet usług'
                "{% if package_name %} (dotychczas: {{ package_name }}){% endif %} na "
                '<strong>{{ new_package|default:"...................." }}</strong>'
                "{% if new_package_price %} w cenie {{ new_package_price|floatformat:2 }} {{ office_currency }} netto, płatnej {{ new_package_frequency }}{% endif %}."
            ),
            "<h2>§ 2</h2>",
            P.format("Pozostałe postanowienia umowy pozostają bez zmian."),
            "<h2>§ 3</h2>",
            P.format(
                "Aneks sporządzono w dwóch jednobrzmiących egzemplarzach, po jednym dla każdej ze stron."
            ),
            PL_SIGNATURES,
        ),
    },
    {
        "seed_key": "pl_termination",
        "language": "pl",
        "name": "Wypowiedzenie umowy",
        "fields": [
            PL_PLACE,
            {"key": "agreement_number", "label": "Numer umowy"},
            {"key": "end_date", "label": "Data rozwiązania"},
        ],
        "body": _doc(
            _right('{{ signing_place|default:office_city }}, {{ document_date|date:"d.m.Y" }}'),
            P.format("<strong>{{ client_name }}</strong><br>{{ client_address }}"),
            _h1("Wypowiedzenie umowy o świadczenie usług wirtualnego biura"),
            P.format(
                '{{ office_legal_name }} wypowiada umowę nr {{ agreement_number|default:"...................." }} '
                "zawartą z Państwem, z zachowaniem {{ package_notice_months|default:1 }}-miesięcznego okresu "
                'wypowiedzenia. Umowa ulega rozwiązaniu z dniem {{ end_date|default:"...................." }}.'
            ),
            P.format(
                "Prosimy o zgłoszenie zmiany adresu siedziby we właściwym rejestrze w terminie 14 dni od "
                "rozwiązania umowy oraz o odbiór pozostałej korespondencji. Zgoda na ustanowienie siedziby "
                "pod adresem {{ office_address }} wygasa z dniem rozwiązania umowy."
            ),
            _blank(3),
            _right("...................................................."),
            _right("{{ office_legal_name }}"),
        ),
    },
    {
        "seed_key": "pl_forwarding_authorisation",
        "language": "pl",
        "name": "Upoważnienie do przesyłania korespondencji",
        "fields": [PL_PLACE, {"key": "forwarding_address", "label": "Adres do przesyłania"}],
        "body": _doc(
            _right('{{ signing_place|default:office_city }}, {{ document_date|date:"d.m.Y" }}'),
            _h1("Upoważnienie"),
            P.format(
                "<strong>{{ client_name }}</strong>{% if client_nip %}, NIP {{ client_nip }}{% endif %}, "
                "upoważnia <strong>{{ office_legal_name }}</strong>, {{ office_address }}, do odbioru "
                "kierowanej do niej korespondencji, w tym przesyłek poleconych i awizowanych, oraz do jej "
                "przesyłania na adres:"
            ),
            P.format(
                '<strong>{{ forwarding_address|default:client_correspondence_address|default:"...................................." }}</strong>'
            ),
            P.format(
                "Koszty przesyłek pokrywa {{ client_name }} zgodnie z cennikiem usług dodatkowych."
            ),
            P.format("Upoważnienie obowiązuje do odwołania, nie dłużej niż do rozwiązania umowy."),
            _blank(3),
            _right("...................................................."),
            _right("podpis osoby reprezentującej {{ client_name }}"),
        ),
    },
    {
        "seed_key": "sk_service_agreement",
        "language": "sk",
        "name": "Zmluva o poskytovaní služieb virtuálnej kancelárie",
        "fields": [SK_PLACE, SK_REGISTER_FIELD],
        "body": _doc(
            _h1("Zmluva o poskytovaní služieb virtuálnej kancelárie č. {{ document_number }}"),
            SK_PARTIES,
            "<h2>Čl. I. Predmet zmluvy</h2>",
            _ol(
                "Poskytovateľ umožňuje objednávateľovi používať adresu {{ office_address }} ako adresu "
                "sídla a adresu na doručovanie podľa tejto zmluvy.",
                "Poskytovateľ prijíma zásielky adresované objednávateľovi, eviduje ich v systéme a "
                "elektronicky o nich objednávateľa informuje.",
                "Na žiadosť objednávateľa poskytovateľ zásielky skenuje, odovzdáva oprávneným osobám "
                "alebo ich preposiela na určenú adresu.",
            ),
            "<h2>Čl. II. Balík a odplata</h2>",
            _ol(
                'Objednávateľ využíva balík <strong>{{ package_name|default:"...................." }}</strong>'
                '{% if package_starts_on %} od {{ package_starts_on|date:"d.m.Y" }}{% endif %}.',
                "Odplata je {% if package_price %}{{ package_price|floatformat:2 }} {{ office_currency }} bez DPH{% else %}podľa cenníka{% endif %}, "
                'splatná {{ package_frequency|default:"mesačne" }} vopred na účet {{ office_iban|default:"uvedený na faktúre" }}.',
                "Služby nad rámec balíka sa účtujú podľa cenníka poskytovateľa.",
            ),
            "<h2>Čl. III. Povinnosti poskytovateľa</h2>",
            _ol(
                "Poskytovateľ zabezpečí prijímanie zásielok v pracovné dni počas úradných hodín.",
                "Poskytovateľ uchováva zásielky s odbornou starostlivosťou a zachováva ich dôvernosť.",
                "Poskytovateľ sprístupní objednávateľovi klientsky panel s prehľadom pošty, skenov, "
                "dokumentov a správ.",
            ),
            "<h2>Čl. IV. Povinnosti objednávateľa</h2>",
            _ol(
                "Objednávateľ používa adresu výlučne v súlade s právnymi predpismi.",
                "Objednávateľ bezodkladne oznámi zmenu údajov zapísaných v registri, oprávnených osôb "
                "a adresy na doručovanie.",
                "Objednávateľ si zásielky prevezme alebo požiada o ich preposlanie do 30 dní od oznámenia.",
            ),
            "<h2>Čl. V. Kontaktné osoby</h2>",
            P.format(
                "Kontaktnými osobami objednávateľa sú: "
                "{% for name in client_contacts %}{{ name }}{% if not forloop.last %}, {% endif %}"
                "{% empty %}....................................{% endfor %}."
            ),
            "<h2>Čl. VI. Trvanie zmluvy</h2>",
            _ol(
                "Zmluva sa uzatvára na dobu {{ package_contract_months|default:12|months }}"
                '{% if client_contract_start %} od {{ client_contract_start|date:"d.m.Y" }}{% endif %}.',
                "Každá zo strán môže zmluvu vypovedať s výpovednou lehotou {{ package_notice_months|default:1|months }}, "
                "ktorá začína plynúť prvým dňom mesiaca nasledujúceho po doručení výpovede.",
                "Po skončení zmluvy objednávateľ do 15 dní podá návrh na zmenu sídla v obchodnom registri.",
            ),
            "<h2>Čl. VII. Ochrana osobných údajov</h2>",
            P.format(
                "Strany spracúvajú osobné údaje v súlade s nariadením GDPR a zákonom č. 18/2018 Z. z. "
                "Poskytovateľ spracúva údaje zo zásielok výlučne na plnenie tejto zmluvy."
            ),
            "<h2>Čl. VIII. Záverečné ustanovenia</h2>",
            _ol(
                "Zmluvu možno meniť iba písomnými dodatkami.",
                "Práva a povinnosti neupravené touto zmluvou sa riadia Obchodným zákonníkom.",
                "Zmluva je vyhotovená v dvoch rovnopisoch, z ktorých každá strana dostane jeden.",
            ),
            SK_SIGNATURES,
        ),
    },
    {
        "seed_key": "sk_seat_consent",
        "language": "sk",
        "name": "Súhlas vlastníka s umiestnením sídla",
        "fields": [
            SK_PLACE,
            {"key": "owner_name", "label": "Vlastník nehnuteľnosti"},
            {"key": "property_description", "label": "Nehnuteľnosť (LV, parcela, súpisné číslo)"},
        ],
        "body": _doc(
            _h1("Súhlas vlastníka nehnuteľnosti s umiestnením sídla"),
            P.format(
                "Dolu podpísaný vlastník nehnuteľnosti <strong>{{ owner_name|default:office_legal_name }}</strong>"
                "{% if office_ico %}, IČO {{ office_ico }}{% endif %} týmto v zmysle § 2 ods. 3 Obchodného "
                "zákonníka a § 5 zákona č. 530/2003 Z. z. o obchodnom registri"
            ),
            _center("<strong>súhlasí</strong>"),
            P.format(
                "s umiestnením sídla spoločnosti <strong>{{ client_name }}</strong>"
                "{% if client_ico %}, IČO {{ client_ico }}{% endif %} na adrese "
                "<strong>{{ office_address }}</strong>{% if property_description %} "
                "({{ property_description }}){% endif %}."
            ),
            P.format(
                "Súhlas sa udeľuje na dobu trvania zmluvy o poskytovaní služieb virtuálnej kancelárie a "
                "zaniká jej skončením."
            ),
            P.format('{{ signing_place|default:office_city }}, {{ document_date|date:"d.m.Y" }}'),
            _blank(2),
            P.format("...................................................."),
            P.format("podpis vlastníka nehnuteľnosti"),
            P.format(
                "<strong>Podpis vlastníka musí byť úradne osvedčený</strong> (notár alebo matrika), inak "
                "registrový súd súhlas neprijme."
            ),
            P.format("<em>Miesto pre osvedčenie podpisu (legalizačná doložka):</em>"),
            _blank(8),
        ),
    },
    {
        "seed_key": "sk_package_annex",
        "language": "sk",
        "name": "Dodatok k zmluve – zmena balíka",
        "fields": [
            SK_PLACE,
            {"key": "agreement_number", "label": "Číslo zmluvy"},
            {"key": "new_package", "label": "Nový balík", "type": "package"},
            {"key": "effective_date", "label": "Platí od", "type": "date"},
            SK_REGISTER_FIELD,
        ],
        "body": _doc(
            _h1(
                'Dodatok č. {{ document_number }} k zmluve č. {{ agreement_number|default:"...................." }}'
            ),
            SK_ANNEX_PARTIES,
            "<h2>Čl. I</h2>",
            P.format(
                'Dňom {{ effective_date|default:"...................." }} sa strany dohodli na zmene balíka služieb'
                "{% if package_name %} (doteraz: {{ package_name }}){% endif %} na "
                '<strong>{{ new_package|default:"...................." }}</strong>'
                "{% if new_package_price %} za {{ new_package_price|floatformat:2 }} {{ office_currency }} bez DPH, splatných {{ new_package_frequency }}{% endif %}."
            ),
            "<h2>Čl. II</h2>",
            P.format("Ostatné ustanovenia zmluvy zostávajú nezmenené."),
            "<h2>Čl. III</h2>",
            P.format(
                "Dodatok je vyhotovený v dvoch rovnopisoch, z ktorých každá strana dostane jeden."
            ),
            SK_SIGNATURES,
        ),
    },
    {
        "seed_key": "sk_termination",
        "language": "sk",
        "name": "Výpoveď zmluvy",
        "fields": [
            SK_PLACE,
            {"key": "agreement_number", "label": "Číslo zmluvy"},
            {"key": "end_date", "label": "Dátum skončenia"},
        ],
        "body": _doc(
            _right('{{ signing_place|default:office_city }}, {{ document_date|date:"d.m.Y" }}'),
            P.format("<strong>{{ client_name }}</strong><br>{{ client_address }}"),
            _h1("Výpoveď zmluvy o poskytovaní služieb virtuálnej kancelárie"),
            P.format(
                '{{ office_legal_name }} vypovedá zmluvu č. {{ agreement_number|default:"...................." }} '
                "uzavretú so spoločnosťou {{ client_name }} s výpovednou lehotou "
                '{{ package_notice_months|default:1|months }}. Zmluva skončí dňa {{ end_date|default:"...................." }}.'
            ),
            P.format(
                "Žiadame o podanie návrhu na zmenu sídla v obchodnom registri do 15 dní od skončenia zmluvy a "
                "o prevzatie zvyšných zásielok. Súhlas s umiestnením sídla na adrese {{ office_address }} "
                "skončením zmluvy zaniká."
            ),
            _blank(3),
            _right("...................................................."),
            _right("{{ office_legal_name }}"),
        ),
    },
    {
        "seed_key": "sk_forwarding_authorisation",
        "language": "sk",
        "name": "Splnomocnenie na preposielanie pošty",
        "fields": [SK_PLACE, {"key": "forwarding_address", "label": "Adresa na preposielanie"}],
        "body": _doc(
            _h1("Splnomocnenie"),
            P.format(
                "<strong>{{ client_name }}</strong>{% if client_ico %}, IČO {{ client_ico }}{% endif %} "
                "splnomocňuje <strong>{{ office_legal_name }}</strong>, {{ office_address }}, na preberanie "
                "zásielok, ktoré sú jej adresované, vrátane doporučených zásielok a zásielok do vlastných rúk, "
                "a na ich preposielanie na adresu:"
            ),
            P.format(
                '<strong>{{ forwarding_address|default:client_correspondence_address|default:"...................................." }}</strong>'
            ),
            P.format(
                "Náklady na preposielanie hradí {{ client_name }} podľa cenníka doplnkových služieb."
            ),
            P.format("Splnomocnenie platí do odvolania, najdlhšie do skončenia zmluvy."),
            P.format('{{ signing_place|default:office_city }}, {{ document_date|date:"d.m.Y" }}'),
            _blank(3),
            P.format("...................................................."),
            P.format("podpis štatutárneho zástupcu {{ client_name }}"),
        ),
    },
]


# The templates an office of each country starts with: its own language's only (a Slovak
# office has no use for NIP, REGON and KRS).
COUNTRY_LANGUAGE = {"PL": "pl", "SK": "sk"}
BY_KEY = {t["seed_key"]: t for t in TEMPLATES}


def templates_seed(model) -> int:
    """Add the ready-made templates this office does not have yet (by key); returns how many.
    `model` is DocumentTemplate (or its historical version in a migration). Every language:
    the template schema new offices are cloned from does not know their country yet;
    templates_settle() keeps the right ones when an office gets it."""
    have = set(model.objects.exclude(seed_key="").values_list("seed_key", flat=True))
    rows = [
        model(
            seed_key=t["seed_key"],
            language=t["language"],
            name=t["name"],
            body=t["body"],
            fields=t["fields"],
            active=True,
        )
        for t in TEMPLATES
        if t["seed_key"] not in have
    ]
    model.objects.bulk_create(rows)
    return len(rows)


def seed_untouched(template) -> bool:
    """The ready-made template as seeded: not edited, not retired."""
    seed = BY_KEY.get(template.seed_key)
    return (
        seed is not None
        and template.active
        and (template.name, template.language, template.body, template.fields)
        == (seed["name"], seed["language"], seed["body"], seed["fields"])
    )


def templates_settle(model, *, country: str) -> int:
    """An office of `country` keeps the ready-made templates of its own language: the other
    languages' ones go while the office has neither edited nor used them (a template with
    documents stays: "Generate again" needs it). Returns how many went. `model` as in
    templates_seed."""
    language = COUNTRY_LANGUAGE.get(country)
    if language is None:
        return 0
    # One read and one delete: this runs on every signup (tenants.setup).
    candidates = model.objects.exclude(seed_key="").exclude(language=language)
    gone = [t.pk for t in candidates.filter(documents__isnull=True) if seed_untouched(t)]
    if gone:
        model.objects.filter(pk__in=gone).delete()
    return len(gone)
