from django.conf import settings


def page(tab: str, **context) -> dict:
    """Context shared by the module's pages: the active tab of the sub-navigation."""
    return {"tab": tab, "debug_catcher": settings.DEBUG, **context}
