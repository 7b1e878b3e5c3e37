"""Scheduled work of the rooms module (R3, R4): every ten minutes, per office, release the
bookings not approved in time and send the reminders that are due. Both services are
idempotent, so a retried or doubled run sends nothing twice."""

import dramatiq
from dramatiq_crontab import cron

from tenants.tasks import office_fanout


@dramatiq.actor(max_retries=3)
def rooms_release_expired_task() -> None:
    from modules.rooms.services import bookings_release_expired

    bookings_release_expired()


@dramatiq.actor(max_retries=3)
def rooms_remind_task() -> None:
    from modules.rooms.services import bookings_remind

    bookings_remind()


@cron("*/10 * * * *")
@dramatiq.actor(office_scope="platform")
def rooms_release_expired_fanout_task() -> None:
    office_fanout(rooms_release_expired_task)


@cron("*/10 * * * *")
@dramatiq.actor(office_scope="platform")
def rooms_remind_fanout_task() -> None:
    office_fanout(rooms_remind_task)
