"""History tabs read like the page (issue 17): Swedish field labels and display values, never
internal keys, Python reprs or action codes."""

from __future__ import annotations

import re

import pytest
from django.db import transaction
from django.template.loader import render_to_string

from styrsam.core.audit import audit_record, history_for
from styrsam.core.history import money, readable_history
from tests.factories import OrgUnitFactory, SystemFactory, UserFactory

pytestmark = pytest.mark.django_db


def _render(obj) -> str:
    html = render_to_string("components/history.html", {"history": history_for(obj)})
    return re.sub(r"<[^>]+>", " ", html)


def _visible(html: str) -> str:
    return re.sub(r"\s+", " ", html)


def test_unit_history_shows_labels_and_ja_nej(policy):
    unit = OrgUnitFactory(name="Kulturförvaltningen")
    with transaction.atomic():
        audit_record(
            actor=None,
            action="org_unit.create",
            obj=unit,
            after={"code": "kf", "kind": "department", "is_active": True},
        )
    text = _visible(_render(unit))
    assert "Aktiv Ja" in text
    assert "Typ Förvaltning" in text
    assert "is_active" not in text and "True" not in text and "department" not in text
    assert "Enhet skapad" in text and "org_unit.create" not in text


@pytest.mark.rule("G21")
def test_case_history_shows_names_of_people_types_and_steps(policy):
    from styrsam.cases.models import Case

    reporter = UserFactory(username="ingrid", first_name="Ingrid", last_name="Holm")
    unit = OrgUnitFactory()
    system = SystemFactory(name="Lön- och PA-system")
    case_type = policy.case_type_codes()[0]
    case = Case.objects.create(
        case_type=case_type,
        title="Nytt behov",
        reporter=reporter,
        reporting_unit=unit,
        series="IT",
        year=2026,
        number=1,
    )
    with transaction.atomic():
        audit_record(
            actor=reporter,
            action="case.report",
            obj=case,
            after={
                "case_type": case_type,
                "reporter": {"id": reporter.pk, "text": "ingrid"},
                "system": {"id": system.pk, "text": system.name},
                "amount_requested": "57900.00",
            },
        )
        audit_record(
            actor=reporter,
            action="case.step_complete",
            obj=case,
            after={"step": "it_review", "name": "IT-granskning", "comment": "Klart"},
        )
    text = _visible(_render(case))

    assert policy.case_type_name(case_type) in text
    assert "Anmält av Ingrid Holm" in text
    assert "System Lön- och PA-system" in text
    assert "Sökt belopp (kr) 57 900,00" in text
    assert "Steg IT-granskning" in text and "Steg utfört" in text
    for raw in ("case_type", "reporter", "{'", "it_review", "case.step_complete", "step_"):
        assert raw not in text, raw


def test_history_reads_people_in_one_query(policy, django_assert_max_num_queries):
    from styrsam.organisation.models import RoleAssignment

    people = [UserFactory() for _ in range(5)]
    entries = []
    with transaction.atomic():
        for person in people:
            ra = RoleAssignment.objects.create(person=person, role="it_strategist")
            entries.append(
                audit_record(
                    actor=None,
                    action="role.assign",
                    obj=ra,
                    after={"person": {"id": person.pk, "text": person.username}},
                )
            )
    with django_assert_max_num_queries(1):
        rows = readable_history(entries)
    assert [r["changes"][0]["after"] for r in rows] == [p.get_full_name() for p in people]


def test_money_is_written_the_swedish_way():
    assert money("57900") == "57\xa0900,00"
    assert money("1234567.5") == "1\xa0234\xa0567,50"
