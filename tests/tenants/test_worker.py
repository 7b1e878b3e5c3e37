"""The dramatiq middleware, with the real Redis broker and a real worker."""

from uuid import uuid4

import dramatiq
import pytest
import redis
from django.conf import settings
from django.db import connection
from django.utils.translation import get_language, gettext
from dramatiq import Message, Worker
from dramatiq.common import xq_name

from tenants.dramatiq import SCHEMA_OPTION, MessageRefused
from tests.helpers.offices import in_office

QUEUE = "test-tenancy"
RESULTS = "test:worker:schemas"


@dramatiq.actor(queue_name=QUEUE, max_retries=0)
def record_schema_task(tag: str) -> None:
    redis.Redis.from_url(settings.REDIS_URL).rpush(RESULTS, f"{tag}={connection.schema_name}")


@dramatiq.actor(queue_name=QUEUE, max_retries=0, office_scope="platform")
def record_platform_task(tag: str) -> None:
    redis.Redis.from_url(settings.REDIS_URL).rpush(RESULTS, f"{tag}={connection.schema_name}")


@dramatiq.actor(queue_name=QUEUE, max_retries=0)
def record_language_task(tag: str) -> None:
    said = gettext("Unknown sender.")
    redis.Redis.from_url(settings.REDIS_URL).rpush(RESULTS, f"{tag}={get_language()}:{said}")


@dramatiq.actor(queue_name=QUEUE, max_retries=0, office_scope="platform")
def record_platform_language_task(tag: str) -> None:
    redis.Redis.from_url(settings.REDIS_URL).rpush(RESULTS, f"{tag}={get_language()}")


@pytest.fixture
def worker():
    broker = dramatiq.get_broker()
    broker.flush(QUEUE)
    store = redis.Redis.from_url(settings.REDIS_URL)
    store.delete(RESULTS)
    worker = Worker(broker, worker_threads=1, queues={QUEUE})
    worker.start()
    yield broker, store
    worker.stop()
    store.delete(RESULTS)


def _results(broker, store) -> list[str]:
    broker.join(QUEUE, timeout=20_000)
    return [item.decode() for item in store.lrange(RESULTS, 0, -1)]


def test_messages_from_two_offices_each_run_in_their_own_schema(worker, office_a, office_b):
    broker, store = worker
    for i in range(3):
        with in_office(office_a):
            record_schema_task.send(f"a{i}")
        with in_office(office_b):
            record_schema_task.send(f"b{i}")
    connection.set_schema_to_public()
    record_platform_task.send("platform")
    results = _results(broker, store)
    assert sorted(results) == sorted(
        [f"a{i}={office_a.schema_name}" for i in range(3)]
        + [f"b{i}={office_b.schema_name}" for i in range(3)]
        + ["platform=public"]
    )


def test_office_actor_cannot_be_enqueued_outside_an_office(worker, office_a):
    connection.set_schema_to_public()
    with pytest.raises(MessageRefused):
        record_schema_task.send("nowhere")


@pytest.mark.parametrize("schema", [None, "public", "t_999999", "t_template", "t_1; DROP"])
def test_message_without_a_valid_office_schema_is_refused(worker, office_a, schema):
    broker, store = worker
    redis_id = str(uuid4())
    options = {"redis_message_id": redis_id}
    if schema is not None:
        options[SCHEMA_OPTION] = schema
    forged = Message(
        queue_name=QUEUE,
        actor_name="record_schema_task",
        args=("forged",),
        kwargs={},
        options=options,
    )
    # Straight into Redis, past before_enqueue, as a crafted message would arrive.
    broker.do_enqueue(QUEUE, redis_id, forged.encode())
    assert _results(broker, store) == []
    # Refused means failed: it waits in the dead-letter queue, visible to operators.
    assert store.hexists(f"{broker.namespace}:{xq_name(QUEUE)}.msgs", redis_id)


def test_worker_returns_to_public_after_each_message(worker, office_a):
    broker, store = worker
    with in_office(office_a):
        record_schema_task.send("a")
    connection.set_schema_to_public()
    record_platform_task.send("p")
    assert _results(broker, store) == [f"a={office_a.schema_name}", "p=public"]


def test_periodic_fanout_sends_one_message_per_open_office(worker, office_a, office_b):
    from tenants.models import Office
    from tenants.tasks import office_fanout

    broker, store = worker
    connection.set_schema_to_public()
    open_offices = list(
        Office.objects.filter(is_template=False, state=Office.State.ACTIVE).order_by("pk")
    )
    assert office_fanout(record_schema_task, "tick") == len(open_offices)
    results = _results(broker, store)
    assert sorted(results) == sorted(f"tick={o.schema_name}" for o in open_offices)
    assert "tick=t_template" not in results


def test_an_office_actor_speaks_the_office_language_and_a_platform_actor_english(
    worker, office_a, office_b
):
    """What a job stores for the office's staff (the reason an e-mail waits for triage) is in
    the office's language: office A is Polish, office B Slovak."""
    broker, store = worker
    with in_office(office_a):
        record_language_task.send("a")
    with in_office(office_b):
        record_language_task.send("b")
    connection.set_schema_to_public()
    record_platform_language_task.send("platform")
    assert sorted(_results(broker, store)) == [
        f"a={office_a.language}:Nieznany nadawca.",
        f"b={office_b.language}:Neznámy odosielateľ.",
        "platform=en",
    ]
