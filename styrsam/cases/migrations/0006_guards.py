"""Issue 11 item 9: on PostgreSQL a trigger refuses reopening a decided case (its status
leaves decided/closed other than to open by a returning decision), deleting a decided case,
un-completing or deleting a completed step, reopening or deleting a closed consultation and
changing or deleting the answers of a closed consultation (the ORM side: the models' guards)."""

from django.db import migrations

from styrsam.core.db import GuardTrigger, changed_sql

FINAL = "OLD.status IN ('decided', 'closed')"
RETURNED = (
    "NEW.status = 'open' AND COALESCE((SELECT d.outcome FROM cases_decision d"
    " WHERE d.case_id = OLD.id ORDER BY d.id DESC LIMIT 1) = 'returned', FALSE)"
)
CLOSED_CONSULTATION = (
    "EXISTS (SELECT 1 FROM cases_consultation c"
    " WHERE c.id = OLD.consultation_id AND c.closed_at IS NOT NULL)"
)


class Migration(migrations.Migration):
    dependencies = [("cases", "0005_replacement_integrity_b")]

    operations = [
        GuardTrigger(
            "cases_case",
            name="cases_case_guard",
            message="Ärendet är avgjort: statusen kan inte ändras tillbaka",
            update_when=(
                f"{FINAL} AND NEW.status NOT IN ('decided', 'closed') AND NOT ({RETURNED})"
            ),
            delete_when=FINAL,
        ),
        GuardTrigger(
            "cases_casestep",
            name="cases_casestep_guard",
            message="Steget är utfört och kan inte återöppnas",
            update_when="OLD.completed_at IS NOT NULL AND "
            + changed_sql("completed_at", "completed_by_id"),
            delete_when="OLD.completed_at IS NOT NULL",
        ),
        GuardTrigger(
            "cases_consultation",
            name="cases_consultation_guard",
            message="Remissen är avslutad",
            update_when="OLD.closed_at IS NOT NULL AND " + changed_sql("closed_at", "closed_by_id"),
            delete_when="OLD.closed_at IS NOT NULL",
        ),
        GuardTrigger(
            "cases_consultationresponse",
            name="cases_consultationresponse_guard",
            message="Remissen är avslutad: svaren kan inte ändras",
            update_when=CLOSED_CONSULTATION,
            delete_when=CLOSED_CONSULTATION,
        ),
    ]
