"""The follow-up's rows of the authorization table (issue 11 item 10): the yearly
self-assessment (G30) and the citizen panels (G31), page and API.

- G02, G30: the coordinator (the IT strategist) runs the rounds: loads the instruments, opens a
  round, assigns its areas, compiles it, imports and removes other municipalities' results.
  Not the superuser (403): the self-assessment is the governance's own follow-up, and the
  system administrator is no governance actor (issue 11; reads keep him, writes do not, as
  ``organisation.roles.coordinates``). Every member of staff reads the rounds (403, not 404).
- G30: an assignment is answered by the one it is given to (the system owner, a member of the
  preparatory group); nobody else answers it, the superuser neither (no consultation answer);
  the assignment is seen by its respondent, whoever runs the round and the superuser (reads),
  the rest get 404.
- G13, G30: sending the compiled result puts it on the steering group's agenda, which is the
  convener's (the IT strategist); the superuser, who does not run the group's meetings, is
  refused (403) on the page as in the API.
- G31: a panel of a department is run by the coordinator and the department's own holder of
  ``run_panels`` (its head); the superuser sees every panel but runs none (403); another
  department's head, who runs panels of her own, does not see it (404) and may not start one
  for it (403, on the page as in the API); everyone else may run no panel (403).
"""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

from .table import Op, _d, _file, both

RUNS_ROUNDS = ("it_strategist",)
# the vof panel: its managers; another department's head runs panels but not this one (404)
RUNS_PANEL = {
    "allowed": ("it_strategist", "head_of_department"),
    "exceptions": {"other_head_of_department": 404},
}
PANEL = {
    "name": "Ny panel för vård och omsorg",
    "purpose": "Att fråga brukarna om e-tjänsterna inom vård och omsorg (G31).",
    "retention_months": 12,
    "controller_contact": "dataskydd@exempelkommun.se",
}
SURVEY = {"title": "Ny enkät om e-tjänster", "introduction": "Några frågor."}
QUESTION = {"kind": "text", "text": "Vad saknar du bland e-tjänsterna?"}
QUESTION_FORM = {**QUESTION, "scale_min": 1, "scale_max": 5}


def _round_url(o, action: str = "") -> str:
    return f"/api/v1/assessment-rounds/{o.fu_round.pk}/{action}"


