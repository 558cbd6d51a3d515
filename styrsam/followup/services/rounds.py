"""Writes of the yearly self-assessment (G30): open a round, assign its areas, answer, compile
and send the result to the steering group. Reminders are in ``reminders``, comparisons with
other municipalities in ``comparisons``."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from styrsam.core.audit import audit_record, audited_create, audited_update, snapshot
from styrsam.core.errors import Conflict, NotAllowed, ValidationFailed
from styrsam.guideline.policy import get_policy
from styrsam.meetings.models import AgendaItem, Meeting
from styrsam.meetings.services import agenda_item_add, require_runs
from styrsam.organisation.models import Membership, OrgUnit
from styrsam.organisation.roles import active_q

from .. import access
from ..models import (
    Answer,
    Area,
    AssessmentRound,
    Assignment,
    Indicator,
    Instrument,
    ScaleLevel,
)
from ..results import round_results

MIN_YEAR, MAX_YEAR = 2000, 2200
MAX_EVIDENCE = 10
_url = URLValidator(schemes=["http", "https"])


def require_coordinator(actor) -> None:
    if actor is not None and not access.runs_rounds(actor):
        raise NotAllowed(
            _("Bara %(role)s driver årets självskattning (G30).")
            % {"role": get_policy().coordinator_name()},
            code="not_coordinator",
            rule="G30",
        )


def _require_open(assessment: AssessmentRound) -> None:
    if not assessment.is_open:
        raise Conflict(
            _("Självskattningen är sammanställd och kan inte ändras."),
            code="round_compiled",
            rule="G30",
        )


@transaction.atomic
def round_open(
    *,
    actor,
    year: int,
    instrument: Instrument,
    deadline: datetime.date,
    units: Iterable[OrgUnit] = (),
) -> AssessmentRound:
    """Open ``year``'s round with ``instrument``; every area is assigned to each of ``units``."""
    require_coordinator(actor)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationFailed(
            _("Ange ett år mellan %(a)s och %(b)s.") % {"a": MIN_YEAR, "b": MAX_YEAR},
            field="year",
        )
    if deadline < timezone.localdate():
        raise ValidationFailed(
            _("Sista svarsdag kan inte ha passerat."), code="deadline_passed", field="deadline"
        )
    if AssessmentRound.objects.filter(year=year, instrument=instrument).exists():
        raise Conflict(
            _("Det finns redan en självskattning %(y)s med %(i)s.")
            % {"y": year, "i": instrument.name},
            code="round_exists",
            field="year",
            rule="G30",
        )
    assessment = AssessmentRound.objects.create(
        year=year,
        instrument=instrument,
        deadline=deadline,
        opened_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audited_create(actor=actor, action="assessment_round.open", obj=assessment, rule="G30")
    for unit in units:
        for area in instrument.areas.order_by("order"):
            assignment_add(actor=actor, assessment=assessment, area=area, unit=unit)
    return assessment


def _check_respondent(unit: OrgUnit | None, person) -> None:
    """G30: the policy's group answers: a department needs a member who represents it, a
    person must sit in the group."""
    group = access.respondent_group()
    if group is None:
        return
    members = Membership.objects.filter(active_q(), group=group)
    if unit is not None and not members.filter(represents=unit).exists():
        raise ValidationFailed(
            _("%(u)s har ingen ledamot i %(g)s som kan besvara självskattningen (G30).")
            % {"u": unit.name, "g": group.name},
            code="no_respondent",
            field="unit",
            rule="G30",
        )
    if person is not None and not members.filter(person=person).exists():
        raise ValidationFailed(
            _("%(p)s sitter inte i %(g)s, som besvarar självskattningen (G30).")
            % {"p": person.get_full_name() or person.get_username(), "g": group.name},
            code="not_in_group",
            field="person",
            rule="G30",
        )


@transaction.atomic
def assignment_add(
    *, actor, assessment: AssessmentRound, area: Area, unit: OrgUnit | None = None, person=None
) -> Assignment:
    require_coordinator(actor)
    _require_open(assessment)
    if area.instrument_id != assessment.instrument_id:
        raise ValidationFailed(
            _("Området hör inte till självskattningens instrument."), field="area"
        )
    if (unit is None) == (person is None):
        raise ValidationFailed(
            _("Tilldela området antingen en förvaltning eller en person."),
            code="unit_or_person",
            field="unit",
        )
    _check_respondent(unit, person)
    try:
        with transaction.atomic():
            assignment = Assignment.objects.create(
                round=assessment, area=area, unit=unit, person=person
            )
    except IntegrityError as exc:
        raise Conflict(
            _("%(a)s är redan tilldelat %(r)s.")
            % {"a": area.name, "r": unit.name if unit else person.get_full_name()},
            code="already_assigned",
            field="unit" if unit else "person",
        ) from exc
    audit_record(
        actor=actor,
        action="assessment_round.assign",
        obj=assessment,
        after=snapshot(assignment),
        rule="G30",
    )
    return assignment


@transaction.atomic
def assignment_remove(*, actor, assignment: Assignment) -> None:
    require_coordinator(actor)
    _require_open(assignment.round)
    if assignment.answers.exists():
        raise Conflict(_("Uppdraget har redan svar och kan inte tas bort."), code="has_answers")
    audit_record(
        actor=actor,
        action="assessment_round.unassign",
        obj=assignment.round,
        before=snapshot(assignment),
        rule="G30",
    )
    assignment.delete()


def _clean_evidence(links: Iterable[str]) -> list[str]:
    cleaned = [link.strip() for link in links if link and link.strip()]
    if len(cleaned) > MAX_EVIDENCE:
        raise ValidationFailed(
            _("Högst %(n)s länkar till underlag per indikator.") % {"n": MAX_EVIDENCE},
            field="evidence",
        )
    for link in cleaned:
        try:
            if len(link) > 500:
                raise ValidationError("too long")
            _url(link)
        except ValidationError as exc:
            raise ValidationFailed(
                _("Ogiltig länk till underlag: %(l)s (ange en adress som börjar med https://).")
                % {"l": link[:100]},
                code="invalid_link",
                field="evidence",
            ) from exc
    return cleaned


@transaction.atomic
def answers_save(*, actor, assignment: Assignment, answers: list[dict]) -> list[Answer]:
    """Save the respondent's answers: each ``{"indicator", "level", "comment", "evidence"}``
    for an indicator of the assigned area, with a level of the indicator's scale. Indicators
    left out keep their earlier answer. Refused once the round is compiled."""
    if not access.answers_assignment(actor, assignment):
        raise NotAllowed(
            _("Bara den som uppdraget gäller besvarar det (G30)."),
            code="not_respondent",
            rule="G30",
        )
    assessment = AssessmentRound.objects.select_for_update().get(pk=assignment.round_id)
    _require_open(assessment)
    indicators = {i.pk: i for i in Indicator.objects.filter(area_id=assignment.area_id)}
    existing = {a.indicator_id: a for a in Answer.objects.filter(assignment=assignment)}
    changes, saved = [], []
    for item in answers:
        indicator = item["indicator"]
        if getattr(indicator, "pk", indicator) not in indicators:
            raise ValidationFailed(
                _("Indikatorn hör inte till området %(a)s.") % {"a": assignment.area.name},
                code="wrong_indicator",
                field="indicator",
            )
        indicator = indicators[getattr(indicator, "pk", indicator)]
        level = item["level"]
        if not isinstance(level, ScaleLevel) or level.scale_id != indicator.scale_id:
            raise ValidationFailed(
                _("Välj en nivå på indikatorns skala: %(t)s") % {"t": indicator.text[:80]},
                code="wrong_level",
                field="level",
            )
        values = {
            "level": level,
            "comment": (item.get("comment") or "").strip(),
            "evidence": _clean_evidence(item.get("evidence") or []),
        }
        answer = existing.get(indicator.pk)
        if answer is None:
            answer = Answer.objects.create(
                assignment=assignment, indicator=indicator, answered_by=actor, **values
            )
            changes.append({"indicator": indicator.code, "level": level.code})
        else:
            before = snapshot(answer)
            for name, value in values.items():
                setattr(answer, name, value)
            answer.answered_by = actor
            if snapshot(answer) != before:
                answer.save()
                changes.append({"indicator": indicator.code, "level": level.code})
        saved.append(answer)
    if changes:
        audit_record(
            actor=actor,
            action="assessment_answer.save",
            obj=assignment,
            after={"answers": changes},
            rule="G30",
        )
    return saved


@transaction.atomic
def round_compile(*, actor, assessment: AssessmentRound) -> AssessmentRound:
    """Lock every answer and mark the round compiled (G30); refused when nothing is answered."""
    require_coordinator(actor)
    assessment = AssessmentRound.objects.select_for_update().get(pk=assessment.pk)
    _require_open(assessment)
    answers = Answer.objects.filter(assignment__round=assessment)
    if not answers.exists():
        raise Conflict(
            _("Ingen har svarat ännu: det finns inget att sammanställa."),
            code="no_answers",
            rule="G30",
        )
    answers.update(locked=True)
    audited_update(
        actor=actor,
        obj=assessment,
        action="assessment_round.compile",
        changes={
            "status": AssessmentRound.Status.COMPILED,
            "compiled_at": timezone.now(),
            "compiled_by": actor if getattr(actor, "is_authenticated", False) else None,
        },
        rule="G30",
    )
    return assessment


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{round(value)} %"


def summary_text(assessment: AssessmentRound) -> str:
    """The agenda item's description: the overall and each area's score, the link."""
    results = round_results(assessment)
    lines = [
        _("Resultat: %(s)s av högsta möjliga (%(a)s av %(e)s svar).")
        % {"s": _percent(results.score), "a": results.answered, "e": results.expected}
    ]
    lines += [f"- {area.name}: {_percent(area.score)}" for area in results.areas]
    lines.append(
        _("Hela sammanställningen: %(url)s")
        % {"url": reverse("followup:round_results", args=[assessment.pk])}
    )
    return "\n".join(lines)


@transaction.atomic
def round_send(*, actor, assessment: AssessmentRound, meeting: Meeting) -> AgendaItem:
    """Put the compiled result on ``meeting``'s agenda (G30: the group the policy reports to,
    the steering group by default), through the meetings app's agenda service. Who may put it
    on the meeting's agenda (its convener or secretary, G13) is asked before the round's state
    (role before state, issue 11): the superuser runs no group's meeting."""
    require_coordinator(actor)
    require_runs(actor, meeting)
    assessment = AssessmentRound.objects.select_for_update().get(pk=assessment.pk)
    if assessment.is_open:
        raise Conflict(
            _("Sammanställ självskattningen innan resultatet skickas (G30)."),
            code="not_compiled",
            rule="G30",
        )
    if assessment.agenda_item_id is not None:
        raise Conflict(
            _("Resultatet finns redan på föredragningslistan för %(m)s.")
            % {"m": assessment.agenda_item.meeting},
            code="already_sent",
            rule="G30",
        )
    group = access.report_group()
    if group is not None and meeting.group_id != group.pk:
        raise ValidationFailed(
            _("Resultatet ska till %(g)s (G30); välj ett av gruppens möten.") % {"g": group.name},
            code="wrong_group",
            field="meeting",
            rule="G30",
        )
    item = agenda_item_add(
        actor=actor,
        meeting=meeting,
        title=_("Årets självskattning av e-förvaltningen: %(r)s (G30)") % {"r": assessment},
        kind=AgendaItem.Kind.FREE,
        description=summary_text(assessment),
        presenter=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audited_update(
        actor=actor,
        obj=assessment,
        action="assessment_round.send",
        changes={"agenda_item": item, "sent_at": timezone.now()},
        rule="G30",
    )
    return item
