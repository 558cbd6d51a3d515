"""The system register in the admin, read-only: owner, department, category and costs change
through the services, with their audit and the coordinator's capability (issue 11)."""

from django.contrib import admin

from styrsam.core.admin import ReadOnlyAdmin

from .models import ItPlatformComponent, PlatformConnection, System, SystemCost


class CostInline(admin.TabularInline):
    model = SystemCost
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(System)
class SystemAdmin(ReadOnlyAdmin):
    list_display = ["name", "category", "common_kind", "owner_unit", "owner", "lifecycle"]
    list_filter = ["category", "lifecycle", "criticality"]
    search_fields = ["name", "vendor"]
    raw_id_fields = ["owner", "manager", "representatives"]
    inlines = [CostInline]


admin.site.register([ItPlatformComponent, PlatformConnection])
