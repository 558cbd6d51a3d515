"""The active policy as a read-only object that code asks questions of (convention 4).

Code never hard-codes "10–12 meetings": it asks ``get_policy().group("steering").meetings_min``.
The active version is cached per process and re-read when another version becomes active.
Inside one request the answer is remembered, so a template asking for 50 role names costs
no query per row; the next request sees a version that another process has loaded.
"""

from __future__ import annotations

import datetime
import threading
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from asgiref.local import Local
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db.models import Case, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext

from styrsam.core.compiled import CompiledRead
from styrsam.core.formats import lower_first

from .upgrade import upgrade
from .validation import validate_policy


@dataclass(frozen=True)
class Step:
    code: str
    name: str
    performer_roles: tuple[str, ...]
    when_needed: bool
    consultation_group: str | None
    kind: str = "plain"  # plain | consultation (G14) | forwarding (G03)
    min_answers: int = 0  # a consultation anchors only with this many answers (G14, G21)

    @property
    def is_consultation(self) -> bool:
        return self.kind == "consultation"

    @property
    def is_forwarding(self) -> bool:
        return self.kind == "forwarding"


@dataclass(frozen=True)
class GroupPolicy:
    code: str
    data: dict[str, Any]

    @property
    def name(self) -> str:
        return self.data["name"]

    @property
    def rule(self) -> str:
        return self.data.get("rule", "")

    @property
    def meetings_min(self) -> int:
        return self.data["meetings_per_year"]["min"]

    @property
    def meetings_max(self) -> int:
        return self.data["meetings_per_year"]["max"]

    @property
    def chair_role(self) -> str | None:
        return self.data["chair"].get("role")

    @property
    def chair_may_be_appointed(self) -> bool:
        return bool(self.data["chair"].get("may_appoint"))

    @property
    def chair_elected(self) -> bool:
        return bool(self.data["chair"].get("elected"))

    @property
    def convener_role(self) -> str:
        return self.data["convener"].get("role", "")

    @property
    def composition(self) -> dict[str, Any]:
        return self.data["composition"]

    @property
    def duties(self) -> list[str]:
        return self.data.get("duties", [])

    @property
    def member_duties(self) -> list[str]:
        return self.data.get("member_duties", [])

    @property
    def standing_items(self) -> list[str]:
        return self.data.get("standing_items", [])


