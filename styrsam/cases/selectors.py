"""Reads of cases, decisions, consultations and the inbox. Views, lists (``lists.py``) and
the API take their querysets from here; the filters of the lists are in ``lists.py``."""

from __future__ import annotations

import datetime

from django.db.models import Count, Exists, Min, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.utils.translation import gettext as _

from styrsam.core.memo import per_page
from styrsam.guideline.policy import get_policy

from .models import Case, CaseStep, Consultation, ConsultationResponse, Decision, Notification

DECISION = "decision"  # "waits for a decision", beside the step codes


def open_required_step_q(prefix: str = "") -> Q:
    """Steps that block the decision: required (or marked needed) and not done."""
    return Q(**{f"{prefix}completed_at__isnull": True}) & (
        Q(**{f"{prefix}when_needed": False}) | Q(**{f"{prefix}needed": True})
    )


def case_list(*, user) -> QuerySet[Case]:
    """Every case ``user`` may read (every member of staff reads every case), newest first,
    with its reporter, reporting unit and system."""
    return Case.objects.select_related("reporter", "reporting_unit", "system").order_by(
        "-year", "-number"
    )


def with_steps(qs: QuerySet[Case]) -> QuerySet[Case]:
    """The cases with their whole path and affected units (the API and the case page)."""
    return qs.prefetch_related(
        Prefetch(
            "steps", queryset=CaseStep.objects.select_related("completed_by").order_by("position")
        ),
        "affected_units",
    )


def with_waiting(qs: QuerySet[Case]) -> QuerySet[Case]:
    """The cases with what they wait for: ``waiting_name`` (the first open required step's
    name, for sorting; ``None`` when ready or final) and ``blocking_steps`` (every open
    required step, in order). One query more, whatever the number of rows."""
    first_open = CaseStep.objects.filter(open_required_step_q(), case=OuterRef("pk")).order_by(
        "position"
    )
    return qs.annotate(waiting_name=Subquery(first_open.values("name")[:1])).prefetch_related(
        Prefetch(
            "steps",
            queryset=CaseStep.objects.filter(open_required_step_q()).order_by("position"),
            to_attr="blocking_steps",
        )
    )


def open_cases(*, user) -> QuerySet[Case]:
    """Cases on their way: steps open, or ready for decision."""
    return case_list(user=user).filter(status__in=[Case.Status.OPEN, Case.Status.READY])


def my_cases(*, user) -> QuerySet[Case]:
    """The cases ``user`` reported."""
    return case_list(user=user).filter(reporter=user)


def waiting_for_q(code: str) -> Q:
    """Cases waiting for ``code``: a step code (that step is open and required) or
    ``DECISION`` (ready for decision)."""
    if code == DECISION:
        return Q(status=Case.Status.READY)
    blocking = CaseStep.objects.filter(open_required_step_q(), case=OuterRef("pk"), code=code)
    return Q(Exists(blocking), status=Case.Status.OPEN)


def waiting_choices() -> list[tuple[str, str]]:
    """What a case can wait for, in the order of the policy's paths: each step code with its
    name (the names every case type gives the code, alphabetically: a policy stored in
    PostgreSQL's jsonb keeps no order of its case types), then the decision."""
    policy = get_policy()
    names: dict[str, list[str]] = {}
    for case_type in policy.case_type_codes():
        for step in policy.steps(case_type):
            known = names.setdefault(step.code, [])
            if step.name not in known:
                known.append(step.name)
    return [*((code, " / ".join(sorted(n))) for code, n in names.items()), (DECISION, _("Beslut"))]


def waiting_counts(qs: QuerySet[Case]) -> dict[str, int]:
    """How many of the cases ``qs`` wait for each step code, and for ``DECISION``. A case
    with several open steps counts under each. Two queries."""
    open_ids = qs.filter(status=Case.Status.OPEN).order_by().values("pk")
    counts = dict(
        CaseStep.objects.filter(open_required_step_q(), case__in=open_ids)
        .order_by()
        .values_list("code")
        .annotate(n=Count("pk"))
        .values_list("code", "n")
    )
    counts[DECISION] = qs.filter(status=Case.Status.READY).order_by().count()
    return counts


