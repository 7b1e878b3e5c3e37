"""Gap of 2026-12-07: an office that saved its own wording of an event never heard that the
default improved since (the quote e-mail's item list, the invoice e-mail's "paid"
wording). The template editor now says so, shows the current default beside theirs and
offers "Use the new default" (confirmed); saving theirs again keeps it and ends the notice.
The default's fingerprint is kept with the saved wording; wording saved before that counts
as outdated when the default uses a variable it does not."""

from django.utils.html import escape

from accounts.models import Role, User
from modules.audit.models import AuditEntry
from modules.notifications.hooks import event_get
from modules.notifications.models import MessageTemplate
from modules.notifications.selectors import default_fingerprint, template_default_news
from modules.notifications.services import template_save
from tests.helpers.offices import OfficeClient, in_office, member

QUOTE = "/administration/notifications/templates/helpdesk.quote_sent/en/"


def _admin(office, language="en"):
    user = member(office, Role.ADMIN)
    User.objects.filter(pk=user.pk).update(language=language)
    return OfficeClient(office, user=user)


def _saved_before(office, event="helpdesk.quote_sent", language="en", **parts):
    """Own wording as an office saved it before fingerprints were kept."""
    with in_office(office):
        MessageTemplate.objects.filter(event=event, language=language).delete()
        return MessageTemplate.objects.create(
            event=event,
            language=language,
            subject=parts.get("subject", "Quote for {{ request_number }}"),
            body=parts.get("body", "Hello,\n\nyour quote: {{ quote_total }}.\n\n{{ quote_url }}"),
            sms=parts.get("sms", "Quote {{ request_number }}: {{ quote_total }}."),
        )


def test_own_wording_saved_before_a_new_variable_is_told_and_can_take_the_default(office_a):
    _saved_before(office_a)
    web = _admin(office_a)
    page = web.get(QUOTE).content.decode()
    default = event_get("helpdesk.quote_sent").defaults["en"]
    assert 'data-testid="default-news"' in page
    assert (
        "The default wording of this message has changed since your office saved its own. "
        "Compare it with yours: “Use the new default” replaces yours; saving yours again "
        "keeps it and hides this notice."
    ) in page
    missing = page.split('data-testid="default-news-missing">')[1].split("</p>")[0]
    assert "<code>{{ quote_items }}</code>" in missing
    assert "<code>{{ quote_total }}</code>" not in missing  # theirs has it
    assert f'data-testid="default-news-body">{escape(default.body)}</pre>' in page
    assert f'data-testid="default-news-sms">{escape(default.sms)}</pre>' in page
    assert 'data-confirm="Replace your wording with the new default?"' in page
    assert (
        f'action="{QUOTE}reset/" data-confirm="Replace your wording with the new default?"'
    ) in page
    # theirs stays in the editor until they choose
    assert "your quote: {{ quote_total }}." in page
    response = web.post(QUOTE + "reset/")
    assert response.status_code == 302
    with in_office(office_a):
        assert not MessageTemplate.objects.filter(event="helpdesk.quote_sent").exists()
    page = web.get(QUOTE).content.decode()
    assert 'data-testid="default-news"' not in page


def test_saving_own_wording_keeps_the_default_it_saw_and_a_later_change_is_told(office_a):
    web = _admin(office_a)
    body = "Hello,\n\nyour quote: {{ quote_total }}.\n\n{{ quote_url }}"
    with in_office(office_a):
        default = event_get("helpdesk.quote_sent").defaults["en"]
        row = template_save(
            event="helpdesk.quote_sent",
            language="en",
            subject=default.subject,
            body=body,
            sms=default.sms,
            actor=None,
        )
        assert row.default_hash == default_fingerprint(event="helpdesk.quote_sent", language="en")
        # saved now: the default is what they saw, even if theirs lacks its variables
        assert template_default_news(event="helpdesk.quote_sent", language="en") is None
    assert 'data-testid="default-news"' not in web.get(QUOTE).content.decode()
    with in_office(office_a):  # the default changes after they saved
        MessageTemplate.objects.filter(pk=row.pk).update(default_hash="0123456789abcdef")
    page = web.get(QUOTE).content.decode()
    assert 'data-testid="default-news"' in page
    # Save theirs unchanged: kept, the notice goes, the audit says so
    response = web.post(
        QUOTE, {"subject": default.subject, "body": body.replace("\n", "\r\n"), "sms": default.sms}
    )
    assert response.status_code == 302
    with in_office(office_a):
        row.refresh_from_db()
        assert row.body == body
        assert row.default_hash == default_fingerprint(event="helpdesk.quote_sent", language="en")
        assert AuditEntry.objects.filter(action="notifications.template_kept").count() == 1
    assert 'data-testid="default-news"' not in web.get(QUOTE).content.decode()


def test_old_wording_with_every_variable_of_the_default_is_not_told(office_a):
    invoices = "/administration/notifications/templates/invoices.new/pl/"
    with in_office(office_a):
        default = event_get("invoices.new").defaults["pl"]
    _saved_before(
        office_a,
        event="invoices.new",
        language="pl",
        subject=default.subject,
        body=default.body + "\n\nDziękujemy!",
        sms=default.sms,
    )
    assert 'data-testid="default-news"' not in _admin(office_a).get(invoices).content.decode()
    # without the "paid" wording: told, in the reader's language
    _saved_before(
        office_a,
        event="invoices.new",
        language="pl",
        subject="Faktura {{ invoice_number }}",
        body="Dzień dobry,\n\nfaktura {{ invoice_number }} na kwotę {{ invoice_total }}.",
        sms="Faktura {{ invoice_number }}.",
    )
    page = _admin(office_a, "pl").get(invoices).content.decode()
    assert "Domyślna treść tej wiadomości zmieniła się od czasu" in page
    assert "<code>{{ invoice_paid }}</code>" in page
    assert "Użyj nowej domyślnej treści" in page
    page = _admin(office_a, "sk").get(invoices).content.decode()
    assert "Predvolené znenie tejto správy sa zmenilo" in page
    assert "Použiť nové predvolené znenie" in page


def test_the_template_list_marks_own_wording_whose_default_changed(office_a):
    # The list of templates marks it too, not only the editor: an office that saved its
    # own wording years ago sees where to look without opening every event.
    _saved_before(office_a)  # the quote e-mail, without the item list
    web = _admin(office_a)
    with in_office(office_a):  # own wording with the default's current fingerprint: no mark
        default = event_get("mail.new").defaults["en"]
        template_save(
            event="mail.new",
            language="en",
            subject="Mail for you",
            body=default.body,
            sms=default.sms,
            actor=None,
        )
    page = web.get("/administration/notifications/templates/").content.decode()
    marked = [
        chunk.rsplit('href="', 1)[1].split('"')[0]
        for chunk in page.split('data-testid="template-news"')[:-1]
    ]
    assert page.count('data-testid="template-news"') == 1
    assert marked[0].endswith("/helpdesk.quote_sent/en/")
    assert "marks your own wording where the default changed since you saved it" in page
    with in_office(office_a):
        MessageTemplate.objects.filter(event="helpdesk.quote_sent").delete()
    page = web.get("/administration/notifications/templates/").content.decode()
    assert 'data-testid="template-news"' not in page
    assert "marks your own wording where the default changed" not in page
