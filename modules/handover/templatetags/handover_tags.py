"""What the mail screens include to show an item's hand-overs (H8, seed 003):

    {% load handover_tags %}{% handover_item_box item %}

Staff see every hand-over of the item; a client user sees those of their company, and the
confirmation link gives them a PDF with their own items only."""

from django import template

from modules.handover import selectors

register = template.Library()


@register.inclusion_tag("handover/partials/item_box.html", takes_context=True)
def handover_item_box(context, item):
    request = context.get("request")
    membership = getattr(request, "membership", None)
    lines = (
        selectors.item_handover_lines(item_id=item.pk, membership=membership)
        if membership is not None
        else []
    )
    return {
        "item": item,
        "handover_lines": lines,
        "is_staff": membership is not None and membership.is_staff_role,
    }


@register.filter
def get_item(mapping, key):
    return mapping.get(key, []) if mapping else []
