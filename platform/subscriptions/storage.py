"""The plan's storage (storage_gb), guarded for every upload a person makes.

common.uploads asks its storage guard before a file is kept (`storage_admit`, from
`upload_check`: staff and client forms, the API); this module registers that guard. A
person's upload past the plan's storage is refused with the plan_limit message; automatic
intake (the scanner's FTP files, e-mail intake) is accepted over it, and the owners are told
once a day (services.plan_limit_reached_notify).

Measuring walks every stored file of the office (common.storage.office_usage_bytes: 7.9 ms
for 1,000 files and 36 ms for 10,000 on a local disk with a warm page cache; on S3 it is one
listing per folder and one HEAD request per file, minutes for 10,000). So the figure is
measured at most every STORAGE_MEASURE_SECONDS and kept in the cache (Redis, the key carries
the office's schema); every file admitted in between is added to it at once (cache.incr),
so a burst of uploads counts. Deleted files leave the figure until it is measured again
(it errs on the high side for at most that long).
"""

from __future__ import annotations

import contextlib

from django.core.cache import cache
from django.db import connection
from django_tenants.utils import get_public_schema_name

from common.exceptions import ApplicationError
from common.storage import office_usage_bytes
from subscriptions.access import plan_limit_allowed, plan_limit_check
from tenants.models import Office

STORAGE_MEASURE_SECONDS = 600
_KEY = "subscriptions:storage_bytes"  # the cache's key function adds the schema


def storage_used_bytes(office) -> int:
    """The office's stored bytes: the last measurement (at most STORAGE_MEASURE_SECONDS
    old) plus what was admitted since. Call with the connection in the office's schema."""
    used = cache.get(_KEY)
    if used is None:
        used = office_usage_bytes(office.schema_name)
        # add, not set: a file admitted by another process meanwhile keeps its increment.
        cache.add(_KEY, used, STORAGE_MEASURE_SECONDS)
        used = cache.get(_KEY, used)
    return int(used)


def storage_forget() -> None:
    """Measure again at the next upload (tests, and after files are removed in bulk)."""
    cache.delete(_KEY)


def _storage_added(size: int) -> None:
    # The figure may have expired meanwhile: the next measurement counts the file.
    with contextlib.suppress(ValueError):
        cache.incr(_KEY, size)


def storage_guard(*, size: int, automatic: bool) -> None:
    """common.uploads' storage guard (registered in SubscriptionsConfig.ready)."""
    if connection.schema_name == get_public_schema_name():
        return
    office = connection.tenant
    if getattr(office, "pk", None) is None:  # a schema set by name (schema_context)
        office = Office.objects.filter(schema_name=connection.schema_name).first()
        if office is None:
            return
    _subscription, allowed = plan_limit_allowed(office=office, limit="storage_gb")
    if allowed is None:  # no subscription, or unlimited storage: nothing to measure
        return
    used = storage_used_bytes(office)
    try:
        plan_limit_check(office=office, limit="storage_gb", adding=size, current=used)
    except ApplicationError:
        if not automatic:
            raise
        from subscriptions.notices import plan_limit_reached_notify

        # Mail must not be lost: the file is kept, the owners hear of it once a day.
        plan_limit_reached_notify(office=office, limit="storage_gb", used=used + size)
    _storage_added(size)
