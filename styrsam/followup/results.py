"""Results of a self-assessment round (G30) and of a survey (G31), computed from the answers.

Scores are comparable across scales: an answer's level value is placed on 0–100 % of its
scale (the lowest scored level 0 %, the highest 100 %); a level without a value ("Vet ej") is
counted as an answer but not scored. An indicator's score is the mean of its answers, an
area's the mean of all its scored answers, the municipality's the mean of its areas (each area
weighs the same). The same rules make the anonymised result file (``resultfile.py``)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Max, Min, Prefetch

from .models import (
    Answer,
    AssessmentRound,
    Assignment,
    Indicator,
    Question,
    Response,
    ScaleLevel,
    Survey,
    SurveyAnswer,
)


def mean(values) -> float | None:
    values = [v for v in values if v is not None]
    return round(sum(values) / len(values), 1) if values else None


def scale_bounds(instrument_ids) -> dict[int, tuple[Decimal, Decimal]]:
    """``{scale id: (lowest, highest) scored value}`` of the instruments' scales."""
    rows = (
        ScaleLevel.objects.filter(
            scale__instrument_id__in=list(instrument_ids), value__isnull=False
        )
        .values("scale_id")
        .annotate(lo=Min("value"), hi=Max("value"))
        .order_by()
    )
    return {r["scale_id"]: (r["lo"], r["hi"]) for r in rows}


def normalised(value: Decimal | None, bounds: tuple[Decimal, Decimal] | None) -> float | None:
    if value is None or bounds is None or bounds[1] == bounds[0]:
        return None
    lo, hi = bounds
    return float((value - lo) / (hi - lo) * 100)


@dataclass
class LevelCount:
    code: str
    label: str
    value: Decimal | None
    count: int


@dataclass
class IndicatorResult:
    indicator: Indicator
    answers: int
    score: float | None
    levels: list[LevelCount]

    @property
    def code(self) -> str:
        return self.indicator.code


@dataclass
class AreaResult:
    code: str
    name: str
    score: float | None
    answered: int
    expected: int
    indicators: list[IndicatorResult] = field(default_factory=list)


@dataclass
class RespondentResult:
    """One assignment-holder's scores per area code (a department or a named person)."""

    name: str
    scores: dict[str, float | None]
    score: float | None


@dataclass
class RoundResults:
    round: AssessmentRound
    areas: list[AreaResult]
    respondents: list[RespondentResult]
    score: float | None
    answered: int
    expected: int

    @property
    def progress(self) -> int:
        return round(100 * self.answered / self.expected) if self.expected else 0


def round_results(assessment: AssessmentRound) -> RoundResults:
    """Every area's and indicator's result and each respondent's score per area: five queries
    whatever the size of the round."""
    instrument = assessment.instrument
    areas = list(
        instrument.areas.order_by("order").prefetch_related(
            Prefetch(
                "indicators",
                queryset=Indicator.objects.order_by("order").prefetch_related(
                    Prefetch("scale__levels", queryset=ScaleLevel.objects.order_by("order"))
                ),
            )
        )
    )
    bounds = scale_bounds([instrument.pk])
    assignments = list(Assignment.objects.filter(round=assessment).select_related("unit", "person"))
    answers = list(
        Answer.objects.filter(assignment__round=assessment).values_list(
            "assignment_id", "indicator_id", "level_id"
        )
    )
    levels = {
        lvl.pk: lvl for a in areas for i in a.indicators.all() for lvl in i.scale.levels.all()
    }
    indicators = {i.pk: i for a in areas for i in a.indicators.all()}
    per_indicator: dict[int, list[int]] = defaultdict(list)
    per_assignment: dict[int, list[float | None]] = defaultdict(list)
    for assignment_id, indicator_id, level_id in answers:
        per_indicator[indicator_id].append(level_id)
        indicator = indicators[indicator_id]
        per_assignment[assignment_id].append(
            normalised(levels[level_id].value, bounds.get(indicator.scale_id))
        )
    assigned_per_area = Counter(a.area_id for a in assignments)
    results = []
    for area in areas:
        area_scores: list[float | None] = []
        items = []
        for indicator in area.indicators.all():
            given = per_indicator.get(indicator.pk, [])
            counts = Counter(given)
            scores = [
                normalised(levels[lvl].value, bounds.get(indicator.scale_id)) for lvl in given
            ]
            area_scores.extend(scores)
            items.append(
                IndicatorResult(
                    indicator=indicator,
                    answers=len(given),
                    score=mean(scores),
                    levels=[
                        LevelCount(lvl.code, lvl.label, lvl.value, counts.get(lvl.pk, 0))
                        for lvl in indicator.scale.levels.all()
                    ],
                )
            )
        results.append(
            AreaResult(
                code=area.code,
                name=area.name,
                score=mean(area_scores),
                answered=sum(i.answers for i in items),
                expected=assigned_per_area.get(area.pk, 0) * len(items),
                indicators=items,
            )
        )
    by_respondent: dict[str, dict[str, list[float | None]]] = defaultdict(lambda: defaultdict(list))
    area_code = {a.pk: a.code for a in areas}
    for assignment in assignments:
        by_respondent[assignment.respondent_name][area_code[assignment.area_id]].extend(
            per_assignment.get(assignment.pk, [])
        )
    respondents = []
    for name in sorted(by_respondent):
        scores = {code: mean(values) for code, values in by_respondent[name].items()}
        respondents.append(RespondentResult(name, scores, mean(scores.values())))
    return RoundResults(
        round=assessment,
        areas=results,
        respondents=respondents,
        score=mean(a.score for a in results),
        answered=len(answers),
        expected=sum(a.expected for a in results),
    )


