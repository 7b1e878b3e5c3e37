"""What a booking costs: the room's price, its extras, and what cancelling it costs (in money
or in package hours). The one rule for the booking's price, its usage, the lists and the e-mails."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from common.exceptions import ApplicationError
from common.names import office_language
from modules.rooms import rules, selectors
from modules.rooms.models import Booking, BookingExtra, Extra, Room, hours_plain

CENT = Decimal("0.01")
HOURS = Decimal("0.001")  # billing counts room hours to a thousandth

# --- prices -------------------------------------------------------------------------------


def booking_price(room: Room, minutes: int, *, public: bool = False) -> Decimal:
    """Hourly, capped by the half-day price (up to 4 hours) and the day price."""
    rate = (
        room.public_price_hour if public and room.public_price_hour is not None else room.price_hour
    )
    price = rate * Decimal(minutes) / Decimal(60)
    if not public:
        if room.price_half_day is not None and minutes <= 240:
            price = min(price, room.price_half_day)
        if room.price_day is not None:
            price = min(price, room.price_day)
    return price.quantize(CENT, rounding=ROUND_HALF_UP)


def extra_line_order(line) -> tuple[str, int]:
    """A booking's extras in one order on every screen and e-mail, whoever reads them: by
    their name in the office's language (the one every extra has), then as ordered."""
    return (line.extra.name(office_language()).casefold(), line.pk)


def extra_ordered(extra: Extra, quantity: int) -> int:
    """The quantity stored for an ordered extra: a per-item extra's own; a per-person extra is
    ordered or not (1 or 0): it is served to every person of the booking (extra_count), so a
    quantity typed for it must not multiply the people again (4 x 4 people billed 16)."""
    if quantity <= 0:
        return 0
    return 1 if extra.per_person else quantity


def extra_count(extra: Extra, quantity: int, attendees: int) -> int:
    """How many of an extra a booking is billed (the one rule: the booking's price, its
    usage for the settlements, the lists and the e-mails): a per-item extra its quantity, a
    per-person extra one for each person of the booking. Lines stored before per-person
    extras were ordered yes/no and not corrected by migration 0008 (a closed month, a
    cancelled booking...) keep what they were billed (their quantity x people)."""
    return quantity * (attendees if extra.per_person else 1)


def extras_lines(extras: Iterable[tuple[Extra, int]], attendees: int) -> list[BookingExtra]:
    lines = []
    for extra, asked in extras:
        quantity = extra_ordered(extra, asked)
        if not quantity:
            continue
        if not extra.active:
            raise ApplicationError(
                _("%(extra)s cannot be ordered now.") % {"extra": extra.name()}, code="extra"
            )
        count = extra_count(extra, quantity, attendees)
        lines.append(BookingExtra(extra=extra, quantity=quantity, price=extra.price * count))
    return lines


@dataclass(frozen=True)
class CancellationFee:
    """What cancelling a booking costs: `amount` in the office's currency and `hours`, room
    hours counted as used under the client's package (a booking billed as package hours)."""

    amount: Decimal = Decimal("0")
    hours: Decimal = Decimal("0")

    def __bool__(self) -> bool:
        return bool(self.amount or self.hours)

    @property
    def hours_shown(self) -> Decimal:
        return hours_plain(self.hours)


def booking_hours(booking: Booking) -> Decimal:
    return (Decimal((booking.ends_at - booking.starts_at).total_seconds()) / 3600).quantize(HOURS)


