"""The follow-up in Exempelkommun (G30, G31).

- Both shipped instruments are loaded. Three years of self-assessment with the eBlomlådan-shaped
  instrument, every area assigned to each department's member of the preparatory group: the
  year before last and last year compiled (last year's on a steering group agenda), this year
  open with two weeks left — Eva (care) still has indicators to answer. The scores rise year
  by year, so the trend shows. A neighbouring municipality's result file is imported to compare.
- A citizen panel of 200 members who consented (age group and district) and a dozen invited
  who have not yet, with two surveys: an anonymous one last autumn (closed, 132 answers) and
  one about the website this year that is not anonymous (open, 74 answers so far).

Everything bulk: answers, members, invitations and responses are created in a few queries."""

from __future__ import annotations

import datetime
import json
import random
from pathlib import Path

from django.utils import timezone

from styrsam.followup import services, tokens
from styrsam.followup.consent import add_months, consent_text
from styrsam.followup.models import (
    Answer,
    AssessmentRound,
    Assignment,
    Indicator,
    Invitation,
    PanelMember,
    Question,
    Response,
    ResponseIdentity,
    Survey,
    SurveyAnswer,
)
from styrsam.followup.resultfile import result_file
from styrsam.meetings.models import AgendaItem, Meeting
from styrsam.organisation.models import Membership
from styrsam.organisation.roles import active_q

from .loader import DemoContext
from .vocabulary import c

INSTRUMENTS = Path(__file__).resolve().parent.parent / "followup" / "instruments"
DISTRICTS = ["Centrum", "Norra staden", "Södra staden", "Östra", "Västra", "Landsbygden"]
AGE_WEIGHTS = [
    ("16-24", 8),
    ("25-34", 16),
    ("35-44", 18),
    ("45-54", 19),
    ("55-64", 17),
    ("65-79", 17),
    ("80+", 5),
]
FIRST_NAMES = [
    "anna",
    "lars",
    "sara",
    "omar",
    "elin",
    "jonas",
    "fatima",
    "erik",
    "maja",
    "ali",
    "karin",
    "nils",
]


def _respondent_units(ctx: DemoContext) -> list:
    prep = ctx.groups[c("preparatory")]
    represented = set(
        Membership.objects.filter(
            active_q(), group=prep, represents__kind="department"
        ).values_list("represents_id", flat=True)
    )
    return [u for u in ctx.units.values() if u.pk in represented]


def _answers_for(rounds, units, rng: random.Random, today: datetime.date) -> None:
    """Answers with a rising trend: each department has a base maturity; each year adds to it.
    This year's round is about three quarters answered; Eva's care department has work left."""
    year_bonus = {0: 0.0, 1: 0.12, 2: 0.24}
    base = {u.pk: rng.uniform(0.2, 0.55) for u in units}
    answers = []
    for age, assessment in enumerate(rounds):
        instrument = assessment.instrument
        indicators = list(
            Indicator.objects.filter(area__instrument=instrument)
            .select_related("scale")
            .prefetch_related("scale__levels")
        )
        levels = {i.pk: sorted(i.scale.levels.all(), key=lambda lvl: lvl.value) for i in indicators}
        assignments = list(
            Assignment.objects.filter(round=assessment).select_related("unit", "area")
        )
        current = age == len(rounds) - 1
        for assignment in assignments:
            area_indicators = [i for i in indicators if i.area_id == assignment.area_id]
            for n, indicator in enumerate(area_indicators):
                if current and _unanswered(assignment, n, rng):
                    continue
                chance = base[assignment.unit_id] + year_bonus[age] + rng.uniform(-0.25, 0.25)
                scale = levels[indicator.pk]
                index = min(int(max(chance, 0) * len(scale)), len(scale) - 1)
                answers.append(
                    Answer(
                        assignment=assignment,
                        indicator=indicator,
                        level=scale[index],
                        comment=_comment(index, len(scale), rng),
                        evidence=(
                            [f"https://intranat.exempelkommun.se/dokument/{indicator.code}"]
                            if index == len(scale) - 1 and rng.random() < 0.4
                            else []
                        ),
                        locked=not current,
                    )
                )
    Answer.objects.bulk_create(answers)