ROWS: list[Op] = [
    # --- the self-assessment (G30) ------------------------------------------------------------
    *both(
        (
            "api:v1_assessment_instruments_create",
            lambda o: "/api/v1/assessment-instruments/",
            lambda o: {"text": o.fu_instrument_text, "source": "eblomlada-2.yaml"},
        ),
        (
            "ui:followup:instrument_upload",
            lambda o: "/uppfoljning/instrument/ladda/",
            lambda o: {"file": _file("eblomlada-2.yaml", o.fu_instrument_text.encode())},
        ),
        allowed=RUNS_ROUNDS,
        rule="G30",
        api_ok=201,
    ),
    *both(
        (
            "api:v1_assessment_rounds_create",
            lambda o: "/api/v1/assessment-rounds/",
            lambda o: {
                "year": o.year + 1,
                "instrument": o.fu_round.instrument_id,
                "deadline": _d(30),
            },
        ),
        (
            "ui:followup:round_create",
            lambda o: "/uppfoljning/ny/",
            lambda o: {
                "year": o.year + 1,
                "instrument": o.fu_round.instrument_id,
                "deadline": _d(30),
            },
        ),
        allowed=RUNS_ROUNDS,
        rule="G30",
        api_ok=201,
    ),
    *both(
        (
            "api:v1_assessment_rounds_assignments_create",
            lambda o: _round_url(o, "assignments/"),
            lambda o: {"area": o.fu_other_area.code, "person": "anna"},
        ),
        (
            "ui:followup:assignment_add",
            lambda o: f"/uppfoljning/{o.fu_round.pk}/tilldela/",
            lambda o: {"area": o.fu_other_area.pk, "person": "anna"},
        ),
        allowed=RUNS_ROUNDS,
        rule="G30",
        api_ok=201,
    ),
    # the API has no removal of an assignment
    Op(
        "ui:followup:assignment_remove",
        url=lambda o: f"/uppfoljning/{o.fu_round.pk}/tilldela/{o.fu_assignment.pk}/ta-bort/",
        body=lambda o: {},
        allowed=RUNS_ROUNDS,
        ok=302,
        rule="G30",
    ),
    # the one the assignment is given to answers it (the system owner, in the preparatory group)
    *both(
        (
            "api:v1_assessment_rounds_answers_create",
            lambda o: _round_url(o, "answers/"),
            lambda o: {
                "assignment": o.fu_assignment.pk,
                "answers": [{"indicator": o.fu_indicator.code, "level": o.fu_level.code}],
            },
        ),
        (
            "ui:followup:assignment_answer",
            lambda o: f"/uppfoljning/uppdrag/{o.fu_assignment.pk}/",
            lambda o: {f"level_{o.fu_indicator.pk}": o.fu_level.pk},
        ),
        allowed=("system_owner",),
        rule="G30",
        # an assignment is seen by its respondent and whoever runs the round (403); 404 else
        denied=404,
        exceptions=dict.fromkeys(("it_strategist", "superuser"), 403),
    ),
    *both(
        (
            "api:v1_assessment_rounds_compile_create",
            lambda o: _round_url(o, "compile/"),
            lambda o: {},
        ),
        (
            "ui:followup:round_compile",
            lambda o: f"/uppfoljning/{o.fu_round.pk}/sammanstall/",
            lambda o: {},
        ),
        allowed=RUNS_ROUNDS,
        rule="G30",
    ),
    # on the steering group's agenda: its convener's (G13); the superuser runs no meeting
    *both(
        (
            "api:v1_assessment_rounds_send_create",
            lambda o: f"/api/v1/assessment-rounds/{o.fu_compiled_round.pk}/send/",
            lambda o: {"meeting": o.fu_meeting.pk},
        ),
        (
            "ui:followup:round_send",
            lambda o: f"/uppfoljning/{o.fu_compiled_round.pk}/skicka/",
            lambda o: {"meeting": o.fu_meeting.pk},
        ),
        allowed=("it_strategist",),
        rule="G30",
    ),
    *both(
        (
            "api:v1_assessment_comparisons_create",
            lambda o: "/api/v1/assessment-comparisons/",
            lambda o: {"text": o.fu_comparison_text, "source": "nyby.json"},
        ),
        (
            "ui:followup:comparison_import",
            lambda o: "/uppfoljning/jamforelser/importera/",
            lambda o: {"file": _file("nyby.json", o.fu_comparison_text.encode())},
        ),
        allowed=RUNS_ROUNDS,
        rule="G30",
        api_ok=201,
    ),
    *both(
        (
            "api:v1_assessment_comparisons_destroy",
            lambda o: f"/api/v1/assessment-comparisons/{o.fu_comparison.pk}/",
            lambda o: {},
        ),
        (
            "ui:followup:comparison_delete",
            lambda o: f"/uppfoljning/jamforelser/{o.fu_comparison.pk}/ta-bort/",
            lambda o: {},
        ),
        allowed=RUNS_ROUNDS,
        rule="G30",
        api_ok=204,
        api_method="delete",
    ),
    # --- citizen panels (G31) -----------------------------------------------------------------
    *both(
        (
            "api:v1_panels_create",
            lambda o: "/api/v1/panels/",
            lambda o: {**PANEL, "unit": "vof"},
        ),
        (
            "ui:followup:panel_create",
            lambda o: "/medborgarpaneler/ny/",
            lambda o: {**PANEL, "unit": o.unit.code},
        ),
        allowed=RUNS_PANEL["allowed"],
        rule="G31",
        api_ok=201,
    ),
    *both(
        (
            "api:v1_panels_partial_update",
            lambda o: f"/api/v1/panels/{o.fu_panel.pk}/",
            lambda o: {"name": "Panelen med nytt namn"},
        ),
        (
            "ui:followup:panel_edit",
            lambda o: f"/medborgarpaneler/{o.fu_panel.pk}/andra/",
            lambda o: {**PANEL, "name": "Panelen med nytt namn"},
        ),
        rule="G31",
        api_method="patch",
        **RUNS_PANEL,
    ),
    *both(
        (
            "api:v1_panels_invite_create",
            lambda o: f"/api/v1/panels/{o.fu_panel.pk}/invite/",
            lambda o: {"emails": ["ny.medlem@example.se"]},
        ),
        (
            "ui:followup:member_invite",
            lambda o: f"/medborgarpaneler/{o.fu_panel.pk}/bjud-in/",
            lambda o: {"emails": "ny.medlem@example.se"},
        ),
        rule="G31",
        **RUNS_PANEL,
    ),
    *both(
        (
            "api:v1_panel_members_destroy",
            lambda o: f"/api/v1/panel-members/{o.fu_member.pk}/",
            lambda o: {},
        ),
        (
            "ui:followup:member_remove",
            lambda o: f"/medborgarpaneler/medlem/{o.fu_member.pk}/radera/",
            lambda o: {},
        ),
        rule="G31",
        api_ok=204,
        api_method="delete",
        **RUNS_PANEL,
    ),
    # the register extract (GDPR art. 15) is a POST that records the fetch; the API reads it
    # with a GET (no write operation of the schema)
    Op(
        "ui:followup:member_export",
        url=lambda o: f"/medborgarpaneler/medlem/{o.fu_member.pk}/utdrag/",
        body=lambda o: {},
        ok=200,
        rule="G31",
        **RUNS_PANEL,
    ),
    *both(
        (
            "api:v1_surveys_create",
            lambda o: "/api/v1/surveys/",
            lambda o: {"panel": o.fu_panel.pk, **SURVEY, "closes_on": _d(20), "questions": []},
        ),
        (
            "ui:followup:survey_create",
            lambda o: f"/medborgarpaneler/{o.fu_panel.pk}/ny-enkat/",
            lambda o: {**SURVEY, "closes_on": _d(20), "anonymous": "on"},
        ),
        rule="G31",
        api_ok=201,
        **RUNS_PANEL,
    ),
    *both(
        (
            "api:v1_surveys_partial_update",
            lambda o: f"/api/v1/surveys/{o.fu_draft.pk}/",
            lambda o: {"title": "Enkäten med ny rubrik"},
        ),
        (
            "ui:followup:survey_edit",
            lambda o: f"/medborgarpaneler/enkater/{o.fu_draft.pk}/andra/",
            lambda o: {"title": "Enkäten med ny rubrik", "closes_on": _d(20)},
        ),
        rule="G31",
        api_method="patch",
        **RUNS_PANEL,
    ),
    *both(
        (
            "api:v1_surveys_questions_create",
            lambda o: f"/api/v1/surveys/{o.fu_draft.pk}/questions/",
            lambda o: QUESTION,
        ),
        (
            "ui:followup:question_add",
            lambda o: f"/medborgarpaneler/enkater/{o.fu_draft.pk}/fragor/",
            lambda o: QUESTION_FORM,
        ),
        rule="G31",
        api_ok=201,
        **RUNS_PANEL,
    ),
    # the API has no removal of a question
    Op(
        "ui:followup:question_remove",
        url=lambda o: (
            f"/medborgarpaneler/enkater/{o.fu_draft.pk}/fragor/{o.fu_question.pk}/ta-bort/"
        ),
        body=lambda o: {},
        ok=302,
        rule="G31",
        **RUNS_PANEL,
    ),
    *both(
        (
            "api:v1_surveys_send_create",
            lambda o: f"/api/v1/surveys/{o.fu_draft.pk}/send/",
            lambda o: {},
        ),
        (
            "ui:followup:survey_send",
            lambda o: f"/medborgarpaneler/enkater/{o.fu_draft.pk}/skicka/",
            lambda o: {},
        ),
        rule="G31",
        **RUNS_PANEL,
    ),
    *both(
        (
            "api:v1_surveys_close_create",
            lambda o: f"/api/v1/surveys/{o.fu_open_survey.pk}/close/",
            lambda o: {},
        ),
        (
            "ui:followup:survey_close",
            lambda o: f"/medborgarpaneler/enkater/{o.fu_open_survey.pk}/avsluta/",
            lambda o: {},
        ),
        rule="G31",
        **RUNS_PANEL,
    ),
]