def cancellation_fee(booking: Booking, *, now: dt.datetime | None = None) -> CancellationFee:
    """The room's policy: free until `free_cancel_hours` before the start, then
    `cancel_fee_percent` of what the booking is billed at. A booking billed as package hours
    (selectors.booking_package_hours) is billed in hours, not at the room's price, so its fee
    is that share of its hours, recorded as used room hours at 0.00 exactly like the booking
    (_usage_wanted): billing counts them against the package's included hours and prices
    those over them at the package's over-the-limit price (nothing when it has none). Billing
    counts parts of an hour (0.001), so the share needs no rounding to whole hours. Its
    extras are billed at their own price, so their share stays money."""
    now = now or timezone.now()
    # A booking still awaiting the office's approval is no commitment yet: withdrawing it
    # costs nothing (a visitor's booking for this afternoon read "Cancelling now costs
    # 18,75 €" while it still said "Awaiting approval").
    if booking.status == Booking.Status.TENTATIVE:
        return CancellationFee()
    free_until = booking.starts_at - dt.timedelta(hours=booking.room.free_cancel_hours)
    if now <= free_until:
        return CancellationFee()
    share = Decimal(booking.room.cancel_fee_percent) / Decimal(100)
    if selectors.booking_package_hours(booking) is not None:
        return CancellationFee(
            amount=(booking.extras_price * share).quantize(CENT, rounding=ROUND_HALF_UP),
            hours=(booking_hours(booking) * share).quantize(HOURS, rounding=ROUND_HALF_UP),
        )
    return CancellationFee(amount=(booking.total * share).quantize(CENT, rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class FeeHoursCost:
    """What a fee in package hours really costs given the month's hours used so far: the
    hours still within the included ones, those over them and their price (None: the
    package prices none)."""

    within: Decimal = Decimal("0")
    over: Decimal = Decimal("0")
    over_amount: Decimal | None = None


def cancellation_fee_hours_cost(booking: Booking, hours: Decimal) -> FeeHoursCost:
    """The fee's `hours` against the client's package in the booking's month: billing
    prices the month's hours over the included ones at the overage price, so a client who
    has used them up pays for every hour of the fee. The booking's own hours leave the count
    when it is cancelled (its usage is reversed), so they are taken off what is used now
    while it is confirmed; once cancelled, the fee's own hours are (they are recorded)."""
    if not hours or booking.client_id is None:
        return FeeHoursCost(within=hours)
    use = selectors.package_use(
        client_id=booking.client_id, day=rules.local(booking.starts_at).date()
    )
    if use is None:
        return FeeHoursCost(within=hours)
    own = Decimal(0)
    if booking.status == Booking.Status.CONFIRMED:
        own = booking_hours(booking)
    elif booking.status == Booking.Status.CANCELLED:
        own = booking.cancel_fee_hours
    over = use.over_of(hours, before=max(use.used - own, Decimal(0)))
    amount = None
    if over and use.over_price is not None:
        amount = (over * use.over_price).quantize(CENT, rounding=ROUND_HALF_UP)
    return FeeHoursCost(within=hours - over, over=over, over_amount=amount)


@dataclass(frozen=True)
class Quote:
    """What a booking would cost, worked out by the rules it is billed by: the room's price
    (booking_price, what Booking.price stores and _usage_wanted bills), its extras
    (extras_lines, extra_count) and, for a client whose package includes room hours, its
    hours against the month's package hours (package hours first, like _usage_wanted and
    billing's summary: those within the included hours cost nothing, those over them the
    package's over-the-limit price, or nothing when it has none)."""

    hours: Decimal
    room: Decimal  # the room's price; 0 when billed as package hours
    extras: tuple[tuple[Extra, int, Decimal], ...]  # (extra, count billed, amount)
    package: bool = False  # billed as the client's package hours
    within: Decimal = Decimal("0")  # of `hours`, within the month's included hours
    over: Decimal = Decimal("0")  # of `hours`, over them
    over_amount: Decimal | None = None  # what the hours over them cost (None: not priced)

    @property
    def extras_total(self) -> Decimal:
        return sum((amount for _extra, _count, amount in self.extras), Decimal("0"))

    @property
    def total(self) -> Decimal:
        return self.room + (self.over_amount or Decimal("0")) + self.extras_total


def booking_quote(
    *,
    room: Room,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    attendees: int,
    extras: Iterable[tuple[Extra, int]] = (),
    client_id: int | None = None,
    public: bool = False,
) -> Quote:
    """The price a booking of `room` from `starts_at` to `ends_at` would be billed (the
    booking forms show it while they are filled in). The rules are the booking's own, so the
    figure is what booking_create stores and the settlements bill; this month's package
    hours already used (selectors.package_use: billing's summary) say how many of its hours
    are still included."""
    minutes = max(int((ends_at - starts_at).total_seconds() // 60), 0)
    hours = (Decimal(minutes) / 60).quantize(HOURS)
    lines = tuple(
        (line.extra, extra_count(line.extra, line.quantity, attendees), line.price)
        for line in extras_lines(extras, attendees)
    )
    use = None
    if client_id is not None:
        use = selectors.package_use(client_id=client_id, day=rules.local(starts_at).date())
    if use is None:
        return Quote(hours=hours, room=booking_price(room, minutes, public=public), extras=lines)
    return _package_quote(hours, lines, use, before=use.used)


def _package_quote(hours: Decimal, lines: tuple, use, *, before: Decimal) -> Quote:
    """A booking billed as package hours: its `hours` against the month's hours used
    `before` it; those over the included ones at the package's over-the-limit price."""
    over = use.over_of(hours, before=before)
    amount = None
    if over and use.over_price is not None:
        amount = (over * use.over_price).quantize(CENT, rounding=ROUND_HALF_UP)
    return Quote(
        hours=hours,
        room=Decimal("0.00"),
        extras=lines,
        package=True,
        within=hours - over,
        over=over,
        over_amount=amount,
    )


_READ = object()


def booking_breakdown(booking: Booking, *, use=_READ) -> Quote:
    """What a stored booking costs, by the rules booking_quote prices a booking being made
    (the one breakdown of the live price box, the lists, the detail pages and the e-mails):
    its room at its stored price (Booking.price, what _usage_wanted bills), its extras as
    stored and billed (extra_count), or for a client's booking billed as package hours its
    hours against **its own month's** package hours: the hours recorded in that month before
    its own (selectors.package_use(ordered=True): the included hours go to the month's
    bookings in the order they were recorded, as the live price quoted each one), so the
    hours over them in a month add up to what billing charges. `use`: the month's
    selectors.PackageUse already read (the lists read it once per client and month; None:
    not billed as package hours)."""
    hours = booking_hours(booking)
    lines = tuple(
        (line.extra, extra_count(line.extra, line.quantity, booking.attendees), line.price)
        for line in sorted(booking.extras.all(), key=extra_line_order)
    )
    if use is _READ:
        use = None
        if selectors.booking_package_hours(booking) is not None:
            use = selectors.package_use(
                client_id=booking.client_id,
                day=rules.local(booking.starts_at).date(),
                ordered=True,
            )
    if use is None:
        return Quote(hours=hours, room=booking.price, extras=lines)
    return _package_quote(hours, lines, use, before=use.hours_before(f"booking:{booking.pk}"))


def bookings_breakdown(bookings) -> dict[int, Quote]:
    """booking_breakdown of each of `bookings` (a list; their extras prefetched), reading the
    package terms once per client and day and the month's hours once per client and month
    (selectors.bookings_in_package), not per booking."""
    in_package = selectors.bookings_in_package(bookings)
    return {
        booking.pk: booking_breakdown(booking, use=in_package.get(booking.pk))
        for booking in bookings
    }
