from django.contrib import admin

from .models import (
    Committee,
    GovernanceGroup,
    Membership,
    Municipality,
    OrgUnit,
    Profile,
    RoleAssignment,
)

admin.site.register([Municipality, Committee, GovernanceGroup])


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "committee", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code"]


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "unit", "title"]
    search_fields = ["user__username", "user__last_name", "title"]
    list_select_related = ["user", "unit"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["person", "role", "unit", "start_date", "end_date"]
    list_filter = ["role"]
    list_select_related = ["person", "unit"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["group", "person", "function", "represents", "start_date", "end_date"]
    list_filter = ["group", "function"]
    list_select_related = ["group", "person", "represents"]
