"""Usage figures for the super-console: e-mails and SMS parts sent this month."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tenants.usage import usage_register


def _sent_this_month(channel: str):
    def provider(office) -> int:
        from modules.notifications.models import Delivery

        start = timezone.localtime().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        qs = Delivery.objects.filter(channel=channel, status="sent", sent_at__gte=start)
        if channel == "sms":
            from django.db.models import Sum

            return qs.aggregate(parts=Sum("segments"))["parts"] or 0
        return qs.count()

    return provider


def register_usage() -> None:
    usage_register("emails_sent_month", _sent_this_month("email"), _("E-mails sent this month"))
    usage_register("sms_parts_sent_month", _sent_this_month("sms"), _("SMS this month"))