def _unanswered(assignment, n: int, rng: random.Random) -> bool:
    if assignment.unit.code == "vof":
        return assignment.area.code != "services" and n >= 2
    return rng.random() < 0.2


def _comment(index: int, size: int, rng: random.Random) -> str:
    if rng.random() > 0.3:
        return ""
    if index == size - 1:
        return rng.choice(["Infört i hela förvaltningen.", "Följs upp i verksamhetsplanen."])
    if index == 0:
        return rng.choice(["Inte påbörjat; finns med i nästa års plan.", "Saknar resurser i år."])
    return rng.choice(
        ["Pågår i en del av verksamheten.", "Upphandling pågår.", "Pilot under hösten."]
    )


def _self_assessment(ctx: DemoContext, today: datetime.date, rng: random.Random) -> None:
    anna = ctx.people["anna"]
    instruments = {
        name: services.instrument_load(
            actor=anna, raw=(INSTRUMENTS / name).read_bytes(), source=name
        )
        for name in ("eblomlada.yaml", "digital_mognad.yaml")
    }
    instrument = instruments["eblomlada.yaml"]
    units = _respondent_units(ctx)
    years = [today.year - 2, today.year - 1, today.year]
    rounds = []
    for year in years:
        assessment = AssessmentRound.objects.create(
            year=year,
            instrument=instrument,
            deadline=datetime.date(year, 10, 31)
            if year < today.year
            else today + datetime.timedelta(days=14),
            opened_by=anna,
        )
        Assignment.objects.bulk_create(
            Assignment(round=assessment, area=area, unit=unit)
            for area in instrument.areas.all()
            for unit in units
        )
        rounds.append(assessment)
    _answers_for(rounds, units, rng, today)
    steering = ctx.groups[c("steering")]
    for assessment in rounds[:-1]:
        compiled = timezone.make_aware(datetime.datetime(assessment.year, 11, 10, 10, 0))
        AssessmentRound.objects.filter(pk=assessment.pk).update(
            status=AssessmentRound.Status.COMPILED,
            compiled_at=compiled,
            compiled_by=anna,
            sent_at=compiled,
        )
    last_year = rounds[-2]
    meeting = (
        Meeting.objects.filter(
            group=steering, status=Meeting.Status.HELD, date__year=last_year.year
        )
        .order_by("-date")
        .first()
    )
    if meeting is not None:
        item = AgendaItem.objects.create(
            meeting=meeting,
            order=(meeting.agenda_items.count() + 1),
            kind=AgendaItem.Kind.FREE,
            title=f"Årets självskattning av e-förvaltningen: {last_year} (G30)",
            description=services.rounds.summary_text(last_year),
            presenter=anna,
        )
        AssessmentRound.objects.filter(pk=last_year.pk).update(agenda_item=item)
    # A neighbour's result for last year, in the open format, to compare with.
    last_year.refresh_from_db()
    data = result_file(last_year, municipality="Grannby kommun")
    for area in data["areas"]:
        for item in area["indicators"]:
            if item["score"] is not None:
                item["score"] = round(min(100.0, max(0.0, item["score"] + rng.uniform(-20, 12))), 1)
        scored = [i["score"] for i in area["indicators"] if i["score"] is not None]
        area["score"] = round(sum(scored) / len(scored), 1) if scored else None
    area_scores = [a["score"] for a in data["areas"] if a["score"] is not None]
    data["score"] = round(sum(area_scores) / len(area_scores), 1)
    services.comparison_import(
        actor=anna, raw=json.dumps(data, ensure_ascii=False), source="grannby.json"
    )


def _email(n: int, rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)}.{n:03d}@example.se"


