"""Meetings in the admin, read-only: meetings, attendance and minutes are governed records
changed only through the services, with their audit and guards (issue 11: the superuser
administers the system and is no governance actor)."""

from django.contrib import admin
from django.db import models

from styrsam.core.admin import ReadOnlyAdmin

from .models import Attendance, Meeting, MinuteItem


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ["group", "date", "start_time", "status"]
    list_filter = ["group", "status"]
    list_select_related = ["group"]
    date_hierarchy = "date"
    inlines = [AttendanceInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(MinuteItem)
class MinuteItemAdmin(ReadOnlyAdmin):
    list_display = ["group", "year", "number", "title", "meeting"]
    list_filter = ["group", "year"]
    list_select_related = ["group", "meeting", "meeting__group"]
    search_fields = ["title"]
