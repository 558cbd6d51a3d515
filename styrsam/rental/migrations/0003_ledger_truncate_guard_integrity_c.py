"""Issue 11 item 9: TRUNCATE of the ledger is refused on PostgreSQL (a statement-level
trigger; the row trigger of 0001 does not see TRUNCATE)."""

from django.db import migrations

from styrsam.core.db import TruncateGuard


class Migration(migrations.Migration):
    dependencies = [("rental", "0002_rent_decision_minute_item")]

    operations = [TruncateGuard("rental_ledgerline")]
