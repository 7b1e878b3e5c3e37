"""The notification event of documents and its default texts in Polish, Slovak and English.
Registered by DocumentsConfig.ready(); sent by services.document_share (and generating or
uploading a document shared at once) the first time a document is shared with the client."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from modules.notifications.hooks import (
    CLIENT,
    EMAIL,
    GREETING,
    SAMPLE_SITE,
    SIGNATURE,
    Action,
    Defaults,
    EventType,
    Sample,
    event_register,
)

SHARED_EVENT = "documents.shared"


def events_register() -> None:
    event_register(
        EventType(
            code=SHARED_EVENT,
            label=_("New document shared"),
            audience=CLIENT,
            variables={
                "document_title": _("Document title"),
                "document_number": _("Document number"),
                "documents_url": _("Link to the documents in the client panel"),
            },
            sample={
                "document_title": Sample(
                    pl="Aneks do umowy – zmiana pakietu",
                    sk="Dodatok k zmluve – zmena balíka",
                    en="Annex – change of package",
                ),
                "document_number": "DOK/2026/0012",
                "documents_url": SAMPLE_SITE + "/portal/documents/",
            },
            default_channels=frozenset({EMAIL}),
            actions=(Action("documents_url", _("Open the documents")),),
            defaults={
                "pl": Defaults(
                    subject="Nowy dokument: {{ document_title }}",
                    body=GREETING["pl"]
                    + "w panelu klienta udostępniliśmy Ci nowy dokument: {{ document_title }} "
                    "(nr {{ document_number }}). Pobierzesz go w zakładce Dokumenty:\n"
                    "{{ documents_url }}" + SIGNATURE["pl"],
                    sms="{{ office_name }}: nowy dokument w panelu klienta.",
                ),
                "sk": Defaults(
                    subject="Nový dokument: {{ document_title }}",
                    body=GREETING["sk"] + "v klientskom paneli sme vám sprístupnili nový dokument: "
                    "{{ document_title }} (č. {{ document_number }}). Stiahnuť si ho môžete "
                    "v časti Dokumenty:\n{{ documents_url }}" + SIGNATURE["sk"],
                    sms="{{ office_name }}: nový dokument v klientskom paneli.",
                ),
                "en": Defaults(
                    subject="New document: {{ document_title }}",
                    body=GREETING["en"]
                    + "we have shared a new document with you in the client panel: "
                    "{{ document_title }} (no. {{ document_number }}). You can download it "
                    "under Documents:\n{{ documents_url }}" + SIGNATURE["en"],
                    sms="{{ office_name }}: a new document in the client panel.",
                ),
            },
        )
    )
