"""Scan request test data, made through the services."""

from __future__ import annotations

from decimal import Decimal

from modules.scanrequests.models import ScanRequest
from modules.scanrequests.services import scan_request_create, settings_update
from tests.modules.clients.factories import ClientFactory
from tests.modules.mail.factories import item_register


def allow(enabled: bool = True, **data):
    return settings_update(actor=None, data={"enabled": enabled, **data})


def waiting_item(*, client=None, **data):
    """An incoming item to pick up, without a scan."""
    return item_register(client=client or ClientFactory(), **data)


def requested(*, item=None, user=None, **data) -> ScanRequest:
    item = item or waiting_item(**data)
    return scan_request_create(item=item, source=ScanRequest.Source.PORTAL, user=user)


COST = Decimal("7.50")
