"""Usage figures for the super-console: e-mails and SMS parts sent this month. The SMS figure
is the one the plan's SMS a month are checked against (selectors.sms_parts_month)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tenants.usage import usage_register


def _sent_this_month(channel: str):
    def provider(office) -> int:
        from modules.notifications.models import Delivery

        start = timezone.localtime().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        return Delivery.objects.filter(channel=channel, status="sent", sent_at__gte=start).count()

    return provider


def _sms_parts_month(office) -> int:
    from modules.notifications.selectors import sms_parts_month

    return sms_parts_month(office=office)


def register_usage() -> None:
    usage_register("emails_sent_month", _sent_this_month("email"), _("E-mails sent this month"))
    usage_register("sms_parts_sent_month", _sms_parts_month, _("SMS this month"))
