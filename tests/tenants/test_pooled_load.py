import threading

import psycopg
import pytest
from django.conf import settings
from django.db import connection, connections, transaction

from modules.mail.models import MailStatus
from tenants.models import Office

# Run through a real PgBouncer in transaction mode by tests/tenants/test_pgbouncer.py (the
# whole tenants suite and this load with DATABASE_POOL_MODE=transaction); skipped otherwise.
pytestmark = pytest.mark.skipif(
    settings.DATABASE_POOL_MODE != "transaction", reason="runs behind PgBouncer only"
)

ROUNDS = 150


def _pooler_dsn() -> str:
    db = settings.DATABASES["default"]
    return f"host={db['HOST']} port={db['PORT']} user={db['USER']} dbname={db['NAME']}"


def test_backend_is_the_pooled_one_and_sets_no_session_path(db, office_a):
    assert connection.vendor == "postgresql"
    assert type(connections["default"]).__module__ == "tenants.postgresql_pooled.base"
    connection.set_tenant(office_a)
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        assert cursor.fetchone() == (office_a.schema_name,)
    connection.set_schema_to_public()


@pytest.mark.django_db(transaction=False)
def test_two_offices_under_load_never_see_each_others_schema(office_a, office_b):
    # Committed rows, told apart by schema: each office's status names get its own marker.
    offices = [office_a, office_b]
    errors: list[str] = []
    checks = {office.schema_name: 0 for office in offices}

    def load(office) -> None:
        try:
            for round_ in range(ROUNDS):
                connection.set_tenant(office)
                if round_ % 3 == 0:
                    with transaction.atomic():
                        with connection.cursor() as cursor:
                            cursor.execute("SELECT current_schema()")
                            seen = cursor.fetchone()[0]
                        statuses = MailStatus.objects.count()
                else:
                    with connection.cursor() as cursor:
                        cursor.execute("SELECT current_schema()")
                        seen = cursor.fetchone()[0]
                    statuses = MailStatus.objects.count()
                if seen != office.schema_name or statuses == 0:
                    errors.append(f"{office.schema_name} saw {seen} ({statuses} statuses)")
                checks[office.schema_name] += 1
                connection.set_schema_to_public()
                public_offices = Office.objects.filter(pk=office.pk).count()
                if public_offices != 1:
                    errors.append(f"public read from {office.schema_name}: {public_offices}")
        except Exception as exc:
            errors.append(repr(exc))
        finally:
            connections.close_all()

    stop = threading.Event()

    def careless_client() -> None:
        # Another client of the pooler leaving a session-level search path behind on
        # whichever server connection it gets, all the time.
        with psycopg.connect(_pooler_dsn(), autocommit=True, prepare_threshold=None) as raw:
            while not stop.is_set():
                raw.execute(f'SET search_path = "{office_b.schema_name}"')
                raw.execute("SELECT 1")

    threads = [threading.Thread(target=load, args=(office,)) for office in offices * 2]
    spoiler = threading.Thread(target=careless_client)
    spoiler.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stop.set()
    spoiler.join()
    assert errors == []
    assert checks == {office.schema_name: 2 * ROUNDS for office in offices}
