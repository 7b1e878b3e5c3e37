from django import template

from common.administration import admin_nav

register = template.Library()


@register.simple_tag(takes_context=True)
def admin_sections_nav(context) -> list[dict]:
    request = context["request"]
    return admin_nav(membership=getattr(request, "membership", None), current_path=request.path)
