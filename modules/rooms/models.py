"""Conference rooms (R1-R4): rooms with their rules and prices, opening hours, closures,
extras, and bookings that the database never lets overlap."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField, RangeOperators
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Func, Q
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.models import BaseModel, OfficeSettings, user_reference
from common.names import NAME_LABELS, name_in, names_check
from tenants.selectors import office_zone

MONEY = {"max_digits": 10, "decimal_places": 2, "validators": [MinValueValidator(0)]}


class RoomSettings(OfficeSettings):
    """The office's rooms settings. One row (pk 1)."""

    class Holidays(models.TextChoices):
        NONE = "", _("none")
        PL = "PL", _("Poland")
        SK = "SK", _("Slovakia")

    public_holidays = models.CharField(
        _("closed on the public holidays of"),
        max_length=2,
        blank=True,
        choices=Holidays.choices,
        default=Holidays.NONE,
    )
    # The first day the public holidays close the rooms: empty for every day (a new office,
    # or an administrator's choice in the form); the settings page's offer to an office
    # without holidays sets 1 January of the coming year (services.public_holidays_add), so
    # bookings already taken this year are not closed under them.
    public_holidays_from = models.DateField(
        _("public holidays close the rooms from"), null=True, blank=True
    )
    # "Don't offer again" on the settings page's offer of public holidays: an office that
    # wants its rooms open on them stops seeing it (services.public_holidays_decline).
    public_holidays_declined = models.BooleanField(
        _("public holidays not offered again"), default=False, db_default=False
    )
    public_booking = models.BooleanField(
        _("visitors may book through the public link"), default=False
    )
    approval_required = models.BooleanField(
        _("bookings by visitors wait for approval"),
        default=False,
        help_text=_("Otherwise they are confirmed at once."),
    )
    approval_hours = models.PositiveSmallIntegerField(
        _("release a booking not approved within (hours)"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 14)],
    )
    reminder_hours = models.PositiveSmallIntegerField(
        _("reminder before a booking (hours, 0 = none)"),
        default=24,
        validators=[MaxValueValidator(24 * 7)],
    )
    terms = models.TextField(_("terms visitors accept"), blank=True, max_length=4000)

    class Meta(OfficeSettings.Meta):
        verbose_name = _("rooms settings")
        verbose_name_plural = _("rooms settings")

    def __str__(self) -> str:
        return str(_("Rooms settings"))


class Room(BaseModel):
    name = models.CharField(pgettext_lazy("thing", "name"), max_length=120)
    capacity = models.PositiveSmallIntegerField(_("capacity (people)"), default=8)
    description_pl = models.TextField(_("description (Polish)"), blank=True, max_length=2000)
    description_sk = models.TextField(_("description (Slovak)"), blank=True, max_length=2000)
    description_en = models.TextField(_("description (English)"), blank=True, max_length=2000)
    amenities = models.CharField(
        _("amenities"), max_length=300, blank=True, help_text=_("Separated by commas.")
    )
    active = models.BooleanField(_("active"), default=True)
    colour = models.CharField(_("colour"), max_length=7, default="#2f6f8f")
    # Booking rules (minutes unless said otherwise).
    slot_minutes = models.PositiveSmallIntegerField(
        _("slot size (minutes)"),
        default=30,
        validators=[MinValueValidator(5), MaxValueValidator(240)],
    )
    min_minutes = models.PositiveSmallIntegerField(
        _("shortest booking (minutes)"), default=30, validators=[MinValueValidator(5)]
    )
    max_minutes = models.PositiveSmallIntegerField(
        _("longest booking (minutes)"), default=600, validators=[MinValueValidator(5)]
    )
    buffer_minutes = models.PositiveSmallIntegerField(
        _("buffer between bookings (minutes)"), default=0, validators=[MaxValueValidator(240)]
    )
    notice_minutes = models.PositiveIntegerField(
        _("book at least this long before (minutes)"), default=60
    )
    horizon_days = models.PositiveSmallIntegerField(
        _("book at most this far ahead (days)"),
        default=180,
        validators=[MinValueValidator(1), MaxValueValidator(3 * 366)],
    )
    # Prices (net, in the office's currency).
    price_hour = models.DecimalField(_("price per hour"), default=Decimal("0"), **MONEY)
    price_half_day = models.DecimalField(
        _("price per half day (up to 4 hours)"), null=True, blank=True, **MONEY
    )
    price_day = models.DecimalField(_("price per day"), null=True, blank=True, **MONEY)
    public_price_hour = models.DecimalField(
        _("price per hour for visitors"), null=True, blank=True, **MONEY
    )
    # Cancellation policy.
    free_cancel_hours = models.PositiveSmallIntegerField(
        _("free cancellation until (hours before)"), default=24
    )
    cancel_fee_percent = models.PositiveSmallIntegerField(
        _("later cancellation fee (percent of the price)"),
        default=50,
        validators=[MaxValueValidator(100)],
    )

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_minutes__lte=models.F("max_minutes")), name="room_min_le_max"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def description(self, language: str) -> str:
        return getattr(self, f"description_{language[:2]}", "") or self.description_en


