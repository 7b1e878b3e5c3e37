import io
import re
from zoneinfo import ZoneInfo

from django.utils import formats, timezone, translation
from PIL import Image

from accounts.models import Role
from modules.audit.models import AuditEntry
from modules.office.models import OfficeProfile
from modules.scanrequests.models import ScanRequestSettings
from tenants.models import Office
from tests.factories import MembershipFactory, UserFactory
from tests.helpers.matrix import check_permission_matrix
from tests.helpers.offices import OfficeClient, in_office

URL = "/administration/general/"
VALID = {
    "name": "Biuro Centrum",
    "legal_name": "Biuro Centrum sp. z o.o.",
    "street": "ul. Marszałkowska 84/92",
    "postal_code": "00-514",
    "city": "Warszawa",
    "country": "PL",
    "nip": "526-025-02-74",
    "ico": "36 224 693",
    "ic_dph": "SK2022749619",
    "iban": "PL61 1090 1014 0000 0712 1981 2874",
    "email": "biuro@example.com",
    "phone": "22 100 20 30",
    "language": "pl",
    "currency": "PLN",
    "time_zone": "Europe/Warsaw",
    "scan_requests_enabled": "on",
}


def _admin(office, *, language="en", role=Role.ADMIN):
    user = UserFactory(language=language)
    MembershipFactory(office=office, role=role, user=user)
    return user, OfficeClient(office, user=user)


def _png(size=(40, 20)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (13, 110, 253)).save(out, format="PNG")
    return out.getvalue()


def _profile(office) -> OfficeProfile | None:
    with in_office(office):
        return OfficeProfile.objects.filter(pk=1).first()


def test_general_permission_matrix_refused_posts_change_nothing(office_a, office_b):
    check_permission_matrix(
        office_a,
        office_b,
        "get",
        URL,
        expect={
            "anonymous": 302,
            "client": 403,
            "staff": 403,
            "admin": 200,
            "owner": 200,
            "other_office": 403,
        },
    )

    def unchanged():
        office = Office.objects.get(pk=office_a.pk)
        return (
            office.name == "Biuro A"
            and office.currency == "PLN"
            and not OfficeProfile.objects.filter(legal_name=VALID["legal_name"]).exists()
            and not AuditEntry.objects.filter(action__startswith="office.").exists()
        )

    check_permission_matrix(
        office_a,
        office_b,
        "post",
        URL,
        data={**VALID, "name": "Przejęte", "currency": "EUR"},
        expect={"anonymous": 302, "client": 403, "staff": 403, "other_office": 403},
        unchanged=unchanged,
    )


def test_an_owner_saves_the_details_normalised_and_audited(office_a):
    owner, web = _admin(office_a, role=Role.OWNER)

    response = web.post(URL, VALID)

    assert (response.status_code, response["Location"]) == (302, URL)
    office = Office.objects.get(pk=office_a.pk)
    assert (office.name, office.country, office.currency) == ("Biuro Centrum", "PL", "PLN")
    profile = _profile(office_a)
    # A Polish office has no IČO field: what was posted for it is not read.
    assert (profile.nip, profile.ico, profile.ic_dph) == ("5260250274", "", "SK2022749619")
    assert (profile.iban, profile.phone) == ("PL61109010140000071219812874", "+48221002030")
    assert (profile.street, profile.postal_code, profile.city) == (
        "ul. Marszałkowska 84/92",
        "00-514",
        "Warszawa",
    )
    with in_office(office_a):
        assert ScanRequestSettings.objects.get(pk=1).enabled is True
        office_row = AuditEntry.objects.get(action="office.updated")
        details_row = AuditEntry.objects.get(action="office.details_changed")
    assert office_row.actor_id == owner.pk
    assert office_row.changes == {"name": ["Biuro A", "Biuro Centrum"]}
    assert details_row.changes["nip"] == ["", "5260250274"]
    assert details_row.changes["iban"] == ["", "PL61109010140000071219812874"]
    assert details_row.changes["city"] == ["", "Warszawa"]
    page = web.get(URL).content.decode()
    assert 'value="PL61 1090 1014 0000 0712 1981 2874"' in page
    assert 'value="+48 22 100 20 30"' in page


def test_saving_the_same_details_again_writes_no_audit_row(office_a):
    _user, web = _admin(office_a)
    web.post(URL, VALID)
    with in_office(office_a):
        before = AuditEntry.objects.count()

    assert web.post(URL, VALID).status_code == 302

    with in_office(office_a):
        assert AuditEntry.objects.count() == before