@dataclass
class TrendPoint:
    year: int
    round_id: int
    score: float | None
    areas: dict[str, float | None]


def trend(assessment: AssessmentRound) -> list[TrendPoint]:
    """The score per area over the years: every compiled round of the same instrument code up
    to this one's year (any version: areas are matched by their code), and this round."""
    rounds = list(
        AssessmentRound.objects.filter(
            instrument__code=assessment.instrument.code, year__lte=assessment.year
        )
        .exclude(status=AssessmentRound.Status.OPEN, year__lt=assessment.year)
        .order_by("year", "id")
        .values_list("pk", "year", "instrument_id")
    )
    bounds = scale_bounds({instrument for _pk, _year, instrument in rounds})
    rows = Answer.objects.filter(
        assignment__round_id__in=[pk for pk, _y, _i in rounds]
    ).values_list(
        "assignment__round_id", "indicator__area__code", "level__value", "indicator__scale_id"
    )
    scores: dict[int, dict[str, list[float | None]]] = defaultdict(lambda: defaultdict(list))
    for round_id, area, value, scale_id in rows:
        scores[round_id][area].append(normalised(value, bounds.get(scale_id)))
    points = []
    for pk, year, _instrument in rounds:
        areas = {code: mean(values) for code, values in scores[pk].items()}
        points.append(TrendPoint(year, pk, mean(areas.values()), areas))
    return points


# --- surveys (G31) ----------------------------------------------------------------------------


@dataclass
class CountRow:
    label: str
    count: int
    percent: float


@dataclass
class QuestionResult:
    question: Question
    answered: int
    rows: list[CountRow] = field(default_factory=list)  # options or scale values
    mean: float | None = None
    texts: list[str] = field(default_factory=list)


@dataclass
class SurveyResults:
    survey: Survey
    invited: int
    responses: int
    questions: list[QuestionResult]

    @property
    def rate(self) -> float | None:
        return round(100 * self.responses / self.invited, 1) if self.invited else None


def _rows(labels: list[tuple[object, str]], counts: Counter, base: int) -> list[CountRow]:
    return [
        CountRow(
            label, counts.get(key, 0), round(100 * counts.get(key, 0) / base, 1) if base else 0
        )
        for key, label in labels
    ]


def survey_results(survey: Survey) -> SurveyResults:
    """Counts per option and scale value, the mean of scales and the free texts. Free texts come
    in the order of the answers' random ids: never in the order they were given. Four queries."""
    questions = list(survey.questions.order_by("order", "id").prefetch_related("options"))
    answers = defaultdict(list)
    for question_id, choices, number, text in (
        SurveyAnswer.objects.filter(response__survey=survey)
        .order_by("id")
        .values_list("question_id", "choices", "number", "text")
    ):
        answers[question_id].append((choices, number, text))
    results = []
    for question in questions:
        given = answers.get(question.pk, [])
        result = QuestionResult(question=question, answered=len(given))
        if question.has_options:
            counts = Counter(c for choices, _n, _t in given for c in choices or [])
            labels = [(o.pk, o.label) for o in question.options.all()]
            result.rows = _rows(labels, counts, len(given))
        elif question.kind == Question.Kind.SCALE:
            numbers = [n for _c, n, _t in given if n is not None]
            counts = Counter(numbers)
            result.rows = _rows([(v, str(v)) for v in question.scale_values], counts, len(numbers))
            result.mean = mean(numbers)
        else:
            result.texts = [t for _c, _n, t in given if t]
        results.append(result)
    return SurveyResults(
        survey=survey,
        invited=survey.invitations.count(),
        responses=Response.objects.filter(survey=survey).count(),
        questions=results,
    )
