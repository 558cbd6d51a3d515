"""What the follow-up rows of the authorization table and the integrity findings of issue 11
revealed, fixed in the services and pages (tests/authz/rows_followup.py)."""

from __future__ import annotations

import pytest

from styrsam.core.models import AuditEntry
from tests.cases.conftest import director, groups, owner, strategist, vof  # noqa: F401
from tests.followup.conftest import (  # noqa: F401
    assessment,
    bou,
    eva,
    instrument,
    jonas,
    preparatory,
    steering,
    today,
)

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


@pytest.mark.rule("G31")
def test_g31_the_panel_page_refuses_another_departments_unit_as_the_api_does(
    client, api_client, vof, policy
):
    """A head of department runs the panels of her own department (``run_panels``): the page
    answered a panel for another department with 400 (a unit outside the form's choices), the
    API with 403 (``not_panel_manager``). Now both 403, and no panel is made."""
    from styrsam.followup.models import Panel
    from tests.factories import OrgUnitFactory, person_with_role

    head = person_with_role("head_of_department", unit=OrgUnitFactory(code="bou"), username="maria")
    body = {
        "name": "Vofs panel",
        "purpose": "Att fråga om e-tjänsterna.",
        "retention_months": 12,
        "controller_contact": "dataskydd@exempelkommun.se",
    }
    before = AuditEntry.objects.count()
    client.force_login(head)
    page = client.post("/medborgarpaneler/ny/", {**body, "unit": "vof"})
    api_client.force_authenticate(head)
    api = api_client.post("/api/v1/panels/", {**body, "unit": "vof"}, format="json")
    assert (page.status_code, api.status_code) == (403, 403)
    assert api.json()["code"] == "not_panel_manager"
    assert not Panel.objects.exists()
    assert AuditEntry.objects.count() == before


@pytest.mark.rule("G30")
@pytest.mark.rule("G13")
def test_g30_superuser_puts_no_result_on_the_agenda_on_the_page_as_in_the_api(
    client, api_client, superuser, assessment, eva, strategist, steering, today
):
    """Sending the compiled result puts it on the steering group's agenda, which its convener
    runs: the API refused the superuser (403, the agenda's ``require_runs``) while the page
    answered 400 (a meeting outside the form's choices). Now both 403, nothing on the agenda."""
    import datetime

    from styrsam.followup import services
    from styrsam.meetings.models import Meeting
    from tests.followup.conftest import answer_all

    answer_all(
        assessment.assignments.filter(unit=eva.memberships.get().represents).first(), eva, "fully"
    )
    services.round_compile(actor=strategist, assessment=assessment)
    meeting = Meeting.objects.create(
        group=steering,
        date=today + datetime.timedelta(days=20),
        start_time=datetime.time(9, 0),
        convener=strategist,
    )
    before = AuditEntry.objects.count()
    client.force_login(superuser)
    page = client.post(f"/uppfoljning/{assessment.pk}/skicka/", {"meeting": meeting.pk})
    api_client.force_authenticate(superuser)
    api = api_client.post(
        f"/api/v1/assessment-rounds/{assessment.pk}/send/", {"meeting": meeting.pk}, format="json"
    )
    assert (page.status_code, api.status_code) == (403, 403)
    assert not meeting.agenda_items.exists()
    assessment.refresh_from_db()
    assert assessment.agenda_item_id is None
    assert AuditEntry.objects.count() == before


@pytest.mark.rule("G30")
def test_g30_who_sends_the_result_is_asked_before_the_rounds_state(
    api_client, superuser, assessment, strategist, steering, today
):
    """The superuser sending a round that is not compiled learnt its state (409
    ``not_compiled``) before being refused: now 403, as on a compiled round."""
    import datetime

    from styrsam.meetings.models import Meeting

    meeting = Meeting.objects.create(
        group=steering,
        date=today + datetime.timedelta(days=20),
        start_time=datetime.time(9, 0),
        convener=strategist,
    )
    api_client.force_authenticate(superuser)
    response = api_client.post(
        f"/api/v1/assessment-rounds/{assessment.pk}/send/", {"meeting": meeting.pk}, format="json"
    )
    assert response.status_code == 403
    assert not meeting.agenda_items.exists()
