"""The plan's storage (storage_gb): a person's upload past it is refused at its field;
automatic intake (the scanner, e-mail) is kept over it and the owners are told once a day;
an office without a subscription has no cap. The figure is the guard's cached one
(subscriptions.storage), set here as a measurement would leave it."""

import io

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import Role
from common.exceptions import ApplicationError
from common.models import PlatformEmail
from common.storage import office_save, office_usage_bytes
from common.uploads import PDF, upload_check, upload_stage
from modules.mail.models import InboxScan
from modules.mail.services.intake import scan_ingest, scan_queue_name
from subscriptions import storage
from subscriptions.models import Subscription
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.clients.factories import ClientFactory
from tests.modules.mail.factories import pdf_bytes
from tests.platform.subscriptions.factories import subscription_for

GB = 1024**3
START = 5 * GB  # the Start plan's 5 GB
REFUSED = (
    "Your Start plan includes 5 GB of storage and 5.0\xa0GB are in use. "
    "Choose a larger plan under Subscription to add more."
)


@pytest.fixture(autouse=True)
def _figure_forgotten(office_a, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    with in_office(office_a):
        storage.storage_forget()
    yield
    with in_office(office_a):
        storage.storage_forget()


def _stored(used: int) -> None:
    """The office's figure as a measurement would leave it (5 GB of test files is too many)."""
    cache.set(storage._KEY, used, storage.STORAGE_MEASURE_SECONDS)


def _pdf(size: int, name: str = "skan.pdf") -> SimpleUploadedFile:
    """A PDF that opens (common.uploads.file_opens) of exactly `size` bytes (500 or more):
    its metadata padded."""
    base = len(pdf_bytes(padding=1)) - 1
    content = pdf_bytes(padding=size - base)
    assert len(content) == size
    return SimpleUploadedFile(name, content, "application/pdf")


def test_an_upload_fills_the_plan_to_the_edge_and_the_next_is_refused(in_office_a, office_a):
    subscription_for(office_a, plan="start")
    _stored(START - 1000)
    assert upload_check(_pdf(1000), kinds=(PDF,), max_bytes=GB) == PDF  # exactly 5 GB
    assert storage.storage_used_bytes(office_a) == START  # counted at once, not in an hour
    with pytest.raises(ApplicationError) as refused:
        upload_check(_pdf(600), kinds=(PDF,), max_bytes=GB)
    assert (refused.value.code, refused.value.message) == ("plan_limit", REFUSED)
    assert storage.storage_used_bytes(office_a) == START  # the refused file added nothing


def test_a_file_already_in_the_storage_is_not_counted_again(in_office_a, office_a):
    subscription_for(office_a, plan="start")
    _stored(START)
    upload_check(_pdf(600), kinds=(PDF,), max_bytes=GB, counted=True)
    assert storage.storage_used_bytes(office_a) == START


def test_an_office_without_a_subscription_has_no_storage_cap(in_office_a, office_a):
    assert not Subscription.objects.filter(office=office_a).exists()
    _stored(500 * GB)
    assert upload_check(_pdf(1000), kinds=(PDF,), max_bytes=GB) == PDF


def test_the_figure_is_measured_from_the_files_when_not_known(in_office_a, office_a):
    subscription_for(office_a, plan="start")
    office_save("documents/a.pdf", b"%PDF-" + b"0" * 995)
    measured = office_usage_bytes(office_a.schema_name)
    assert measured >= 1000
    assert storage.storage_used_bytes(office_a) == measured
    upload_check(_pdf(1000), kinds=(PDF,), max_bytes=GB)
    assert storage.storage_used_bytes(office_a) == measured + 1000


def test_a_scanner_file_over_the_storage_is_kept_and_the_owner_told_once_a_day(
    in_office_a, office_a
):
    owner = member(office_a, Role.OWNER)
    subscription = subscription_for(office_a, plan="start")
    _stored(START)
    for name in ("skan-1.pdf", "skan-2.pdf"):
        queued = office_save(scan_queue_name(name, account_id=None), io.BytesIO(pdf_bytes()))
        scan_ingest(spool_relative=queued, account_id=None)
    kept = InboxScan.objects.filter(original_name__in=["skan-1.pdf", "skan-2.pdf"])
    assert sorted(kept.values_list("original_name", "state")) == [
        ("skan-1.pdf", "unassigned"),
        ("skan-2.pdf", "unassigned"),
    ]
    (notice,) = PlatformEmail.objects.filter(kind="billing_storage_limit_passed")
    assert notice.to == [owner.email]
    assert notice.office_schema == office_a.schema_name  # X-Vireo-For-Office: its staff only
    # In the office's language (Polish).
    assert notice.subject == "Miejsce na pliki w Vireo przekroczone (biuro: Biuro A)"
    assert "więcej, niż obejmuje plan Start (5 GB)" in notice.text
    assert "Pliki ze skanerów i e-maile są nadal przyjmowane" in notice.text
    assert "Wybierz większy plan w zakładce Subskrypcja" in notice.text
    subscription.refresh_from_db()
    with timezone.override(office_a.time_zone):
        assert subscription.storage_limit_notified_on == timezone.localdate()
    # The next day the owner hears of it again.
    Subscription.objects.filter(pk=subscription.pk).update(
        storage_limit_notified_on=timezone.localdate() - timezone.timedelta(days=1)
    )
    queued = office_save(scan_queue_name("skan-3.pdf", account_id=None), io.BytesIO(pdf_bytes()))
    scan_ingest(spool_relative=queued, account_id=None)
    assert PlatformEmail.objects.filter(kind="billing_storage_limit_passed").count() == 2


def test_email_intake_attachments_are_kept_over_the_storage(in_office_a, office_a):
    member(office_a, Role.OWNER)
    subscription_for(office_a, plan="start")
    _stored(START)
    staged = upload_stage(upload=_pdf(1000), kinds=(PDF,), max_bytes=GB, automatic=True)
    assert staged.size == 1000
    assert PlatformEmail.objects.filter(kind="billing_storage_limit_passed").count() == 1
    with pytest.raises(ApplicationError):  # a person's upload is still refused
        upload_stage(upload=_pdf(1000), kinds=(PDF,), max_bytes=GB)


def test_a_document_upload_past_the_storage_is_refused_at_its_field(office_a, staff_a):
    with in_office(office_a):
        client = ClientFactory()
        subscription_for(office_a, plan="start")
        _stored(START)
    web = OfficeClient(office_a, user=staff_a)
    response = web.post(
        f"/documents/clients/{client.pk}/upload/",
        {"file": _pdf(1000, "umowa.pdf"), "title": "Skan umowy"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    form = page[
        page.index('id="document-upload"') : page.index("</form>", page.index("document-upload"))
    ]
    assert 'value="Skan umowy"' in form
    assert (  # the office's language (Polish): the plan_limit message at the file's field
        '<p id="error_1_id_file"><strong>Twój plan Start obejmuje 5 GB miejsca, a wykorzystano '
        "już 5,0\xa0GB. Aby dodać więcej, wybierz większy plan w zakładce Subskrypcja."
    ) in form.replace("&nbsp;", "\xa0")
    with in_office(office_a):
        from modules.documents.models import Document

        assert not Document.objects.filter(client=client).exists()


def test_the_subscription_screen_shows_what_is_used_of_the_plan(office_a, admin_a):
    from modules.notifications.models import SmsDayCount

    admin_a.language = "en"
    admin_a.save(update_fields=["language"])
    with in_office(office_a):
        subscription_for(office_a, plan="start")
        with timezone.override(office_a.time_zone):
            SmsDayCount.objects.create(day=timezone.localdate(), parts=100)
        _stored(GB // 2)
        ClientFactory()
    page = OfficeClient(office_a, user=admin_a).get("/administration/subscription/")
    text = " ".join(page.content.decode().split())
    assert 'data-testid="plan-usage"' in text
    sms = text[text.index('data-testid="usage-sms_per_month"') :]
    assert "SMS this month</div> <div><strong>100</strong> of 100</div>" in sms
    assert "SMS are not sent until the month ends." in sms.split("usage-storage_gb")[0]
    storage_card = text[text.index('data-testid="usage-storage_gb"') :]
    assert "<strong>512.0 MB</strong> of 5.0 GB" in storage_card  # (spaces made plain above)
    clients = text[text.index('data-testid="usage-clients"') :]
    assert "<strong>1</strong> of 50" in clients


def test_the_guard_finds_the_office_of_a_schema_set_by_name(office_a):
    from django_tenants.utils import schema_context

    subscription_for(office_a, plan="start")
    with schema_context(office_a.schema_name):
        _stored(START)
        with pytest.raises(ApplicationError):
            upload_check(_pdf(600), kinds=(PDF,), max_bytes=GB)
