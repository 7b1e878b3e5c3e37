"""Every write to plans, subscriptions and Stripe events.

Stripe is the source of truth for paid subscriptions: webhooks only tell us *that* something
changed; the worker re-reads the subscription from Stripe and stores what it says now
(events arrive late, twice and out of order, so their payloads are never applied as such).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from common.audit import audit_record
from common.exceptions import ApplicationError
from common.jobs import job_send, job_send_on_commit
from subscriptions.access import SUSPENDED, subscription_standing
from subscriptions.models import Plan, PlanPrice, StripeEvent, Subscription
from subscriptions.notices import billing_mail
from subscriptions.selectors import checkout_offered
from subscriptions.state import office_platform_state_forget
from subscriptions.stripe_api import as_dict, stripe_client
from tenants.models import Office
from tenants.services import office_state_set

logger = logging.getLogger("vireo.subscriptions")

STRIPE_STATUS = {
    "trialing": Subscription.Status.TRIALING,
    "active": Subscription.Status.ACTIVE,
    "past_due": Subscription.Status.PAST_DUE,
    "unpaid": Subscription.Status.PAST_DUE,
    "incomplete": Subscription.Status.PAST_DUE,
    "paused": Subscription.Status.PAST_DUE,
    "canceled": Subscription.Status.CANCELED,
    "incomplete_expired": Subscription.Status.CANCELED,
}


def _ts(value) -> datetime | None:
    return datetime.fromtimestamp(int(value), tz=UTC) if value else None


@transaction.atomic
def subscription_trial_start(*, office: Office, plan: Plan | None = None) -> Subscription:
    """A new office's free trial: no card, no Stripe objects until the owner subscribes."""
    plan = plan or Plan.objects.filter(is_default=True).first() or Plan.objects.first()
    if plan is None:
        raise ApplicationError(_("No plan is available. Please contact support."))
    subscription = Subscription(
        office=office,
        plan=plan,
        status=Subscription.Status.TRIALING,
        trial_ends_at=timezone.now() + timedelta(days=settings.SUBSCRIPTION_TRIAL_DAYS),
    )
    subscription.full_clean()
    subscription.save()
    office_platform_state_forget(office.pk)
    return subscription


@transaction.atomic
def subscription_activate_unbilled(
    *, office: Office, plan: Plan, interval: str, current_period_end: datetime
) -> Subscription:
    """An active subscription that Stripe does not bill (the demo offices, seed_demo): the
    Subscription screen shows its plan, status, price and usage. An office billed through
    Stripe is left alone - Stripe is the source of truth there (subscription_sync)."""
    subscription = Subscription.objects.select_for_update().filter(office=office).first()
    if subscription is not None and subscription.stripe_subscription_id:
        return subscription
    subscription = subscription or Subscription(office=office)
    subscription.plan, subscription.interval = plan, interval
    subscription.status = Subscription.Status.ACTIVE
    subscription.current_period_end, subscription.trial_ends_at = current_period_end, None
    subscription.lapsed_at = None
    subscription.full_clean()
    subscription.save()
    office_platform_state_forget(office.pk)
    return subscription


def _customer_ensure(subscription: Subscription, *, email: str) -> str:
    if subscription.stripe_customer_id:
        return subscription.stripe_customer_id
    office = subscription.office
    customer = stripe_client().v1.customers.create(
        params={
            "email": email,
            "name": office.name,
            "metadata": {"office_id": str(office.pk), "office_slug": office.slug},
        },
        # A retried request creates the customer once (Stripe's idempotency keys).
        options={"idempotency_key": f"vireo-customer-{office.pk}"},
    )
    Subscription.objects.filter(pk=subscription.pk).update(stripe_customer_id=customer.id)
    office_platform_state_forget(office.pk)
    subscription.stripe_customer_id = customer.id
    return customer.id


