"""The follow-up's REST API: both flows end to end (G30, G31), exact status codes, filters from
the lists' FilterSets, and query counts pinned for 1 and 50 rows."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from styrsam.followup.models import (
    Answer,
    AssessmentRound,
    Comparison,
    Instrument,
    Invitation,
    Panel,
    PanelMember,
    Survey,
)
from styrsam.meetings.models import Meeting
from tests.factories import person_with_role

from .conftest import INSTRUMENTS

pytestmark = pytest.mark.django_db

LISTS = [
    "assessment-instrument-list",
    "assessment-round-list",
    "assessment-comparison-list",
    "panel-list",
    "panel-member-list",
    "survey-list",
]


@pytest.mark.parametrize("name", LISTS)
def test_anonymous_gets_401(api_client, policy, name):
    assert api_client.get(reverse(name)).status_code == 401


@pytest.mark.rule("G31")
@pytest.mark.parametrize("name", ["panel-list", "panel-member-list", "survey-list"])
def test_g31_panels_are_403_for_staff_who_run_none(api_client, plain_user, name):
    api_client.force_authenticate(plain_user)
    assert api_client.get(reverse(name)).status_code == 403


@pytest.mark.rule("G30")
def test_g30_the_self_assessment_end_to_end(api_client, strategist, eva, vof, steering, today):
    api_client.force_authenticate(strategist)
    text = (INSTRUMENTS / "eblomlada.yaml").read_text()
    instrument = api_client.post(
        reverse("assessment-instrument-list"), {"text": text}, format="json"
    ).json()
    response = api_client.post(
        reverse("assessment-round-list"),
        {
            "year": today.year,
            "instrument": instrument["id"],
            "deadline": (today + datetime.timedelta(days=9)).isoformat(),
            "units": ["vof"],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    round_id = response.json()["id"]
    assert response.json()["expected"] == 23 and response.json()["answered"] == 0
    again = api_client.post(
        reverse("assessment-round-list"),
        {"year": today.year, "instrument": instrument["id"], "deadline": today.isoformat()},
        format="json",
    )
    assert again.status_code == 409 and again.json()["rule"] == "G30"
    assignments = api_client.get(reverse("assessment-round-assignments", args=[round_id])).json()
    services_assignment = next(a for a in assignments if a["area"] == "services")
    answers = {
        "assignment": services_assignment["id"],
        "answers": [
            {"indicator": "residents_apply", "level": "fully", "evidence": ["https://intra.se/x"]},
            {"indicator": "digital_mail", "level": "partly", "comment": "Pågår"},
        ],
    }
    url = reverse("assessment-round-answers", args=[round_id])
    assert api_client.post(url, answers, format="json").status_code == 403  # not the respondent
    assert not Answer.objects.exists()
    api_client.force_authenticate(eva)
    response = api_client.post(url, answers, format="json")
    assert response.status_code == 200, response.json()
    assert [a["level"] for a in response.json()] == ["fully", "partly"]
    wrong = {
        "assignment": services_assignment["id"],
        "answers": [{"indicator": "residents_apply", "level": "level_5"}],
    }
    assert api_client.post(url, wrong, format="json").status_code == 400
    mine = api_client.get(url, {"assignment": services_assignment["id"]})
    assert mine.status_code == 200 and len(mine.json()) == 2
    api_client.force_authenticate(strategist)
    assert api_client.post(reverse("assessment-round-compile", args=[round_id])).status_code == 200
    meeting = Meeting.objects.create(
        group=steering, date=today + datetime.timedelta(days=3), start_time=datetime.time(9, 0)
    )
    sent = api_client.post(
        reverse("assessment-round-send", args=[round_id]), {"meeting": meeting.pk}, format="json"
    )
    assert sent.status_code == 200 and sent.json()["meeting"] == meeting.pk
    results = api_client.get(reverse("assessment-round-results", args=[round_id])).json()
    assert results["areas"][0]["indicators"][0]["levels"][0] == {
        "code": "fully",
        "label": "Uppfyllt",
        "value": 2.0,
        "count": 1,
    }
    assert (
        results["respondents"][0]["name"] == vof.name and results["trend"][0]["year"] == today.year
    )
    file = api_client.get(reverse("assessment-round-result-file", args=[round_id])).json()
    assert file["format"] == "styrsam-self-assessment-result" and file["status"] == "compiled"
    file["municipality"] = "Grannby"
    imported = api_client.post(
        reverse("assessment-comparison-list"),
        {"text": __import__("json").dumps(file)},
        format="json",
    )
    assert imported.status_code == 201 and imported.json()["municipality"] == "Grannby"


@pytest.mark.rule("G31")
def test_g31_panels_and_surveys_end_to_end(
    api_client, strategist, today, django_capture_on_commit_callbacks, mailoutbox
):
    api_client.force_authenticate(strategist)
    panel = api_client.post(
        reverse("panel-list"),
        {
            "name": "Panelen",
            "purpose": "E-tjänster",
            "retention_months": 12,
            "controller_contact": "dpo@k.se",
            "asks_district": True,
            "districts": ["Norr", "Söder"],
        },
        format="json",
    )
    assert panel.status_code == 201, panel.json()
    panel_id = panel.json()["id"]
    with django_capture_on_commit_callbacks(execute=True):
        invited = api_client.post(
            reverse("panel-invite", args=[panel_id]), {"emails": ["a@example.se"]}, format="json"
        )
    assert invited.json() == {"invited": 1, "skipped": 0} and len(mailoutbox) == 1
    survey = api_client.post(
        reverse("survey-list"),
        {
            "panel": panel_id,
            "title": "Enkät",
            "closes_on": (today + datetime.timedelta(days=5)).isoformat(),
            "questions": [
                {"kind": "scale", "text": "Nöjd?", "scale_min": 1, "scale_max": 5},
                {"kind": "single", "text": "Ofta?", "options": ["Ja", "Nej"]},
            ],
        },
        format="json",
    )
    assert survey.status_code == 201, survey.json()
    survey_id = survey.json()["id"]
    assert [o["label"] for o in survey.json()["questions"][1]["options"]] == ["Ja", "Nej"]
    refused = api_client.post(reverse("survey-send", args=[survey_id]))
    assert refused.status_code == 409 and refused.json()["code"] == "no_consented_members"
    member = PanelMember.objects.get()
    from styrsam.followup import services

    services.member_consent(member=member, language="sv", district="Norr")
    with django_capture_on_commit_callbacks(execute=True):
        sent = api_client.post(reverse("survey-send", args=[survey_id]))
    assert sent.json() == {"invited": 1} and Invitation.objects.count() == 1
    changed = api_client.patch(
        reverse("survey-detail", args=[survey_id]), {"title": "Ny"}, format="json"
    )
    assert changed.status_code == 409
    results = api_client.get(reverse("survey-results", args=[survey_id])).json()
    assert results["invited"] == 1 and results["responses"] == 0
    extract = api_client.get(reverse("panel-member-register-extract", args=[member.pk])).json()
    assert extract["email"] == "a@example.se" and extract["district"] == "Norr"
    erase = api_client.delete(reverse("panel-member-detail", args=[member.pk]))
    assert erase.status_code == 204 and not PanelMember.objects.exists()
    update = api_client.patch(
        reverse("panel-detail", args=[panel_id]), {"name": "Panelen 2"}, format="json"
    )
    assert update.status_code == 200 and update.json()["name"] == "Panelen 2"


@pytest.mark.rule("G31")
def test_g31_a_panel_outside_the_users_unit_is_404(api_client, panel, vof):
    head = person_with_role("head_of_department", unit=vof, username="ingrid")
    api_client.force_authenticate(head)
    assert api_client.get(reverse("panel-list")).json()["count"] == 0
    assert api_client.get(reverse("panel-detail", args=[panel.pk])).status_code == 404
    refused = api_client.post(
        reverse("panel-list"),
        {"name": "P", "purpose": "X", "retention_months": 6, "controller_contact": "d@k.se"},
        format="json",
    )
    assert refused.status_code == 403 and refused.json()["rule"] == "G31"
    assert Panel.objects.count() == 1


@pytest.mark.parametrize(
    "name,params",
    [
        ("assessment-round-list", {"status": "nope"}),
        ("assessment-round-list", {"year": "x"}),
        ("survey-list", {"status": "x"}),
        ("panel-member-list", {"age_group": "12-13"}),
    ],
)
def test_invalid_filters_answer_400(api_client, strategist, name, params):
    api_client.force_authenticate(strategist)
    response = api_client.get(reverse(name), params)
    assert response.status_code == 400 and response.json()["code"] == "invalid"


# --- query counts: the same for 1 and 50 rows --------------------------------------------------


def _instruments(n):
    text = (INSTRUMENTS / "digital_mognad.yaml").read_text()
    from styrsam.followup import services

    for i in range(n - Instrument.objects.count()):
        services.instrument_load(
            actor=None, raw=text.replace("\nversion: 1", f"\nversion: {i + 2}")
        )


def _rounds(n, instrument):
    AssessmentRound.objects.bulk_create(
        AssessmentRound(year=2100 - i, instrument=instrument, deadline=datetime.date(2100, 1, 1))
        for i in range(AssessmentRound.objects.count(), n)
    )


def _panels(n):
    Panel.objects.bulk_create(
        Panel(name=f"Panel {i}", purpose="X", retention_months=6, controller_contact="d@k.se")
        for i in range(Panel.objects.count(), n)
    )


def _members(n, panel):
    PanelMember.objects.bulk_create(
        PanelMember(panel=panel, email=f"m{i}@example.se", retain_until=datetime.date(2100, 1, 1))
        for i in range(PanelMember.objects.count(), n)
    )


def _surveys(n, panel):
    Survey.objects.bulk_create(
        Survey(panel=panel, title=f"Enkät {i}", closes_on=datetime.date(2100, 1, 1))
        for i in range(Survey.objects.count(), n)
    )


def _comparisons(n, data):
    Comparison.objects.bulk_create(
        Comparison(
            municipality=f"Kommun {i}",
            year=2025,
            instrument_code="x",
            instrument_version=1,
            instrument_name="X",
            data=data,
            sha256=str(i),
        )
        for i in range(Comparison.objects.count(), n)
    )


@pytest.mark.parametrize("name", LISTS)
def test_api_list_query_count_same_for_1_and_50_rows(
    api_client, strategist, panel, maturity, count_queries, name
):
    grow = {
        "assessment-instrument-list": _instruments,
        "assessment-round-list": lambda n: _rounds(n, maturity),
        "assessment-comparison-list": lambda n: _comparisons(n, {"areas": []}),
        "panel-list": _panels,
        "panel-member-list": lambda n: _members(n, panel),
        "survey-list": lambda n: _surveys(n, panel),
    }[name]
    api_client.force_authenticate(strategist)
    grow(1)
    with count_queries() as one:
        assert api_client.get(reverse(name)).status_code == 200
    grow(50)
    with count_queries() as fifty:
        response = api_client.get(reverse(name))
    assert response.json()["count"] == 50
    assert one.count == fifty.count, (one.count, fifty.count)


PAGES = {
    "followup:instrument_list": _instruments,
    "followup:round_list": None,
    "followup:comparison_list": None,
    "followup:panel_list": _panels,
    "followup:survey_list": None,
}


@pytest.mark.parametrize("name", list(PAGES) + ["followup:member_list"])
def test_list_page_query_count_same_for_1_and_50_rows(
    client, strategist, panel, maturity, count_queries, name
):
    grow = (
        PAGES.get(name)
        or {
            "followup:round_list": lambda n: _rounds(n, maturity),
            "followup:comparison_list": lambda n: _comparisons(n, {"areas": []}),
            "followup:survey_list": lambda n: _surveys(n, panel),
            "followup:member_list": lambda n: _members(n, panel),
        }[name]
    )
    args = [panel.pk] if name == "followup:member_list" else []
    client.force_login(strategist)
    grow(1)
    client.get(reverse(name, args=args))  # the frame's cached values (issue 18)
    with count_queries() as one:
        assert client.get(reverse(name, args=args)).status_code == 200
    grow(50)
    with count_queries() as fifty:
        response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    assert one.count == fifty.count, (one.count, fifty.count)
