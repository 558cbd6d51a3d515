"""Issue 11 item 9: append-only everywhere it matters. A locked meeting's lock time and
approvals, its attendance, a closed consultation and its answers, an adopted policy version,
a decided case's status and a completed step never change, in the ORM (``GuardedModel``) and,
on PostgreSQL, by trigger — also for raw SQL as the application's database role, which does
not own the tables and so cannot disable the triggers either. ``TRUNCATE`` of the audit log
and the ledger is refused by a statement-level trigger."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from styrsam.cases.models import Case, CaseStep, Consultation, ConsultationResponse
from styrsam.core.models import AppendOnlyError
from styrsam.guideline.models import PolicyVersion
from styrsam.meetings.models import Attendance, Meeting
from styrsam.organisation.models import GovernanceGroup

from ..factories import UserFactory

pytestmark = [pytest.mark.rule("G13"), pytest.mark.rule("G21"), pytest.mark.rule("G29")]

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the triggers exist on PostgreSQL only"
)


def make_records(member) -> dict:
    """One frozen row of every guarded kind, written in its final state."""
    now = timezone.now()
    today = timezone.localdate()
    group = GovernanceGroup.objects.order_by("pk").first()
    meeting = Meeting.objects.create(
        group=group,
        date=today,
        start_time=dt.time(9),
        status=Meeting.Status.HELD,
        chair_approved_at=now,
        adjuster_approved_at=now,
        minutes_locked_at=now,
    )
    attendance = Attendance.objects.create(meeting=meeting, person=member, present=True)
    case = Case.objects.create(
        case_type="other",
        title="Beslutat ärende",
        reporter=member,
        status=Case.Status.DECIDED,
        series="IT",
        year=today.year,
        number=9001,
    )
    step = CaseStep.objects.create(
        case=case, code="prepare", name="Beredning", position=1, completed_at=now
    )
    consultation = Consultation.objects.create(
        case=case, step=step, group=group, deadline=today, opened_by=member, closed_at=now
    )
    response = ConsultationResponse.objects.create(
        consultation=consultation, member=member, position="supports", text="Bra."
    )
    return {
        "meeting": meeting,
        "attendance": attendance,
        "case": case,
        "step": step,
        "consultation": consultation,
        "response": response,
        "policy": PolicyVersion.objects.get(status="adopted"),
    }


@pytest.fixture
def records(policy):
    return make_records(UserFactory(username="ledamot"))


# (record, field, value) of every guarded change; the ORM refuses each by save and update.
CHANGES = [
    ("meeting", "minutes_locked_at", None),
    ("meeting", "chair_approved_at", None),
    ("meeting", "adjuster_approved_at", None),
    ("attendance", "present", False),
    ("consultation", "closed_at", None),
    ("response", "text", "Ändrat efter att remissen stängts."),
    ("response", "position", "objects"),
    ("policy", "name", "Ändrad i efterhand"),
    ("case", "status", "ready"),
    ("case", "status", "open"),
    ("step", "completed_at", None),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("record", "field", "value"), CHANGES)
def test_guarded_change_is_refused_by_the_orm(records, record, field, value):
    obj = records[record]
    before = getattr(type(obj).objects.get(pk=obj.pk), field)
    setattr(obj, field, value)
    with pytest.raises(AppendOnlyError):
        obj.save()
    with pytest.raises(AppendOnlyError):
        type(obj).objects.filter(pk=obj.pk).update(**{field: value})
    assert getattr(type(obj).objects.get(pk=obj.pk), field) == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    "record", ["meeting", "attendance", "consultation", "response", "policy", "case", "step"]
)
def test_guarded_row_cannot_be_deleted_through_the_orm(records, record):
    obj = records[record]
    with pytest.raises(AppendOnlyError):
        obj.delete()
    with pytest.raises(AppendOnlyError):
        type(obj).objects.filter(pk=obj.pk).delete()
    assert type(obj).objects.filter(pk=obj.pk).exists()


@pytest.mark.django_db
def test_unguarded_rows_still_change(policy):
    """Before the condition holds nothing is frozen: an unlocked meeting's attendance, an open
    consultation's answer, a draft policy version, an open step."""
    member = UserFactory(username="ledamot")
    records = make_records(member)
    meeting = records["meeting"]
    open_meeting = Meeting.objects.create(
        group=meeting.group, date=meeting.date, start_time=dt.time(13)
    )
    attendance = Attendance.objects.create(meeting=open_meeting, person=member)
    attendance.present = False
    attendance.save()
    Attendance.objects.filter(meeting=open_meeting).delete()
    open_meeting.chair_approved_at = timezone.now()
    open_meeting.save()
    consultation = records["consultation"]
    other = Consultation.objects.create(
        case=consultation.case,
        step=consultation.step,
        group=consultation.group,
        deadline=consultation.deadline,
        opened_by=member,
    )
    answer = ConsultationResponse.objects.create(
        consultation=other, member=member, position="supports"
    )
    answer.text = "Ändrat medan remissen är öppen."
    answer.save()
    step = CaseStep.objects.create(case=records["case"], code="other", name="Annat", position=2)
    step.comment = "Kommentar"
    step.save()
    # The meeting of locked minutes may still change what the guard does not name.
    meeting.place = "Sal 2"
    meeting.save()
    assert Meeting.objects.get(pk=meeting.pk).place == "Sal 2"


