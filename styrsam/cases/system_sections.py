"""The cases and decisions about a system, on its page and in ``GET /api/v1/systems/{id}/``
(G17). Registered into the system register's sections (``styrsam.systems.hooks``) by the cases
app's config, so the register does not import the cases app."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from styrsam.guideline.policy import get_policy
from styrsam.systems.hooks import SystemSection

from . import selectors
from .models import Case, CaseStep, Decision


def system_cases(*, user, system) -> list[Case]:
    """G17: the cases about ``system`` that ``user`` may read, newest first.

    Built on the cases app's own restricted queryset (``case_list``), so a case the user may
    not see is not shown here either. Each case carries ``type_name`` (the policy's name of
    its type) and ``blocking_steps`` (the required steps it waits for; empty unless open).
    Three queries at most, whatever the number of cases."""
    if not user.has_perm("cases.view_case"):
        return []
    policy = get_policy()
    qs = (
        selectors.case_list(user=user)
        .filter(system=system)
        .select_related(None)
        .prefetch_related(Prefetch("steps", queryset=CaseStep.objects.order_by("position")))
    )
    cases = list(qs)
    for case in cases:
        case.type_name = policy.case_type_name(case.case_type)
        case.blocking_steps = (
            [s for s in case.steps.all() if s.is_open_required]
            if case.status == Case.Status.OPEN
            else []
        )
    return cases


def system_decisions(*, user, system) -> QuerySet[Decision]:
    """G17, G21, G23: the decisions about ``system`` (recorded on it, or on a case about it),
    newest first, corrections included. Only decisions the user may read, on cases the user
    may read (the decisions register's queryset, restricted to visible cases). One query.
    The two ways a decision is about the system are a ``UNION`` of two indexed lookups: an
    ``OR`` of them made PostgreSQL read and join every decision and case (issue 18)."""
    if not (user.has_perm("cases.view_decision") and user.has_perm("cases.view_case")):
        return Decision.objects.none()
    visible_cases = selectors.case_list(user=user).order_by().values("pk")
    about = (
        Decision.objects.filter(system=system)
        .order_by()
        .values("pk")
        .union(Decision.objects.filter(case__system=system).order_by().values("pk"))
    )
    return (
        selectors.decision_list(user=user)
        .filter(pk__in=about, case__in=visible_cases)
        .select_related(None)
        .select_related("case", "corrects")
    )


class SystemCaseSummarySerializer(serializers.ModelSerializer):
    type = serializers.CharField(source="case_type", help_text="Ärendetyp (policyns kod)")
    type_name = serializers.CharField(help_text="Ärendetypens namn i policyn")
    registration_number = serializers.CharField()
    waiting_for = serializers.SerializerMethodField(
        help_text="Koder för de steg ärendet väntar på, ['decision'] när det är klart för "
        "beslut, tom lista när det är beslutat eller avslutat."
    )

    class Meta:
        model = Case
        fields = [
            "id",
            "registration_number",
            "type",
            "type_name",
            "title",
            "status",
            "waiting_for",
        ]
        read_only_fields = fields

    def get_waiting_for(self, obj) -> list[str]:
        if obj.status == Case.Status.READY:
            return ["decision"]
        return [step.code for step in obj.blocking_steps]


class SystemDecisionSummarySerializer(serializers.ModelSerializer):
    registration_number = serializers.CharField(
        source="case.registration_number", help_text="Ärendets diarienummer"
    )

    class Meta:
        model = Decision
        fields = [
            "id",
            "case",
            "registration_number",
            "decided_at",
            "outcome",
            "body",
            "meeting_reference",
            "corrects",
        ]
        read_only_fields = fields


def _user(field: serializers.Field):
    request = field.context.get("request")
    return getattr(request, "user", None)


@extend_schema_field(SystemCaseSummarySerializer(many=True))
class SystemCasesField(serializers.Field):
    """Ärenden om systemet som användaren får läsa, det senaste först."""

    def __init__(self, **kwargs):
        kwargs.update(source="*", read_only=True)
        kwargs.setdefault(
            "help_text", "Ärenden om systemet som användaren får läsa, det senaste först."
        )
        super().__init__(**kwargs)

    def to_representation(self, system):
        user = _user(self)
        cases = system_cases(user=user, system=system) if user else []
        return SystemCaseSummarySerializer(cases, many=True, context=self.context).data


@extend_schema_field(SystemDecisionSummarySerializer(many=True))
class SystemDecisionsField(serializers.Field):
    def __init__(self, **kwargs):
        kwargs.update(source="*", read_only=True)
        kwargs.setdefault(
            "help_text",
            "Beslut om systemet (rättelser inräknade) som användaren får läsa, det senaste först.",
        )
        super().__init__(**kwargs)

    def to_representation(self, system):
        user = _user(self)
        decisions = system_decisions(user=user, system=system) if user else []
        return SystemDecisionSummarySerializer(decisions, many=True, context=self.context).data


def _cases_context(*, user, system):
    if not user.has_perm("cases.view_case"):
        return None
    return {"cases": system_cases(user=user, system=system)}


def _decisions_context(*, user, system):
    if not user.has_perm("cases.view_case"):
        return None
    return {"system": system, "decisions": list(system_decisions(user=user, system=system))}


SECTIONS = [
    SystemSection("cases", "cases/_system_cases.html", _cases_context, SystemCasesField, 10),
    SystemSection(
        "decisions", "cases/_system_decisions.html", _decisions_context, SystemDecisionsField, 20
    ),
]
