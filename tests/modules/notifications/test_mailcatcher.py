"""The development mail viewer (`make run`'s caught e-mails): an HTML e-mail shows its inline
images (the office's logo, referenced as cid:) as a mail program would, and an e-mail of
another office is not found."""

from __future__ import annotations

from email.message import EmailMessage

from modules.notifications.devtools.mailcatcher import caught_get

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000105"
    "7a1c2d1b0000000049454e44ae426082"
)


def _write(folder, name: str, office: str) -> None:
    message = EmailMessage()
    message["Subject"], message["To"], message["X-Vireo-Office"] = "Hello", "a@example.com", office
    message.set_content("Text")
    message.add_alternative('<p><img src="cid:office-logo@vireo" alt="Logo"> Hello</p>', "html")
    html = message.get_body(preferencelist=("html",))
    html.add_related(PNG, "image", "png", cid="<office-logo@vireo>")
    (folder / name).write_bytes(bytes(message))


def test_inline_images_show_as_data_urls_and_other_offices_mail_is_not_found(tmp_path):
    _write(tmp_path, "one.eml", "t_1")
    mail = caught_get(tmp_path, office_schema="t_1", name="one.eml")
    assert "cid:" not in mail["html"]
    assert '<img src="data:image/png;base64,iVBORw0KGgo' in mail["html"]
    assert mail["text"].strip() == "Text"
    assert caught_get(tmp_path, office_schema="t_2", name="one.eml") is None