class Policy:
    """Questions the code asks of the guideline."""

    def __init__(self, data: dict[str, Any], version: int | None = None):
        self.data = upgrade(data)  # versions stored before schema 2 (upgrade.py)
        self.version = version

    @property
    def name(self) -> str:
        return self.data["name"]

    # roles
    def role_codes(self) -> list[str]:
        return list(self.data["roles"])

    def role_name(self, code: str) -> str:
        role = self.data["roles"].get(code)
        return role["name"] if role else code

    def role_is_unit_scoped(self, code: str) -> bool:
        return self.data["roles"].get(code, {}).get("scope") == "unit"

    def role_choices(self) -> list[tuple[str, str]]:
        return [(code, role["name"]) for code, role in self.data["roles"].items()]

    def role_duties(self, code: str) -> list[str]:
        return self.data["roles"].get(code, {}).get("duties", [])

    def roles_granted_by(self, code: str) -> list[str]:
        """The roles a holder of role ``code`` may grant to others and end (the role's
        ``grants``): who may give which role (issue 11)."""
        return list(self.data["roles"].get(code, {}).get("grants", []))

    def granting_roles(self) -> tuple[str, ...]:
        """The roles that may grant some role."""
        return tuple(code for code, role in self.data["roles"].items() if role.get("grants"))

    # capabilities: what Styrsam's code asks by meaning (schema.CAPABILITIES)
    def roles_with(self, capability: str) -> tuple[str, ...]:
        """The roles that have ``capability`` (e.g. ``coordinate``); a role of scope ``unit``
        has it for its own unit."""
        return tuple(self.data["capabilities"][capability])

    def coordinator_roles(self) -> tuple[str, ...]:
        """G02: the coordinating role(s) — the IT strategist in the default guideline."""
        return self.roles_with("coordinate")

    def coordinator_name(self) -> str:
        """G02: the coordinating role as this policy names it, inside a sentence ("IT-strateg"
        by default, "digitaliseringsstrateg" in Andrakommun's policy, issue 21)."""
        return self.roles_name(self.coordinator_roles())

    def roles_name(self, roles, *, conjunction: str | None = None) -> str:
        """``roles`` as this policy names them inside a sentence, joined by "eller" (issue 21:
        refusals name the policy's roles, never the default guideline's titles); with a
        ``conjunction`` ("och"), a list: "a, b och c"."""
        names = [lower_first(self.role_name(role)) for role in dict.fromkeys(roles)]
        if conjunction is None or len(names) < 3:
            return (conjunction or gettext(" eller ")).join(names)
        return ", ".join(names[:-1]) + conjunction + names[-1]

    def capability_name(
        self, *capabilities: str, unit_scoped: bool = True, conjunction: str | None = None
    ) -> str:
        """The roles that have any of ``capabilities``, named inside a sentence (e.g. "IT-strateg
        eller IT-chef" for ``coordinate`` and ``manage_platform``); ``unit_scoped=False`` leaves
        out the roles that hold them only for their own unit."""
        roles = [
            role
            for capability in capabilities
            for role in self.roles_with(capability)
            if unit_scoped or not self.role_is_unit_scoped(role)
        ]
        return self.roles_name(roles, conjunction=conjunction)

    def group_name(self, code: str | None, fallback: str = "") -> str:
        """The group ``code``'s name as this policy gives it, or ``fallback`` (issue 21)."""
        if code and code in self.groups:
            return self.group(code).name
        return fallback

    def it_unit_code(self) -> str:
        """The code of the IT unit (G06)."""
        return self.data["designations"]["it_unit"]

    def system_owner_role(self) -> str:
        """The role a system's owner holds (G15)."""
        return self.data["designations"]["system_owner_role"]

    def adopting_role(self) -> str | None:
        """G29: the role that adopts the guideline and its rules."""
        body = (self.data.get("guidelines") or {}).get("adopted_by") or {}
        return body.get("role") or self.data.get("adopted_by")

    def document_case_type(self) -> str | None:
        """G14, G28: the case type a governing document is sent on consultation as (its
        consultation step names the consulted group); None when the policy names none."""
        code = (self.data.get("guidelines") or {}).get("case_type")
        return code if code in self.data.get("case_types", {}) else None

    # units named by the policy
    def unit_codes(self) -> dict[str, str]:
        return dict(self.data["units"])

    # groups
    @cached_property
    def groups(self) -> dict[str, GroupPolicy]:
        return {code: GroupPolicy(code, g) for code, g in self.data["groups"].items()}

    def group(self, code: str) -> GroupPolicy:
        """The group ``code``; for a group this version lacks (a group kept as history, issue 21)
        a stand-in named by its code, without meetings or composition required."""
        return self.groups.get(code) or GroupPolicy(code, _unknown_group(code))

    # systems
    def system_category_choices(self) -> list[tuple[str, str]]:
        return [(code, c["name"]) for code, c in self.data["system_categories"].items()]

    def category_one_per_kind(self, category: str) -> bool:
        return bool(self.data["system_categories"].get(category, {}).get("one_per_kind"))

    def common_kind_choices(self) -> list[tuple[str, str]]:
        return [(code, k["name"]) for code, k in self.data["common_system_kinds"].items()]

    def common_kind(self, code: str) -> dict[str, Any] | None:
        return self.data["common_system_kinds"].get(code)

    def platform_kind(self) -> str | None:
        """The common-system kind that is the IT platform (G18, G20), if the policy has one."""
        for code, kind in self.data["common_system_kinds"].items():
            if kind.get("platform"):
                return code
        return None

    def financing_principles(self) -> dict[str, dict[str, Any]]:
        return self.data["financing"]["principles"]

    def financing_principles_for(self, category: str) -> list[str]:
        return [c for c, p in self.financing_principles().items() if category in p["categories"]]

    def principle_charged_to(self, code: str) -> str:
        """Who pays a system financed by principle ``code``: ``owner`` (its department, G25),
        ``allocated`` (the departments by a key, G26) or ``central`` (central funds, G26)."""
        return self.financing_principles().get(code, {}).get("charged_to", "owner")

    def principles_charged_to(self, charged_to: str) -> list[str]:
        return [
            c for c in self.financing_principles() if self.principle_charged_to(c) == charged_to
        ]

    def owner_paid_principles(self) -> list[str]:
        """G25: principles whose systems their owning department pays."""
        return self.principles_charged_to("owner")

    def allocated_principles(self) -> list[str]:
        """G26: principles whose systems' cost is shared out to the departments by a key."""
        return self.principles_charged_to("allocated")

    def central_principles(self) -> list[str]:
        """G26: principles whose systems are paid from central funds (the executive board)."""
        return self.principles_charged_to("central")

    # budgets (G13, G16): the optional ``finance`` section
    def budget_decided_by_group(self) -> str | None:
        """G16: the group whose minutes decide the IT budgets."""
        body = (self.data.get("finance") or {}).get("budget_decided_by") or {}
        return body.get("group")

    def budget_proposed_by_group(self, kind: str) -> str | None:
        """G13: the group that must propose a budget of ``kind`` before it is decided
        (None: the budget is proposed by the people with ``propose_budget``)."""
        bodies = (self.data.get("finance") or {}).get("budget_proposed_by") or {}
        return (bodies.get(kind) or {}).get("group")

    def budget_horizon(self) -> tuple[int, int]:
        """G16: how many years (min, max) a budget proposal covers, from the deciding group's
        ``budget_horizon_years`` (3–4 in the guideline)."""
        group = self.groups.get(self.budget_decided_by_group() or "")
        horizon = (group.data.get("budget_horizon_years") if group else None) or {}
        return int(horizon.get("min", 3)), int(horizon.get("max", 4))

    # cases
    def case_type_codes(self) -> list[str]:
        return list(self.data["case_types"])

    def case_type(self, code: str) -> dict[str, Any]:
        """The case type ``code``; for a type this version lacks (data from an earlier version,
        issue 21) a stand-in named by its code, with no steps and no deciding body."""
        return self.data["case_types"].get(code) or _unknown_case_type(code)

    def has_case_type(self, code: str) -> bool:
        return code in self.data["case_types"]

    def case_type_name(self, code: str) -> str:
        """The policy's name of a case type; the code itself for a type this version lacks."""
        case_type = self.data["case_types"].get(code)
        return case_type["name"] if case_type else code

    def steps(self, case_type: str) -> list[Step]:
        return [
            Step(
                code=s["code"],
                name=s["name"],
                performer_roles=tuple(s["performers"]["roles"]),
                when_needed=bool(s.get("when_needed")),
                consultation_group=s.get("consultation_group"),
                kind=s.get("kind") or ("consultation" if s.get("consultation_group") else "plain"),
                min_answers=int(s.get("min_answers") or 0),
            )
            for s in self.case_type(case_type)["steps"]
        ]

    def forwarding_step(self, case_type: str) -> Step | None:
        """G03: the step that passes a notification on (None: the type is decided instead)."""
        return next((s for s in self.steps(case_type) if s.is_forwarding), None)

    def registers_system(self, case_type: str) -> str | None:
        """The system category a decision to buy registers (G17), None if it registers none."""
        return self.case_type(case_type).get("registers_system")

    def carries_amount(self, case_type: str) -> bool:
        """Whether the case applies for an amount that its decision grants (G27)."""
        return bool(self.case_type(case_type).get("carries_amount"))

    def case_types_with_amount(self) -> list[str]:
        return [c for c in self.case_type_codes() if self.carries_amount(c)]

    def deciding_group(self, case_type: str) -> str | None:
        """The group that decides cases of ``case_type`` (None: no group decides them)."""
        decision = self.case_type(case_type).get("decision") or {}
        return (decision.get("body") or {}).get("group")

    def escalation_role(self, case_type: str) -> str | None:
        """The role that decides when the matter is lifted (G21: the municipal director)."""
        decision = self.case_type(case_type).get("decision") or {}
        return (decision.get("escalation") or {}).get("role")

    # orders through the service desk (G07) and the rental system (G08, G16); optional sections
    def order_approvals(self, kind: str) -> list[dict[str, Any]]:
        """The approval steps an order of catalogue ``kind`` needs, in order."""
        steps = (self.data.get("orders") or {}).get(
            "approvals", [{"role": "head_of_department", "of": "ordering_unit"}]
        )
        return [s for s in steps if not s.get("kinds") or kind in s["kinds"]]

    def _known_roles(self, roles: list[str]) -> list[str]:
        """``roles`` without the codes this policy has no role for: a fallback written in the
        default policy's codes grants nothing under a policy that renamed them (issue 21)."""
        return [role for role in roles if role in self.data["roles"]]

    def order_fulfil_roles(self) -> list[str]:
        return self._known_roles(
            (self.data.get("orders") or {}).get("fulfilled_by", ["service_desk"])
        )

    def catalogue_manager_roles(self) -> list[str]:
        return self._known_roles(
            (self.data.get("orders") or {}).get("catalogue_managed_by", ["service_desk"])
        )

    def rent_decided_by_group(self) -> str | None:
        return (self.data.get("rental") or {}).get("rent_decided_by", {}).get("group")

    def rent_decision_roles(self) -> list[str]:
        return self._known_roles(
            (self.data.get("rental") or {}).get("rent_decision_roles", ["finance_director"])
        )

    def rental_manager_roles(self) -> list[str]:
        return self._known_roles(
            (self.data.get("rental") or {}).get("managed_by", ["head_of_it_unit"])
        )

    def budget_warning_percent(self) -> int:
        return int((self.data.get("rental") or {}).get("budget_warning_percent", 90))

    # obligations
    def obligation(self, code: str) -> dict[str, Any] | None:
        return self.data["obligations"].get(code)

    def obligation_of_kind(self, kind: str) -> tuple[str, dict[str, Any]] | tuple[None, None]:
        """The obligation Styrsam follows up as ``kind`` (``company_meetings``: G04), with its
        code; ``(None, None)`` when the policy has none."""
        for code, obligation in self.data["obligations"].items():
            if obligation.get("kind") == kind:
                return code, obligation
        return None, None

    # limits
    def date_window(self) -> tuple[int, int]:
        """(first year, last year) for dates, months and years (default 2000–2100)."""
        window = (self.data.get("limits") or {}).get("date_window") or {}
        return int(window.get("first_year", 2000)), int(window.get("last_year", 2100))


