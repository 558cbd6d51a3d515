"""What the follow-up rows of the authorization table and the integrity findings of issue 11
revealed, fixed in the services and pages (tests/authz/rows_followup.py)."""

from __future__ import annotations

import datetime

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
from tests.vocab import c

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

    head = person_with_role(
        c("head_of_department"), unit=OrgUnitFactory(code="bou"), username="maria"
    )
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


@pytest.mark.rule("G30")
@pytest.mark.rule("G31")
@pytest.mark.parametrize(
    "perm",
    [
        "followup.run_rounds",
        "followup.load_instrument",
        "followup.answer_assignment",
        "followup.add_panel",
        "followup.manage_panel",
    ],
)
def test_g30_g31_superuser_holds_no_followup_governance_permission(superuser, perm):
    """Running the self-assessment and the citizen panels is governance work: asked without
    Django's superuser shortcut (``core.access.may``)."""
    from styrsam.core.access import GOVERNANCE_PERMISSIONS, may

    assert perm in GOVERNANCE_PERMISSIONS
    assert may(superuser, perm) is False


@pytest.mark.rule("G30")
@pytest.mark.rule("G31")
def test_g30_g31_superuser_reads_rounds_and_panels_but_runs_none(
    client, api_client, superuser, assessment, policy
):
    """The superuser ran the rounds and the panels (``runs_rounds``, ``panel_units``: "or
    superuser"): now he reads them (200) and is refused every write (403), page and API, and
    nothing is written."""
    from styrsam.followup import services
    from styrsam.followup.models import AssessmentRound, Panel

    panel = services.panel_create(
        actor=None,
        name="Panelen",
        purpose="Att fråga om e-tjänsterna.",
        retention_months=12,
        controller_contact="dataskydd@exempelkommun.se",
    )
    before = AuditEntry.objects.count()
    client.force_login(superuser)
    api_client.force_authenticate(superuser)
    reads = [
        client.get("/uppfoljning/").status_code,
        client.get(f"/uppfoljning/{assessment.pk}/").status_code,
        client.get(f"/medborgarpaneler/{panel.pk}/").status_code,
        api_client.get(f"/api/v1/panels/{panel.pk}/").status_code,
    ]
    assert reads == [200, 200, 200, 200]
    page = client.get(f"/medborgarpaneler/{panel.pk}/")
    assert page.context["can_manage"] is False
    writes = [
        client.post(f"/uppfoljning/{assessment.pk}/sammanstall/").status_code,
        api_client.post(f"/api/v1/assessment-rounds/{assessment.pk}/compile/").status_code,
        client.post(
            f"/medborgarpaneler/{panel.pk}/bjud-in/", {"emails": "a@example.se"}
        ).status_code,
        api_client.patch(
            f"/api/v1/panels/{panel.pk}/", {"name": "Nytt namn"}, format="json"
        ).status_code,
    ]
    assert writes == [403, 403, 403, 403]
    assessment.refresh_from_db()
    assert assessment.status == AssessmentRound.Status.OPEN
    assert Panel.objects.get().name == "Panelen"
    assert not panel.members.exists()
    assert AuditEntry.objects.count() == before


@pytest.mark.rule("G31")
def test_g31_a_register_extract_refused_is_a_403_not_a_500(client, superuser, policy):
    """The register extract page called the service without asking first: one who sees the
    panel but does not run it (the superuser) got the service's refusal unhandled (500)."""
    from styrsam.followup import services
    from styrsam.followup.models import PanelMember

    panel = services.panel_create(
        actor=None,
        name="Panelen",
        purpose="Att fråga om e-tjänsterna.",
        retention_months=12,
        controller_contact="dataskydd@exempelkommun.se",
    )
    member = PanelMember.objects.create(
        panel=panel, email="medlem@example.se", retain_until=datetime.date(2030, 1, 1)
    )
    before = AuditEntry.objects.count()
    client.force_login(superuser)
    client.raise_request_exception = False
    response = client.post(f"/medborgarpaneler/medlem/{member.pk}/utdrag/")
    assert response.status_code == 403
    assert AuditEntry.objects.count() == before
