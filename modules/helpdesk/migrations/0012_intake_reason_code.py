"""Received e-mails keep why they wait as a code (helpdesk/intake/reasons.py), put into
words in the reader's language. Rows stored before keep their text and get the code where
the text is one the intake wrote: the two triage reasons in any of the three languages,
and the automatic-mail reasons (always English before)."""

import re

from django.db import migrations, models

TRIAGE = {
    "unknown_sender": "Unknown sender.",
    "several_clients": "The sender belongs to several clients: choose one.",
}
AUTOMATIC = [
    (re.compile(r"^Auto-Submitted: (.+)$"), "auto_submitted", ("value",)),
    (re.compile(r"^Precedence: (.+)$"), "precedence", ("value",)),
    (re.compile(r"^(X-Autoreply|X-Autorespond): (.+)$"), "autoreply", ("header", "value")),
    (re.compile(r"^multipart/report \(delivery status notification\)$"), "report", ()),
    (re.compile(r"^empty Return-Path$"), "empty_return_path", ()),
    (re.compile(r"^mailing list \(List-Id / List-Unsubscribe\)$"), "mailing_list", ()),
]


def codes_from_texts(apps, schema_editor):
    from django.utils import translation

    email = apps.get_model("helpdesk", "InboundEmail")
    for code, msgid in TRIAGE.items():
        texts = set()
        for language in ("en", "pl", "sk"):
            with translation.override(language):
                texts.add(translation.gettext(msgid))
        email.objects.filter(reason_code="", reason__in=texts).update(reason_code=code)
    for row in email.objects.filter(reason_code="", status="ignored").exclude(reason=""):
        for pattern, code, names in AUTOMATIC:
            found = pattern.match(row.reason)
            if found:
                row.reason_code, row.reason_params = (
                    code,
                    dict(zip(names, found.groups(), strict=True)),
                )
                row.save(update_fields=["reason_code", "reason_params"])
                break


class Migration(migrations.Migration):
    dependencies = [
        ("helpdesk", "0011_sla_policy_target_cap"),
    ]

    operations = [
        migrations.AddField(
            model_name="inboundemail",
            name="reason_code",
            field=models.CharField(blank=True, max_length=40),
        ),
        migrations.AddField(
            model_name="inboundemail",
            name="reason_params",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.RunPython(codes_from_texts, migrations.RunPython.noop),
    ]
