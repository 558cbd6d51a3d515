"""The audit log is append-only (convention 5)."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from styrsam.core.audit import audit_record, changed, history_for
from styrsam.core.models import AppendOnlyError, AuditEntry
from styrsam.organisation.models import Committee

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only"
)


@pytest.fixture
def entry(db):
    committee = Committee.objects.create(code="ks", name="Kommunstyrelsen")
    with transaction.atomic():
        return audit_record(
            actor=None, action="committee.create", obj=committee, after={"name": "Kommunstyrelsen"}
        )


def test_audit_record_outside_a_transaction_is_refused(transactional_db):
    committee = Committee.objects.create(code="bn", name="Byggnadsnämnden")
    with pytest.raises(RuntimeError, match="transaction"):
        audit_record(actor=None, action="committee.create", obj=committee)
    assert not AuditEntry.objects.exists()


def test_audit_record_stores_the_object_and_values(entry):
    assert entry.object_type == "organisation.committee"
    assert entry.object_repr == "Kommunstyrelsen"
    assert entry.after == {"name": "Kommunstyrelsen"}
    committee = Committee.objects.get(code="ks")
    assert list(history_for(committee)) == [entry]


def test_saving_an_existing_entry_is_refused(entry):
    entry.action = "tampered"
    with pytest.raises(AppendOnlyError):
        entry.save()
    assert AuditEntry.objects.get(pk=entry.pk).action == "committee.create"


def test_deleting_an_entry_is_refused(entry):
    with pytest.raises(AppendOnlyError):
        entry.delete()
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_bulk_update_and_delete_are_refused(entry):
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="tampered")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == "committee.create"


@postgres_only
@pytest.mark.postgres
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE core_auditentry SET action = 'tampered' WHERE id = %s",
        "DELETE FROM core_auditentry WHERE id = %s",
    ],
    ids=["update", "delete"],
)
def test_raw_sql_cannot_change_the_log_on_postgresql(entry, sql):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [entry.pk])
    with connection.cursor() as cursor:
        cursor.execute("SELECT action FROM core_auditentry WHERE id = %s", [entry.pk])
        assert cursor.fetchone() == ("committee.create",)


def test_changed_keeps_only_differences():
    assert changed({"a": 1, "b": 2}, {"a": 1, "b": 3}) == ({"b": 2}, {"b": 3})
