"""The dramatiq broker: Redis, with the office-schema middleware from tenants/."""

import dramatiq
from django.conf import settings
from dramatiq.brokers.redis import RedisBroker

from tenants.dramatiq import OfficeSchemaMiddleware


def broker_setup() -> dramatiq.Broker:
    broker = RedisBroker(
        url=settings.REDIS_URL, namespace="dramatiq-test" if settings.TESTING else "dramatiq"
    )
    broker.add_middleware(OfficeSchemaMiddleware())
    dramatiq.set_broker(broker)
    return broker