def add_objects(objs, ctx, people) -> None:
    """The demo's follow-up objects the rows act on, and a panel of Vård och omsorg (the demo's
    only panel is the municipality's) with a member, a draft and an open survey."""
    from django.utils import timezone

    from styrsam.followup import services
    from styrsam.followup.access import report_group
    from styrsam.followup.models import (
        AssessmentRound,
        Comparison,
        PanelMember,
    )
    from styrsam.followup.resultfile import result_file
    from styrsam.meetings.models import Meeting

    today = timezone.localdate()
    objs.fu_round = (
        AssessmentRound.objects.filter(status=AssessmentRound.Status.OPEN).order_by("-year").first()
    )
    areas = list(objs.fu_round.instrument.areas.order_by("order"))
    objs.fu_other_area = areas[-1]
    # an assignment to the system owner, unanswered: she answers it, the coordinator removes it
    objs.fu_assignment = services.assignment_add(
        actor=None, assessment=objs.fu_round, area=areas[0], person=people["eva"]
    )
    objs.fu_indicator = areas[0].indicators.order_by("order").first()
    objs.fu_level = objs.fu_indicator.scale.levels.order_by("order").first()
    objs.fu_compiled_round = (
        AssessmentRound.objects.filter(
            status=AssessmentRound.Status.COMPILED, agenda_item__isnull=True
        )
        .order_by("-year")
        .first()
    )
    objs.fu_meeting = (
        Meeting.objects.filter(status=Meeting.Status.PLANNED, group=report_group(), date__gte=today)
        .order_by("date")
        .first()
    )
    objs.fu_comparison = Comparison.objects.order_by("pk").first()
    objs.fu_comparison_text = json.dumps(
        result_file(objs.fu_compiled_round, municipality="Nyby kommun"), ensure_ascii=False
    )
    import styrsam.followup

    instruments = Path(styrsam.followup.__file__).resolve().parent / "instruments"
    raw = (instruments / "eblomlada.yaml").read_text(encoding="utf-8")
    objs.fu_instrument_text = re.sub(r"(?m)^version: \d+$", "version: 99", raw, count=1)
    panel = services.panel_create(actor=None, unit=objs.unit, **PANEL | {"name": "Vofs panel"})
    objs.fu_panel = panel
    now = timezone.now()
    objs.fu_member = PanelMember.objects.create(
        panel=panel,
        email="medlem.vof@example.se",
        status=PanelMember.Status.ACTIVE,
        consent_text="Jag samtycker.",
        consent_language="sv",
        consented_at=now - datetime.timedelta(days=30),
        invited_at=now - datetime.timedelta(days=31),
        retain_until=today + datetime.timedelta(days=365),
    )
    objs.fu_draft = services.survey_create(
        actor=None,
        panel=panel,
        title="Utkast",
        closes_on=today + datetime.timedelta(days=20),
        questions=[QUESTION],
    )
    objs.fu_question = objs.fu_draft.questions.order_by("order").first()
    objs.fu_open_survey = services.survey_create(
        actor=None,
        panel=panel,
        title="Öppen",
        closes_on=today + datetime.timedelta(days=20),
        questions=[QUESTION],
    )
    services.survey_send(actor=None, survey=objs.fu_open_survey)
