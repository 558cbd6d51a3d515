"""Results of the self-assessment (G30): per area and department, the trend over the years,
Excel, and the anonymised result file in the open format — exported, validated against its
JSON Schema, imported from another municipality and shown beside ours."""

from __future__ import annotations

import datetime
import io
import json
import re
from pathlib import Path

import jsonschema
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from styrsam.core.errors import Conflict, ValidationFailed
from styrsam.followup import services
from styrsam.followup.models import AssessmentRound, Comparison
from styrsam.followup.resultfile import RESULT_SCHEMA, SCHEMA_PATH, result_file
from styrsam.followup.results import round_results, trend

from .conftest import answer_all

pytestmark = [pytest.mark.django_db, pytest.mark.rule("G30")]
DOCS = Path(__file__).resolve().parents[2] / "docs" / "formats"


@pytest.fixture
def answered(assessment, eva, jonas, vof, bou):
    """vof: everything fully met; bou: services partly, leadership not met, technology open."""
    for code in ("services", "leadership", "technology"):
        answer_all(
            assessment.assignments.get(unit=vof, area__code=code),
            eva,
            "fully",
            comment="Kommentar X17",
        )
    answer_all(assessment.assignments.get(unit=bou, area__code="services"), jonas, "partly")
    answer_all(assessment.assignments.get(unit=bou, area__code="leadership"), jonas, "not_met")
    return assessment


def test_g30_scores_per_area_and_department(answered):
    results = round_results(answered)
    areas = {a.code: a for a in results.areas}
    assert areas["services"].score == 75.0  # vof 100 %, bou 50 %
    assert areas["leadership"].score == 50.0  # 100 % and 0 %
    assert areas["technology"].score == 100.0 and areas["technology"].answered == 7
    assert areas["technology"].expected == 14
    assert results.score == 75.0
    units = {r.name: r for r in results.respondents}
    assert units["Vård- och omsorgsförvaltningen"].score == 100.0
    assert units["Barn- och utbildningsförvaltningen"].scores == {
        "services": 50.0,
        "leadership": 0.0,
        "technology": None,
    }
    first = areas["services"].indicators[0]
    assert [(lvl.code, lvl.count) for lvl in first.levels] == [
        ("fully", 1),
        ("partly", 1),
        ("not_met", 0),
    ]


def test_g30_an_unscored_level_counts_as_an_answer_but_not_in_the_score(
    strategist, maturity, vof, eva, today
):
    assessment = services.round_open(
        actor=strategist,
        year=today.year,
        instrument=maturity,
        deadline=today + datetime.timedelta(days=5),
        units=[vof],
    )
    assignment = assessment.assignments.get(area__code="governance")
    indicators = list(assignment.area.indicators.select_related("scale").order_by("order"))
    levels = {i.code: i.scale.levels for i in indicators}
    services.answers_save(
        actor=eva,
        assignment=assignment,
        answers=[
            {"indicator": indicators[0], "level": levels[indicators[0].code].get(code="level_5")},
            {"indicator": indicators[1], "level": levels[indicators[1].code].get(code="level_3")},
            {"indicator": indicators[2], "level": levels[indicators[2].code].get(code="unknown")},
            {"indicator": indicators[3], "level": levels[indicators[3].code].get(code="no")},
        ],
    )
    governance = round_results(assessment).areas[0]
    # 100 % (5 on 1–5), 50 % (3 on 1–5), not scored, 0 % (no on yes/no): mean of three
    assert governance.answered == 4 and governance.score == 50.0


def test_g30_the_trend_follows_the_instrument_over_the_years(
    answered, strategist, instrument, vof, eva, today
):
    earlier = services.round_open(
        actor=strategist, year=today.year - 1, instrument=instrument, deadline=today, units=[vof]
    )
    answer_all(earlier.assignments.get(area__code="services"), eva, "not_met")
    services.round_compile(actor=strategist, assessment=earlier)
    abandoned = services.round_open(  # never compiled: not part of the trend
        actor=strategist, year=today.year - 2, instrument=instrument, deadline=today, units=[vof]
    )
    answer_all(abandoned.assignments.get(area__code="services"), eva, "fully")
    points = trend(answered)
    assert [(p.year, p.areas.get("services")) for p in points] == [
        (today.year - 1, 0.0),
        (today.year, 75.0),
    ]
    assert abandoned.pk not in [p.round_id for p in points]


