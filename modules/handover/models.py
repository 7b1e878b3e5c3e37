"""Hand-overs of mail (H1-H8): who handed which items to whom, when and how."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.models import BaseModel, OfficeSettings, user_reference
from modules.mail.models import MailItem

# The ways as the hand-over screens and confirmations name them (the mail module's
# PickupMethod holds the stored values).
METHOD_LABELS = {
    MailItem.PickupMethod.CONFIRMED: _("Pickup confirmed"),
    MailItem.PickupMethod.PRINTED: _("Printed confirmation"),
    MailItem.PickupMethod.DIGITAL: _("Digital confirmation with signature"),
    MailItem.PickupMethod.FORWARDED: pgettext_lazy("hand-over way", "Forwarded"),
    MailItem.PickupMethod.PO_BOX: _("Taken from the PO box"),
}


class HandOver(BaseModel):
    """One hand-over: one or more items of one or more clients, in one of the four ways (or
    recorded from a PO box). Append-only once created: the confirmation PDF is its record."""

    Method = MailItem.PickupMethod

    method = models.CharField(_("way"), max_length=12, choices=Method.choices)
    handed_over_at = models.DateTimeField(_("date and time"), db_index=True)
    handed_over_by = user_reference(blank=True, verbose_name=_("handed over by"))
    # The person as written on the confirmation; the contact record may change or go later.
    person_name = models.CharField(_("person"), max_length=200, blank=True)
    contact_person = models.ForeignKey(
        "clients.ContactPerson",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("contact person"),
    )
    clients = models.ManyToManyField(
        "clients.Client",
        related_name="handovers",
        verbose_name=pgettext_lazy("plural noun", "clients"),
    )
    forward_address = models.TextField(_("address"), blank=True)
    carrier = models.CharField(_("carrier"), max_length=100, blank=True)
    tracking_number = models.CharField(_("tracking number"), max_length=100, blank=True)
    tracking_url = models.URLField(_("tracking link"), max_length=500, blank=True)
    notes = models.CharField(_("notes"), max_length=500, blank=True)
    language = models.CharField(_("language of the confirmation"), max_length=5, default="pl")
    item_count = models.PositiveIntegerField(_("items"), default=0)
    # Relative to the office (common.storage); served only by permission-checked views.
    pdf_path = models.CharField(max_length=300, blank=True)
    signature_path = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("hand-over")
        verbose_name_plural = _("hand-overs")
        ordering = ["-handed_over_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(method="digital") | ~models.Q(signature_path=""),
                name="handover_digital_has_signature",
            ),
        ]
        indexes = [models.Index(fields=["method", "-handed_over_at"], name="handover_method_idx")]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"WP-{self.pk:06d}" if self.pk else "WP-?"

    @property
    def method_label(self) -> str:
        return str(METHOD_LABELS.get(self.method, self.method))

    @property
    def is_forwarding(self) -> bool:
        return self.method == self.Method.FORWARDED


class HandOverItem(models.Model):
    """One item in a hand-over. An item may be handed over again after its status was put
    back, so the same item can appear in several hand-overs over time."""

    handover = models.ForeignKey(HandOver, on_delete=models.CASCADE, related_name="lines")
    item = models.ForeignKey(MailItem, on_delete=models.PROTECT, related_name="handover_lines")
    # Kept on the line so the client panel filters a multi-client hand-over to its own items.
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="+")
    previous_status = models.ForeignKey(
        "mail.MailStatus", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("handed-over item")
        verbose_name_plural = _("handed-over items")
        ordering = ["handover", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["handover", "item"], name="handover_item_once"),
        ]
        indexes = [models.Index(fields=["item", "-handover"], name="handover_line_item_idx")]

    def __str__(self) -> str:
        return f"{self.handover_id}: {self.item_id}"


class HandOverSettings(OfficeSettings):
    """The footer of the confirmations; their letterhead is the office's details
    (Administration > General, modules.office)."""

    footer = models.CharField(_("footer"), max_length=300, blank=True)

    class Meta(OfficeSettings.Meta):
        verbose_name = _("hand-over settings")
        verbose_name_plural = _("hand-over settings")

    def __str__(self) -> str:
        return "hand-over settings"
