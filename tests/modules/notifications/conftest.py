"""Local fakes of the outside world on loopback: a real SMTP server (aiosmtpd) and a fake
of Vonage's SMS API over HTTPS, both pointed at through the environment, as in production."""

import dramatiq
import pytest
from django.utils import translation

from modules.notifications.devtools.fake_vonage import certificate_paths, fake_vonage_start
from modules.notifications.devtools.mailcatcher import catcher_start
from modules.notifications.tasks import QUEUE
from tests.helpers.net import free_port


@pytest.fixture
def smtp_server(monkeypatch):
    port = free_port()
    controller = catcher_start("127.0.0.1", port)
    monkeypatch.setenv("NOTIFICATIONS_EMAIL_URL", f"smtp://127.0.0.1:{port}")
    yield controller.handler
    controller.stop()


@pytest.fixture
def vonage_server(monkeypatch):
    port = free_port()
    server, state = fake_vonage_start("127.0.0.1", port, api_key="key1", api_secret="secret1")
    monkeypatch.setenv("VONAGE_API_KEY", "key1")
    monkeypatch.setenv("VONAGE_API_SECRET", "secret1")
    monkeypatch.setenv("VONAGE_REST_HOST", f"127.0.0.1:{port}")
    monkeypatch.setenv("VONAGE_CA_BUNDLE", str(certificate_paths()[0]))
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def _empty_notification_queue():
    """Retries enqueue delayed messages in the real Redis broker; no test leaves any."""
    broker = dramatiq.get_broker()
    broker.flush(QUEUE)
    yield broker
    broker.flush(QUEUE)


@pytest.fixture
def fast_retries(settings):
    settings.NOTIFICATIONS_RETRY_BASE_MS = 100
    return settings


@pytest.fixture(autouse=True)
def _english():
    """Requests leave the person's language active; these tests read English messages."""
    with translation.override("en"):
        yield


@pytest.fixture
def invoice_events(monkeypatch):
    """invoice.new and invoice.overdue registered for one test, as an invoicing module would."""
    from modules.notifications import hooks
    from tests.modules.notifications.events import invoice_events_register

    monkeypatch.setattr(hooks, "_events", dict(hooks._events))
    invoice_events_register()
