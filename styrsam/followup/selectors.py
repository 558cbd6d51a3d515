"""Reads of the follow-up, restricted to the user (convention 2). Views, the API and the
exports take their querysets from here.

- Instruments, rounds and results: every member of staff (G30); an assignment's answer page
  only for its respondents and the coordinator (others: 404).
- Panels, members and surveys: only whoever runs the panel (G31); others: 404.
- The public pages find a member or an invitation by its personal link (``tokens.find``);
  every unusable link gives ``None``."""

from __future__ import annotations

import datetime

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from styrsam.meetings.access import is_convener_of
from styrsam.meetings.models import Meeting
from styrsam.organisation.models import GovernanceGroup

from . import access, tokens
from .models import (
    Answer,
    AssessmentRound,
    Assignment,
    Comparison,
    Indicator,
    Instrument,
    Invitation,
    MemberKey,
    Panel,
    PanelMember,
    Question,
    ScaleLevel,
    Survey,
    SurveyAnswer,
)


def _get(qs: QuerySet, pk):
    try:
        return qs.get(pk=pk)
    except (qs.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


# --- instruments and rounds (G30) ------------------------------------------------------------


def instrument_list(*, user) -> QuerySet[Instrument]:
    return (
        Instrument.objects.select_related("loaded_by")
        .annotate(
            area_count=Count("areas", distinct=True),
            indicator_count=Count("areas__indicators", distinct=True),
            round_count=Count("rounds", distinct=True),
        )
        .order_by("name", "-version", "pk")
    )


def instrument_structure(instrument: Instrument) -> list:
    """The instrument's areas with their indicators, each with its scale and levels."""
    return list(
        instrument.areas.order_by("order").prefetch_related(
            Prefetch(
                "indicators",
                queryset=Indicator.objects.order_by("order")
                .select_related("scale")
                .prefetch_related(
                    Prefetch("scale__levels", queryset=ScaleLevel.objects.order_by("order"))
                ),
            )
        )
    )


def instrument_get(*, user, pk) -> Instrument:
    return _get(Instrument.objects.select_related("loaded_by"), pk)


def _count(qs: QuerySet, field: str):
    """The number of rows of ``qs`` (filtered on an ``OuterRef``) as a subquery, 0 if none."""
    counted = qs.order_by().values(field).annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def round_list(*, user) -> QuerySet[AssessmentRound]:
    """Every round with its progress: answers given and indicators assigned (each
    assignment's area counts its indicators)."""
    return (
        AssessmentRound.objects.select_related("instrument", "agenda_item__meeting")
        .annotate(
            answered=_count(
                Answer.objects.filter(assignment__round=OuterRef("pk")), "assignment__round"
            ),
            expected=_count(
                Indicator.objects.filter(area__assignments__round=OuterRef("pk")),
                "area__assignments__round",
            ),
        )
        .order_by("-year", "instrument__name", "pk")
    )


def round_get(*, user, pk) -> AssessmentRound:
    return _get(
        round_list(user=user).select_related(
            "opened_by", "compiled_by", "agenda_item__meeting__group"
        ),
        pk,
    )


def round_assignments(assessment: AssessmentRound) -> QuerySet[Assignment]:
    """The round's assignments with how many of their indicators are answered."""
    return (
        Assignment.objects.filter(round=assessment)
        .select_related("area", "unit", "person")
        .annotate(
            answered=Count("answers", distinct=True),
            expected=Count("area__indicators", distinct=True),
        )
        .order_by("area__order", "unit__name", "person__last_name", "pk")
    )


def my_assignments(*, user) -> QuerySet[Assignment]:
    """The open rounds' assignments the user answers (G30)."""
    if not getattr(user, "is_authenticated", False):
        return Assignment.objects.none()
    return (
        round_assignments_all()
        .filter(access.respondent_q(user), round__status=AssessmentRound.Status.OPEN)
        .order_by("round__deadline", "area__order", "pk")
    )


def round_assignments_all() -> QuerySet[Assignment]:
    return Assignment.objects.select_related(
        "round__instrument", "area", "unit", "person"
    ).annotate(
        answered=Count("answers", distinct=True),
        expected=Count("area__indicators", distinct=True),
    )


def assignment_get(*, user, pk) -> Assignment:
    """An assignment for its respondents and the coordinator; 404 for anyone else."""
    assignment = _get(
        Assignment.objects.select_related("round__instrument", "area", "unit", "person"), pk
    )
    if not (access.answers_assignment(user, assignment) or access.reads_every_assignment(user)):
        raise Http404
    return assignment


def assignment_answers(assignment: Assignment) -> dict[int, Answer]:
    return {
        a.indicator_id: a
        for a in Answer.objects.filter(assignment=assignment).select_related("level", "answered_by")
    }


def round_answers(assessment: AssessmentRound) -> QuerySet[Answer]:
    """Every answer of the round with who gave it, for the Excel export."""
    return (
        Answer.objects.filter(assignment__round=assessment)
        .select_related(
            "assignment__area",
            "assignment__unit",
            "assignment__person",
            "indicator",
            "level",
            "answered_by",
        )
        .order_by(
            "assignment__area__order",
            "assignment__unit__name",
            "assignment__person__last_name",
            "indicator__order",
            "pk",
        )
    )


def comparison_list(*, user) -> QuerySet[Comparison]:
    return Comparison.objects.select_related("imported_by").order_by(
        "instrument_code", "-year", "municipality", "pk"
    )


def comparison_get(*, user, pk) -> Comparison:
    return _get(comparison_list(user=user), pk)


def comparisons_for(instrument_code: str) -> QuerySet[Comparison]:
    return comparison_list(user=None).filter(instrument_code=instrument_code)


def report_meetings(*, user, runs_only: bool = True) -> QuerySet[Meeting]:
    """Planned meetings, from today, of the group the result goes to (G30) that the user runs
    (as the group's convener or the meeting's secretary); every one with ``runs_only=False``
    (a posted choice: who may put the result on its agenda is the service's to say)."""
    group = access.report_group()
    qs = Meeting.objects.filter(
        status=Meeting.Status.PLANNED, date__gte=timezone.localdate()
    ).select_related("group")
    groups = [group] if group is not None else list(GovernanceGroup.objects.all())
    if group is not None:
        qs = qs.filter(group=group)
    if not runs_only:
        return qs.order_by("date", "start_time", "pk")
    convened = [g.pk for g in groups if is_convener_of(user, g)]
    return qs.filter(Q(group_id__in=convened) | Q(secretary_id=user.pk)).order_by(
        "date", "start_time", "pk"
    )


# --- panels and surveys (G31) -----------------------------------------------------------------


def _panel_scope(user) -> Q:
    units = access.panel_units(user)
    if units is None:
        return Q()
    return Q(unit_id__in=list(units))


def panel_list(*, user) -> QuerySet[Panel]:
    return (
        Panel.objects.filter(_panel_scope(user))
        .select_related("unit")
        .annotate(
            active_members=Count(
                "members", filter=Q(members__status=PanelMember.Status.ACTIVE), distinct=True
            ),
            survey_count=Count("surveys", distinct=True),
        )
        .order_by("name", "pk")
    )


def panel_get(*, user, pk) -> Panel:
    """A panel for whoever runs it; 404 for anyone else (G31)."""
    return _get(panel_list(user=user), pk)


def member_list(*, user, panel: Panel | None = None) -> QuerySet[PanelMember]:
    """The members of ``panel`` (default: of every panel the user runs) with how many surveys
    each has answered."""
    qs = PanelMember.objects.filter(panel__in=panel_list(user=user).values("pk"))
    if panel is not None:
        qs = qs.filter(panel=panel)
    return qs.annotate(
        answered=Count("invitations", filter=Q(invitations__used_at__isnull=False), distinct=True)
    ).order_by("email", "pk")


def member_get(*, user, pk) -> PanelMember:
    member = _get(PanelMember.objects.select_related("panel", "panel__unit"), pk)
    if not access.sees_panel(user, member.panel):
        raise Http404
    return member


def panel_composition(panel: Panel) -> dict:
    """How the active members spread over age groups and districts (counts only)."""
    active = panel.members.filter(status=PanelMember.Status.ACTIVE)
    ages = dict(active.values_list("age_group").annotate(n=Count("pk")).order_by())
    districts = dict(active.values_list("district").annotate(n=Count("pk")).order_by())
    return {
        "ages": [(label, ages.get(code, 0)) for code, label in PanelMember.AgeGroup.choices]
        + [("–", ages.get("", 0))],
        "districts": [(d, districts.get(d, 0)) for d in panel.districts]
        + [("–", districts.get("", 0))],
    }


def survey_list(*, user) -> QuerySet[Survey]:
    return (
        Survey.objects.filter(panel__in=Panel.objects.filter(_panel_scope(user)))
        .select_related("panel")
        .annotate(
            invited=_count(Invitation.objects.filter(survey=OuterRef("pk")).order_by(), "survey"),
            responded=_count(
                Invitation.objects.filter(survey=OuterRef("pk"), used_at__isnull=False).order_by(),
                "survey",
            ),
            question_count=Count("questions", distinct=True),
        )
        .order_by("-closes_on", "-pk")
    )


def survey_get(*, user, pk) -> Survey:
    return _get(
        survey_list(user=user).prefetch_related(
            Prefetch("questions", queryset=Question.objects.order_by("order", "id")),
            "questions__options",
        ),
        pk,
    )


# --- the public pages' personal links ---------------------------------------------------------


def member_for_key(token: str) -> PanelMember | None:
    """The member whose personal link this is, while the link is valid."""
    key = tokens.find(
        MemberKey.objects.filter(expires_at__gt=timezone.now()).select_related("member__panel"),
        token,
    )
    return key.member if key is not None else None


def invitation_usable(invitation: Invitation, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    return (
        invitation.used_at is None
        and invitation.expires_at > now
        and invitation.survey.status == Survey.Status.OPEN
        and invitation.survey.closes_on >= timezone.localdate()
        and invitation.member.status == PanelMember.Status.ACTIVE
    )


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation of a usable survey link; ``None`` for every other link."""
    invitation = tokens.find(Invitation.objects.select_related("survey__panel", "member"), token)
    if invitation is None or not invitation_usable(invitation):
        return None
    return invitation


def member_data(member: PanelMember) -> dict:
    """Everything the member has given (GDPR art. 15): their data, consent, the surveys they
    were sent and their answers to surveys that are not anonymous. Answers to anonymous
    surveys are not linked to anyone and so cannot be part of it."""
    invitations = list(member.invitations.select_related("survey").order_by("sent_at", "pk"))
    answers = (
        SurveyAnswer.objects.filter(response__identity__member=member)
        .select_related("question", "response__survey", "response__identity")
        .prefetch_related("question__options")
        .order_by("response__identity__submitted_at", "question__order")
    )
    given = []
    for answer in answers:
        labels = {o.pk: o.label for o in answer.question.options.all()}
        if answer.choices:
            value = ", ".join(labels.get(c, str(c)) for c in answer.choices)
        elif answer.number is not None:
            value = str(answer.number)
        else:
            value = answer.text
        given.append(
            {
                "survey": answer.response.survey.title,
                "submitted_at": answer.response.identity.submitted_at.isoformat(),
                "question": answer.question.text,
                "answer": value,
            }
        )
    panel = member.panel
    return {
        "panel": panel.name,
        "purpose": panel.purpose,
        "controller_contact": panel.controller_contact,
        "email": member.email,
        "status": member.get_status_display(),
        "age_group": member.get_age_group_display() if member.age_group else None,
        "district": member.district or None,
        "invited_at": member.invited_at.isoformat() if member.invited_at else None,
        "consented_at": member.consented_at.isoformat() if member.consented_at else None,
        "consent_language": member.consent_language or None,
        "consent_text": member.consent_text or None,
        "retain_until": member.retain_until.isoformat(),
        "surveys": [
            {
                "survey": i.survey.title,
                "anonymous": i.survey.anonymous,
                "sent_at": i.sent_at.isoformat(),
                "answered": i.used_at is not None,
            }
            for i in invitations
        ],
        "answers": given,
        "anonymous_answers_note": (
            "Svar på anonyma enkäter sparas utan koppling till medlemmen och ingår därför inte."
        ),
    }
