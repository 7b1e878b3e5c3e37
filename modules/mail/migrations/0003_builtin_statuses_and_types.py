"""Built-in statuses and types (M3), seeded in every office schema.

Runs in the template schema too, so every office cloned from it starts with them. Names stay
empty: built-ins are shown in each person's language until the office renames them.
"""

from django.db import migrations

STATUSES = [
    # code, colour, order, routes_to_handover, is_final, visible_to_client, default_for
    ("to_pick_up", "#0d6efd", 10, True, False, True, "in"),
    ("picked_up", "#198754", 20, False, True, True, ""),
    ("forwarded", "#6f42c1", 30, False, False, True, ""),
    ("scanned", "#0dcaf0", 40, False, False, True, ""),
    ("shredded", "#6c757d", 50, False, False, True, ""),
    ("po_box", "#fd7e14", 60, True, False, True, ""),
    ("sent", "#20c997", 70, False, False, True, "out"),
]
TYPES = ["letter", "registered", "parcel", "notice", "official"]


def seed(apps, schema_editor):
    MailStatus = apps.get_model("mail", "MailStatus")
    MailType = apps.get_model("mail", "MailType")
    MailSettings = apps.get_model("mail", "MailSettings")
    for code, colour, order, handover, final, visible, default_for in STATUSES:
        MailStatus.objects.get_or_create(
            code=code,
            defaults={
                "colour": colour,
                "order": order,
                "routes_to_handover": handover,
                "is_final": final,
                "visible_to_client": visible,
                "default_for": default_for,
            },
        )
    for order, code in enumerate(TYPES):
        MailType.objects.get_or_create(code=code, defaults={"order": order * 10})
    MailSettings.objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("mail", "0002_search_trigger")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
