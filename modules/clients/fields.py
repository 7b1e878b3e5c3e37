"""Form fields other modules' forms declare (a module entry point, see .importlinter).

A client field that scales to thousands of clients: a type-ahead picker instead of a
`<select>` of every client.

`ClientPickerField` is what other modules' forms declare (work orders, hourly rates, e-mail
triage, SLA policies, helpdesk reports, new requests, helpdesk access). Its widget renders a
hidden `<name>` (the client's id, what the form sends) and a visible `<name>_label` text box
that asks `clients:pick` (views/clients.py, the card file's search) for matches while typing
(HTMX); static/js/vireo.js's `[data-picker]` behaviour puts a chosen match into both (mouse
or arrows and Enter). After an error the form shows again what was typed; a client chosen
before shows as "CODE · Name". Text typed without choosing a match is refused with its own
message rather than read as "no client".
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from modules.clients.selectors import client_labels

# What a picker's empty box says, unless the screen says otherwise.
PLACEHOLDER = _("name, code or tax ID")


class ClientPicker(forms.Widget):
    """The hidden id and the visible text box (see the module's note). Its value is the
    client's id (unbound, from `initial`) or [id, typed text] (bound, from the request)."""

    template_name = "clients/widgets/client_picker.html"

    def __init__(self, attrs=None, *, placeholder="", floating=True, status=""):
        # floating=False: the matches push the content below down instead of floating over
        # it (a picker inside a table that scrolls sideways would cut a floating list off).
        # status: only clients of this status are offered (e.g. "active": those who may
        # book now), by the card file's own narrowing (search.client_conditions).
        self.placeholder = placeholder
        self.floating = floating
        self.status = status
        super().__init__(attrs)

    def value_from_datadict(self, data, files, name):
        return [data.get(name, ""), data.get(f"{name}_label", "")]

    def value_omitted_from_data(self, data, files, name):
        return name not in data and f"{name}_label" not in data

    def id_for_label(self, id_):
        return f"{id_}_label" if id_ else id_

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if isinstance(value, list | tuple):
            client_id, label = [*value, "", ""][:2]
        else:
            client_id, label = value, ""
        if client_id not in (None, "") and not label:  # a chosen client shows its label
            try:
                label = client_labels([int(client_id)]).get(int(client_id), "")
            except (TypeError, ValueError):
                client_id = ""
        widget = context["widget"]
        widget.update(
            client_id="" if client_id is None else client_id,
            label=label or "",
            label_name=f"{name}_label",
            label_id=self.id_for_label(widget["attrs"].get("id", "")),
            extra_class=" ".join(
                c
                for c in widget["attrs"].get("class", "").split()
                if c not in ("form-control", "clientpicker")
            ),
            testid=widget["attrs"].get("data-testid", ""),
            placeholder=self.placeholder,
            floating=self.floating,
            status=self.status,
        )
        return context

    def format_value(self, value):
        return value


class ClientPickerField(forms.Field):
    """A client chosen in the picker: cleans to the client's id (an int), or None when the
    field is optional and left empty."""

    default_error_messages = {
        "unknown": _("No such client; choose one from the list."),
        "not_chosen": _("Choose the client from the list that opens while you type."),
    }

    def __init__(self, *, placeholder=None, status="", **kwargs):
        """`status`: offer only clients of this status (Client.Status; "" every client,
        the ended and suspended ones marked). The form still checks what is sent."""
        if placeholder is None:
            placeholder = PLACEHOLDER
        kwargs.setdefault("widget", ClientPicker(placeholder=placeholder, status=status))
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, list | tuple):
            raw_id, label = [*value, "", ""][:2]
        else:
            raw_id, label = value, ""
        label = (label or "").strip()
        if raw_id in (None, ""):
            if label:
                raise ValidationError(self.error_messages["not_chosen"], code="not_chosen")
            return None
        try:
            client_id = int(raw_id)
        except (TypeError, ValueError):
            raise ValidationError(self.error_messages["unknown"], code="unknown") from None
        if client_id not in client_labels([client_id]):  # e.g. removed since the page was shown
            raise ValidationError(self.error_messages["unknown"], code="unknown")
        return client_id

    def validate(self, value):
        if value is None and self.required:
            raise ValidationError(self.error_messages["required"], code="required")

    def has_changed(self, initial, data):
        try:
            return self.to_python(data) != (int(initial) if initial not in (None, "") else None)
        except ValidationError:
            return True


def picker_html(name: str, value, *, placeholder="", attrs=None, floating=True) -> str:
    """The picker outside a form class (a list's filter bar, a form in each row of a list):
    `value` is the chosen id. In templates: `{% client_picker "client" value id="..." %}`."""
    widget = ClientPicker(placeholder=placeholder, floating=floating)
    return widget.render(name, value, attrs=attrs)
