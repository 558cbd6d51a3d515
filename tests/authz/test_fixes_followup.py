"""What the follow-up rows of the authorization table and the integrity findings of issue 11
revealed, fixed in the services and pages (tests/authz/rows_followup.py)."""

from __future__ import annotations

import pytest

from tests.cases.conftest import director, groups, owner, strategist, vof  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def decision(strategist, owner):
    from styrsam.cases import services as cases
    from tests.cases.conftest import prepare, report

    return cases.case_decide(
        actor=strategist,
        case=prepare(report(owner), strategist),
        outcome="approved",
        text="Bifall.",
    )


@pytest.mark.rule("G13")
@pytest.mark.rule("G21")
def test_g13_g21_the_chair_sees_the_correction_form_a_non_corrector_does_not(
    client, decision, strategist, director, owner, superuser
):
    """The decision page showed the correction form to ``cases.manage_case`` (the
    coordinator's) although the correction service lets the steering group's chair (the
    municipal director) correct: the page now asks the service's own predicate. The system
    owner and the superuser (no governance actor) do not get the form."""
    seen = {}
    for user in (strategist, director, owner, superuser):
        client.force_login(user)
        response = client.get(f"/beslut/{decision.pk}/")
        assert response.status_code == 200
        seen[user.username] = (
            response.context["may_correct"],
            b"correct-heading" in response.content,
        )
    assert seen == {
        strategist.username: (True, True),
        director.username: (True, True),
        owner.username: (False, False),
        superuser.username: (False, False),
    }
