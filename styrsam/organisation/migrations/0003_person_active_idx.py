"""Issue 18: the people list's total counts the active people (60,000) on every request; an
index on ``is_active`` lets PostgreSQL count them with an index-only scan instead of reading
the whole user table (on Django's own user table, so in SQL)."""

from django.conf import settings
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0002_search_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunSQL(
            'CREATE INDEX IF NOT EXISTS "styrsam_person_active_idx" ON "auth_user" ("is_active")',
            'DROP INDEX IF EXISTS "styrsam_person_active_idx"',
            elidable=False,
        ),
    ]