def checkout_session_create(
    *, office: Office, plan: Plan, interval: str, actor, return_url: str
) -> str:
    """Start Stripe Checkout for `plan`; returns the URL to send the person to. An office
    with no subscription yet (made before billing, or by the demo) gets its row here, as a
    signup's trial would, so that paying works for it too (it answered 500)."""
    subscription = Subscription.objects.select_related("office", "plan").filter(office=office)
    subscription = subscription.first()
    # An office that never had a trial does not get one by paying: billed from today.
    had_trial = subscription is not None
    subscription = subscription or subscription_trial_start(office=office, plan=plan)
    # paid through Checkout already (during the trial: billed when it ends), or an active
    # plan Stripe does not bill (the demo's): the same rule as the page's plan cards
    if not checkout_offered(subscription):
        raise ApplicationError(
            _("This office already has a subscription. Change it in the billing portal.")
        )
    if interval not in Subscription.Interval.values:
        raise ApplicationError(_("Unknown billing period."))
    priced = plan.price_in(office.currency)
    price = priced.stripe_price_monthly if interval == "month" else priced.stripe_price_yearly
    if not price:
        raise ApplicationError(_("This plan cannot be bought online yet."))
    customer = _customer_ensure(subscription, email=actor.email)
    subscription_data = {"metadata": {"office_id": str(office.pk)}}
    trial_end = trial_end_kept(subscription) if had_trial else None
    if trial_end is not None:
        subscription_data["trial_end"] = trial_end
    # One payment started for one choice: a second click (or a second tab) within the same
    # ten minutes gets the same Checkout session from Stripe and records nothing new; the
    # log had "Plan payment started" twice for one checkout.
    window = int(timezone.now().timestamp()) // CHECKOUT_REUSE_SECONDS
    session = stripe_client().v1.checkout.sessions.create(
        options={"idempotency_key": f"vireo-checkout-{office.pk}-{plan.code}-{interval}-{window}"},
        params={
            "mode": "subscription",
            "customer": customer,
            "client_reference_id": str(office.pk),
            "line_items": [{"price": price, "quantity": 1}],
            "metadata": {"office_id": str(office.pk)},
            "subscription_data": subscription_data,
            "success_url": f"{return_url}?checkout={{CHECKOUT_SESSION_ID}}",
            "cancel_url": return_url,
            "locale": office.language if office.language in ("pl", "sk") else "auto",
        },
    )
    if not _checkout_recorded(office, session.id):
        audit_record(
            action="subscription.checkout_started",
            actor=actor,
            # named by the plan being paid for: the subscription's label is its current plan,
            # and a Start trial paying for Business was logged "Plan payment started: Start"
            target=Subscription(pk=subscription.pk, plan=plan),
            office=office,
            changes={"plan": plan.name, "interval": interval, "session": session.id},
        )
    return session.url


CHECKOUT_REUSE_SECONDS = 600


def _checkout_recorded(office: Office, session_id: str) -> bool:
    """Whether the office's audit log already has this Checkout session's start."""
    from django.db import connection

    from common.audit import audit_recorded

    wanted = {"action": "subscription.checkout_started", "changes": {"session": session_id}}
    if connection.schema_name == office.schema_name:
        return audit_recorded(**wanted)
    previous = connection.tenant
    connection.set_tenant(office)
    try:
        return audit_recorded(**wanted)
    finally:
        connection.set_tenant(previous)


def trial_end_kept(subscription: Subscription) -> int | None:
    """Paying during the free trial keeps the days left: Stripe starts the subscription as
    trialing until the trial's end and charges then. Stripe's Checkout takes a trial end
    only 48 hours or more ahead; closer to the end the first charge is at once."""
    ends = subscription.trial_ends_at
    if subscription.status != Subscription.Status.TRIALING or ends is None:
        return None
    if ends < timezone.now() + timedelta(hours=48):
        return None
    return int(ends.timestamp())


