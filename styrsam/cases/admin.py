"""Cases in the admin, read-only: a case, its decisions, consultations and notifications are
governed records changed only through the services, with their audit (issue 11: the
superuser administers the system and is no governance actor)."""

from django.contrib import admin

from styrsam.core.admin import ReadOnlyAdmin

from .models import Case, CaseStep, Consultation, Decision, Notification


class CaseStepInline(admin.TabularInline):
    model = CaseStep
    extra = 0
    can_delete = False
    fields = ["position", "code", "name", "needed", "completed_by", "completed_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ["registration_number", "title", "case_type", "status", "reporter"]
    list_filter = ["case_type", "status"]
    search_fields = ["title"]
    list_select_related = ["reporter"]
    inlines = [CaseStepInline]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["case", "outcome", "body", "decided_at", "decided_by", "corrects"]
    list_filter = ["outcome", "body"]
    list_select_related = ["case", "decided_by", "corrects__case"]


admin.site.register([Consultation, Notification], ReadOnlyAdmin)
