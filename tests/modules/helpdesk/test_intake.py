import datetime as dt
from email.utils import make_msgid

import pytest
from django.utils import timezone

from common.storage import office_read
from modules.helpdesk.intake import services as intake
from modules.helpdesk.models import Attachment, InboundEmail, IntakeSettings, Reply, Request
from modules.helpdesk.services import reply_create, request_transition
from modules.notifications.channels.email import email_build
from modules.notifications.models import Delivery
from tests.modules.clients.factories import ClientFactory
from tests.modules.helpdesk.factories import client_user
from tests.modules.helpdesk.intake_helpers import PDF, corpus, made, receive, zip_bomb
from tests.modules.notifications.factories import email_recipient

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("raw_emails_removed")]
E = InboundEmail.Status


@pytest.fixture
def firma(in_office_a):
    return ClientFactory(name="Firma", email="Jan.Kowalski@firma.pl")


def _number(n: int = 1) -> str:
    return f"HD-{timezone.localdate().year}-{n:05d}"


def test_new_mail_from_a_client_email_raises_a_request(firma):
    row = receive("new_plain_pl.eml")

    request = Request.objects.get()
    assert (row.status, row.request, row.sender) == (E.RAISED, request, "jan.kowalski@firma.pl")
    assert request.source == "email"
    assert request.client == firma
    assert request.requester is None
    assert request.requester_label == "Jan Kowalski <jan.kowalski@firma.pl>"
    assert request.subject == "Proszę o przesłanie poczty do Krakowa"
    assert request.description.startswith("Dzień dobry,\n\nproszę o przesłanie całej poczty")
    assert office_read(row.raw_name) == corpus("new_plain_pl.eml")


def test_a_client_user_is_the_requester(office_a, in_office_a):
    client = ClientFactory(name="Firma")
    user = client_user(office_a, client)
    user.email = "anna@firma.pl"
    user.save(update_fields=["email"])

    receive_raw = intake.email_receive(raw=made(sender="Anna <ANNA@firma.pl>", message_id="a@1"))

    request = receive_raw.request
    assert (request.client, request.requester, request.source) == (client, user, "email")
    assert list(request.watchers.values_list("user_id", flat=True)) == [user.pk]


def test_contact_person_email_is_known(in_office_a):
    client = ClientFactory(name="Firma")
    client.contacts.create(last_name="Nowak", emails=["biuro@Nowak.pl"])

    row = intake.email_receive(raw=made(sender="biuro@nowak.pl", message_id="c@1"))

    assert (row.status, row.request.client) == (E.RAISED, client)


def test_the_same_message_is_processed_once(firma):
    first = receive("new_plain_pl.eml")
    again = receive("new_plain_pl.eml")
    raw = made(body="no id")
    no_id = intake.email_receive(raw=raw)
    no_id_again = intake.email_receive(raw=raw)

    assert first.status == E.RAISED
    assert again is None
    assert no_id.message_key.startswith("sha256:")
    assert no_id_again is None
    assert Request.objects.count() == 2
    assert InboundEmail.objects.count() == 2