@pytest.mark.django_db
def test_decided_case_reopens_only_by_a_returning_decision(records, it_strategist):
    """A returning decision (återremiss, also as a correction) sends the case back to open."""
    from styrsam.cases.models import Decision

    case = records["case"]
    Decision.objects.create(
        case=case,
        outcome="returned",
        text="Återremiss.",
        body="steering_group",
        decided_by=it_strategist,
    )
    case.status = Case.Status.OPEN
    case.save()
    assert Case.objects.get(pk=case.pk).status == Case.Status.OPEN


# Every statement the triggers refuse, as the application's role would send it.
GUARDED_SQL = [
    "UPDATE meetings_meeting SET minutes_locked_at = NULL WHERE id = {meeting}",
    "UPDATE meetings_meeting SET chair_approved_at = NULL WHERE id = {meeting}",
    "UPDATE meetings_meeting SET adjuster_approved_at = now() WHERE id = {meeting}",
    "DELETE FROM meetings_meeting WHERE id = {meeting}",
    "DELETE FROM meetings_attendance WHERE id = {attendance}",
    "UPDATE meetings_attendance SET present = FALSE WHERE id = {attendance}",
    "UPDATE cases_consultationresponse SET text = 'Ändrat' WHERE id = {response}",
    "DELETE FROM cases_consultationresponse WHERE id = {response}",
    "UPDATE cases_consultation SET closed_at = NULL WHERE id = {consultation}",
    "UPDATE guideline_policyversion SET text = 'x' WHERE id = {policy}",
    "UPDATE guideline_policyversion SET status = 'draft' WHERE id = {policy}",
    "DELETE FROM guideline_policyversion WHERE id = {policy}",
    "UPDATE cases_case SET status = 'ready' WHERE id = {case}",
    "UPDATE cases_case SET status = 'open' WHERE id = {case}",
    "UPDATE cases_casestep SET completed_at = NULL WHERE id = {step}",
    "UPDATE cases_casestep SET completed_by_id = NULL, completed_at = NULL WHERE id = {step}",
    "DELETE FROM cases_casestep WHERE id = {step}",
    "TRUNCATE core_auditentry",
    "TRUNCATE rental_ledgerline",
    "TRUNCATE core_auditentry CASCADE",
    "UPDATE core_auditentry SET action = 'x'",
    "DELETE FROM core_auditentry",
    "ALTER TABLE core_auditentry DISABLE TRIGGER ALL",
    "ALTER TABLE cases_case DISABLE TRIGGER cases_case_guard_trg",
    "ALTER TABLE rental_ledgerline DISABLE TRIGGER USER",
    "DROP TRIGGER core_auditentry_no_truncate_trg ON core_auditentry",
]


@postgresql_only
@pytest.mark.postgres
@pytest.mark.db_owner("grants the application's role TRUNCATE, which only the owner may grant")
@pytest.mark.django_db
def test_truncate_is_refused_by_trigger_to_a_role_that_may_truncate(records):
    """Even a non-superuser owner (one role for everything) cannot TRUNCATE the audit log or
    the ledger: the statement-level trigger refuses (SET ROLE to a role granted TRUNCATE)."""
    role = _app_role()
    with connection.cursor() as cursor:
        cursor.execute(f"GRANT TRUNCATE ON core_auditentry, rental_ledgerline TO {role}")
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending events before TRUNCATE
        for table in ("core_auditentry", "rental_ledgerline"):
            with pytest.raises(DatabaseError, match="TRUNCATE nekas"), transaction.atomic():
                cursor.execute(f"SET LOCAL ROLE {role}; TRUNCATE {table}")


