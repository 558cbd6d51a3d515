"""The organisation in the admin. Role assignments and memberships are read-only: they are
given and ended through the services, by whom the policy lets grant them, with their audit
(issue 11)."""

from django.contrib import admin

from styrsam.core.admin import ReadOnlyAdmin

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
class RoleAssignmentAdmin(ReadOnlyAdmin):
    list_display = ["person", "role", "unit", "start_date", "end_date"]
    list_filter = ["role"]
    list_select_related = ["person", "unit"]


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ["group", "person", "function", "represents", "start_date", "end_date"]
    list_filter = ["group", "function"]
    list_select_related = ["group", "person", "represents"]
