"""A correction of exactly 0,00 (nothing to pay, nothing to refund) was e-mailed as "na
kwotę 0,00 zł, płatną do …" ("na sumu 0,00 € so splatnosťou …", "for PLN 0.00, due on …"):
the new-invoice e-mail's defaults say it changes nothing owed (the variable
`invoice_unchanged`, invoices' events.py). In an office's saved wording a message or SMS text
still exactly the old default follows the new one; whatever the office wrote stays (as
0012 did). The fingerprint (`default_hash`) is not touched."""

from django.db import migrations

EVENT = "invoices.new"
ANCHOR = "{{ invoice_credit }}{% elif invoice_paid %}"
# (language): the old default message and SMS text as they were shipped, and the phrase
# each gains before the "already paid" case.
CHANGES = {
    "pl": (
        'Dzień dobry,\n\nw załączniku przesyłamy {% if invoice_correction %}fakturę korygującą {{ invoice_number }} do faktury {{ invoice_correction }}{% else %}fakturę {{ invoice_number }}{% endif %}{% if invoice_credit %}, która zmniejsza należność o {{ invoice_credit }}{% elif invoice_paid %}, już opłaconą – dziękujemy{% else %} na kwotę {{ invoice_total }}, płatną do {{ invoice_due_date|date:"SHORT_DATE_FORMAT" }}{% endif %}.\n\nPozdrawiamy\n{{ office_name }}\n{{ portal_url }}',
        '{{ office_name }}: {% if invoice_correction %}faktura korygująca{% else %}faktura{% endif %} {{ invoice_number }}{% if invoice_credit %}, zmniejsza należność o {{ invoice_credit }}{% elif invoice_paid %} (opłacona){% else %}, {{ invoice_total }}, termin płatności {{ invoice_due_date|date:"SHORT_DATE_FORMAT" }}{% endif %}.',
        ", która nie zmienia należności",
        ", nie zmienia należności",
    ),
    "sk": (
        'Dobrý deň,\n\nv prílohe vám posielame {% if invoice_correction %}opravný doklad {{ invoice_number }} k faktúre {{ invoice_correction }}{% else %}faktúru {{ invoice_number }}{% endif %}{% if invoice_credit %}, ktorý znižuje sumu na úhradu o {{ invoice_credit }}{% elif invoice_paid %}, ktorá je už uhradená – ďakujeme{% else %} na sumu {{ invoice_total }} so splatnosťou {{ invoice_due_date|date:"SHORT_DATE_FORMAT" }}{% endif %}.\n\nS pozdravom\n{{ office_name }}\n{{ portal_url }}',
        '{{ office_name }}: {% if invoice_correction %}opravný doklad{% else %}faktúra{% endif %} {{ invoice_number }}{% if invoice_credit %}, znižuje sumu na úhradu o {{ invoice_credit }}{% elif invoice_paid %} (uhradená){% else %}, {{ invoice_total }}, splatná {{ invoice_due_date|date:"SHORT_DATE_FORMAT" }}{% endif %}.',
        ", ktorý nemení sumu na úhradu",
        ", nemení sumu na úhradu",
    ),
    "en": (
        'Hello{% if recipient_name %} {{ recipient_name }}{% endif %},\n\nplease find attached {% if invoice_correction %}corrective invoice {{ invoice_number }} to invoice {{ invoice_correction }}{% else %}invoice {{ invoice_number }}{% endif %}{% if invoice_credit %}, which reduces the amount owed by {{ invoice_credit }}{% elif invoice_paid %}, already paid – thank you{% else %} for {{ invoice_total }}, due on {{ invoice_due_date|date:"SHORT_DATE_FORMAT" }}{% endif %}.\n\nKind regards\n{{ office_name }}\n{{ portal_url }}',
        '{{ office_name }}: {% if invoice_correction %}corrective invoice{% else %}invoice{% endif %} {{ invoice_number }}{% if invoice_credit %}, reduces the amount owed by {{ invoice_credit }}{% elif invoice_paid %} (paid){% else %}, {{ invoice_total }}, due {{ invoice_due_date|date:"SHORT_DATE_FORMAT" }}{% endif %}.',
        ", which does not change the amount owed",
        ", does not change the amount owed",
    ),
}


def _text(value: str) -> str:
    """As the template editor stores and compares it (services.config._text)."""
    return value.replace("\r\n", "\n").strip()


def _new(old: str, phrase: str) -> str:
    return old.replace(
        ANCHOR,
        "{{ invoice_credit }}{% elif invoice_unchanged %}" + phrase + "{% elif invoice_paid %}",
    )


def mend(apps, schema_editor):
    MessageTemplate = apps.get_model("notifications", "MessageTemplate")
    for template in MessageTemplate.objects.filter(event=EVENT, language__in=CHANGES):
        body, sms, body_phrase, sms_phrase = CHANGES[template.language]
        changed = []
        if _text(template.body) == _text(body):
            template.body = _text(_new(body, body_phrase))
            changed.append("body")
        if _text(template.sms) == _text(sms):
            template.sms = _text(_new(sms, sms_phrase))
            changed.append("sms")
        if changed:
            template.save(update_fields=changed)


class Migration(migrations.Migration):
    dependencies = [("notifications", "0013_template_default_hash")]

    operations = [migrations.RunPython(mend, migrations.RunPython.noop)]
