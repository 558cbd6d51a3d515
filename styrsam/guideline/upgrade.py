"""Older policy files, brought up to the current schema.

Schema version 2 (docs/decisions/0006) added what the code used to know by the default
policy's codes: ``capabilities`` (which roles may do what), ``designations`` (which unit is the
IT unit, which role owns systems) and flags on case types, steps, system kinds and
obligations. A version 1 file written for the default guideline is upgraded here by those
codes, so an installation's stored policy versions and old files keep working; a file of
another municipality with other codes must state the new sections itself (the validator then
names what is missing)."""

from __future__ import annotations

import copy
from typing import Any

# The meanings the default guideline's codes had before schema version 2.
V1_CAPABILITIES = {
    "coordinate": ["it_strategist"],
    "record_decisions": ["it_strategist"],
    "register_systems": ["system_owner", "head_of_department"],
    "manage_platform": ["head_of_it_unit"],
    "read_all_costs": ["finance_director", "head_of_it_unit", "it_unit_economist"],
    "read_unit_costs": ["head_of_department", "department_economist"],
    "read_all_ledger": ["head_of_it_unit", "it_unit_economist", "service_desk", "finance_director"],
    "read_unit_ledger": ["head_of_department", "department_economist"],
    "manage_budget": ["head_of_it_unit", "it_unit_economist"],
    "read_budget": ["finance_director"],
    "run_rent": ["head_of_it_unit", "it_unit_economist"],
    "read_unit_orders": ["head_of_department", "department_economist"],
    "lead_unit": ["head_of_department"],
}
V1_DESIGNATIONS = {"it_unit": "it_unit", "system_owner_role": "system_owner"}
V1_REGISTERS_SYSTEM = {"common_system_change": "common", "business_system_change": "business"}
V1_CARRIES_AMOUNT = {"co_financing"}
V1_FORWARDING_STEP = "forwarded"
V1_PLATFORM_KIND = "it_platform"
# Capabilities and keys added after schema version 2 (the finance app, issue 14): optional in
# a policy file; a policy that does not state them gets these, limited to the roles it has
# (and, when it has none of them, its coordinating roles).
LATER_CAPABILITIES = {
    "propose_budget": ["it_strategist", "head_of_it_unit", "it_unit_economist"],
    "record_budget_decisions": ["finance_director", "it_strategist"],
    "read_all_finance": ["finance_director", "it_unit_economist", "it_strategist"],
    "read_unit_finance": ["department_economist", "head_of_department"],
    "manage_allocation": ["it_unit_economist", "finance_director", "it_strategist"],
    "manage_unit_budget": ["department_economist"],
    # the follow-up app (issue 16): a department's own citizen panels (G31)
    "run_panels": ["head_of_department"],
    # the documents app (issue 15): governing documents (G12, G13, G28)
    "draft_documents": ["it_strategist"],
    "publish_documents": ["communications_director", "web_editor", "communicator"],
    # the projects app (issue 13): projects and plans (G01, G03, G05), IT staffing (G11)
    "manage_projects": ["it_strategist", "head_of_department"],
    "staff_projects": ["head_of_it_unit"],
}
# Who pays a system of the default guideline's financing principles (G25, G26).
LATER_CHARGED_TO = {
    "department_own": "owner",
    "central_budget": "central",
    "allocated": "allocated",
}
# G16: the financing group decides the IT budgets; G13: the steering group proposes the IT
# platform's budget first.
LATER_FINANCE = {
    "rule": "G16",
    "budget_decided_by": {"group": "financing"},
    "budget_proposed_by": {"platform": {"group": "steering"}},
}
V1_REPORT_TO = {"self_assessment": "steering"}  # G30: the result goes to the steering group
V1_OBLIGATION_KINDS = {
    "company_meetings": "company_meetings",
    "self_assessment": "self_assessment",
    "citizen_panel": "citizen_panel",
}


