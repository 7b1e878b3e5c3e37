"""{% client_picker name value id="..." placeholder="..." testid="..." %}: the client picker
(modules/clients/fields.py) outside a form class: a list's filter bar, a form in each row
(`row=email.pk` gives the id `<name>-<row>`, its text box `<name>-<row>_label`;
`floating=False` inside a table that scrolls sideways, which would cut a floating list off)."""

from django import template

from modules.clients.fields import PLACEHOLDER, picker_html

register = template.Library()


@register.simple_tag
def client_picker(
    name,
    value=None,
    *,
    id="",
    row=None,
    placeholder=None,
    testid="",
    required=False,
    floating=True,
):
    if placeholder is None:  # as the form field says it (ClientPickerField)
        placeholder = PLACEHOLDER
    if row is not None:
        id = f"{name}-{row}"
    attrs = {"id": id} if id else {}
    if testid:
        attrs["data-testid"] = testid
    if required:
        attrs["required"] = True
    return picker_html(name, value, placeholder=placeholder, attrs=attrs, floating=floating)
