import redis
from django.conf import settings
from django.core.cache import cache

from tests.helpers.offices import in_office


def test_cache_keys_are_prefixed_by_schema(office_a, office_b, clean_cache):
    with in_office(office_a):
        cache.set("dashboard", "A's figures")
    with in_office(office_b):
        assert cache.get("dashboard") is None
        cache.set("dashboard", "B's figures")
    with in_office(office_a):
        assert cache.get("dashboard") == "A's figures"
    raw = redis.Redis.from_url(settings.REDIS_URL)
    keys = sorted(k.decode() for k in raw.keys("*:dashboard"))
    assert keys == sorted(
        [f"{office_a.schema_name}:test:1:dashboard", f"{office_b.schema_name}:test:1:dashboard"]
    )
