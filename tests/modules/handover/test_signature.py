import base64
import io

import pytest

from common.exceptions import ApplicationError
from modules.handover.services import signature_check, signature_from_data_url
from tests.modules.handover.factories import signature_png


def _url(raw: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(raw).decode()


def test_a_drawn_signature_is_accepted_and_re_encoded():
    from PIL import Image

    png = signature_from_data_url(_url(signature_png()))
    with Image.open(io.BytesIO(png)) as image:
        assert (image.format, image.size, image.mode) == ("PNG", (600, 200), "RGBA")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "The signature is missing. Ask the person to sign."),
        ("data:image/svg+xml;base64,PHN2Zz4=", "The signature must be a PNG image."),
        ("data:image/png;base64,!!!", "The signature image is damaged. Please sign again."),
    ],
)
def test_data_urls_that_are_not_png_are_refused(value, message):
    with pytest.raises(ApplicationError) as error:
        signature_from_data_url(value)
    assert (error.value.code, error.value.message) == ("signature", message)


def test_a_jpeg_named_png_is_refused():
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (600, 200), (0, 0, 0)).save(out, format="JPEG")
    with pytest.raises(ApplicationError) as error:
        signature_check(out.getvalue())
    assert error.value.message == "The signature must be a PNG image."


def test_a_truncated_png_is_refused():
    with pytest.raises(ApplicationError) as error:
        signature_check(signature_png()[:120])
    assert error.value.message == "The signature image is damaged. Please sign again."


def test_empty_tiny_huge_and_oversized_signatures_are_refused():
    with pytest.raises(ApplicationError) as error:
        signature_check(signature_png(ink=False))
    assert error.value.message == "The signature is empty. Ask the person to sign."
    with pytest.raises(ApplicationError) as error:
        signature_check(signature_png(size=(40, 20)))
    assert error.value.message == "The signature image has an unexpected size."
    with pytest.raises(ApplicationError) as error:
        signature_check(signature_png(size=(9000, 300)))
    assert error.value.message == "The signature image has an unexpected size."
    with pytest.raises(ApplicationError) as error:
        signature_check(b"\x89PNG\r\n\x1a\n" + b"\0" * (700 * 1024))
    assert error.value.message == "The signature image is too large."
