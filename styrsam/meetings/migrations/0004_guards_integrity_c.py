"""Issue 11 item 9: on PostgreSQL a trigger refuses clearing or changing a meeting's
minutes-locked time or approvals, deleting a locked meeting, and changing or deleting the
attendance of a locked meeting (the ORM side: ``Meeting.guards``, ``Attendance.guards``)."""

from django.db import migrations

from styrsam.core.db import GuardTrigger, changed_sql

LOCKED_MEETING = (
    "EXISTS (SELECT 1 FROM meetings_meeting m"
    " WHERE m.id = OLD.meeting_id AND m.minutes_locked_at IS NOT NULL)"
)


class Migration(migrations.Migration):
    dependencies = [("meetings", "0003_minute_numbers_in_sequence_locked_once")]

    operations = [
        GuardTrigger(
            "meetings_meeting",
            name="meetings_meeting_guard",
            message="Protokollet är justerat och låst",
            update_when=(
                "(OLD.minutes_locked_at IS NOT NULL AND "
                + changed_sql("minutes_locked_at", "chair_approved_at", "adjuster_approved_at")
                + ") OR (OLD.chair_approved_at IS NOT NULL AND "
                + changed_sql("chair_approved_at")
                + ") OR (OLD.adjuster_approved_at IS NOT NULL AND "
                + changed_sql("adjuster_approved_at")
                + ")"
            ),
            delete_when="OLD.minutes_locked_at IS NOT NULL",
        ),
        GuardTrigger(
            "meetings_attendance",
            name="meetings_attendance_guard",
            message="Protokollet är justerat och låst: närvaron",
            update_when=LOCKED_MEETING,
            delete_when=LOCKED_MEETING,
        ),
    ]
