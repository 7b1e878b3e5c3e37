from django.contrib import admin

from subscriptions.models import Plan, StripeEvent, Subscription


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "price_monthly", "price_yearly", "currency", "is_public"]


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["office", "plan", "status", "trial_ends_at", "current_period_end"]
    list_filter = ["status", "plan"]
    readonly_fields = ["stripe_customer_id", "stripe_subscription_id", "synced_at"]


@admin.register(StripeEvent)
class StripeEventAdmin(admin.ModelAdmin):
    list_display = ["event_id", "type", "received_at", "processed_at"]
    readonly_fields = ["event_id", "type", "payload", "received_at", "processed_at", "error"]
