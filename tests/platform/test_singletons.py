import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, connections, models, transaction

from common.singletons import settings_get, settings_rows_fold, settings_update
from modules.audit.models import AuditEntry
from modules.handover.models import HandOverSettings
from modules.mail.models import MailSettings
from modules.notifications.models import NotificationSettings
from modules.scanrequests.models import ScanRequestSettings
from tests.helpers.offices import in_office
from tests.modules.handover.factories import committed_office

SETTINGS_MODELS = [MailSettings, HandOverSettings, NotificationSettings, ScanRequestSettings]


class LegacySettings(models.Model):
    """A settings table as it was before OfficeSettings: any id (created in the test only)."""

    id = models.BigIntegerField(primary_key=True)
    note = models.CharField(max_length=10)

    class Meta:
        app_label = "common"
        db_table = "test_legacy_settings"

    def __str__(self) -> str:
        return self.note


@pytest.mark.parametrize(
    ("rows", "kept"),
    [
        ([(5, "five"), (7, "seven")], [(1, "five")]),
        ([(2, "two"), (1, "one")], [(1, "one")]),
        ([(1, "one")], [(1, "one")]),
        ([], []),
    ],
)
def test_the_migration_folds_existing_rows_into_row_one(in_office_a, rows, kept):
    with connection.schema_editor() as editor:
        editor.create_model(LegacySettings)
    LegacySettings.objects.bulk_create(LegacySettings(id=i, note=n) for i, n in rows)
    settings_rows_fold(LegacySettings)
    assert list(LegacySettings.objects.values_list("id", "note")) == kept


@pytest.mark.parametrize("model", SETTINGS_MODELS, ids=lambda m: m.__name__)
def test_the_database_refuses_a_second_settings_row(in_office_a, model):
    settings_get(model)
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create(pk=2)
    assert list(model.objects.values_list("pk", flat=True)) == [1]


@pytest.mark.parametrize("model", SETTINGS_MODELS, ids=lambda m: m.__name__)
def test_settings_get_creates_the_row_once(in_office_a, model):
    model.objects.all().delete()
    first = settings_get(model)
    assert (first.pk, settings_get(model).pk, model.objects.count()) == (1, 1, 1)


def test_an_invalid_update_changes_nothing(in_office_a, staff_a):
    settings_get(MailSettings)
    with pytest.raises(ValidationError), transaction.atomic():
        settings_update(
            MailSettings,
            actor=staff_a,
            data={"missing_attachment_alert": False, "scan_max_mb": 0},
            fields=("missing_attachment_alert", "scan_max_mb"),
            action="mail.settings_updated",
        )
    row = MailSettings.objects.get()
    assert (row.missing_attachment_alert, row.scan_max_mb) == (True, 20)
    assert not AuditEntry.objects.filter(action="mail.settings_updated").exists()


def test_an_update_audits_changed_fields_only_and_nothing_when_unchanged(in_office_a, staff_a):
    fields = ("missing_attachment_alert", "scan_max_mb")
    data = {"missing_attachment_alert": True, "scan_max_mb": 25}
    row, changes = settings_update(
        MailSettings, actor=staff_a, data=data, fields=fields, action="mail.settings_updated"
    )
    assert (row.scan_max_mb, changes) == (25, {"scan_max_mb": [20, 25]})
    _row, again = settings_update(
        MailSettings, actor=staff_a, data=data, fields=fields, action="mail.settings_updated"
    )
    assert again == {}
    entry = AuditEntry.objects.get(action="mail.settings_updated")
    assert entry.changes == {"scan_max_mb": [20, 25]}


@pytest.fixture
def committed_settings_office(session_offices, django_db_blocker):
    with django_db_blocker.unblock():
        office = committed_office()
        with in_office(office):
            MailSettings.objects.all().delete()
            settings_get(MailSettings)
        connection.set_schema_to_public()
        yield office
        with in_office(office):
            MailSettings.objects.all().delete()
        connection.set_schema_to_public()


def test_two_concurrent_updates_of_different_fields_both_survive(
    committed_settings_office, django_db_blocker
):
    office = committed_settings_office
    first_locked, second_started = threading.Event(), threading.Event()
    finished: dict[str, float] = {}
    errors: list[BaseException] = []

    def first() -> None:
        try:
            connection.set_tenant(office)
            with transaction.atomic():
                settings_update(
                    MailSettings,
                    actor=None,
                    data={"scan_max_mb": 30},
                    fields=("scan_max_mb",),
                    action="mail.settings_updated",
                )
                first_locked.set()
                second_started.wait(timeout=10)
                time.sleep(0.3)  # the second update waits on the row lock meanwhile
            finished["first"] = time.monotonic()
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    def second() -> None:
        try:
            connection.set_tenant(office)
            first_locked.wait(timeout=10)
            second_started.set()
            settings_update(
                MailSettings,
                actor=None,
                data={"missing_attachment_alert": False},
                fields=("missing_attachment_alert",),
                action="mail.settings_updated",
            )
            finished["second"] = time.monotonic()
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    with django_db_blocker.unblock():
        threads = [threading.Thread(target=first), threading.Thread(target=second)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert errors == []
        assert finished["second"] > finished["first"]
        with in_office(office):
            row = MailSettings.objects.get()
            assert (row.scan_max_mb, row.missing_attachment_alert) == (30, False)
        connection.set_schema_to_public()
