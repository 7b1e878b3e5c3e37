"""Input validation of the rooms screens (the rules live in rules.py and services.py)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.db import connection
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from common.forms import ColourInput, DateLocalInput
from common.money import money
from common.names import name_form_fields
from common.phones import phone_clean
from modules.clients.fields import ClientPickerField
from modules.clients.models import Client
from modules.rooms import rules
from modules.rooms.models import Closure, Extra, Room, RoomSettings


class SettingsForm(forms.ModelForm):
    class Meta:
        model = RoomSettings
        fields = [
            "public_holidays",
            "public_booking",
            "approval_required",
            "approval_hours",
            "reminder_hours",
            "terms",
        ]
        widgets = {"terms": forms.Textarea(attrs={"rows": 3})}


class RoomForm(forms.ModelForm):
    class Meta:
        model = Room
        fields = [
            "name",
            "capacity",
            "active",
            "colour",
            "amenities",
            "description_pl",
            "description_sk",
            "description_en",
            "slot_minutes",
            "min_minutes",
            "max_minutes",
            "buffer_minutes",
            "notice_minutes",
            "horizon_days",
            "price_hour",
            "price_half_day",
            "price_day",
            "public_price_hour",
            "free_cancel_hours",
            "cancel_fee_percent",
        ]
        widgets = {
            "colour": ColourInput(),
            "description_pl": forms.Textarea(attrs={"rows": 2}),
            "description_sk": forms.Textarea(attrs={"rows": 2}),
            "description_en": forms.Textarea(attrs={"rows": 2}),
        }


class ExtraForm(forms.ModelForm):
    class Meta:
        model = Extra
        fields = ["name_pl", "name_sk", "name_en", "price", "per_person", "active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The name in the office's language first and required; the others optional.
        name_form_fields(self)


class ClosureForm(forms.ModelForm):
    class Meta:
        model = Closure
        fields = ["date_from", "date_to", "reason", "room"]
        widgets = {"date_from": DateLocalInput(), "date_to": DateLocalInput()}

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("The last day cannot be before the first."))
        return data


class OpeningHoursForm(forms.Form):
    """Seven rows: a day with no times is closed."""

    def __init__(self, *args, initial_hours=None, **kwargs):
        super().__init__(*args, **kwargs)
        initial_hours = initial_hours or {}
        for weekday in range(7):
            row = initial_hours.get(weekday)
            self.fields[f"opens_{weekday}"] = forms.TimeField(
                label=_("%(day)s opens") % {"day": WEEKDAYS[weekday]},
                required=False,
                initial=row.opens if row else None,
                widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            )
            self.fields[f"closes_{weekday}"] = forms.TimeField(
                label=_("%(day)s closes") % {"day": WEEKDAYS[weekday]},
                required=False,
                initial=row.closes if row else None,
                widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            )

    def clean(self):
        data = super().clean()
        for weekday in range(7):
            opens, closes = data.get(f"opens_{weekday}"), data.get(f"closes_{weekday}")
            if (opens is None) != (closes is None):
                self.add_error(f"closes_{weekday}", _("Give both times, or neither."))
            elif opens and closes and opens >= closes:
                self.add_error(f"closes_{weekday}", _("A day must close after it opens."))
        return data

    def hours(self) -> dict[int, tuple[dt.time, dt.time] | None]:
        out = {}
        for weekday in range(7):
            opens = self.cleaned_data.get(f"opens_{weekday}")
            closes = self.cleaned_data.get(f"closes_{weekday}")
            out[weekday] = (opens, closes) if opens and closes else None
        return out

    def rows(self):
        return [(WEEKDAYS[d], self[f"opens_{d}"], self[f"closes_{d}"]) for d in range(7)]


def _currency() -> str:
    return getattr(connection.tenant, "currency", "") or "PLN"


def _room_choice(room: Room) -> str:
    """A room as the booking forms offer it: its name, size and price an hour."""
    return ngettext(
        "%(room)s (up to %(capacity)s person, %(price)s an hour)",
        "%(room)s (up to %(capacity)s people, %(price)s an hour)",
        room.capacity,
    ) % {"room": room.name, "capacity": room.capacity, "price": money(room.price_hour, _currency())}


def _room_choice_in_package(room: Room) -> str:
    """A room for a client whose package prices room hours: its own price does not apply."""
    return ngettext(
        "%(room)s (up to %(capacity)s person, package hours)",
        "%(room)s (up to %(capacity)s people, package hours)",
        room.capacity,
    ) % {"room": room.name, "capacity": room.capacity}


def _room_choice_over(room: Room, price) -> str:
    """A room for a client whose package's room hours are used up this month: each hour
    costs the package's price over them (the form's note says so; "package hours" would
    promise hours that are gone)."""
    return ngettext(
        "%(room)s (up to %(capacity)s person, %(price)s an hour over the package hours)",
        "%(room)s (up to %(capacity)s people, %(price)s an hour over the package hours)",
        room.capacity,
    ) % {"room": room.name, "capacity": room.capacity, "price": money(price, _currency())}


class BookingForm(forms.Form):
    """A booking by the office (for a client or a guest) or by a client user."""

    room = forms.ModelChoiceField(label=_("Room"), queryset=Room.objects.none())
    day = forms.DateField(label=pgettext_lazy("booking", "Date"), widget=DateLocalInput())
    start = forms.TimeField(
        label=pgettext_lazy("booking time", "From"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    end = forms.TimeField(
        label=pgettext_lazy("booking time", "Until"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    title = forms.CharField(label=_("Subject"), max_length=200, required=False)
    # data-live-price: typing in it asks for the live price again (after a short pause).
    attendees = forms.IntegerField(
        label=pgettext_lazy("attendees", "People"),
        min_value=1,
        max_value=500,
        initial=1,
        widget=forms.NumberInput(attrs={"data-live-price": ""}),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(
        self, *args, rooms, extras, clients=None, in_package=False, used_up_price=None, **kwargs
    ):
        """`in_package`: the client's package prices room hours (selectors.package_hours),
        so the rooms are offered without their own price; `used_up_price`: this month's
        included hours are used up (selectors.PackageUse.used_up) and each hour costs it."""
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = rooms
        if in_package and used_up_price is not None:
            self.fields["room"].label_from_instance = lambda room: _room_choice_over(
                room, used_up_price
            )
        else:
            self.fields["room"].label_from_instance = (
                _room_choice_in_package if in_package else _room_choice
            )
        self.clients = clients
        if clients is not None:
            # The type-ahead picker (clients' card file search): ~300 clients made a list
            # nobody could tell duplicates apart in; `clients` are those one may book for.
            # It offers only active clients (the card file's status, as `clients` is
            # narrowed): an ended or suspended client cannot book, so is not suggested.
            self.fields["client"] = ClientPickerField(
                label=_("Client"), required=False, status=Client.Status.ACTIVE
            )
            self.fields["guest_name"] = forms.CharField(
                label=pgettext_lazy("guest", "Or a guest's name"), max_length=120, required=False
            )
            # As the public link asks them: the guest gets the confirmation with the link to
            # manage the booking (messages.booking_notify), the reminder by SMS to a mobile.
            self.fields["guest_email"] = forms.EmailField(
                label=_("Guest's e-mail"),
                required=False,
                help_text=_("The guest gets the confirmation and a link to change or cancel."),
            )
            self.fields["guest_phone"] = forms.CharField(
                label=_("Guest's phone"), max_length=32, required=False
            )
        self.extras = list(extras)
        for extra in self.extras:
            price = money(extra.price, _currency())
            if extra.per_person:
                # Served to every person of the booking (services.extra_count): no quantity
                # to type, which the people would multiply again.
                self.fields[f"extra_{extra.pk}"] = forms.BooleanField(
                    label=_("%(extra)s (%(price)s per person)")
                    % {"extra": extra.name(), "price": price},
                    help_text=_("Charged for each person of the booking."),
                    required=False,
                )
                continue
            # A number next to a name and a price did not say what it counts: the label says
            # it is how many, the price is each one's.
            self.fields[f"extra_{extra.pk}"] = forms.IntegerField(
                label=_("%(extra)s: quantity (%(price)s each)")
                % {"extra": extra.name(), "price": price},
                min_value=0,
                max_value=99,
                initial=0,
                required=False,
                widget=forms.NumberInput(attrs={"data-live-price": ""}),
            )

    def clean_client(self):
        client_id = self.cleaned_data.get("client")
        if client_id is None:
            return None
        client = self.clients.filter(pk=client_id).first()
        if client is None:  # the picker also finds ended and suspended clients (marked)
            raise forms.ValidationError(
                _("Only an active client can book a room: choose another or book for a guest."),
                code="inactive",
            )
        return client

    def clean_guest_phone(self) -> str:
        # Stored in E.164 like every phone in Vireo (the public form's rule).
        phone = self.cleaned_data.get("guest_phone", "")
        return phone_clean(phone, country=connection.tenant.country) if phone.strip() else ""

    def guest(self) -> dict:
        """The guest's details for services.booking_create (as the public link gives them)."""
        return {
            key: self.cleaned_data.get(f"guest_{key}") or "" for key in ("name", "email", "phone")
        }

    def clean(self):
        data = super().clean()
        if "client" in self.fields and not data.get("client") and not data.get("guest_name"):
            self.add_error("client", _("Choose a client or give a guest's name."))
        return data

    def chosen_extras(self):
        return [
            (extra, int(self.cleaned_data.get(f"extra_{extra.pk}") or 0)) for extra in self.extras
        ]

    def extra_fields(self):
        return [self[f"extra_{extra.pk}"] for extra in self.extras]

    def quote_input(self) -> dict | None:
        """What services.booking_quote needs from what is filled in so far (the fields
        that are valid; the live price while the form is filled in), or None until the
        room, the date and the times are."""
        self.is_valid()
        data = self.cleaned_data
        if not all(data.get(key) for key in ("room", "day", "start", "end")):
            return None
        starts_at = rules.aware(data["day"], data["start"])
        ends_at = rules.aware(data["day"], data["end"])
        if ends_at <= starts_at:
            return None
        return {
            "room": data["room"],
            "starts_at": starts_at,
            "ends_at": ends_at,
            "attendees": data.get("attendees") or 1,
            "extras": self.chosen_extras(),
        }


class MoveForm(forms.Form):
    """A new time for a booking (client panel, visitor's manage page), in the office's zone."""

    day = forms.DateField(label=pgettext_lazy("booking", "Date"), widget=DateLocalInput())
    start = forms.TimeField(
        label=pgettext_lazy("booking time", "From"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    end = forms.TimeField(
        label=pgettext_lazy("booking time", "Until"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )


class PhotoForm(forms.Form):
    photo = forms.FileField(label=_("Photo (JPEG or PNG, up to 5 MB)"))
