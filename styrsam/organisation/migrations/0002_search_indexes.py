"""Issue 18: the people list sorts 60,000 people by name (an index on the sort key of
``selectors.person_list``, on Django's own user table, so in SQL) and searches them with
``SearchFilter`` (trigram indexes on PostgreSQL; SQLite keeps the plain scan)."""

from django.conf import settings
from django.db import migrations

from styrsam.core.db import TrigramSearchIndexes


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0001_municipality_groups_roles"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunSQL(
            'CREATE INDEX IF NOT EXISTS "styrsam_person_name_idx" '
            'ON "auth_user" ("last_name", "first_name", "username")',
            'DROP INDEX IF EXISTS "styrsam_person_name_idx"',
            elidable=False,
        ),
        TrigramSearchIndexes("auth_user", ["first_name", "last_name", "username"]),
        TrigramSearchIndexes("organisation_profile", ["title"]),
    ]
