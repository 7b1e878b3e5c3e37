import pytest

from modules.helpdesk.intake import parsing
from modules.helpdesk.intake.trimming import reply_trim
from tests.modules.helpdesk.intake_helpers import corpus, made, zip_bomb

AUTOMATIC = {
    "auto_reply_out_of_office.eml": ("auto_submitted", {"value": "auto-replied"}),
    "auto_reply_precedence.eml": ("precedence", {"value": "auto_reply"}),
    "dsn.eml": ("report", {}),
    "list_mail.eml": ("precedence", {"value": "list"}),
    "empty_return_path.eml": ("empty_return_path", {}),
}
PEOPLE = [
    "new_plain_pl.eml",
    "multipart_alternative.eml",
    "html_only.eml",
    "attachments.eml",
    "reply_iso8859_2_pl.eml",
    "reply_windows1250_sk.eml",
    "forwarded.eml",
    "outlook_reply_pl.eml",
    "gmail_reply_en.eml",
]


@pytest.mark.parametrize(("name", "reason"), sorted(AUTOMATIC.items()))
def test_machine_mail_is_recognised(name, reason):
    parsed = parsing.parse(corpus(name, in_reply_to="x@y", number="HD-2026-00001"))

    code, params = reason
    assert (parsed.automatic.code, parsed.automatic.params) == (code, params)
    assert parsed.automatic  # text, as stored with the e-mail


@pytest.mark.parametrize("name", PEOPLE)
def test_mail_from_people_is_not_automatic(name):
    assert parsing.parse(corpus(name, in_reply_to="x@y", number="HD-2026-00001")).automatic == ""


@pytest.mark.parametrize(
    "headers",
    [{"Auto-Submitted": "auto-generated"}, {"Precedence": "bulk"}, {"X-Autoreply": "yes"}],
)
def test_other_automatic_headers(headers):
    assert parsing.parse(made(headers=headers)).automatic != ""


def test_auto_submitted_no_is_a_person():
    assert parsing.parse(made(headers={"Auto-Submitted": "no"})).automatic == ""


def test_polish_and_slovak_encodings_are_decoded():
    pl = parsing.parse(corpus("reply_iso8859_2_pl.eml", in_reply_to="a@b"))
    sk = parsing.parse(corpus("reply_windows1250_sk.eml", in_reply_to="a@b"))

    assert pl.subject == "Re: Proszę o przesłanie"
    assert pl.text.startswith("Dziękuję, paczka dotarła. Proszę jeszcze o skan.")
    assert sk.sender_name == "Peter Novák"
    assert sk.subject == "Re: Príjem zásielok"
    assert sk.text.startswith("Ďakujem, všetko je v poriadku. Prosím ešte o potvrdenie.")


def test_thread_ids_in_reply_to_first_then_references_newest_first():
    parsed = parsing.parse(corpus("reply_windows1250_sk.eml", in_reply_to="ours@office"))

    assert parsed.thread_ids == ["ours@office", "older@firma.sk"]


def test_html_only_mail_becomes_text_without_scripts_styles_or_quotes():
    parsed = parsing.parse(corpus("html_only.eml"))

    assert parsed.text == "Proszę zamówić kuriera na jutro rano.\n\nPaczka: 2 kg"


def test_plain_part_wins_over_html():
    parsed = parsing.parse(corpus("multipart_alternative.eml"))

    assert parsed.text == "Na fakturze jest zła kwota, powinno być 199 zł."
    assert parsed.sender_name == "Kowalski, Jan"


def test_attachments_are_listed():
    parsed = parsing.parse(corpus("attachments.eml"))

    assert [(a.filename, a.content_type) for a in parsed.attachments] == [
        ("umowa.pdf", "application/pdf"),
        (
            "notatka.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    ]
    assert parsed.attachments[0].content.startswith(b"%PDF-1.4")


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        (
            "broken_mime.eml",
            "Broken MIME structure (MultipartInvariantViolationDefect, "
            "NoBoundaryInMultipartDefect).",
        ),
        ("unknown_charset.eml", "Unknown character set “x-mac-klingon”."),
    ],
)
def test_bad_mail_is_unusable_with_the_reason(name, reason):
    with pytest.raises(parsing.Unusable) as caught:
        parsing.parse(corpus(name))

    assert str(caught.value) == reason


def test_attachment_of_25_mb_is_unusable():
    raw = made(attachments=[("big.pdf", b"%PDF-" + b"x" * (25 << 20), "application", "pdf")])

    with pytest.raises(parsing.Unusable) as caught:
        parsing.parse(raw)

    assert str(caught.value) == "The attachment “big.pdf” is too large (25.0 MB, at most 20 MB)."


def test_zip_bomb_is_unusable():
    raw = made(attachments=[("faktury.zip", zip_bomb(), "application", "zip")])

    with pytest.raises(parsing.Unusable) as caught:
        parsing.parse(raw)

    assert str(caught.value).startswith("The attachment “faktury.zip” looks like a zip bomb (")
    assert str(caught.value).endswith("bytes unpack to 8388608).")


def test_message_id_is_read_even_from_broken_mail():
    assert parsing.message_id_peek(corpus("broken_mime.eml")) == "broken-1@firma.pl"
    assert parsing.message_key(b"x", "") == parsing.message_key(b"x", "")
    assert parsing.message_key(b"x", "a@b") == "id:a@b"


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        (
            "Dzięki, działa.\n\nDnia 3 grudnia 2026 12:00 Biuro <a@b.pl> napisał(a):\n> stare",
            "Dzięki, działa.",
        ),
        (
            "Ok\nW dniu 3.12.2026 o 10:00, Jan Kowalski\n<jan@x.pl> napisał:\n> stare",
            "Ok",
        ),
        ("Ďakujem.\n\nV pi 4. 12. 2026 o 10:00 Biuro <a@b.sk> napísal(a):\n> x", "Ďakujem."),
        ("Dňa 4. 12. 2026 Biuro napísal:\n> x", "Dňa 4. 12. 2026 Biuro napísal:\n> x"),
        ("Thanks\nOn Mon, Dec 1, 2026 at 9:00 AM Office <a@b.c> wrote:\n> x", "Thanks"),
        ("Hello\n\n-- \nJan\n+48 600", "Hello"),
        ("Tak\n\nOd: Biuro <a@b>\nWysłano: poniedziałek\nDo: x\nTemat: y\n\nold", "Tak"),
        ("Yes\n\n-----Original Message-----\nFrom: x", "Yes"),
        ("Ok\n\nWysłane z iPhone'a", "Ok"),
        ("On Monday I will come.\nBye", "On Monday I will come.\nBye"),
    ],
)
def test_reply_trim(text, kept):
    assert reply_trim(text) == kept


def test_corpus_replies_are_trimmed():
    outlook = parsing.parse(corpus("outlook_reply_pl.eml", number="HD-2026-00001"))
    gmail = parsing.parse(corpus("gmail_reply_en.eml", in_reply_to="x@y"))

    assert reply_trim(outlook.text) == "Tak, proszę wysłać jeszcze dziś.\n\nPozdrawiam\nJan"
    assert reply_trim(gmail.text) == "Yes, please go ahead."
