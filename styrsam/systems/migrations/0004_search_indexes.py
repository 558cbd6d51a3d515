"""Issue 18: the register's search (``SearchFilter`` over name, description and vendor) on
trigram indexes on PostgreSQL; SQLite keeps the plain scan."""

from django.db import migrations

from styrsam.core.db import TrigramSearchIndexes


class Migration(migrations.Migration):
    dependencies = [
        ("systems", "0003_system_messages"),
    ]

    operations = [
        TrigramSearchIndexes("systems_system", ["name", "description", "vendor"]),
    ]