def test_g30_results_page_has_charts_with_tables(client, answered, plain_user):
    client.force_login(plain_user)
    response = client.get(reverse("followup:round_results", args=[answered.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count('role="img"') >= 3 and "<desc id=" in body
    assert "<caption>Resultat per område</caption>" in body
    assert "<caption>Resultat per område och år</caption>" in body
    assert "<script" not in body.split("<main", 1)[1]
    # SVG numbers are never localised (a Swedish decimal comma would break every bar)
    svg = "".join(re.findall(r"<svg.*?</svg>", body, flags=re.S))
    assert re.search(r'<rect x="[\d.]+" y="[\d.]+" width="[\d.]+"', svg)
    assert not re.search(r'(width|x|y|cx|cy|height)="-?\d+,\d', svg)


def test_g30_excel_has_areas_departments_trend_and_answers(
    client, answered, plain_user, eva, jonas
):
    client.force_login(plain_user)
    response = client.get(reverse("followup:round_workbook", args=[answered.pk]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Områden", "Indikatorer", "Förvaltningar", "Utveckling", "Svar"]
    areas = list(book["Områden"].iter_rows(values_only=True))
    assert areas[1] == ("Digitala tjänster per målgrupp", 75, 16, 16)
    answers = list(book["Svar"].iter_rows(values_only=True))
    assert len(answers) == 1 + 23 + 16  # vof every indicator, bou two areas
    assert {row[6] for row in answers[1:]} == {eva.get_full_name(), jonas.get_full_name()}


def test_g30_the_result_file_is_anonymous_and_valid(answered, eva, jonas):
    data = result_file(answered, municipality="Exempelkommun")
    jsonschema.Draft202012Validator(RESULT_SCHEMA).validate(data)
    text = json.dumps(data, ensure_ascii=False)
    for personal in (
        eva.email,
        eva.get_full_name(),
        jonas.email,
        jonas.get_full_name(),
        "X17",
        "Vård- och omsorg",
    ):
        assert personal not in text
    assert data["areas"][0]["indicators"][0]["levels"] == {"fully": 1, "partly": 1, "not_met": 0}
    assert data["score"] == 75.0 and data["status"] == "open"


def test_g30_the_documented_schema_is_the_one_the_code_uses():
    assert (DOCS / "self-assessment-result-1.schema.json").read_text() == SCHEMA_PATH.read_text()
    assert "styrsam-self-assessment-result" in (DOCS / "self-assessment-result.md").read_text()


def _neighbour(assessment, **changes) -> str:
    data = result_file(assessment, municipality="Grannby kommun")
    data.update(changes)
    data["areas"][0]["score"] = 40.0
    return json.dumps(data, ensure_ascii=False, indent=2)


def test_g30_another_municipalitys_result_is_imported_and_shown_beside_ours(
    client, answered, strategist
):
    comparison = services.comparison_import(actor=strategist, raw=_neighbour(answered))
    assert comparison.municipality == "Grannby kommun" and comparison.instrument_code == "eblomlada"
    assert services.comparison_import(actor=strategist, raw=_neighbour(answered)) == comparison
    with pytest.raises(Conflict):
        services.comparison_import(actor=strategist, raw=_neighbour(answered, score=1.0))
    client.force_login(strategist)
    url = reverse("followup:round_results", args=[answered.pk])
    body = client.get(f"{url}?jamfor={comparison.pk}").content.decode()
    assert "Grannby kommun" in body and "40 %" in body and "75 %" in body


def test_g30_a_result_file_with_personal_data_is_refused_with_its_line(answered, strategist):
    data = json.loads(_neighbour(answered))
    data["areas"][1]["indicators"][2]["respondent"] = "Eva Lindberg, eva@exempelkommun.se"
    text = json.dumps(data, ensure_ascii=False, indent=2)
    with pytest.raises(ValidationFailed) as info:
        services.comparison_import(actor=strategist, raw=text)
    (problem,) = info.value.extra["problems"]
    assert problem["path"] == "areas[1].indicators[2].respondent"
    line = next(i for i, row in enumerate(text.splitlines(), 1) if '"respondent"' in row)
    assert problem["line"] == line
    assert not Comparison.objects.exists()


def test_g30_the_import_page_lists_problems(client, answered, strategist):
    client.force_login(strategist)
    bad = _neighbour(answered).replace('"format_version": 1', '"format_version": 2')
    response = client.post(
        reverse("followup:comparison_import"), {"file": SimpleUploadedFile("x.json", bad.encode())}
    )
    assert response.status_code == 400 and "format_version" in response.content.decode()
    good = SimpleUploadedFile("grannby.json", _neighbour(answered).encode())
    response = client.post(reverse("followup:comparison_import"), {"file": good})
    assert response.status_code == 302 and Comparison.objects.count() == 1


def test_g30_the_download_is_the_open_format(client, answered, plain_user):
    client.force_login(plain_user)
    response = client.get(reverse("followup:round_result_file", args=[answered.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    jsonschema.Draft202012Validator(RESULT_SCHEMA).validate(data)
    assert AssessmentRound.objects.get().instrument.code == data["instrument"]["code"]