def _app_role() -> str:
    """The application's role (``STYRSAM_APP_DB_ROLE``, default ``styrsam_app``; ``.ci/run``
    creates it), made here if it is missing and the test connection may create roles."""
    role = os.environ.get("STYRSAM_APP_DB_ROLE", "styrsam_app")
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        if cursor.fetchone()[0] == role:
            return role  # the suite runs as it: tests/db_roles.py granted it the privileges
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
        if cursor.fetchone() is None:
            try:
                with transaction.atomic():
                    cursor.execute(f"CREATE ROLE {role} LOGIN")
            except DatabaseError as exc:
                pytest.skip(f"the role {role} is missing and cannot be created: {exc}")
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", [role])
        if cursor.fetchone()[0]:
            pytest.fail(f"{role} is a superuser: it must only read and write rows")
        # What .ci/run and docs/operations.md grant the application's role.
        cursor.execute(
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role};"
            f" GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}"
        )
    return role


@postgresql_only
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_every_guarded_statement_is_refused_to_the_application_role(policy):
    """Connected as the application's role (not the owner): every guarded statement fails,
    and the rows are as they were."""
    import psycopg

    records = make_records(UserFactory(username="ledamot"))
    role = _app_role()
    ids = {name: obj.pk for name, obj in records.items()}
    settings_dict = connection.settings_dict
    app = psycopg.connect(
        host=settings_dict["HOST"] or "127.0.0.1",
        port=settings_dict["PORT"] or 5432,
        dbname=settings_dict["NAME"],
        user=role,
        password=os.environ.get("STYRSAM_APP_DB_PASSWORD") or None,
        autocommit=True,
    )
    refused = []
    try:
        with app.cursor() as cursor:
            cursor.execute("SELECT current_user, session_user")
            assert cursor.fetchone() == (role, role)
            cursor.execute("SELECT count(*) FROM meetings_meeting")  # it may read
            for sql in GUARDED_SQL:
                try:
                    cursor.execute(sql.format(**ids))
                except psycopg.Error as exc:
                    assert exc.sqlstate == "42501", (sql, exc)  # insufficient_privilege
                    refused.append(sql)
            # It may write an unguarded change.
            cursor.execute(
                "UPDATE meetings_meeting SET place = 'Sal 3' WHERE id = %s", [ids["meeting"]]
            )
    finally:
        app.close()
    assert refused == GUARDED_SQL
    print(f"Som {role}: {len(refused)} av {len(GUARDED_SQL)} skyddade satser nekades")
    meeting = Meeting.objects.get(pk=ids["meeting"])
    assert meeting.minutes_locked_at is not None and meeting.place == "Sal 3"
    assert Attendance.objects.filter(pk=ids["attendance"], present=True).exists()
    assert ConsultationResponse.objects.get(pk=ids["response"]).text == "Bra."
    assert Case.objects.get(pk=ids["case"]).status == Case.Status.DECIDED
    assert CaseStep.objects.get(pk=ids["step"]).completed_at is not None
    assert PolicyVersion.objects.get(pk=ids["policy"]).status == "adopted"


@pytest.mark.django_db
def test_decided_case_status_is_read_only_in_the_admin(records, client, superuser):
    """The finding of issue 11: in the admin a decided case's status could be edited back to
    ready. It is shown, not editable, and the guard refuses it anyway."""
    case = records["case"]
    client.force_login(superuser)
    page = client.get(f"/admin/cases/case/{case.pk}/change/")
    assert page.status_code == 200
    assert b'name="status"' not in page.content
    case.refresh_from_db()
    assert case.status == Case.Status.DECIDED


@postgresql_only
@pytest.mark.postgres
@pytest.mark.django_db
def test_every_guarded_model_has_its_trigger():
    """A model that declares guards has the PostgreSQL side too (``core.db.GuardTrigger``
    named ``<table>_guard``), and the audit log and the ledger refuse TRUNCATE."""
    from django.apps import apps

    from styrsam.core.models import GuardedModel

    tables = sorted(
        m._meta.db_table
        for m in apps.get_models()
        if issubclass(m, GuardedModel) and m.guards and not m._meta.proxy
    )
    assert len(tables) >= 7
    with connection.cursor() as cursor:
        cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        triggers = {row[0] for row in cursor.fetchall()}
    assert [t for t in tables if f"{t}_guard_trg" not in triggers] == []
    assert {"core_auditentry_no_truncate_trg", "rental_ledgerline_no_truncate_trg"} <= triggers