def _citizen_panel(ctx: DemoContext, today: datetime.date, rng: random.Random) -> None:
    anna = ctx.people["anna"]
    panel = services.panel_create(
        actor=anna,
        name="Medborgarpanelen Exempelkommun",
        purpose=(
            "Att fråga invånarna om kommunens e-tjänster och digitala service, så att de kan "
            "förbättras utifrån invånarnas behov (uppföljning enligt riktlinjen, G31)."
        ),
        retention_months=24,
        controller_contact="dataskydd@exempelkommun.se",
        asks_age_group=True,
        asks_district=True,
        districts=DISTRICTS,
    )
    text = consent_text(panel, "sv")
    ages = [code for code, weight in AGE_WEIGHTS for _ in range(weight)]
    members = []
    for n in range(1, 201):
        consented = timezone.now() - datetime.timedelta(days=rng.randint(60, 420))
        members.append(
            PanelMember(
                panel=panel,
                email=_email(n, rng),
                status=PanelMember.Status.ACTIVE,
                age_group=rng.choice(ages) if rng.random() < 0.95 else "",
                district=rng.choice(DISTRICTS) if rng.random() < 0.93 else "",
                consent_text=text,
                consent_language="sv",
                consented_at=consented,
                invited_at=consented - datetime.timedelta(days=rng.randint(1, 9)),
                retain_until=add_months(timezone.localdate(consented), panel.retention_months),
            )
        )
    for n in range(201, 213):
        invited = timezone.now() - datetime.timedelta(days=rng.randint(1, 20))
        members.append(
            PanelMember(
                panel=panel,
                email=_email(n, rng),
                invited_at=invited,
                retain_until=timezone.localdate(invited) + datetime.timedelta(days=30),
            )
        )
    PanelMember.objects.bulk_create(members)
    active = list(PanelMember.objects.filter(panel=panel, status=PanelMember.Status.ACTIVE))
    _survey_eservices(panel, active, anna, today, rng)
    _survey_website(panel, active, anna, today, rng)


def _questions(survey: Survey, specs: list[dict], actor) -> list[Question]:
    for spec in specs:
        services.question_add(actor=actor, survey=survey, **spec)
    return list(survey.questions.order_by("order").prefetch_related("options"))


def _invite(survey: Survey, members, sent: datetime.datetime, answered: int, rng) -> list:
    """Invitations to all, ``answered`` of them used; returns the members who answered."""
    chosen = rng.sample(members, answered)
    chosen_ids = {m.pk for m in chosen}
    expires = timezone.make_aware(
        datetime.datetime.combine(survey.closes_on + datetime.timedelta(days=1), datetime.time.min)
    )
    Invitation.objects.bulk_create(
        Invitation(
            survey=survey,
            member=m,
            token_hash=tokens.new_token()[1],
            sent_at=sent,
            expires_at=expires,
            used_at=sent + datetime.timedelta(days=rng.randint(0, 10))
            if m.pk in chosen_ids
            else None,
        )
        for m in members
    )
    return chosen


def _responses(
    survey: Survey, questions: list[Question], count: int, rng, weights
) -> list[Response]:
    responses = Response.objects.bulk_create(Response(survey=survey) for _ in range(count))
    answers = []
    for response in responses:
        for question in questions:
            answers.extend(_answer(response, question, rng, weights))
    SurveyAnswer.objects.bulk_create(answers)
    return responses


def _answer(response, question: Question, rng, weights) -> list[SurveyAnswer]:
    options = list(question.options.all())
    if question.kind == Question.Kind.SINGLE:
        w = weights.get(question.order, [1] * len(options))
        return [
            SurveyAnswer(
                response=response, question=question, choices=[rng.choices(options, w)[0].pk]
            )
        ]
    if question.kind == Question.Kind.MULTIPLE:
        chosen = [o.pk for o in options if rng.random() < 0.45] or [options[0].pk]
        return [SurveyAnswer(response=response, question=question, choices=chosen)]
    if question.kind == Question.Kind.SCALE:
        w = weights.get(question.order, [1] * len(question.scale_values))
        return [
            SurveyAnswer(
                response=response,
                question=question,
                number=rng.choices(question.scale_values, w)[0],
            )
        ]
    if rng.random() < 0.35:
        return [SurveyAnswer(response=response, question=question, text=rng.choice(FREE_TEXTS))]
    return []


