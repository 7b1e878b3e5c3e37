"""The ready-made annex changing the package named the client's CURRENT package (filled in
from billing's assignment in force) and asked "effective from" as free text, so an annex
"changed" the package to the one the client already had. It now asks the new package
(a typed free field: a choice of the office's packages giving its name, price and billing
frequency) and the date (a date field with a calendar), and names the current package as the
one before. Only a seeded annex still exactly as seeded (its fields and the old sentence) is
moved; what an office rewrote stays as it wrote it."""

from django.db import migrations

# The seeds' words as they were before and after (frozen: a later change of seeds.py must not
# change what this migration does).
PL_OLD = (
    'Z dniem {{ effective_date|default:package_starts_on|default:"...................." }} strony '
    "zmieniają pakiet usług na <strong>{{ package_name }}</strong>"
    "{% if package_price %} w cenie {{ package_price|floatformat:2 }} {{ office_currency }} netto, płatnej {{ package_frequency }}{% endif %}."
)
PL_NEW = (
    'Z dniem {{ effective_date|default:"...................." }} strony zmieniają pakiet usług'
    "{% if package_name %} (dotychczas: {{ package_name }}){% endif %} na "
    '<strong>{{ new_package|default:"...................." }}</strong>'
    "{% if new_package_price %} w cenie {{ new_package_price|floatformat:2 }} {{ office_currency }} netto, płatnej {{ new_package_frequency }}{% endif %}."
)
SK_OLD = (
    'Dňom {{ effective_date|default:package_starts_on|default:"...................." }} sa strany '
    "dohodli na zmene balíka služieb na <strong>{{ package_name }}</strong>"
    "{% if package_price %} za {{ package_price|floatformat:2 }} {{ office_currency }} bez DPH, splatných {{ package_frequency }}{% endif %}."
)
SK_NEW = (
    'Dňom {{ effective_date|default:"...................." }} sa strany dohodli na zmene balíka služieb'
    "{% if package_name %} (doteraz: {{ package_name }}){% endif %} na "
    '<strong>{{ new_package|default:"...................." }}</strong>'
    "{% if new_package_price %} za {{ new_package_price|floatformat:2 }} {{ office_currency }} bez DPH, splatných {{ new_package_frequency }}{% endif %}."
)
PL_PLACE = {"key": "signing_place", "label": "Miejsce podpisania"}
SK_PLACE = {"key": "signing_place", "label": "Miesto podpisu"}
SK_REGISTER = {"key": "register_entry", "label": "Obchodný register (súd, oddiel, vložka)"}
PL_AGREEMENT = {"key": "agreement_number", "label": "Numer umowy"}
SK_AGREEMENT = {"key": "agreement_number", "label": "Číslo zmluvy"}

CHANGES = {
    "pl_package_annex": (
        PL_OLD,
        PL_NEW,
        [PL_PLACE, PL_AGREEMENT, {"key": "effective_date", "label": "Obowiązuje od"}],
        [
            PL_PLACE,
            PL_AGREEMENT,
            {"key": "new_package", "label": "Nowy pakiet", "type": "package"},
            {"key": "effective_date", "label": "Obowiązuje od", "type": "date"},
        ],
    ),
    "sk_package_annex": (
        SK_OLD,
        SK_NEW,
        [SK_PLACE, SK_AGREEMENT, {"key": "effective_date", "label": "Platí od"}, SK_REGISTER],
        [
            SK_PLACE,
            SK_AGREEMENT,
            {"key": "new_package", "label": "Nový balík", "type": "package"},
            {"key": "effective_date", "label": "Platí od", "type": "date"},
            SK_REGISTER,
        ],
    ),
}


def mend(apps, schema_editor):
    DocumentTemplate = apps.get_model("documents", "DocumentTemplate")
    for template in DocumentTemplate.objects.filter(seed_key__in=CHANGES):
        old, new, old_fields, new_fields = CHANGES[template.seed_key]
        if template.fields == old_fields and old in template.body:
            template.body = template.body.replace(old, new)
            template.fields = new_fields
            template.save(update_fields=["body", "fields"])


class Migration(migrations.Migration):
    dependencies = [("documents", "0006_annex_wording")]

    operations = [migrations.RunPython(mend, migrations.RunPython.noop)]