def portal_session_create(*, office: Office, return_url: str) -> str:
    subscription = Subscription.objects.get(office=office)
    if not subscription.stripe_customer_id:
        raise ApplicationError(_("There is nothing to manage yet: subscribe to a plan first."))
    session = stripe_client().v1.billing_portal.sessions.create(
        params={"customer": subscription.stripe_customer_id, "return_url": return_url}
    )
    return session.url


def stripe_event_store(*, event: dict) -> StripeEvent | None:
    """Keep a verified event once; None when this event id was already stored."""
    try:
        with transaction.atomic():
            stored = StripeEvent.objects.create(
                event_id=event["id"], type=event.get("type", ""), payload=event
            )
    except IntegrityError:
        return None  # Stripe delivers at least once; the unique event id keeps one
    from subscriptions.tasks import stripe_event_process_task

    # The stored event is the job's record: when Redis is down, stripe_event_requeue_stale
    # sends it later (common.jobs); Stripe is answered 200 either way.
    job_send_on_commit(stripe_event_process_task, stored.pk)
    return stored


# An event unprocessed this long has no message in the broker (Redis was down) or its
# worker died; processing is idempotent (processed_at), so sending it again is safe.
STRIPE_EVENT_STALE = timedelta(minutes=15)


def stripe_event_requeue_stale(*, older_than: timedelta = STRIPE_EVENT_STALE) -> int:
    """The outbox sweep of Stripe events (common.jobs). Returns how many were sent."""
    from subscriptions.tasks import stripe_event_process_task

    stale = StripeEvent.objects.filter(
        processed_at__isnull=True, received_at__lte=timezone.now() - older_than
    ).order_by("pk")
    return sum(
        job_send(stripe_event_process_task, pk) for pk in stale.values_list("pk", flat=True)[:1000]
    )


def _subscription_for(stripe_customer: str, metadata: dict) -> Subscription | None:
    qs = Subscription.objects.select_related("office", "plan").select_for_update(of=("self",))
    found = qs.filter(stripe_customer_id=stripe_customer).first() if stripe_customer else None
    office_id = (metadata or {}).get("office_id")
    if found is None and office_id and str(office_id).isdigit():
        found = qs.filter(office_id=int(office_id)).first()
    return found


def _plan_for_price(price_id: str) -> tuple[Plan | None, str]:
    """The plan and billing period a Stripe price id stands for, in any of its currencies."""
    if not price_id:
        return None, ""
    month, year = Subscription.Interval.MONTH, Subscription.Interval.YEAR
    for field, interval in (("stripe_price_monthly", month), ("stripe_price_yearly", year)):
        plan = Plan.objects.filter(**{field: price_id}).first()
        if plan is None:
            price = PlanPrice.objects.filter(**{field: price_id}).select_related("plan").first()
            plan = price.plan if price else None
        if plan is not None:
            return plan, interval
    return None, ""


@transaction.atomic  # _subscription_for locks the office's row (select_for_update)
def subscription_sync(*, stripe_subscription: dict) -> Subscription | None:
    """Store what Stripe says about a subscription now (idempotent)."""
    data = stripe_subscription
    subscription = _subscription_for(data.get("customer") or "", data.get("metadata") or {})
    if subscription is None:
        logger.warning("stripe subscription of no office", extra={"stripe_id": data.get("id")})
        return None
    if (
        subscription.stripe_subscription_id
        and subscription.stripe_subscription_id != data["id"]
        and data.get("status") in ("canceled", "incomplete_expired")
    ):
        return subscription  # an old, replaced subscription ending says nothing about ours
    items = (data.get("items") or {}).get("data") or []
    item = items[0] if items else {}
    price_id = (item.get("price") or {}).get("id", "")
    plan, interval = _plan_for_price(price_id)
    interval = interval or subscription.interval
    previous = subscription.status
    status = STRIPE_STATUS.get(data.get("status"), Subscription.Status.PAST_DUE)
    now = timezone.now()
    subscription.status = status
    subscription.plan = plan or subscription.plan
    subscription.interval = interval
    subscription.stripe_subscription_id = data["id"]
    subscription.stripe_customer_id = data.get("customer") or subscription.stripe_customer_id
    subscription.cancel_at_period_end = bool(data.get("cancel_at_period_end"))
    subscription.current_period_end = _ts(
        item.get("current_period_end") or data.get("current_period_end")
    )
    if status == Subscription.Status.TRIALING:
        subscription.trial_ends_at = _ts(data.get("trial_end")) or subscription.trial_ends_at
    if status in (Subscription.Status.ACTIVE, Subscription.Status.TRIALING):
        subscription.lapsed_at = None
    elif previous != status or subscription.lapsed_at is None:
        subscription.lapsed_at = (
            _ts(data.get("ended_at")) if status == Subscription.Status.CANCELED else None
        ) or now
    subscription.synced_at = now
    subscription.full_clean()
    subscription.save()
    office_platform_state_forget(subscription.office_id)
    if previous != status:
        audit_record(
            action="subscription.status_changed",
            target=subscription,
            office=subscription.office,
            actor_label="Stripe",
            changes={"from": previous, "to": status, "plan": subscription.plan.code},
        )
    _office_standing_apply(subscription)
    return subscription


