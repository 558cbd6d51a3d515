from django.contrib import admin

from styrsam.core.admin import ReadOnlyAdmin

from .models import PolicyVersion


@admin.register(PolicyVersion)
class PolicyVersionAdmin(ReadOnlyAdmin):
    list_display = [
        "number",
        "name",
        "status",
        "effective_date",
        "decision_number",
        "loaded_at",
        "loaded_by",
        "is_active",
    ]
    exclude = ["data"]
