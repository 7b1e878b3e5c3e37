"""E-mails to an office's administrators about its subscription (payment failed, trial
ending) and to its owners when a plan limit stopped something (plan_limit_reached_notify:
SMS not sent, storage passed by automatic intake). Apart from services so that modules
(notifications) may call it without importing the Stripe machinery."""

from __future__ import annotations

from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from common.emails import platform_email_queue
from subscriptions.models import Subscription
from tenants.models import Office


def _office_admins(office: Office, *, roles=None) -> list[str]:
    from accounts.models import ADMIN_ROLES, Membership

    return list(
        Membership.objects.filter(office=office, is_active=True, role__in=roles or ADMIN_ROLES)
        .order_by("pk")
        .values_list("user__email", flat=True)
    )


def billing_mail(
    subscription: Subscription,
    template: str,
    subject: str,
    *,
    roles=None,
    context: dict | None = None,
) -> None:
    office = subscription.office
    recipients = _office_admins(office, roles=roles)
    if not recipients:
        return
    with translation.override(office.language):
        context = {
            "office": office,
            "subscription": subscription,
            "billing_url": f"{office.url}/administration/subscription/",
            **(context or {}),
        }
        body = render_to_string(f"subscriptions/email/{template}.txt", context)
        title = _(subject) % {"office": office.name}
    platform_email_queue(
        kind=f"billing_{template}",
        to=recipients,
        subject=title,
        text=body,
        office_schema=office.schema_name,
    )


# Plan limit -> (the Subscription field that says when the owners were last told, the e-mail,
# its subject, whether once per month rather than once per day).
_LIMIT_NOTICES = {
    "sms_per_month": (
        "sms_limit_notified_on",
        "sms_limit_reached",
        gettext_noop("SMS stopped for %(office)s in Vireo: this month's SMS are used"),
        True,
    ),
    "storage_gb": (
        "storage_limit_notified_on",
        "storage_limit_passed",
        gettext_noop("%(office)s is over its storage in Vireo"),
        False,
    ),
}


def plan_limit_reached_notify(*, office: Office, limit: str, used: int = 0) -> bool:
    """Tell the office's owners that the plan's `limit` stopped something (SMS not sent:
    once per calendar month; storage passed by automatic intake: once a day; both by the
    office's calendar), with what to do. Returns whether an e-mail was queued."""
    from accounts.models import Role

    field, template, subject, monthly = _LIMIT_NOTICES[limit]
    with timezone.override(office.time_zone):
        today = timezone.localdate()
    since = today.replace(day=1) if monthly else today
    # The conditional update makes the notice go out once, however many workers or
    # uploads meet the limit at the same moment.
    told = (
        Subscription.objects.filter(office_id=office.pk)
        .filter(Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__lt": since}))
        .update(**{field: today})
    )
    if not told:
        return False
    subscription = Subscription.objects.select_related("office", "plan").get(office_id=office.pk)
    billing_mail(
        subscription,
        template,
        subject,
        roles={Role.OWNER},
        context={"allowed": subscription.plan.limit(limit), "used": used},
    )
    return True
