"""Issue 11 item 9: TRUNCATE of the audit log is refused on PostgreSQL (a statement-level
trigger; the row trigger of 0001 does not see TRUNCATE)."""

from django.db import migrations

from styrsam.core.db import TruncateGuard


class Migration(migrations.Migration):
    dependencies = [("core", "0003_audit_entry_request_id")]

    operations = [TruncateGuard("core_auditentry")]
