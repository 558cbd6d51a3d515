from django.contrib import admin

from .models import ItPlatformComponent, PlatformConnection, System, SystemCost


class CostInline(admin.TabularInline):
    model = SystemCost
    extra = 0


@admin.register(System)
class SystemAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "common_kind", "owner_unit", "owner", "lifecycle"]
    list_filter = ["category", "lifecycle", "criticality"]
    search_fields = ["name", "vendor"]
    raw_id_fields = ["owner", "manager", "representatives"]
    inlines = [CostInline]


admin.site.register([ItPlatformComponent, PlatformConnection])