class OpeningHours(models.Model):
    """When the rooms may be booked, per weekday (0 = Monday); no row: closed that day."""

    weekday = models.PositiveSmallIntegerField(
        _("weekday"), unique=True, validators=[MaxValueValidator(6)]
    )
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["weekday"]
        constraints = [
            models.CheckConstraint(
                condition=Q(opens__lt=models.F("closes")), name="rooms_opening_opens_before"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.weekday}: {self.opens}-{self.closes}"


class Closure(BaseModel):
    """The office's own days off (all rooms, or one)."""

    room = models.ForeignKey(
        Room, null=True, blank=True, on_delete=models.CASCADE, verbose_name=_("room")
    )
    date_from = models.DateField(_("from"))
    date_to = models.DateField(_("until"))
    reason = models.CharField(pgettext_lazy("explanation", "reason"), max_length=200)

    class Meta:
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        ordering = ["date_from", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_from__lte=models.F("date_to")), name="rooms_closure_dates"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date_from}-{self.date_to}: {self.reason}"


class Extra(BaseModel):
    # Names per language (common.names): the office's required, the others fall back to it.
    name_pl = models.CharField(
        NAME_LABELS["pl"], max_length=120, blank=True, default="", db_default=""
    )
    name_sk = models.CharField(
        NAME_LABELS["sk"], max_length=120, blank=True, default="", db_default=""
    )
    name_en = models.CharField(
        NAME_LABELS["en"], max_length=120, blank=True, default="", db_default=""
    )
    price = models.DecimalField(_("price"), **MONEY)
    per_person = models.BooleanField(_("price per person"), default=False)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("extra")
        verbose_name_plural = _("extras")
        ordering = ["pk"]  # lists sort by the name in a language (selectors.extra_list)

    def name(self, language: str | None = None) -> str:
        """The name for a reader of `language` (default: the active one), else the
        office's. Templates call it with the viewer's: {{ extra.name }}."""
        return name_in(self, language)

    def clean(self) -> None:
        super().clean()
        names_check(self)

    def __str__(self) -> str:
        return self.name()


class TsTzRange(Func):
    function = "TSTZRANGE"
    output_field = DateTimeRangeField()


ACTIVE = ("tentative", "confirmed")
# The constraint's condition, and every query meant to use its index. Written as ORs, not
# IN: PostgreSQL prints `IN (...)` back in a form that reads differently once re-created,
# and offices are cloned from the template by their printed definitions (tenants'
# clone test compares the two).
ACTIVE_Q = Q(status="tentative") | Q(status="confirmed")


