"""The sender/recipient rule and "which client did the person type" have one owner each
(services.correspondent_errors, selectors.client_typed_get); the registration form, the
services and the client autocomplete all ask them."""

import pytest

from common.exceptions import ApplicationError
from modules.mail.forms import RegisterForm
from modules.mail.selectors import client_typed_get
from modules.mail.services import mail_register, mail_update
from tests.helpers.offices import in_office
from tests.modules.clients.factories import ClientFactory
from tests.modules.mail.factories import item_register, letter, status

pytestmark = pytest.mark.usefixtures("in_office_a")

CASES = [
    ("in", "ZUS", ""),
    ("in", "  ", "Bank"),
    ("in", "", ""),
    ("out", "", "Sąd Rejonowy"),
    ("out", "ZUS", " "),
    ("out", "", ""),
]


def _form(client, direction, sender, recipient, typed=""):
    return RegisterForm(
        {
            "direction": direction,
            "client": client.pk if client else "",
            "client_query": typed,
            "sender": sender,
            "recipient": recipient,
            "mail_type": letter().pk,
            "received_at": "2026-03-02T09:30",
            "pieces": 1,
            "notify_choice": "none",
        }
    )


def _refusal(call) -> tuple[str, str] | None:
    try:
        call()
    except ApplicationError as exc:
        return exc.code, exc.message
    return None


@pytest.mark.parametrize("direction, sender, recipient", CASES)
def test_the_form_and_the_services_apply_the_same_sender_recipient_rule(
    direction, sender, recipient
):
    client = ClientFactory()
    form = _form(client, direction, sender, recipient)
    form.is_valid()
    shown = {f: errors for f, errors in form.errors.items() if f in ("sender", "recipient")}
    data = {"direction": direction, "client": client, "mail_type": letter()}
    registered = _refusal(
        lambda: mail_register(actor=None, data={**data, "sender": sender, "recipient": recipient})
    )
    existing = item_register(client=client, direction="in", sender="Nadawca", recipient="")
    updated = _refusal(
        lambda: mail_update(
            item=existing,
            actor=None,
            data={
                "direction": direction,
                "sender": sender,
                "recipient": recipient,
                # Outgoing mail cannot stay "to pick up" (test_outgoing.py).
                "status": status("sent") if direction == "out" else None,
            },
        )
    )

    if not shown:
        assert (registered, updated) == (None, None)
    else:
        ((field, [message]),) = list(shown.items())[:1]
        assert registered == (field, message)
        assert updated == (field, message)
    expected_fields = {"in": ["sender"], "out": ["recipient"]}[direction]
    blank = {"sender": sender, "recipient": recipient}
    assert list(shown) == [f for f in expected_fields if not blank[f].strip()]


def test_the_form_and_the_autocomplete_take_the_client_the_selector_names(client_a, office_a):
    with in_office(office_a):
        coded = ClientFactory(code="ZL-7", name="Zielony Las")
        ClientFactory(code="AB-1", name="Dwa Razy")
        ClientFactory(code="AB-2", name="Dwa razy")
        unique = ClientFactory(code="CD-3", name="Jedyny Sp. z o.o.")
        cases = {
            "zl-7": coded,
            "jedyny sp. z o.o.": unique,
            "dwa razy": None,  # two clients have that name
            "nikt": None,
        }
        for typed, expected in cases.items():
            assert client_typed_get(client_id=None, typed=typed) == expected, typed
            form = _form(None, "in", "ZUS", "", typed=typed)
            form.is_valid()
            assert form.client_obj == expected, typed
        assert client_typed_get(client_id=unique.pk, typed="zl-7") == unique
    for typed, expected in cases.items():
        page = client_a.get("/mail/lookup/clients/", {"client_query": typed}).content.decode()
        marker = 'data-picker-option="'
        first = page.split(marker, 1)[1].split('"', 1)[0] if marker in page else None
        if expected is not None:
            assert first == str(expected.pk), typed