def upgrade(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` in the current schema (a copy; version 2 data that states everything is
    returned as it is)."""
    if not isinstance(data, dict):
        return data
    if data.get("schema_version") == 2:
        return _later_keys(data) if _lacks_later_keys(data) else data
    if data.get("schema_version") != 1:
        return data
    return _later_keys(_from_v1(copy.deepcopy(data)), copied=True)


def _lacks_later_keys(data: dict[str, Any]) -> bool:
    capabilities = data.get("capabilities")
    if isinstance(capabilities, dict) and any(c not in capabilities for c in LATER_CAPABILITIES):
        return True
    principles = (data.get("financing") or {}).get("principles") or {}
    if any(
        code in principles
        and isinstance(principles[code], dict)
        and "charged_to" not in principles[code]
        for code in LATER_CHARGED_TO
    ):
        return True
    if _lacks_grants(data):
        return True
    return "finance" not in data and _finance_default(data) is not None


def _lacks_grants(data: dict[str, Any]) -> bool:
    """No role says which roles it grants (a file written before ``grants``)."""
    roles = data.get("roles")
    return (
        isinstance(roles, dict)
        and bool(roles)
        and all(isinstance(r, dict) for r in roles.values())
        and not any("grants" in r for r in roles.values())
    )


def _default_grants(data: dict[str, Any]) -> None:
    """Who gives which role, for a file that does not say (issue 11): the adopting role (G29,
    the municipal director) grants every role; the coordinating roles (G02, the IT strategist)
    every role but the adopting and the coordinating ones. Nobody grants a role to themselves."""
    roles = data["roles"]
    guidelines = data.get("guidelines") if isinstance(data.get("guidelines"), dict) else {}
    adopted_by = (guidelines.get("adopted_by") or {}) if isinstance(guidelines, dict) else {}
    adopting = adopted_by.get("role") if isinstance(adopted_by, dict) else None
    adopting = adopting or data.get("adopted_by")
    capabilities = data.get("capabilities") if isinstance(data.get("capabilities"), dict) else {}
    coordinating = [r for r in capabilities.get("coordinate") or [] if r in roles]
    if adopting in roles:
        roles[adopting]["grants"] = list(roles)
    reserved = {adopting, *coordinating}
    for code in coordinating:
        if code != adopting:
            roles[code]["grants"] = [r for r in roles if r not in reserved]


def _finance_default(data: dict[str, Any]) -> dict[str, Any] | None:
    """The default ``finance`` section, when the policy has the groups it names."""
    groups = data.get("groups") if isinstance(data.get("groups"), dict) else {}
    if LATER_FINANCE["budget_decided_by"]["group"] not in groups:
        return None
    section = copy.deepcopy(LATER_FINANCE)
    section["budget_proposed_by"] = {
        kind: body
        for kind, body in section["budget_proposed_by"].items()
        if body["group"] in groups
    }
    return section


def _later_keys(data: dict[str, Any], copied: bool = False) -> dict[str, Any]:
    """Fill in what was added after schema version 2 (see ``LATER_CAPABILITIES``)."""
    data = data if copied else copy.deepcopy(data)
    roles = set(data.get("roles") or {})
    capabilities = data.get("capabilities")
    if isinstance(capabilities, dict):
        fallback = [r for r in capabilities.get("coordinate") or [] if r in roles]
        for name, codes in LATER_CAPABILITIES.items():
            if name not in capabilities:
                capabilities[name] = [r for r in codes if r in roles] or fallback or codes
    if _lacks_grants(data):
        _default_grants(data)
    principles = (data.get("financing") or {}).get("principles") or {}
    for code, charged_to in LATER_CHARGED_TO.items():
        if isinstance(principles.get(code), dict):
            principles[code].setdefault("charged_to", charged_to)
    if "finance" not in data:
        section = _finance_default(data)
        if section is not None:
            data["finance"] = section
    return data


def _from_v1(data: dict[str, Any]) -> dict[str, Any]:
    data["schema_version"] = 2
    roles = set(data.get("roles") or {})
    if "capabilities" not in data:
        data["capabilities"] = {
            name: [r for r in codes if r in roles] or codes
            for name, codes in V1_CAPABILITIES.items()
        }
    data.setdefault("designations", dict(V1_DESIGNATIONS))
    for code, case_type in (data.get("case_types") or {}).items():
        if not isinstance(case_type, dict):
            continue
        if code in V1_REGISTERS_SYSTEM:
            case_type.setdefault("registers_system", V1_REGISTERS_SYSTEM[code])
        if code in V1_CARRIES_AMOUNT:
            case_type.setdefault("carries_amount", True)
        for step in case_type.get("steps") or []:
            if not isinstance(step, dict):
                continue
            if step.get("consultation_group"):
                step.setdefault("kind", "consultation")
            elif step.get("code") == V1_FORWARDING_STEP:
                step.setdefault("kind", "forwarding")
    kind = (data.get("common_system_kinds") or {}).get(V1_PLATFORM_KIND)
    if isinstance(kind, dict):
        kind.setdefault("platform", True)
    for code, obligation in (data.get("obligations") or {}).items():
        if code in V1_OBLIGATION_KINDS and isinstance(obligation, dict):
            obligation.setdefault("kind", V1_OBLIGATION_KINDS[code])
        if code in V1_REPORT_TO and isinstance(obligation, dict):
            obligation.setdefault("report_to", V1_REPORT_TO[code])
    return data