def test_attachments_kept_through_the_upload_rules(firma):
    row = receive("attachments.eml")

    kept = Attachment.objects.filter(request=row.request).order_by("original_name")
    assert [(a.original_name, a.content_type) for a in kept] == [
        (
            "notatka.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("umowa.pdf", "application/pdf"),
    ]
    assert row.request.description == "W załączeniu umowa."


def test_forwarded_mail_keeps_the_forwarded_text(firma):
    row = receive("forwarded.eml")

    assert "Wzywamy do złożenia wyjaśnień w terminie 7 dni." in row.request.description


def test_html_only_mail_raises_with_its_text(firma):
    assert receive("html_only.eml").request.description == (
        "Proszę zamówić kuriera na jutro rano.\n\nPaczka: 2 kg"
    )


def _raised(firma):
    return receive("new_plain_pl.eml").request


def test_reply_threads_by_in_reply_to_of_an_earlier_email(firma):
    request = _raised(firma)

    row = receive("reply_iso8859_2_pl.eml", in_reply_to="20261203091244.5F3A@firma.pl")

    assert (row.status, row.request) == (E.THREADED, request)
    assert row.reply.body == "Dziękuję, paczka dotarła. Proszę jeszcze o skan."
    assert row.reply.author_label == "Jan Kowalski <jan.kowalski@firma.pl>"
    assert row.reply.internal is False
    assert Request.objects.count() == 1


def _outgoing_message_id(office, request) -> str:
    """A staff reply e-mailed to the client: the Message-ID its e-mail carries."""
    email_recipient(client_id=request.client_id, address="jan.kowalski@firma.pl", language="pl")
    reply_create(request=request, actor=None, body="Wysłaliśmy.")
    delivery = Delivery.objects.filter(event="helpdesk.reply", channel="email").get()
    message = email_build(delivery=delivery, office=office)
    delivery.provider_ref = message.extra_headers["Message-ID"]
    delivery.save(update_fields=["provider_ref"])
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    return message.extra_headers["Message-ID"].strip("<>")


def test_reply_threads_by_the_message_id_of_our_outgoing_mail(office_a, firma):
    request = _raised(firma)
    ours = _outgoing_message_id(office_a, request)

    row = receive("gmail_reply_en.eml", in_reply_to=ours)

    assert (row.status, row.request) == (E.THREADED, request)
    assert row.reply.body == "Yes, please go ahead."


def test_slovak_reply_threads_through_references(office_a, firma):
    request = _raised(firma)
    ours = _outgoing_message_id(office_a, request)
    ClientFactory(name="Novák", email="peter.novak@firma.sk")
    firma.contacts.create(last_name="Novák", emails=["peter.novak@firma.sk"])

    row = receive("reply_windows1250_sk.eml", in_reply_to=ours)

    assert (row.status, row.request) == (E.THREADED, request)
    assert row.reply.body == "Ďakujem, všetko je v poriadku. Prosím ešte o potvrdenie."


def test_a_message_id_of_another_office_or_made_up_threads_nothing(office_a, office_b, firma):
    request = _raised(firma)
    ours = _outgoing_message_id(office_a, request)
    forged = make_msgid(f"{office_b.schema_name}.1", domain=office_b.host).strip("<>")

    row_b = receive("gmail_reply_en.eml", in_reply_to=forged)
    other = intake.email_receive(
        raw=corpus("gmail_reply_en.eml", in_reply_to=ours.replace(".", "x.", 1)).replace(
            b"CAGmail-reply-1", b"CAGmail-reply-2"
        )
    )

    assert row_b.status == E.RAISED and row_b.request != request
    assert other.status == E.RAISED and other.request != request


def test_reply_threads_by_the_number_in_the_subject_second(firma):
    request = _raised(firma)

    row = receive("outlook_reply_pl.eml", number=request.number)

    assert (row.status, row.request) == (E.THREADED, request)
    assert row.reply.body == "Tak, proszę wysłać jeszcze dziś.\n\nPozdrawiam\nJan"


def test_a_stranger_cannot_reply_into_a_request_by_its_number(firma):
    request = _raised(firma)
    raw = made(sender="obcy@example.com", subject=f"Re: [{request.number}]", message_id="s@1")

    row = intake.email_receive(raw=raw)

    assert (row.status, row.request, row.reason) == (E.TRIAGE, None, "Unknown sender.")
    assert request.replies.count() == 0


def test_another_clients_sender_raises_their_own_request(in_office_a, firma):
    request = _raised(firma)
    other = ClientFactory(name="Inna", email="inna@inna.pl")
    raw = made(sender="inna@inna.pl", subject=f"Re: [{request.number}]", message_id="o@1")

    row = intake.email_receive(raw=raw)

    assert (row.status, row.request.client) == (E.RAISED, other)
    assert request.replies.count() == 0


def test_reply_to_waiting_for_client_puts_it_back_in_progress(firma):
    request = _raised(firma)
    request_transition(request=request, action="start", actor=None)
    request_transition(request=Request.objects.get(), action="ask_client", actor=None)

    receive("outlook_reply_pl.eml", number=request.number)

    assert Request.objects.get().status == "in_progress"


def _resolved(firma):
    request = _raised(firma)
    request_transition(request=request, action="start", actor=None)
    request_transition(request=Request.objects.get(), action="resolve", actor=None)
    return Request.objects.get()


def test_reply_to_a_resolved_request_reopens_it(firma):
    request = _resolved(firma)

    row = receive("outlook_reply_pl.eml", number=request.number)

    assert Request.objects.get().status == "reopened"
    assert row.reopened is True


def test_reopens_by_email_are_rate_limited_per_sender(firma):
    request = _resolved(firma)
    for n in range(intake.REOPEN_LIMIT):
        raw = made(subject=f"Re: [{request.number}]", message_id=f"r{n}@firma.pl", body=f"{n}")
        assert intake.email_receive(raw=raw).reopened is True
        request_transition(request=Request.objects.get(), action="start", actor=None)
        request_transition(request=Request.objects.get(), action="resolve", actor=None)

    row = intake.email_receive(
        raw=made(subject=f"Re: [{request.number}]", message_id="rX@firma.pl", body="again")
    )

    assert (row.status, row.reopened) == (E.THREADED, False)
    assert row.reason == "Not reopened: more than 3 reopens by e-mail in an hour."
    assert Request.objects.get().status == "resolved"
    InboundEmail.objects.filter(reopened=True).update(
        created_at=timezone.now() - dt.timedelta(hours=2)
    )
    late = intake.email_receive(
        raw=made(subject=f"Re: [{request.number}]", message_id="rY@firma.pl", body="later")
    )
    assert late.reopened is True


def test_reply_to_a_closed_request_raises_a_follow_up(firma):
    request = _raised(firma)
    request_transition(request=request, action="close", actor=None)

    row = receive("outlook_reply_pl.eml", number=request.number)

    assert row.status == E.RAISED
    assert row.request != request
    assert row.request.description.startswith(f"Follow-up of {request.number} (closed).\n\n")


@pytest.mark.parametrize(
    "name",
    [
        "auto_reply_out_of_office.eml",
        "auto_reply_precedence.eml",
        "dsn.eml",
        "list_mail.eml",
        "empty_return_path.eml",
    ],
)
def test_machine_mail_never_raises_reopens_or_answers(office_a, firma, name, mailoutbox):
    request = _resolved(firma)
    ours = _outgoing_message_id(office_a, request)
    deliveries = Delivery.objects.count()
    replies = Reply.objects.count()

    row = receive(name, in_reply_to=ours, number=request.number)

    assert row.status == E.IGNORED
    assert row.reason != ""
    assert Request.objects.count() == 1
    assert Request.objects.get().status == "resolved"
    assert Reply.objects.count() == replies
    assert Delivery.objects.count() == deliveries


def test_unknown_sender_goes_to_triage_or_raises_by_the_office_setting(in_office_a):
    row = intake.email_receive(raw=made(sender="nowy@example.com", message_id="u@1"))
    intake.intake_settings_update(actor=None, data={"unknown_senders": "raise"})
    raised = intake.email_receive(raw=made(sender="nowy@example.com", message_id="u@2"))

    assert (row.status, row.request, row.reason) == (E.TRIAGE, None, "Unknown sender.")
    assert raised.status == E.RAISED
    assert (raised.request.client, raised.request.requester_label) == (None, "nowy@example.com")


def test_a_sender_of_two_clients_goes_to_triage(in_office_a):
    ClientFactory(email="wspolny@example.com")
    ClientFactory(email="wspolny@example.com")

    row = intake.email_receive(raw=made(sender="wspolny@example.com", message_id="w@1"))

    assert (row.status, row.reason) == (
        E.TRIAGE,
        "The sender belongs to several clients: choose one.",
    )


def test_triage_assign_raises_for_the_chosen_client(in_office_a, staff_a):
    client = ClientFactory(name="Wybrana")
    row = intake.email_receive(raw=made(sender="nowy@example.com", message_id="t@1"))

    assigned = intake.email_assign(email=row, actor=staff_a, client=client)

    assert assigned.status == E.RAISED
    assert (assigned.request.client, assigned.handled_by) == (client, staff_a)
    assert assigned.request.requester_label == "nowy@example.com"


def test_triage_discard_and_no_second_decision(in_office_a, staff_a):
    row = intake.email_receive(raw=made(sender="nowy@example.com", message_id="d@1"))

    intake.email_discard(email=row, actor=staff_a)

    from common.exceptions import ApplicationError

    with pytest.raises(ApplicationError) as caught:
        intake.email_assign(email=row, actor=staff_a, client=ClientFactory())
    assert caught.value.code == "decided"
    assert InboundEmail.objects.get().status == E.DISCARDED
    assert Request.objects.count() == 0


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (lambda: corpus("broken_mime.eml"), "Broken MIME structure ("),
        (lambda: corpus("unknown_charset.eml"), "Unknown character set “x-mac-klingon”."),
        (
            lambda: made(
                message_id="big@1",
                attachments=[("big.pdf", PDF + b"x" * (25 << 20), "application", "pdf")],
            ),
            "The attachment “big.pdf” is too large (25.0 MB, at most 20 MB).",
        ),
        (
            lambda: made(
                message_id="zip@1", attachments=[("a.zip", zip_bomb(), "application", "zip")]
            ),
            "The attachment “a.zip” looks like a zip bomb",
        ),
    ],
)
def test_bad_input_is_quarantined_with_its_reason(firma, raw, reason):
    data = raw()

    row = intake.email_receive(raw=data)

    assert row.status == E.QUARANTINE
    assert row.reason.startswith(reason)
    assert office_read(row.raw_name) == data
    assert Request.objects.count() == 0


