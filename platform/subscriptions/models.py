from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.models import BaseModel


class Plan(BaseModel):
    """What an office can buy: prices (shown here, charged by Stripe) and limits.

    A limit of None means unlimited. Prices are kept here for the pricing page and the
    console's MRR; Stripe's prices (by id) are what customers are charged.
    """

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(pgettext_lazy("thing", "name"), max_length=100)
    is_public = models.BooleanField(_("shown on the pricing page"), default=True)
    is_default = models.BooleanField(_("plan of new trials"), default=False)
    sort_order = models.PositiveSmallIntegerField(default=0)
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    price_monthly = models.DecimalField(_("monthly price"), max_digits=10, decimal_places=2)
    price_yearly = models.DecimalField(_("yearly price"), max_digits=10, decimal_places=2)
    stripe_price_monthly = models.CharField(_("Stripe monthly price id"), max_length=100)
    stripe_price_yearly = models.CharField(_("Stripe yearly price id"), max_length=100)
    max_clients = models.PositiveIntegerField(
        pgettext_lazy("plan limit", "clients"), null=True, blank=True
    )
    max_staff_users = models.PositiveIntegerField(_("staff users"), null=True, blank=True)
    max_sms_per_month = models.PositiveIntegerField(_("SMS per month"), null=True, blank=True)
    max_storage_gb = models.PositiveIntegerField(_("storage (GB)"), null=True, blank=True)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=models.Q(is_default=True), name="plan_one_default"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def limit(self, name: str) -> int | None:
        return getattr(self, f"max_{name}")

    def price_in(self, currency: str) -> Plan | PlanPrice:
        """The plan's price in `currency` (a PlanPrice row; prefetch `prices` for lists), or
        its own base price when it has none in that currency. Both carry currency,
        price_monthly, price_yearly and the Stripe price ids."""
        for price in self.prices.all():
            if price.currency == currency:
                return price
        return self


class PlanPrice(BaseModel):
    """A plan's price in another currency than its base one: the pricing page shows the
    visitor's currency (PLN in Polish, EUR in Slovak) and checkout charges the office's."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="prices")
    currency = models.CharField(_("currency"), max_length=3)
    price_monthly = models.DecimalField(_("monthly price"), max_digits=10, decimal_places=2)
    price_yearly = models.DecimalField(_("yearly price"), max_digits=10, decimal_places=2)
    stripe_price_monthly = models.CharField(_("Stripe monthly price id"), max_length=100)
    stripe_price_yearly = models.CharField(_("Stripe yearly price id"), max_length=100)

    class Meta:
        verbose_name = _("plan price")
        verbose_name_plural = _("plan prices")
        constraints = [
            models.UniqueConstraint(fields=["plan", "currency"], name="plan_price_one_per_currency")
        ]

    def __str__(self) -> str:
        return f"{self.plan} · {self.currency}"


class Subscription(BaseModel):
    """An office's subscription, mirrored from Stripe (Stripe is the source of truth once the
    office has paid; before that the free trial lives only here)."""

    class Status(models.TextChoices):
        TRIALING = "trialing", _("Trial")
        ACTIVE = "active", pgettext_lazy("subscription status", "Active")
        PAST_DUE = "past_due", _("Payment overdue")
        CANCELED = "canceled", _("Canceled")

    class Interval(models.TextChoices):
        MONTH = "month", _("monthly")
        YEAR = "year", _("yearly")

    office = models.OneToOneField(
        "tenants.Office", on_delete=models.CASCADE, related_name="subscription"
    )
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="subscriptions")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    interval = models.CharField(
        _("billing period"), max_length=8, choices=Interval.choices, default=Interval.MONTH
    )
    trial_ends_at = models.DateTimeField(_("trial ends"), null=True, blank=True)
    current_period_end = models.DateTimeField(null=True, blank=True)
    cancel_at_period_end = models.BooleanField(default=False)
    # When the office stopped being in good standing (payment failed, trial or subscription
    # ended): grace, read-only and suspension are counted from here.
    lapsed_at = models.DateTimeField(null=True, blank=True)
    suspended_by_billing = models.BooleanField(default=False)
    stripe_customer_id = models.CharField(max_length=100, blank=True, db_index=True)
    stripe_subscription_id = models.CharField(max_length=100, blank=True, db_index=True)
    synced_at = models.DateTimeField(null=True, blank=True)
    trial_ending_notified_at = models.DateTimeField(null=True, blank=True)
    payment_failed_notified_invoice = models.CharField(max_length=100, blank=True)
    # When the owners were last told that a plan limit stopped something (office's day): SMS
    # once per calendar month, storage once a day; a conditional update sends one e-mail
    # however many SMS or files meet the limit at once.
    sms_limit_notified_on = models.DateField(null=True, blank=True)
    storage_limit_notified_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")

    def __str__(self) -> str:
        return f"{self.office} · {self.plan} · {self.status}"

    def audit_label(self) -> str:
        """The office's audit log names its subscription by the plan ("Business"): the
        office is the log's own, and a status code ("trialing") is no word of its reader."""
        return str(self.plan)

    @classmethod
    def audit_label_read(cls, label: str) -> str:
        """Entries stored before audit_label, "Office · Business · trialing", read
        "Business"."""
        parts = label.rsplit(" · ", 2)
        if len(parts) == 3 and parts[2] in cls.Status.values:
            return parts[1]
        return label


class StripeEvent(models.Model):
    """A webhook delivery, stored once per Stripe event id (deliveries repeat)."""

    event_id = models.CharField(max_length=100, unique=True)
    type = models.CharField(max_length=100)
    payload = models.JSONField()
    received_at = models.DateTimeField(default=timezone.now)
    processed_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("Stripe event")
        verbose_name_plural = _("Stripe events")

    def __str__(self) -> str:
        return f"{self.event_id} {self.type}"
