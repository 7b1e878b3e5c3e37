from django.conf import settings
from django.db import models


class BaseModel(models.Model):
    """Creation and change timestamps for every domain row."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


def user_reference(*, null: bool = True, blank: bool = False, **kwargs) -> models.ForeignKey:
    """A person (accounts.User, in the public schema) referenced from an office schema.

    No database constraint and no cascade: deleting a user runs in the public schema, where
    office tables are not on the search path, so Django must never try to update or delete
    office rows for it. Office rows keep the id (and usually a label) of who acted.
    """
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=null,
        blank=blank,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        **kwargs,
    )


class OfficeSettings(BaseModel):
    """One row of settings per office (each office has its own schema, so one row per table).

    The database holds the rule: the row's id is always 1 (a check constraint), so a second
    row cannot exist whatever the code does. Read with `common.singletons.settings_get(Model)`,
    change with `settings_update(Model, ...)`, which locks the row, validates, and audits
    the changed fields in one transaction.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=models.Q(id=1), name="%(app_label)s_%(class)s_single_row"
            )
        ]