def _unknown_case_type(code: str) -> dict[str, Any]:
    return {
        "name": code,
        "rule": "",
        "series": "",
        "reported_by": [],
        "steps": [],
        "decision": None,
    }


def _unknown_group(code: str) -> dict[str, Any]:
    return {
        "name": code,
        "chair": {},
        "convener": {},
        "meetings_per_year": {"min": 0, "max": 0},
        "composition": {},
    }


_lock = threading.Lock()
_cache: dict[str, Any] = {"key": None, "policy": None}
_request = Local()  # the policy of the request being served, if any


def _request_started(**kwargs) -> None:
    _request.active = True
    _request.policy = None


def _request_finished(**kwargs) -> None:
    _request.active = False
    _request.policy = None


request_started.connect(_request_started, dispatch_uid="styrsam_policy_request_started")
request_finished.connect(_request_finished, dispatch_uid="styrsam_policy_request_finished")


def default_policy_path() -> Path:
    return Path(settings.STYRSAM_POLICY)


def load_file_policy(path: Path | None = None) -> Policy:
    path = path or default_policy_path()
    return Policy(validate_policy(path.read_text(encoding="utf-8")))


class PolicyNames:
    """The roles, groups and units page texts speak of, as the policy in force names them
    inside a sentence (issue 21: Andrakommun's pages never show the default guideline's
    "IT-strategen" or "beredningsgruppen"). In every page's context as ``policy_names``
    (``{% blocktranslate with role=policy_names.adopting_role %}``); each is read when asked,
    once per page."""

    def __init__(self, policy: Policy):
        self.policy = policy

    @cached_property
    def coordinator(self) -> str:
        """G02: the coordinating role ("IT-strateg")."""
        return self.policy.coordinator_name()

    @cached_property
    def adopting_role(self) -> str:
        """G29: the role that adopts governing documents ("kommundirektör")."""
        role = self.policy.adopting_role()
        return (
            lower_first(self.policy.role_name(role)) if role else gettext("den roll policyn anger")
        )

    def _guidelines_group(self, key: str) -> str:
        body = (self.policy.data.get("guidelines") or {}).get(key) or {}
        return self.policy.group_name(body.get("group"), gettext("den grupp policyn anger"))

    @cached_property
    def producing_group(self) -> str:
        """G13, G28: the group that produces the common rules and guidelines."""
        return self._guidelines_group("produced_by")

    @cached_property
    def consulted_group(self) -> str:
        """G14, G28: the group a governing document is sent on consultation to."""
        return self._guidelines_group("consulted")

    def _self_assessment(self, key: str) -> str:
        obligation = self.policy.obligation_of_kind("self_assessment")[1] or {}
        return self.policy.group_name(obligation.get(key), gettext("den grupp policyn anger"))

    @cached_property
    def self_assessment_group(self) -> str:
        """G30: the group whose members answer the self-assessment."""
        return self._self_assessment("group")

    @cached_property
    def self_assessment_report_group(self) -> str:
        """G30: the group the compiled self-assessment is sent to."""
        return self._self_assessment("report_to")

    @cached_property
    def it_unit(self) -> str:
        """G06: the IT unit ("IT-enheten")."""
        code = self.policy.it_unit_code()
        return self.policy.unit_codes().get(code, code)