FREE_TEXTS = [
    "Det borde gå att se var i handläggningen mitt ärende är.",
    "Bra att man kan logga in med BankID överallt nu.",
    "Svårt att hitta rätt e-tjänst på webbplatsen.",
    "Formulären fungerar dåligt i mobilen.",
    "Snabbt och smidigt att boka tid för återvinningscentralen.",
    "Mer information på lätt svenska, tack.",
    "Jag vill få beslut i min digitala brevlåda i stället för med post.",
    "Ibland kommer man inte vidare om man inte har e-legitimation.",
]


def _survey_eservices(panel, members, actor, today, rng) -> None:
    sent = timezone.make_aware(datetime.datetime(today.year - 1, 9, 15, 9, 0))
    survey = Survey.objects.create(
        panel=panel,
        title=f"Kommunens e-tjänster {today.year - 1}",
        introduction="Hur upplever du kommunens e-tjänster? Enkäten tar fem minuter.",
        anonymous=True,
        closes_on=datetime.date(today.year - 1, 10, 15),
        created_by=actor,
    )
    questions = _questions(
        survey,
        [
            {
                "kind": "single",
                "text": "Hur ofta använder du kommunens e-tjänster?",
                "required": True,
                "options": ["Varje vecka", "Varje månad", "Några gånger om året", "Aldrig"],
            },
            {
                "kind": "multiple",
                "text": "Vilka e-tjänster har du använt det senaste året?",
                "options": [
                    "Skola och förskola",
                    "Bygglov",
                    "Avfall och återvinning",
                    "Bokning av lokaler",
                    "Försörjningsstöd",
                ],
            },
            {
                "kind": "scale",
                "text": "Hur nöjd är du med e-tjänsterna?",
                "required": True,
                "scale_min": 1,
                "scale_max": 5,
                "scale_min_label": "Mycket missnöjd",
                "scale_max_label": "Mycket nöjd",
            },
            {"kind": "text", "text": "Vad skulle göra e-tjänsterna bättre för dig?"},
        ],
        actor,
    )
    Survey.objects.filter(pk=survey.pk).update(
        status=Survey.Status.CLOSED, sent_at=sent, closed_at=sent + datetime.timedelta(days=31)
    )
    _invite(survey, members, sent, 132, rng)
    _responses(survey, questions, 132, rng, {1: [3, 5, 6, 2], 3: [1, 3, 6, 8, 4]})


def _survey_website(panel, members, actor, today, rng) -> None:
    sent = timezone.now() - datetime.timedelta(days=6)
    survey = Survey.objects.create(
        panel=panel,
        title="Kommunens webbplats",
        introduction=(
            "Vi gör om webbplatsen och vill veta vad du tycker. Enkäten är inte anonym: "
            "vi kan komma att kontakta dig för en intervju."
        ),
        anonymous=False,
        closes_on=today + datetime.timedelta(days=10),
        created_by=actor,
    )
    questions = _questions(
        survey,
        [
            {
                "kind": "scale",
                "text": "Hur lätt är det att hitta det du söker på webbplatsen?",
                "required": True,
                "scale_min": 1,
                "scale_max": 5,
                "scale_min_label": "Mycket svårt",
                "scale_max_label": "Mycket lätt",
            },
            {
                "kind": "single",
                "text": "Vilken enhet använder du oftast?",
                "options": ["Mobiltelefon", "Dator", "Surfplatta"],
            },
            {"kind": "text", "text": "Vad saknar du på webbplatsen?"},
        ],
        actor,
    )
    Survey.objects.filter(pk=survey.pk).update(status=Survey.Status.OPEN, sent_at=sent)
    answered = _invite(survey, members, sent, 74, rng)
    responses = _responses(survey, questions, 74, rng, {1: [2, 6, 8, 5, 2], 2: [7, 4, 1]})
    ResponseIdentity.objects.bulk_create(
        ResponseIdentity(
            response=response,
            member=member,
            submitted_at=sent + datetime.timedelta(days=rng.randint(0, 5)),
        )
        for response, member in zip(responses, answered, strict=True)
    )


def load(ctx: DemoContext) -> None:
    rng = random.Random(30_31)
    today = timezone.localdate()
    _self_assessment(ctx, today, rng)
    _citizen_panel(ctx, today, rng)
