from django.contrib import admin

from tenants.models import Domain, Office


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 0


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "schema_name", "country", "state", "created_at"]
    list_filter = ["state", "country"]
    search_fields = ["name", "slug", "schema_name"]
    readonly_fields = ["schema_name", "is_template", "created_at", "updated_at"]
    inlines = [DomainInline]

    def has_add_permission(self, request) -> bool:
        return False  # offices are created by tenants.services.office_provision

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