def get_policy() -> Policy:
    """The policy in force: the latest adopted version whose effective date has come (G29), or
    the configured file if none is loaded."""
    remembered = getattr(_request, "policy", None)
    if remembered is not None:
        return remembered
    policy = _active_policy()
    if getattr(_request, "active", False):
        _request.policy = policy
    return policy


def _in_force(today):
    from .models import PolicyVersion

    in_force = Q(status="adopted", effective_date__lte=today)
    return (
        PolicyVersion.objects.filter(in_force | Q(is_active=True))
        .annotate(rank=Case(When(in_force, then=Value(0)), default=Value(1)))
        .order_by("rank", "-effective_date", "-number")
        .values_list("id", "number")[:1]
    )


# G29: the latest adopted version whose effective date has come, read at every request, so
# the policy changes on its date even before the daily task marks it active; without one, the
# version marked active (at most one: a constraint). One query for both, compiled once.
_IN_FORCE = CompiledRead(_in_force, today=datetime.date(1900, 1, 2))


def _active_policy() -> Policy:
    from .models import PolicyVersion

    found = _IN_FORCE.rows(today=timezone.localdate())
    active = tuple(found[0]) if found else None
    key = active or ("file", str(default_policy_path()))
    with _lock:
        if _cache["key"] == key and _cache["policy"] is not None:
            return _cache["policy"]
    if active:
        version = PolicyVersion.objects.get(pk=active[0])
        policy = Policy(version.data, version.number)
    else:
        policy = load_file_policy()
    with _lock:
        _cache.update(key=key, policy=policy)
    return policy


def clear_policy_cache() -> None:
    _request.policy = None
    with _lock:
        _cache.update(key=None, policy=None)