def test_a_failure_inside_processing_is_quarantined_and_the_next_goes_on(firma, monkeypatch):
    def boom(**kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(intake.helpdesk, "request_create", boom)
    row = receive("new_plain_pl.eml")
    monkeypatch.undo()
    nxt = receive("html_only.eml")

    assert (row.status, row.reason, row.request) == (
        E.QUARANTINE,
        "Processing failed: RuntimeError",
        None,
    )
    assert nxt.status == E.RAISED
    assert Request.objects.count() == 1


def test_quarantine_retry_processes_the_kept_message(firma, staff_a, monkeypatch):
    monkeypatch.setattr(intake.helpdesk, "request_create", lambda **kw: 1 / 0)
    row = receive("new_plain_pl.eml")
    monkeypatch.undo()

    retried = intake.email_retry(email=row, actor=staff_a)

    assert retried.status == E.RAISED
    assert retried.request.subject == "Proszę o przesłanie poczty do Krakowa"


def test_password_is_sealed_and_kept_when_the_form_leaves_it_empty(in_office_a):
    intake.intake_settings_update(
        actor=None,
        data={"enabled": True, "host": "imap.example.com", "username": "pomoc"},
        password="tajne-haslo",
    )
    intake.intake_settings_update(actor=None, data={"folder": "Helpdesk"})

    row = IntakeSettings.objects.get()
    assert "tajne" not in row.password_sealed
    assert intake.intake_password(row) == "tajne-haslo"
    assert row.folder == "Helpdesk"


def test_enabling_without_a_server_is_refused(in_office_a):
    from common.exceptions import ApplicationError

    with pytest.raises(ApplicationError):
        intake.intake_settings_update(actor=None, data={"enabled": True})
    assert intake.intake_settings_get().enabled is False


def test_a_refusal_met_in_a_race_is_kept_as_a_code_and_read_in_the_readers_language(
    firma, monkeypatch
):
    from django.utils import translation

    request = _resolved(firma)
    reopen = intake.helpdesk.request_transition

    def accepted_meanwhile(**kwargs):
        # The client accepts on the panel while the e-mail is being processed.
        reopen(request=Request.objects.get(), action="accept", actor=None, rating=5)
        return reopen(**kwargs)

    monkeypatch.setattr(intake.helpdesk, "request_transition", accepted_meanwhile)
    with translation.override("pl"):  # the worker runs in the office's language
        row = receive("outlook_reply_pl.eml", number=request.number)
    monkeypatch.undo()

    row.refresh_from_db()
    assert (row.status, row.reason_code) == (E.QUARANTINE, "refused:transition_refused")
    assert row.reason_params == {
        "action": "reopen",
        "status": "accepted",
        "allowed": ["close"],
    }
    assert Request.objects.get().status == "resolved"  # the savepoint took it all back
    with translation.override("en"):
        assert row.reason_label == (
            "“Reopen” is not possible while the request is accepted. Possible now: Close."
        )
    with translation.override("sk"):
        slovak = row.reason_label
    assert slovak != row.reason_label and "Reopen" not in slovak


def test_a_reply_to_a_request_closed_meanwhile_is_kept_as_the_closed_code(firma, monkeypatch):
    from django.utils import translation

    request = _raised(firma)
    reply = intake.helpdesk.reply_create

    def closed_meanwhile(**kwargs):
        request_transition(request=Request.objects.get(), action="close", actor=None)
        return reply(**kwargs)

    monkeypatch.setattr(intake.helpdesk, "reply_create", closed_meanwhile)
    with translation.override("pl"):
        row = receive("outlook_reply_pl.eml", number=request.number)
    monkeypatch.undo()

    assert (row.reason_code, row.reason_params) == ("refused:closed", {})
    with translation.override("en"):
        assert row.reason_label == "A closed request cannot be changed."
    with translation.override("pl"):
        assert row.reason_label == row.reason != "A closed request cannot be changed."


def test_old_quarantine_reasons_stored_as_words_are_shown_as_they_are(in_office_a):
    from modules.helpdesk.intake.reasons import reason_label

    assert reason_label("", {}, "Zgłoszenie zamknięte.") == "Zgłoszenie zamknięte."
    assert reason_label("refused:no_such_code", {}, "Odmowa.") == "Odmowa."
    assert reason_label("refused:transition_refused", {}, "Bez wartości.") == "Bez wartości."