class Booking(BaseModel):
    class Status(models.TextChoices):
        TENTATIVE = "tentative", pgettext_lazy("booking", "Waiting for approval")
        CONFIRMED = "confirmed", pgettext_lazy("booking", "Confirmed")
        CANCELLED = "cancelled", pgettext_lazy("booking", "Cancelled")
        RELEASED = "released", pgettext_lazy("booking", "Released")

    class Source(models.TextChoices):
        STAFF = "staff", _("Office")
        PORTAL = "portal", _("Client panel")
        PUBLIC = "public", _("Public link")
        API = "api", _("API")

    room = models.ForeignKey(Room, on_delete=models.PROTECT, verbose_name=_("room"))
    client = models.ForeignKey(
        "clients.Client",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="room_bookings",
        verbose_name=_("client"),
    )
    # A visitor's details (public link); for clients and staff bookings the contact person.
    guest_name = models.CharField(pgettext_lazy("person", "name"), max_length=120, blank=True)
    guest_company = models.CharField(_("company"), max_length=200, blank=True)
    guest_email = models.EmailField(_("e-mail"), blank=True)
    guest_phone = models.CharField(_("phone"), max_length=32, blank=True)
    title = models.CharField(_("subject"), max_length=200, blank=True)
    attendees = models.PositiveSmallIntegerField(_("people"), default=1)
    # Stored in UTC. `blocked_until` = ends_at + the room's buffer when booked: the exclusion
    # constraint compares [starts_at, blocked_until), so two bookings keep the buffer apart.
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    blocked_until = models.DateTimeField(editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.CONFIRMED
    )
    source = models.CharField(_("booked through"), max_length=8, choices=Source.choices)
    price = models.DecimalField(_("price"), default=Decimal("0"), **MONEY)
    extras_price = models.DecimalField(_("extras"), default=Decimal("0"), **MONEY)
    cancel_fee = models.DecimalField(_("cancellation fee"), default=Decimal("0"), **MONEY)
    # A late cancellation of a booking billed as package hours: the fee's share of its hours,
    # counted as used room hours (services.cancellation_fee).
    cancel_fee_hours = models.DecimalField(
        _("cancellation fee in package hours"),
        max_digits=8,
        decimal_places=3,
        default=Decimal("0"),
        db_default=Decimal("0"),  # rows written by SQL (the benchmark's bulk insert) too
        validators=[MinValueValidator(0)],
    )
    notes = models.TextField(_("notes"), blank=True, max_length=2000)
    created_by = user_reference(blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    approve_by = models.DateTimeField(null=True, blank=True)
    series = models.UUIDField(null=True, blank=True, db_index=True)
    # The language a visitor booked in (their e-mails); clients' recipients have their own.
    language = models.CharField(max_length=5, blank=True)
    # iCalendar SEQUENCE of the booking's .ics: raised by every change of its time or state.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["starts_at", "pk"]
        constraints = [
            # The last line of defence: whatever the code checks before, two active
            # bookings of one room never overlap (buffer included), even under races.
            ExclusionConstraint(
                name="rooms_booking_no_overlap",
                expressions=[
                    ("room", RangeOperators.EQUAL),
                    (
                        TsTzRange("starts_at", "blocked_until", models.Value("[)")),
                        RangeOperators.OVERLAPS,
                    ),
                ],
                condition=ACTIVE_Q,
            ),
            models.CheckConstraint(
                condition=Q(starts_at__lt=models.F("ends_at"))
                & Q(ends_at__lte=models.F("blocked_until")),
                name="rooms_booking_times",
            ),
            models.CheckConstraint(
                condition=Q(client__isnull=False) | ~Q(guest_name=""),
                name="rooms_booking_who",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.room_id}: {self.starts_at:%Y-%m-%d %H:%M}"

    def audit_label(self) -> str:
        """The audit log's words for the booking: its room and start as the office reads
        them ("Sala Focus · 07.12.2026 09:00", the office's time zone)."""
        starts = formats.date_format(
            self.starts_at.astimezone(office_zone()), "SHORT_DATETIME_FORMAT"
        )
        return f"{self.room.name} · {starts}"

    @property
    def who(self) -> str:
        if self.client_id:
            return self.client.name
        return self.guest_company or self.guest_name

    @property
    def total(self) -> Decimal:
        return self.price + self.extras_price

    @property
    def cancel_fee_hours_shown(self) -> Decimal:
        return hours_plain(self.cancel_fee_hours)


def hours_plain(value: Decimal) -> Decimal:
    """Hours as people read them: 0.500 -> 0.5, 2.000 -> 2 (never 2E+0)."""
    return value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()


class BookingExtra(models.Model):
    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="extras")
    extra = models.ForeignKey(Extra, on_delete=models.PROTECT, verbose_name=_("extra"))
    quantity = models.PositiveSmallIntegerField(_("quantity"), default=1)
    price = models.DecimalField(_("price"), **MONEY)

    class Meta:
        verbose_name = _("ordered extra")
        verbose_name_plural = _("ordered extras")
        constraints = [
            models.UniqueConstraint(fields=["booking", "extra"], name="rooms_booking_extra_once")
        ]

    def __str__(self) -> str:
        return f"{self.extra_id} x{self.quantity}"


class CalendarFeed(BaseModel):
    """A secret iCalendar feed URL (R4) of one person: a client user's feed of their
    company's bookings, or a staff member's feed of one room (or all rooms). Revocable;
    the feed also stops answering when the person's membership no longer allows it."""

    user = user_reference(null=False)
    client = models.ForeignKey(
        "clients.Client", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    room = models.ForeignKey(Room, null=True, blank=True, on_delete=models.CASCADE)
    staff = models.BooleanField(default=False)
    token = models.CharField(max_length=64, unique=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            models.CheckConstraint(
                condition=Q(staff=True, client__isnull=True)
                | Q(staff=False, client__isnull=False, room__isnull=True),
                name="rooms_feed_scope",
            ),
        ]

    def __str__(self) -> str:
        return f"feed {self.pk}"


class RoomPhoto(BaseModel):
    """A photo of a room (JPEG or PNG, judged by content), an office file (common.storage)
    shown in Administration, the client panel and on the public booking pages."""

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="photos")
    path = models.CharField(max_length=300)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    original_name = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("room photo")
        verbose_name_plural = _("room photos")
        ordering = ["room", "pk"]

    def __str__(self) -> str:
        return self.original_name or self.path
