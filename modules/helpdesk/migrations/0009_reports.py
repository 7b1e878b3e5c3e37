"""Reports (T14): the first response per request, filled from the discussion so far, and the
two indexes the period reports read by (requests resolved / accepted in a period; proved by
EXPLAIN in tests/perf/test_helpdesk_reports.py). The indexes are SQL of their own, not in the
model's Meta: partial, and out of the way of part 1's index list."""

import django.db.models.deletion
from django.db import migrations, models

# The first public reply by staff: its author has a staff membership of this office (the
# schema being migrated).
BACKFILL = """
INSERT INTO helpdesk_firstresponse (request_id, reply_id, at, raised_at)
SELECT DISTINCT ON (r.request_id) r.request_id, r.id, r.created_at, q.created_at
FROM helpdesk_reply r
JOIN helpdesk_request q ON q.id = r.request_id
WHERE NOT r.internal AND r.author_id IN (
    SELECT m.user_id FROM public.accounts_membership m
    JOIN public.tenants_office o ON o.id = m.office_id
    WHERE o.schema_name = current_schema() AND m.role <> 'client'
)
ORDER BY r.request_id, r.created_at, r.id
"""

INDEXES = """
CREATE INDEX hd_request_resolved_idx ON helpdesk_request (resolved_at)
    WHERE resolved_at IS NOT NULL;
CREATE INDEX hd_request_accepted_idx ON helpdesk_request (accepted_at)
    WHERE rating IS NOT NULL;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("helpdesk", "0008_workorders_worklog"),
    ]

    operations = [
        migrations.CreateModel(
            name="FirstResponse",
            fields=[
                (
                    "request",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="first_response",
                        serialize=False,
                        to="helpdesk.request",
                    ),
                ),
                ("at", models.DateTimeField(verbose_name="first response")),
                ("raised_at", models.DateTimeField()),
                (
                    "reply",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="helpdesk.reply",
                    ),
                ),
            ],
            options={
                "verbose_name": "first response",
                "verbose_name_plural": "first responses",
                "indexes": [
                    models.Index(fields=["raised_at"], name="hd_first_response_raised_idx")
                ],
            },
        ),
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop),
        migrations.RunSQL(
            INDEXES,
            "DROP INDEX hd_request_resolved_idx; DROP INDEX hd_request_accepted_idx;",
        ),
    ]
