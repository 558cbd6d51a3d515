"""The admin is for superusers only (Django's default requires is_staff; we also require
is_superuser). Append-only tables and governed records are shown read-only.

A write the models refuse (a guard of a ``GuardedModel``, an append-only row, any
``ServiceError``) is never a 500 in the admin: every admin view is wrapped so that the refusal
comes back as the Swedish message on the page it came from (a redirect; the admin's own
transaction has rolled the write back)."""

import functools

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse

from .auth import ThrottledAdminAuthenticationForm
from .errors import ServiceError
from .models import AuditEntry

admin.site.site_header = "Styrsam – administration"
# The admin's login is throttled like the login page (django-axes, styrsam.core.auth).
admin.site.login_form = ThrottledAdminAuthenticationForm


def _superuser_only(request) -> bool:
    return request.user.is_active and request.user.is_superuser


admin.site.has_permission = _superuser_only

_admin_view = admin.site.admin_view


def _refusals_as_messages(view, cacheable=False):
    """``AdminSite.admin_view`` that turns a refused write into a message, never a 500."""
    wrapped = _admin_view(view, cacheable)

    @functools.wraps(wrapped)
    def inner(request, *args, **kwargs):
        try:
            return wrapped(request, *args, **kwargs)
        except ServiceError as exc:
            index = reverse("admin:index")
            if request.method != "POST" and request.path == index:
                raise
            messages.error(request, exc.display)
            return HttpResponseRedirect(
                request.get_full_path() if request.method == "POST" else index
            )

    return inner


admin.site.admin_view = _refusals_as_messages


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
