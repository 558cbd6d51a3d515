"""Reads of cases and decisions. Views and the API take their querysets from here."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from styrsam.core.params import int_param

from .models import Case, CaseStep, Consultation, ConsultationResponse, Decision, Notification

DECISION = "decision"


def open_required_step_q(prefix: str = "") -> Q:
    """Steps that block the decision: required (or marked needed) and not done."""
    return Q(**{f"{prefix}completed_at__isnull": True}) & (
        Q(**{f"{prefix}when_needed": False}) | Q(**{f"{prefix}needed": True})
    )


@dataclass(frozen=True)
class CaseFilter:
    case_type: str = ""
    status: str = ""
    system: int | None = None
    waiting_for: str = ""  # a step code, or "decision"
    q: str = ""
    reporter: int | None = None

    @classmethod
    def from_params(cls, params) -> CaseFilter:
        def get(name: str) -> str:
            return (params.get(name) or "").strip()

        system = get("system")
        status = get("status")
        return cls(
            case_type=get("type"),
            status=status if status in Case.Status.values else "",
            system=int_param(system),
            waiting_for=get("waiting_for"),
            q=get("q"),
        )


def case_list(*, user, filters: CaseFilter | None = None) -> QuerySet[Case]:
    f = filters or CaseFilter()
    qs = Case.objects.select_related("reporter", "reporting_unit", "system").prefetch_related(
        Prefetch(
            "steps", queryset=CaseStep.objects.select_related("completed_by").order_by("position")
        ),
        "affected_units",
    )
    if f.case_type:
        qs = qs.filter(case_type=f.case_type)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.system:
        qs = qs.filter(system_id=f.system)
    if f.reporter:
        qs = qs.filter(reporter_id=f.reporter)
    if f.q:
        qs = qs.filter(Q(title__icontains=f.q) | Q(description__icontains=f.q))
    if f.waiting_for == DECISION:
        qs = qs.filter(status=Case.Status.READY)
    elif f.waiting_for:
        blocking = CaseStep.objects.filter(
            open_required_step_q(), case=OuterRef("pk"), code=f.waiting_for
        )
        qs = qs.filter(Exists(blocking), status=Case.Status.OPEN)
    return qs.order_by("-year", "-number")


def case_get(*, user, pk: int) -> Case:
    try:
        return (
            case_list(user=user)
            .prefetch_related(
                Prefetch(
                    "decisions",
                    queryset=Decision.objects.select_related("decided_by", "corrects"),
                ),
                Prefetch(
                    "consultations",
                    queryset=Consultation.objects.select_related(
                        "group", "opened_by", "closed_by", "step"
                    ).prefetch_related(
                        Prefetch(
                            "responses",
                            queryset=ConsultationResponse.objects.select_related("member"),
                        )
                    ),
                ),
            )
            .get(pk=pk)
        )
    except (Case.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def waiting_for(case: Case) -> CaseStep | None:
    """The first open required step of a prefetched case (None: ready or final)."""
    for step in case.steps.all():
        if step.is_open_required:
            return step
    return None


def open_cases_by_waiting(*, user) -> list[tuple[str, list[Case]]]:
    """Open cases grouped by the first step they wait for, then those ready for decision."""
    qs = case_list(user=user).filter(status__in=[Case.Status.OPEN, Case.Status.READY])
    groups: dict[str, list[Case]] = {}
    for case in qs:
        step = waiting_for(case)
        label = step.name if step else DECISION
        groups.setdefault(label, []).append(case)
    ready = groups.pop(DECISION, [])
    result = sorted(groups.items())
    if ready:
        result.append((DECISION, ready))
    return result


def cases_ready_for_group(group, *, user=None) -> QuerySet[Case]:
    """The cases ready for ``group``'s agenda (a GovernanceGroup or its code), oldest first:

    - for decision: open cases of the types the policy lets this group decide, with no open
      required step and not yet decided (G13, G21, G23, G27);
    - for consultation: cases with an open consultation (remiss) in this group (G14).

    Each case carries ``for_consultation`` (True when it is there for the consultation)."""
    from styrsam.guideline.policy import get_policy

    from .services.decisions import deciding_group

    code = getattr(group, "code", group)
    policy = get_policy()
    types = [t for t in policy.case_type_codes() if deciding_group(policy, t) == code]
    blocking = CaseStep.objects.filter(open_required_step_q(), case=OuterRef("pk"))
    consulting = Consultation.objects.filter(
        case=OuterRef("pk"), group__code=code, closed_at__isnull=True
    )
    ready = Q(case_type__in=types) & ~Exists(blocking)
    return (
        Case.objects.filter(status__in=[Case.Status.OPEN, Case.Status.READY])
        .annotate(for_consultation=Exists(consulting))
        .filter(ready | Q(for_consultation=True))
        .select_related("reporter", "reporting_unit", "system")
        .order_by("year", "number")
    )


def consultation_get(*, user, pk: int) -> Consultation:
    try:
        return (
            Consultation.objects.select_related("case", "group", "step", "opened_by", "closed_by")
            .prefetch_related(
                Prefetch(
                    "responses", queryset=ConsultationResponse.objects.select_related("member")
                )
            )
            .get(pk=pk)
        )
    except (Consultation.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def consultation_list(*, user, case: int | None = None, open_only: bool = False):
    qs = Consultation.objects.select_related("case", "group", "step", "opened_by").prefetch_related(
        Prefetch("responses", queryset=ConsultationResponse.objects.select_related("member"))
    )
    if case:
        qs = qs.filter(case_id=case)
    if open_only:
        qs = qs.filter(closed_at__isnull=True)
    return qs


def decision_list(*, user, q: str = "", outcome: str = "") -> QuerySet[Decision]:
    qs = Decision.objects.select_related(
        "case", "decided_by", "corrects", "corrects__case", "system", "minute_item"
    )
    if q:
        qs = qs.filter(
            Q(text__icontains=q)
            | Q(conditions__icontains=q)
            | Q(case__title__icontains=q)
            | Q(system__name__icontains=q)
        )
    if outcome in Decision.Outcome.values:
        qs = qs.filter(outcome=outcome)
    return qs.order_by("-decided_at", "-id")


def decision_get(*, user, pk: int) -> Decision:
    try:
        return decision_list(user=user).get(pk=pk)
    except (Decision.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def inbox(*, user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def unread_count(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def case_step_get(*, user, case: int, pk: int | None = None, code: str = "") -> CaseStep:
    """One step of a case (by id or by code), with its case: for the step's attachment."""
    lookup = {"pk": pk} if pk is not None else {"code": code}
    try:
        return CaseStep.objects.select_related("case").get(case_id=case, **lookup)
    except (CaseStep.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
