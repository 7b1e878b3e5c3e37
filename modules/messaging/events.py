"""The notification events of the messages module, registered by MessagingConfig.ready()
and sent by services.message_send / announcement_send.

`message.new` tells the client's recipients that the office wrote and links to the
conversation in the client panel. It never carries the message, its subject or its files:
an e-mail can be forwarded, read over a shoulder or kept in a mailbox for years, and a
message may hold what only the panel's sign-in should open (an access code, a document).
`message.from_client` is an in-app alert for the office's staff (e-mail to the office's
address when switched on), with the subject and the link; internal notes send nothing."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from modules.notifications.hooks import (
    CLIENT,
    COMMON_SAMPLE,
    EMAIL,
    GREETING,
    INAPP,
    OFFICE,
    SIGNATURE,
    Action,
    Defaults,
    EventType,
    Sample,
    event_register,
)


def events_register() -> None:
    event_register(
        EventType(
            code="message.new",
            label=_("New message from the office"),
            audience=CLIENT,
            variables={"conversation_url": _("Link to the conversation in the client panel")},
            sample={"conversation_url": "https://demo.vireo.example/portal/messages/42/"},
            default_channels=frozenset({EMAIL}),
            actions=(Action("conversation_url", _("Read the message")),),
            defaults={
                "pl": Defaults(
                    subject="Nowa wiadomość – {{ office_name }}",
                    # No "(klient: …)": the e-mail's company line names the company
                    # (notifications, "Which company").
                    body=GREETING["pl"] + "w panelu klienta czeka na Ciebie nowa wiadomość. "
                    "Ze względów bezpieczeństwa jej treść można "
                    "przeczytać tylko po zalogowaniu:\n\n{{ conversation_url }}" + SIGNATURE["pl"],
                    sms="{{ office_name }}: nowa wiadomość w panelu klienta.",
                ),
                "sk": Defaults(
                    subject="Nová správa – {{ office_name }}",
                    body=GREETING["sk"] + "v klientskom paneli na vás čaká nová správa. "
                    "Z bezpečnostných dôvodov si jej obsah "
                    "môžete prečítať až po prihlásení:\n\n{{ conversation_url }}" + SIGNATURE["sk"],
                    sms="{{ office_name }}: nová správa v klientskom paneli.",
                ),
                "en": Defaults(
                    subject="New message from {{ office_name }}",
                    body=GREETING["en"] + "a new message is waiting for you in "
                    "the client panel. For your security it can be read only after signing "
                    "in:\n\n{{ conversation_url }}" + SIGNATURE["en"],
                    sms="{{ office_name }}: a new message in the client panel.",
                ),
            },
        )
    )
    event_register(
        EventType(
            code="message.from_client",
            label=_("New message from a client"),
            audience=OFFICE,
            variables={
                "conversation_subject": _("Subject of the conversation"),
                "sender_name": _("Who wrote"),
                "conversation_url": _("Link to the conversation"),
            },
            # The editor's preview, in the template's language (sample_context).
            sample={
                "conversation_subject": Sample(
                    pl="Zmiana adresu do doręczeń",
                    sk="Zmena adresy na doručovanie",
                    en="Change of the address for service",
                ),
                "sender_name": COMMON_SAMPLE["recipient_name"],
                "conversation_url": "https://demo.vireo.example/messages/42/",
            },
            default_channels=frozenset({INAPP}),
            actions=(Action("conversation_url", _("Open the conversation")),),
            defaults={
                "pl": Defaults(
                    subject="{{ client_name }}: {{ conversation_subject }}",
                    body="{{ client_name }} ({{ sender_name }}) napisał(a) wiadomość: "
                    "{{ conversation_subject }}\n\n{{ conversation_url }}",
                    sms="{{ client_name }}, wiadomość: {{ conversation_subject }}",
                ),
                "sk": Defaults(
                    subject="{{ client_name }}: {{ conversation_subject }}",
                    body="{{ client_name }} ({{ sender_name }}) napísal(a) správu: "
                    "{{ conversation_subject }}\n\n{{ conversation_url }}",
                    sms="{{ client_name }}, správa: {{ conversation_subject }}",
                ),
                "en": Defaults(
                    subject="{{ client_name }}: {{ conversation_subject }}",
                    body="{{ client_name }} ({{ sender_name }}) wrote a message: "
                    "{{ conversation_subject }}\n\n{{ conversation_url }}",
                    sms="Message from {{ client_name }}: {{ conversation_subject }}",
                ),
            },
        )
    )
