"""Client e-mails come from the platform's no-reply address: Reply-To is the office's
notification address, else the office's e-mail (Administration > General); with neither,
there is no Reply-To and the footer asks not to reply instead of inviting one."""

import pytest

from common import singletons
from modules.notifications.services import delivery_send, settings_update
from modules.office.models import OfficeProfile
from tests.modules.notifications.factories import email_recipient
from tests.modules.notifications.test_delivery import _one

INVITES = "Ta wiadomość została wysłana automatycznie; możesz na nią odpowiedzieć."
REFUSES = "Ta wiadomość została wysłana automatycznie; prosimy na nią nie odpowiadać."


def _profile_email(address: str) -> None:
    singletons.settings_update(
        OfficeProfile,
        actor=None,
        data={"email": address},
        fields=["email"],
        action="office.profile_changed",
    )


@pytest.mark.parametrize(
    ("notification_address", "profile_address", "reply_to"),
    [
        ("powiadomienia@office-a.pl", "biuro@office-a.pl", "powiadomienia@office-a.pl"),
        ("", "biuro@office-a.pl", "biuro@office-a.pl"),
        ("", "", None),
    ],
)
def test_reply_to_falls_back_to_the_office_email_and_the_footer_invites_only_then(
    in_office_a, smtp_server, notification_address, profile_address, reply_to
):
    email_recipient(language="pl")
    settings_update(actor=None, office_email=notification_address)
    _profile_email(profile_address)
    delivery_send(delivery_id=_one().pk)
    (message,) = smtp_server.messages
    assert message["From"].endswith("<no-reply@vireo.local>")
    assert message["Reply-To"] == reply_to
    html = message.get_body(preferencelist=("html",)).get_content()
    assert (INVITES in html, REFUSES in html) == (reply_to is not None, reply_to is None)
