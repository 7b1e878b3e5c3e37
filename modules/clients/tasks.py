import dramatiq
from dramatiq_crontab import cron

from tenants.tasks import office_fanout


@dramatiq.actor(max_retries=0, time_limit=30 * 60 * 1000)
def client_import_run_task(import_id: int) -> None:
    """A large import, run by the worker (the office schema travels with the message).

    No retries: a failed run leaves the job FAILED with its reason, and the office starts it
    again from the screen; the run itself is idempotent (a DONE job is not run twice).
    """
    from modules.clients.services.imports import client_import_run

    client_import_run(import_id=import_id)


@dramatiq.actor(max_retries=3)
def client_import_requeue_stale_task() -> None:
    from modules.clients.services.imports import client_import_requeue_stale

    client_import_requeue_stale()


# The outbox sweep of imports (common.jobs): jobs whose message Redis never took.
@cron("*/5 * * * *")
@dramatiq.actor(office_scope="platform")
def client_import_requeue_stale_fanout_task() -> None:
    office_fanout(client_import_requeue_stale_task)
