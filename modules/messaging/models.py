"""Internal messages (X1, P2): conversations between the office and one client company,
their messages (public ones both sides see, internal notes only staff see), attachments, and
the announcements that opened many conversations at once."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from common.models import BaseModel, user_reference


class Announcement(BaseModel):
    """One message sent to many clients; each got a conversation of its own."""

    class Audience(models.TextChoices):
        ALL = "all", _("All active clients")
        PACKAGE = "package", _("Clients of a package")
        SELECTION = "selection", _("Selected clients")

    subject = models.CharField(_("subject"), max_length=200)
    audience = models.CharField(_("recipients"), max_length=20, choices=Audience.choices)
    audience_label = models.CharField(max_length=300, blank=True)  # the package's name
    recipients = models.PositiveIntegerField(default=0)
    created_by = user_reference(blank=True)

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.subject


class Conversation(BaseModel):
    """A thread with one client company. The unread counters are kept by the services in
    the same transaction as the messages (row lock): the inbox and the menus read them
    instead of counting messages. The search's trigram indexes on UPPER(subject) and
    UPPER(body) (what icontains compares) are created in migration 0001 with SQL: Django
    wraps an OpClass expression of a GinIndex in parentheses PostgreSQL refuses."""

    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="+", verbose_name=_("client")
    )
    subject = models.CharField(_("subject"), max_length=200)
    started_by = user_reference(blank=True)
    started_by_client = models.BooleanField(default=False)
    announcement = models.ForeignKey(
        Announcement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="conversations",
    )
    # The last message both sides see (internal notes leave these alone).
    last_message_at = models.DateTimeField()
    last_excerpt = models.CharField(max_length=160, blank=True)
    last_from_client = models.BooleanField(default=False)
    # Messages of the other side not opened yet: the client's for the office, the office's
    # for the client.
    staff_unread = models.PositiveIntegerField(default=0)
    client_unread = models.PositiveIntegerField(default=0)
    # Listed on its own in the staff inbox: False for an announcement's copy until it holds
    # a second public message (the client answered, or the office followed up: services);
    # until then its announcement is the inbox's row (selectors.inbox_page).
    listed = models.BooleanField(default=True, db_default=True)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-last_message_at", "-pk"]
        indexes = [
            # The staff inbox: newest first, a page at a time.
            models.Index(
                models.F("last_message_at").desc(),
                models.F("id").desc(),
                name="msg_conv_inbox_idx",
            ),
            # One client's conversations in the inbox's order (the card's tab, the panel).
            models.Index(
                "client",
                models.F("last_message_at").desc(),
                models.F("id").desc(),
                name="msg_conv_client_idx",
            ),
            # The staff inbox without its announcements' quiet copies (selectors.inbox_page).
            models.Index(
                models.F("last_message_at").desc(),
                models.F("id").desc(),
                name="msg_conv_listed_idx",
                condition=models.Q(listed=True),
            ),
            # "Unread" filter and the menu's office-wide count: only unread rows are indexed.
            models.Index(
                models.F("last_message_at").desc(),
                name="msg_conv_staff_unread_idx",
                condition=models.Q(staff_unread__gt=0),
            ),
        ]

    def __str__(self) -> str:
        return self.subject


class Message(BaseModel):
    """A message of a conversation. `read_at` is the receipt: when the other side first
    opened it (the office as a whole, or any user of the client company)."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    author = user_reference(blank=True)
    author_label = models.CharField(_("author"), max_length=254, blank=True)
    from_client = models.BooleanField(default=False)
    internal = models.BooleanField(_("internal note"), default=False)
    body = models.TextField(_("message"), max_length=20000, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["conversation", "created_at"], name="msg_message_conv_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(internal=True, from_client=True),
                name="msg_message_note_is_staff",
            )
        ]

    def __str__(self) -> str:
        return f"{self.conversation_id}: {self.body[:40]}"


class Attachment(BaseModel):
    """A stored file of a message (common.storage, a name relative to the office). An
    announcement's file is stored once and shared by its conversations' rows."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="attachments"
    )
    name = models.CharField(max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(default=0)
    content_type = models.CharField(max_length=100)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["message"], name="msg_attachment_message_idx")]

    def __str__(self) -> str:
        return self.original_name
