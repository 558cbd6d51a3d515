"""Cases in the admin. Decisions are read-only here: they are append-only (convention 5)."""

from django.contrib import admin

from styrsam.core.admin import ReadOnlyAdmin

from .models import Case, CaseStep, Consultation, Decision, Notification


class CaseStepInline(admin.TabularInline):
    model = CaseStep
    extra = 0
    can_delete = False
    fields = ["position", "code", "name", "needed", "completed_by", "completed_at"]
    readonly_fields = fields


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ["registration_number", "title", "case_type", "status", "reporter"]
    list_filter = ["case_type", "status"]
    search_fields = ["title"]
    list_select_related = ["reporter"]
    inlines = [CaseStepInline]

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        """A decided case's status is never edited (it reopens only by a returning decision;
        the model's guard and, on PostgreSQL, a trigger refuse it too)."""
        if obj is not None and obj.is_final:
            return [*super().get_readonly_fields(request, obj), "status"]
        return super().get_readonly_fields(request, obj)


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["case", "outcome", "body", "decided_at", "decided_by", "corrects"]
    list_filter = ["outcome", "body"]
    list_select_related = ["case", "decided_by", "corrects__case"]


admin.site.register([Consultation, Notification])