def _office_standing_apply(subscription: Subscription) -> None:
    """Suspend an office whose read-only time ran out; lift a billing suspension once paid.
    An office suspended from the console stays suspended whatever Stripe says."""
    office = subscription.office
    office_platform_state_forget(office.pk)
    standing = subscription_standing(subscription)
    if standing.access == SUSPENDED and office.state == Office.State.ACTIVE:
        office_state_set(office=office, state=Office.State.SUSPENDED)
        subscription.suspended_by_billing = True
        subscription.save(update_fields=["suspended_by_billing", "updated_at"])
        audit_record(
            action="office.suspended",
            target=office,
            office=office,
            actor_label="Vireo billing",
            changes={"reason": "unpaid"},
        )
    elif standing.access != SUSPENDED and subscription.suspended_by_billing:
        if office.state == Office.State.SUSPENDED:
            office_state_set(office=office, state=Office.State.ACTIVE)
            audit_record(
                action="office.reactivated",
                target=office,
                office=office,
                actor_label="Vireo billing",
            )
        subscription.suspended_by_billing = False
        subscription.save(update_fields=["suspended_by_billing", "updated_at"])


def _stripe_ids(obj: dict) -> tuple[str, str]:
    """(subscription id, customer id) named by an event's object, whatever its type."""
    kind = obj.get("object")
    if kind == "subscription":
        return obj.get("id", ""), obj.get("customer") or ""
    subscription = obj.get("subscription") or ""
    if not subscription and kind == "invoice":
        # Since the 2025 API versions an invoice names its subscription under `parent`.
        details = (obj.get("parent") or {}).get("subscription_details") or {}
        subscription = details.get("subscription") or ""
    if isinstance(subscription, dict):
        subscription = subscription.get("id", "")
    return subscription, obj.get("customer") or ""


UNPAID = ("open", "uncollectible")


def stripe_event_process(*, event: StripeEvent) -> None:
    """Re-read the subscription the event is about and store its current state."""
    if event.processed_at is not None:
        return
    obj = event.payload.get("data", {}).get("object", {})
    subscription_id, customer = _stripe_ids(obj)
    synced = None
    if subscription_id:
        current = as_dict(stripe_client().v1.subscriptions.retrieve(subscription_id))
        synced = subscription_sync(stripe_subscription=current)
    if event.type == "invoice.payment_failed" and synced is not None and obj.get("id"):
        # Events come late and out of order: the retry may have paid the invoice since. The
        # e-mail says what Stripe says now - the invoice still unpaid, the subscription
        # overdue - not what the event said then.
        invoice = as_dict(stripe_client().v1.invoices.retrieve(obj["id"]))
        if synced.status == Subscription.Status.PAST_DUE and invoice.get("status") in UNPAID:
            _payment_failed_notify(synced, invoice_id=obj["id"])
    StripeEvent.objects.filter(pk=event.pk).update(processed_at=timezone.now(), error="")
    del customer


