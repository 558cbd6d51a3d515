"""The start page's steps waiting for one of the user's roles (issue 18): only the steps that a
role of the user may perform are read (their JSON list's text holds the role's code), and the
to-dos are those of every open step checked in Python, as before."""

from __future__ import annotations

import pytest

from styrsam.cases.models import Case, CaseStep
from styrsam.cases.todos import _open_steps, todos
from styrsam.guideline.policy import get_policy
from styrsam.organisation.roles import roles_of
from tests.factories import RoleAssignmentFactory, UserFactory, person_with_role

pytestmark = pytest.mark.django_db


def _expected(user) -> list[str]:
    """The texts of the steps' to-dos read as before: every open step, checked in Python."""
    roles = {r for r, _u in roles_of(user)}
    texts = []
    for step in CaseStep.objects.select_related("case").order_by(
        "case__year", "case__number", "position"
    ):
        case = step.case
        if (
            case.status == Case.Status.OPEN
            and step.completed_at is None
            and (not step.when_needed or step.needed)
            and not step.consultation_group
            and roles.intersection(step.performer_roles)
        ):
            texts.append(f"{case.series} {case.year}/{case.number} {case.title}: {step.name}")
    return texts[:20]


def _case_with_a_step(number: int, performers: list[str], reporter) -> Case:
    """The open case IT 2026/``number`` with its step "Steg" performed by ``performers``."""
    case = Case.objects.create(
        case_type="x",
        title=f"Ärende {number}",
        reporter=reporter,
        series="IT",
        year=2026,
        number=number,
    )
    CaseStep.objects.create(
        case=case, code="a", name="Steg", position=1, performer_roles=performers
    )
    return case


def test_the_steps_of_the_users_roles_and_no_others(policy):
    strategist = person_with_role("it_strategist")
    [role] = {r for r, _u in roles_of(strategist)}
    # a role whose code JSON writes otherwise (not ASCII): every open step is read and checked
    adviser = UserFactory()
    RoleAssignmentFactory(person=adviser, role='rådgivare_"å"')
    [odd] = {r for r, _u in roles_of(adviser)}
    reporter = UserFactory()
    lists = [
        [role],
        ["other", role],
        [role + "_x"],
        [role[:-1]],
        [f"x{role}"],
        [odd],
        [odd, role],
        [],
        [role.upper()],
    ]
    for number, performers in enumerate(lists, start=1):
        case = _case_with_a_step(number, performers, reporter)
        # a done step, a step not needed and a consultation are no to-dos
        CaseStep.objects.create(
            case=case,
            code="b",
            name="Klart",
            position=2,
            performer_roles=performers,
            completed_at="2026-01-01T10:00Z",
        )
        CaseStep.objects.create(
            case=case, code="c", name="Ej", position=3, performer_roles=performers, when_needed=True
        )
        CaseStep.objects.create(
            case=case,
            code="d",
            name="Remiss",
            position=4,
            performer_roles=performers,
            consultation_group="g",
        )
    closed = Case.objects.create(
        case_type="x",
        title="Stängt",
        reporter=reporter,
        series="IT",
        year=2026,
        number=99,
        status=Case.Status.CLOSED,
    )
    CaseStep.objects.create(case=closed, code="a", name="Steg", position=1, performer_roles=[role])

    policy = get_policy()
    for user, shown in ((strategist, {1, 2, 7}), (adviser, {6, 7})):
        texts = [t.text for t in todos(user, policy) if t.text.startswith("IT 2026/")]
        assert texts == _expected(user)
        assert {int(t.split("/")[1].split()[0]) for t in texts} == shown
        assert all(t.endswith(": Steg") for t in texts)
    # the strategist's read leaves out the steps no role of theirs performs, in SQL
    read = {row[0] for row in _open_steps({role})}
    assert {Case.objects.get(pk=pk).number for pk in read} <= {1, 2, 7, 9}


def _cases_with_a_step(performers_by_number: dict[int, list[str]]) -> None:
    reporter = UserFactory()
    for number, performers in performers_by_number.items():
        _case_with_a_step(number, performers, reporter)


def _step_reads(user, policy) -> tuple[list[str], list[str]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        texts = [t.text for t in todos(user, policy) if t.text.startswith("IT 2026/")]
    return texts, [q["sql"] for q in queries.captured_queries if "cases_casestep" in q["sql"]]


def test_twenty_steps_of_the_users_roles_are_read_in_one_query_of_twenty_rows(policy):
    """Issue 18: the IT strategist's 212 open steps at scale were read and decoded to show
    20; now the first 20 rows are read, and they are the to-dos."""
    strategist = person_with_role("it_strategist")
    [role] = {r for r, _u in roles_of(strategist)}
    _cases_with_a_step({number: [role] for number in range(1, 31)})
    texts, reads = _step_reads(strategist, get_policy())
    assert texts == _expected(strategist)
    assert len(texts) == 20
    [read] = reads
    assert "LIMIT 20" in read


def test_steps_of_another_role_among_the_first_twenty_make_a_second_read(policy):
    """A role code JSON writes otherwise (here not ASCII) cannot be matched in SQL: every open
    step is read; when the first 20 rows hold steps of other roles, the rest are read (at
    most 500 rows in all, as before) so no to-do is lost."""
    adviser = UserFactory()
    RoleAssignmentFactory(person=adviser, role='rådgivare_"å"')
    [odd] = {r for r, _u in roles_of(adviser)}
    _cases_with_a_step({number: (["other"] if number <= 22 else [odd]) for number in range(1, 26)})
    texts, reads = _step_reads(adviser, get_policy())
    assert texts == _expected(adviser)
    assert [t.split()[1] for t in texts] == ["2026/23", "2026/24", "2026/25"]
    assert len(reads) == 2
    assert "LIMIT 20" in reads[0]
    assert "LIMIT 480 OFFSET 20" in reads[1]