def case_get(*, user, pk: int) -> Case:
    try:
        return (
            with_steps(case_list(user=user))
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


def cases_ready_for_group(group, *, user=None) -> QuerySet[Case]:
    """The cases ready for ``group``'s agenda (a GovernanceGroup or its code), oldest first:

    - for decision: open cases of the types the policy lets this group decide, with no open
      required step and not yet decided (G13, G21, G23, G27);
    - for consultation: cases with an open consultation (remiss) in this group (G14).

    Each case carries ``for_consultation`` (True when it is there for the consultation)."""
    code = getattr(group, "code", group)
    policy = get_policy()
    types = [t for t in policy.case_type_codes() if policy.deciding_group(t) == code]
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


def consultation_list(*, user) -> QuerySet[Consultation]:
    """Every consultation (remiss), newest first, with its case, group, step, who opened and
    closed it and the answers."""
    return (
        Consultation.objects.select_related("case", "group", "step", "opened_by", "closed_by")
        .prefetch_related(
            Prefetch("responses", queryset=ConsultationResponse.objects.select_related("member"))
        )
        .order_by("-opened_at", "-id")
    )


def consultation_get(*, user, pk: int) -> Consultation:
    try:
        return consultation_list(user=user).get(pk=pk)
    except (Consultation.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def decision_list(*, user) -> QuerySet[Decision]:
    """The register of decisions, newest first (corrections are decisions too)."""
    return Decision.objects.select_related(
        "case", "decided_by", "corrects", "corrects__case", "system", "minute_item"
    ).order_by("-decided_at", "-id")


def decision_get(*, user, pk: int) -> Decision:
    try:
        return decision_list(user=user).get(pk=pk)
    except (Decision.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


FINAL_STATUSES = (Case.Status.DECIDED, Case.Status.CLOSED)


def inbox(*, user) -> QuerySet[Notification]:
    """The user's inbox: what still waits for them and what informs them. An item that asked
    them to act on a case leaves it once the case is decided or closed (issue 17)."""
    return (
        Notification.objects.filter(recipient=user)
        .exclude(asks_action=True, case__status__in=FINAL_STATUSES)
        .order_by("-created_at", "-id")
    )


def unread_count(*, user) -> int:
    return inbox(user=user).filter(read_at__isnull=True).count()


def case_step_get(*, user, case: int, pk: int | None = None, code: str = "") -> CaseStep:
    """One step of a case (by id or by code), with its case: for the step's attachment."""
    lookup = {"pk": pk} if pk is not None else {"code": code}
    try:
        return CaseStep.objects.select_related("case").get(case_id=case, **lookup)
    except (CaseStep.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def consultations_due(*, user, today, soon_days: int = 14) -> dict[str, int]:
    """The open consultations (remisser, G14) by their deadline: ``overdue`` (the deadline has
    passed), ``soon`` (due within ``soon_days``, today included) and ``later``. One query."""
    soon = today + datetime.timedelta(days=soon_days)
    return Consultation.objects.filter(closed_at__isnull=True).aggregate(
        overdue=Count("pk", filter=Q(deadline__lt=today)),
        soon=Count("pk", filter=Q(deadline__gte=today, deadline__lte=soon)),
        later=Count("pk", filter=Q(deadline__gt=soon)),
    )


def ready_cases(*, user) -> QuerySet[Case]:
    """The cases ready for decision that ``user`` may read (their ids)."""
    return case_list(user=user).filter(status=Case.Status.READY).order_by().values("pk")


def ready_case_count(*, user) -> int:
    """The cases ready for decision that ``user`` may read, counted once per start page: the
    start page's coordinator to-do and chart both show it (issue 18)."""
    return per_page(
        user,
        "ready_case_count",
        lambda: ready_cases(user=user).count(),
    )


def waiting_by_step(qs: QuerySet[Case], *, ready: int | None = None) -> list[tuple[str, str, int]]:
    """Like ``waiting_counts``, by the name each case's path gives the step (the name on the
    case page): (step code, step name, cases), in the order of the paths, then
    (``DECISION``, "Beslut", the cases ready for decision; ``ready``: that count when already
    read). Two queries (one with ``ready``)."""
    open_ids = qs.filter(status=Case.Status.OPEN).order_by().values("pk")
    rows = [
        (row["code"], row["name"], row["n"])
        for row in CaseStep.objects.filter(open_required_step_q(), case__in=open_ids)
        .values("code", "name")
        .annotate(n=Count("pk"), first=Min("position"))
        .order_by("first", "name")
    ]
    if ready is None:
        ready = qs.filter(status=Case.Status.READY).order_by().count()
    return [*rows, (DECISION, _("Beslut"), ready)]
