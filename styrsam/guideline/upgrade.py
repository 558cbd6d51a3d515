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
    "run_panels": ["head_of_department"],
}
V1_DESIGNATIONS = {"it_unit": "it_unit", "system_owner_role": "system_owner"}
V1_REGISTERS_SYSTEM = {"common_system_change": "common", "business_system_change": "business"}
V1_CARRIES_AMOUNT = {"co_financing"}
V1_FORWARDING_STEP = "forwarded"
V1_PLATFORM_KIND = "it_platform"
V1_REPORT_TO = {"self_assessment": "steering"}  # G30: the result goes to the steering group
V1_OBLIGATION_KINDS = {
    "company_meetings": "company_meetings",
    "self_assessment": "self_assessment",
    "citizen_panel": "citizen_panel",
}


def upgrade(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` in the current schema (a copy; version 2 data is returned as it is)."""
    if not isinstance(data, dict) or data.get("schema_version") != 1:
        return data
    data = copy.deepcopy(data)
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
