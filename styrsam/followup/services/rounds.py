"""Writes of the yearly self-assessment (G30): open a round, assign its areas, answer, compile,
send the result to the steering group, remind before the deadline, import comparisons."""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mass_mail
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from styrsam.core.audit import audit_record, audited_create, audited_update, snapshot
from styrsam.core.errors import Conflict, NotAllowed, ValidationFailed
from styrsam.meetings.models import AgendaItem, Meeting
from styrsam.meetings.services_agenda import agenda_item_add
from styrsam.organisation.models import Membership, OrgUnit
from styrsam.organisation.roles import active_q

from .. import access
from ..models import (
    Answer,
    Area,
    AssessmentRound,
    Assignment,
    Comparison,
    Indicator,
    Instrument,
    ScaleLevel,
)
from ..resultfile import ResultFileInvalid, validate_result_file
from ..results import round_results
from .instruments import problems_as_dicts

MIN_YEAR, MAX_YEAR = 2000, 2200
MAX_EVIDENCE = 10
REMIND_DAYS_BEFORE = 7
REMIND_EVERY_DAYS = 3
_url = URLValidator(schemes=["http", "https"])


def _require_coordinator(actor) -> None:
    if actor is not None and not access.runs_rounds(actor):
        raise NotAllowed(
            _("Bara IT-strategen driver årets självskattning (G30)."),
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
    _require_coordinator(actor)
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
    _require_coordinator(actor)
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
    _require_coordinator(actor)
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
    _require_coordinator(actor)
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
    the steering group by default), through the meetings app's agenda service."""
    _require_coordinator(actor)
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


def _respondent_emails(assignment: Assignment) -> list[str]:
    if assignment.person_id:
        return [assignment.person.email] if assignment.person.email else []
    group = access.respondent_group()
    if group is None:
        return []
    return list(
        Membership.objects.filter(active_q(), group=group, represents_id=assignment.unit_id)
        .exclude(person__email="")
        .values_list("person__email", flat=True)
    )


@transaction.atomic
def assignments_remind(*, today: datetime.date | None = None) -> list[int]:
    """E-mail the respondents of assignments not fully answered when the deadline is at most
    ``REMIND_DAYS_BEFORE`` days away, at most every ``REMIND_EVERY_DAYS`` days (safe to run
    again the same day). Returns the assignments reminded."""
    today = today or timezone.localdate()
    window = {
        "status": AssessmentRound.Status.OPEN,
        "deadline__gte": today,
        "deadline__lte": today + datetime.timedelta(days=REMIND_DAYS_BEFORE),
    }
    # Lock the rounds: a second run at the same time waits and then finds them reminded.
    rounds = list(
        AssessmentRound.objects.select_for_update().filter(**window).values_list("pk", flat=True)
    )
    due = [
        a
        for a in Assignment.objects.filter(round_id__in=rounds)
        .select_related("round__instrument", "area", "unit", "person")
        .annotate(
            answered=Count("answers", distinct=True), total=Count("area__indicators", distinct=True)
        )
        .order_by("pk")
        if a.answered < a.total
        and (a.reminded_on is None or (today - a.reminded_on).days >= REMIND_EVERY_DAYS)
    ]
    messages, reminded = [], []
    for assignment in due:
        recipients = _respondent_emails(assignment)
        if not recipients:
            continue
        answered, total = assignment.answered, assignment.total
        messages.append(
            (
                _("Påminnelse: självskattningen %(r)s ska besvaras senast %(d)s (G30)")
                % {"r": assignment.round, "d": assignment.round.deadline.isoformat()},
                _(
                    "Området %(a)s har %(n)s av %(t)s indikatorer besvarade.\n"
                    "Svara i Styrsam: %(url)s"
                )
                % {
                    "a": assignment.area.name,
                    "n": answered,
                    "t": total,
                    "url": settings.STYRSAM_PUBLIC_URL.rstrip("/")
                    + reverse("followup:assignment_answer", args=[assignment.pk]),
                },
                settings.DEFAULT_FROM_EMAIL,
                recipients,
            )
        )
        assignment.reminded_on = today
        reminded.append(assignment)
    Assignment.objects.bulk_update(reminded, ["reminded_on"])
    for assessment in {a.round for a in reminded}:
        audit_record(
            actor=None,
            action="assessment_round.remind",
            obj=assessment,
            after={"reminded": sorted(a.pk for a in reminded if a.round_id == assessment.pk)},
            rule="G30",
        )
    if messages:
        transaction.on_commit(lambda: send_mass_mail(messages))
    return [a.pk for a in reminded]


@transaction.atomic
def comparison_import(*, actor, raw: bytes | str, source: str = "") -> Comparison:
    """Store another municipality's result file (the open format) to compare with ours. The
    same file twice changes nothing; another file for the same municipality, year and
    instrument is refused (remove the old comparison first)."""
    _require_coordinator(actor)
    try:
        data = validate_result_file(raw)
    except ResultFileInvalid as exc:
        raise ValidationFailed(
            _("Resultatfilen är ogiltig (%(n)s fel); ingenting har importerats.")
            % {"n": len(exc.problems)},
            code="invalid_result_file",
            field="file",
            extra={"problems": problems_as_dicts(exc.problems)},
        ) from exc
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False)
    digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    instrument = data["instrument"]
    existing = Comparison.objects.filter(
        municipality=data["municipality"], year=data["year"], instrument_code=instrument["code"]
    ).first()
    if existing is not None:
        if existing.sha256 == digest:
            return existing
        raise Conflict(
            _("Det finns redan en jämförelse med %(m)s %(y)s; ta bort den först.")
            % {"m": data["municipality"], "y": data["year"]},
            code="comparison_exists",
            field="file",
        )
    comparison = Comparison.objects.create(
        municipality=data["municipality"],
        year=data["year"],
        instrument_code=instrument["code"],
        instrument_version=instrument["version"],
        instrument_name=instrument["name"],
        score=None if data["score"] is None else round(data["score"], 1),
        data=data,
        sha256=digest,
        imported_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audited_create(
        actor=actor,
        action="assessment_comparison.import",
        obj=comparison,
        rule="G30",
        source=source[:300],
    )
    return comparison


@transaction.atomic
def comparison_delete(*, actor, comparison: Comparison) -> None:
    _require_coordinator(actor)
    audit_record(
        actor=actor,
        action="assessment_comparison.delete",
        obj=comparison,
        before=snapshot(comparison),
        rule="G30",
    )
    comparison.delete()