def checkout_return_sync(*, office: Office, session_id: str) -> Subscription | None:
    """On the way back from Checkout, store the result at once rather than waiting for the
    webhook (which may come later; it will find the same state and change nothing)."""
    session = as_dict(stripe_client().v1.checkout.sessions.retrieve(session_id))
    if str(session.get("client_reference_id")) != str(office.pk) or not session.get("subscription"):
        return None
    subscription_id = session["subscription"]
    if isinstance(subscription_id, dict):
        subscription_id = subscription_id["id"]
    current = as_dict(stripe_client().v1.subscriptions.retrieve(subscription_id))
    return subscription_sync(stripe_subscription=current)


def _payment_failed_notify(subscription: Subscription, *, invoice_id: str) -> None:
    updated = Subscription.objects.filter(pk=subscription.pk).exclude(
        payment_failed_notified_invoice=invoice_id
    )
    # One e-mail per failed invoice, however many events tell about it.
    if invoice_id and updated.update(payment_failed_notified_invoice=invoice_id):
        # The day the grace ends, in the office's time zone: the e-mail said "within the
        # next few days" while the banner names the date.
        read_only_from = subscription_standing(subscription).read_only_from
        billing_mail(
            subscription,
            "payment_failed",
            gettext_noop("Payment failed for %(office)s in Vireo"),
            context={
                "read_only_on": timezone.localtime(
                    read_only_from, ZoneInfo(subscription.office.time_zone)
                ).date()
                if read_only_from is not None
                else None
            },
        )


def subscription_enforce(*, now=None) -> dict[str, int]:
    """Hourly: warn trials ending soon, suspend offices whose read-only time ran out."""
    now = now or timezone.now()
    warned = 0
    soon = now + timedelta(days=settings.SUBSCRIPTION_TRIAL_WARNING_DAYS)
    ending = Subscription.objects.select_related("office").filter(
        status=Subscription.Status.TRIALING,
        trial_ends_at__gt=now,
        trial_ends_at__lte=soon,
        trial_ending_notified_at__isnull=True,
        stripe_subscription_id="",  # paid for during the trial: nothing to warn of
    )
    for subscription in ending:
        # The conditional update makes the warning go out once even if two runs overlap.
        if Subscription.objects.filter(
            pk=subscription.pk, trial_ending_notified_at__isnull=True
        ).update(trial_ending_notified_at=now):
            billing_mail(
                subscription,
                "trial_ending",
                gettext_noop("Your Vireo trial for %(office)s ends soon"),
            )
            warned += 1
    changed = 0
    lapsed = Subscription.objects.exclude(status=Subscription.Status.ACTIVE).values_list(
        "pk", flat=True
    )
    candidates = set(lapsed) | set(
        Subscription.objects.filter(suspended_by_billing=True).values_list("pk", flat=True)
    )
    for pk in sorted(candidates):
        with transaction.atomic():
            subscription = (
                Subscription.objects.select_for_update(of=("self",))
                .select_related("office", "plan")
                .get(pk=pk)
            )
            before = (subscription.office.state, subscription.suspended_by_billing)
            _office_standing_apply(subscription)
            changed += before != (subscription.office.state, subscription.suspended_by_billing)
    return {"trial_warnings": warned, "offices_changed": changed}


def plan_chosen(*, office: Office) -> bool:
    """Whether the office chose a plan (the getting-started checklist): it has a subscription
    in good standing that was paid through Checkout, or an active one. Checkout keeps the
    remaining trial days (trial_end_kept), so a freshly paid office is still "trialing" in
    Stripe: its Stripe subscription id, not its status, says it has chosen."""
    paid = Q(status=Subscription.Status.ACTIVE) | Q(
        status__in=(Subscription.Status.TRIALING, Subscription.Status.PAST_DUE),
        stripe_subscription_id__gt="",
    )
    return Subscription.objects.filter(paid, office=office).exists()
