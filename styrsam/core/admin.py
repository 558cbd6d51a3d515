"""The admin is for superusers only (Django's default requires is_staff; we also require
is_superuser). Append-only tables are shown read-only."""

from django.contrib import admin

from .auth import ThrottledAdminAuthenticationForm
from .models import AuditEntry

admin.site.site_header = "Styrsam – administration"
# The admin's login is throttled like the login page (django-axes, styrsam.core.auth).
admin.site.login_form = ThrottledAdminAuthenticationForm


def _superuser_only(request) -> bool:
    return request.user.is_active and request.user.is_superuser


admin.site.has_permission = _superuser_only


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor", "action", "object_type", "object_repr", "rule"]
    list_filter = ["object_type", "action"]
    search_fields = ["object_repr", "action"]