def test_wrong_tax_ids_iban_and_phone_are_refused_in_polish_and_the_typed_values_stay(office_a):
    _user, web = _admin(office_a, language="pl")
    typed = {
        **VALID,
        "nip": "123-456-78-90",
        "ico": "12345678",
        "ic_dph": "SK1234567890",
        "iban": "PL00 1234",
        "phone": "12",
    }

    response = web.post(URL, typed)

    assert response.status_code == 400
    page = response.content.decode()
    for message in (
        "Cyfra kontrolna NIP się nie zgadza: sprawdź, czy w numerze nie ma literówki.",
        "Cyfra kontrolna numeru VAT się nie zgadza: sprawdź, czy w numerze nie ma literówki.",
        "Podaj poprawny IBAN.",
        "Podaj poprawny numer telefonu.",
    ):
        assert message in page
    for value in ("123-456-78-90", "SK1234567890", "PL00 1234", "Biuro Centrum"):
        assert f'value="{value}"' in page
    assert Office.objects.get(pk=office_a.pk).name == "Biuro A"
    assert _profile(office_a) is None or _profile(office_a).nip == ""
    with in_office(office_a):
        assert not AuditEntry.objects.filter(action__startswith="office.").exists()


def test_a_slovak_office_gets_slovak_messages_and_an_unknown_time_zone_is_refused(office_b):
    _user, web = _admin(office_b, language="sk")

    response = web.post(URL, {**VALID, "country": "SK", "ico": "1234", "time_zone": "Mars/Olympus"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "Zadajte platné IČO (8 číslic)." in page
    assert Office.objects.get(pk=office_b.pk).time_zone == "Europe/Bratislava"


def test_a_logo_is_checked_by_content_stored_and_shown_in_the_layout(office_a):
    _user, web = _admin(office_a)
    fake = io.BytesIO(b"%PDF-1.4 not an image")
    fake.name = "logo.png"

    refused = web.post(URL, {**VALID, "logo": fake})

    assert refused.status_code == 400
    assert "The logo must be a PNG or JPEG image." in refused.content.decode()
    assert Office.objects.get(pk=office_a.pk).logo == ""

    upload = io.BytesIO(_png())
    upload.name = "logo.jpg"  # the name lies; the content decides
    assert web.post(URL, {**VALID, "logo": upload}).status_code == 302
    logo = Office.objects.get(pk=office_a.pk).logo
    assert logo.startswith("office/logo-") and logo.endswith(".png")
    served = web.get("/administration/general/logo/")
    assert (served.status_code, served["Content-Type"]) == (200, "image/png")
    assert b"".join(served.streaming_content) == _png()
    assert 'data-testid="office-logo"' in web.get("/dashboard/").content.decode()

    assert web.post(URL, {**VALID, "logo_remove": "on"}).status_code == 302
    assert Office.objects.get(pk=office_a.pk).logo == ""
    assert web.get("/administration/general/logo/").status_code == 404


def test_a_logo_over_one_megabyte_is_refused(office_a):
    _user, web = _admin(office_a)
    big = io.BytesIO(b"\x89PNG" + b"0" * (1024 * 1024 + 1))
    big.name = "big.png"

    response = web.post(URL, {**VALID, "logo": big})

    assert response.status_code == 400
    assert "The logo may be at most 1 MB." in response.content.decode()


def test_the_other_office_sees_its_own_details_only(office_a, office_b):
    _user_a, web_a = _admin(office_a)
    web_a.post(URL, {**VALID, "legal_name": "Tylko Biuro A sp. z o.o."})
    _user_b, web_b = _admin(office_b)

    page = web_b.get(URL).content.decode()

    assert "Tylko Biuro A" not in page
    assert 'value="Kancelária B"' in page
    assert Office.objects.get(pk=office_b.pk).name == "Kancelária B"


def test_a_new_time_zone_shows_on_the_next_request(office_a):
    _user, web = _admin(office_a)
    web.post(URL, VALID)  # an audit row to look at, written now
    with in_office(office_a):
        entry = AuditEntry.objects.filter(action="office.details_changed").get()

    def shown(zone: str) -> str:
        with translation.override("en"):
            local = timezone.localtime(entry.created_at, ZoneInfo(zone))
            return formats.date_format(local, "SHORT_DATETIME_FORMAT")

    assert shown("Europe/Warsaw") in web.get("/administration/audit-log/").content.decode()

    assert web.post(URL, {**VALID, "time_zone": "America/New_York"}).status_code == 302

    page = web.get("/administration/audit-log/").content.decode()
    assert shown("America/New_York") in page
    assert shown("Europe/Warsaw") not in page


def _cost_currency(page: str) -> list[str]:
    return re.findall(r'<span class="input-group-text">\s*([^<\s]+)\s*</span>', page)


def test_a_new_currency_shows_where_amounts_are_typed(office_a):
    _user, web = _admin(office_a)
    assert _cost_currency(web.get("/mail/register/").content.decode()) == ["PLN"]

    assert web.post(URL, {**VALID, "currency": "EUR"}).status_code == 302

    # The currency as amounts write it in the reader's language (common.money): "€".
    assert _cost_currency(web.get("/mail/register/").content.decode()) == ["€"]
    settings_page = web.get("/administration/scan-requests/").content.decode()
    assert "Amount in EUR." in settings_page


def test_the_tax_ids_card_shows_the_offices_countrys_ids_only(office_a, office_b):
    _user, polish = _admin(office_a)
    page = polish.get(URL).content.decode()
    assert 'name="nip"' in page and 'name="ic_dph"' in page
    assert 'name="ico"' not in page
    assert "EU VAT number" in page
    _user, slovak = _admin(office_b)
    page = slovak.get(URL).content.decode()
    assert 'name="ico"' in page and 'name="ic_dph"' in page
    assert 'name="nip"' not in page
    # What is stored for a field not shown stays as it was.
    with in_office(office_b):
        from common.singletons import settings_get

        settings_get(OfficeProfile)
        OfficeProfile.objects.filter(pk=1).update(nip="5260250274")
    slovak_post = {**VALID, "country": "SK", "nip": "", "postal_code": "821 09"}
    assert slovak.post(URL, slovak_post).status_code == 302
    assert _profile(office_b).nip == "5260250274"


def test_a_polish_office_hears_its_own_words_for_wrong_numbers(office_a):
    _user, web = _admin(office_a, language="pl")

    page = web.post(URL, {**VALID, "nip": "12345", "ic_dph": "XX12"}).content.decode()

    assert "Podaj poprawny NIP (10 cyfr)." in page
    assert "Podaj poprawny numer VAT UE (kod kraju i numer, np. PL5260250995)." in page
    assert "IČ DPH" not in page.split('name="ic_dph"', 1)[1].split("</div>", 2)[1]


def test_a_polish_vat_number_typed_as_digits_is_stored_with_its_country_code(office_a):
    _user, web = _admin(office_a)

    assert web.post(URL, {**VALID, "ic_dph": "526 025 02 74"}).status_code == 302

    assert _profile(office_a).ic_dph == "PL5260250274"


def test_postal_codes_are_stored_in_the_countrys_form(office_a, office_b):
    _user, web = _admin(office_a)
    assert web.post(URL, {**VALID, "postal_code": "90123"}).status_code == 302
    assert _profile(office_a).postal_code == "90-123"

    slovak = {**VALID, "country": "SK", "postal_code": "82109", "currency": "EUR"}
    slovak.update(ic_dph="SK2022749619", ico="36224693", phone="+421254431111")
    _user, web_b = _admin(office_b)
    assert web_b.post(URL, slovak).status_code == 302
    assert _profile(office_b).postal_code == "821 09"


def test_a_malformed_postal_code_is_refused_at_the_field_and_kept(office_a):
    _user, web = _admin(office_a, language="pl")

    response = web.post(URL, {**VALID, "postal_code": "9012"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "Podaj polski kod pocztowy w formacie NN-NNN, np. 90-123." in page
    assert 'value="9012"' in page
    assert _profile(office_a) is None or _profile(office_a).postal_code == ""


def test_a_logo_chosen_with_a_wrong_nip_is_kept_for_the_next_attempt(office_a):
    """A NIP with a typo sent the page back without the logo picked beside it: the person had
    to find the file again, told nothing. It is kept (ticked, by its name) and saved with the
    corrected form; another person cannot use its token."""
    _user, web = _admin(office_a)
    upload = io.BytesIO(_png())
    upload.name = "sokol.png"
    refused = web.post(URL, {**VALID, "nip": "123-456-78-90", "logo": upload})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert 'data-testid="kept-uploads"' in page and ">sokol.png</label>" in page
    token = re.search(r'name="logo_kept" id="logo_kept-1" value="([^"]+)"', page).group(1)
    assert Office.objects.get(pk=office_a.pk).logo == ""

    _other, stranger = _admin(office_a)
    assert stranger.post(URL, {**VALID, "logo_kept": token}).status_code == 302
    assert Office.objects.get(pk=office_a.pk).logo == ""  # not theirs to use

    assert web.post(URL, {**VALID, "logo_kept": token}).status_code == 302
    logo = Office.objects.get(pk=office_a.pk).logo
    assert logo.startswith("office/logo-") and logo.endswith(".png")
    assert b"".join(web.get("/administration/general/logo/").streaming_content) == _png()


def test_the_time_zone_list_starts_with_the_offices_own_zones(office_a):
    """The select listed every zone from "Africa/Abidjan"; Europe/Warsaw was some 400 down."""
    _user, web = _admin(office_a, language="pl")
    page = web.get(URL).content.decode()
    select = page[page.index('name="time_zone"') :].split("</select>")[0]
    groups = re.findall(r'<optgroup label="([^"]+)">', select)
    assert groups == ["Polska, Słowacja, Czechy", "Wszystkie strefy czasowe"]
    first = select.split("</optgroup>")[0]
    assert re.findall(r'<option value="([^"]+)"', first) == [
        "Europe/Bratislava",
        "Europe/Prague",
        "Europe/Warsaw",
    ]
    assert '<option value="Europe/Warsaw" selected>' in first
    assert select.count('value="Europe/Warsaw"') == 1 and 'value="Africa/Abidjan"' in select
    assert web.post(URL, {**VALID, "time_zone": "America/New_York"}).status_code == 302
    assert Office.objects.get(pk=office_a.pk).time_zone == "America/New_York"
