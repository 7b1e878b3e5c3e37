from modules.notifications.services import recipient_create


def email_recipient(
    *,
    client_id: int = 1,
    address: str = "biuro@zielonylas.pl",
    language: str = "pl",
    events=None,
    name: str = "",
    **extra,
):
    return recipient_create(
        client_id=client_id,
        channel="email",
        address=address,
        language=language,
        events=events,
        name=name,
        actor=None,
        **extra,
    )


def sms_recipient(
    *, client_id: int = 1, address: str = "+48601234567", language: str = "pl", events=None, **extra
):
    return recipient_create(
        client_id=client_id,
        channel="sms",
        address=address,
        language=language,
        events=events,
        actor=None,
        **extra,
    )
