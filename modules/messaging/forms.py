"""Input validation of the messages screens (the rules live in services)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from common.collation import sorted_by_language
from common.forms import KeptFilesMixin, MultipleFileField
from modules.clients.fields import ClientPickerField
from modules.messaging.models import Announcement
from modules.messaging.services import ATTACHMENT_KINDS, ATTACHMENT_MAX_BYTES

BODY = {"rows": 5}


class MessageForm(KeptFilesMixin, forms.Form):
    body = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs=BODY), max_length=20000, required=False
    )
    attachments = MultipleFileField(
        label=_("Attachments"),
        required=False,
        kinds=ATTACHMENT_KINDS,
        max_bytes=ATTACHMENT_MAX_BYTES,
        allow_empty_file=True,  # refused by name with the others' checks (uploads)
    )


class StaffMessageForm(MessageForm):
    internal = forms.BooleanField(
        label=_("Internal note (only the office sees it; the client is not told)"),
        required=False,
    )


class ConversationForm(MessageForm):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    field_order = ["subject", "body", "attachments"]


class StaffConversationForm(ConversationForm):
    # The picker (name, code or tax ID) rather than a list of every client: two companies
    # of one name were told apart by nothing.
    client = ClientPickerField(label=_("Client"))
    field_order = ["client", "subject", "body", "attachments"]

    def __init__(self, *args, clients, **kwargs):
        super().__init__(*args, **kwargs)
        self.clients = clients  # those the person may write to (active, visible to them)

    def clean_client(self):
        client = self.clients.filter(pk=self.cleaned_data["client"]).first()
        if client is None:
            raise forms.ValidationError(
                self.fields["client"].error_messages["unknown"], code="unknown"
            )
        return client


class AnnouncementForm(ConversationForm):
    audience = forms.ChoiceField(
        label=_("Send to"),
        choices=Announcement.Audience.choices,
        initial=Announcement.Audience.ALL,
        widget=forms.RadioSelect,
    )
    package = forms.ModelChoiceField(label=_("Package"), queryset=None, required=False)
    clients = forms.ModelMultipleChoiceField(
        label=_("Clients"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    field_order = ["audience", "package", "clients", "subject", "body", "attachments"]

    def __init__(self, *args, packages, clients, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["package"].queryset = packages
        self.fields["clients"].queryset = clients
        # Listed in the office language's alphabetical order ("Adam, Šimko, Zeman" in
        # Slovak); the queryset still checks what is chosen.
        self.fields["clients"].choices = [
            (client.pk, client.name) for client in sorted_by_language(clients, language=language)
        ]

    def clean(self):
        data = super().clean()
        audience = data.get("audience")
        if audience == Announcement.Audience.PACKAGE and not data.get("package"):
            self.add_error("package", _("Choose a package."))
        if audience == Announcement.Audience.SELECTION and not data.get("clients"):
            self.add_error("clients", _("Choose at least one client."))
        return data


class SearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=200)
    unread = forms.BooleanField(required=False)
    client = forms.IntegerField(required=False, min_value=1)
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000)
