"""Validate a policy file and say exactly where each error is (path and line).

Structure is checked with JSON Schema; then cross-references (a step's performer must be a
known role, min ≤ max, ...). Every error carries the YAML line it comes from, so an
administrator can fix the file without guessing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import jsonschema
import yaml

from styrsam.core.errors import ValidationFailed

from .schema import POLICY_SCHEMA
from .upgrade import upgrade

# libyaml's parser when PyYAML was built with it (the wheels are): the same events, nodes and
# line marks as the pure-Python SafeLoader, about twenty times faster. A policy is parsed at
# every load and every test's policy fixture (docs/decisions/0020-ci-time-per-file.md).
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class PolicyProblem:
    path: str
    line: int | None
    message_sv: str
    message_en: str

    def __str__(self) -> str:
        where = f"rad {self.line}" if self.line else "filen"
        return f"{where}: {self.path or '(roten)'}: {self.message_sv} / {self.message_en}"


class PolicyInvalid(ValidationFailed):
    """The text is no valid policy; ``problems`` say where, each with its line. A service
    refusal like any other (400 ``policy_invalid``), so a page or the API shows it, never a
    500; the policy page and ``styrsam policy`` list the problems one by one."""

    def __init__(self, problems: list[PolicyProblem]):
        self.problems = problems
        super().__init__(
            "\n".join(str(p) for p in problems),
            code="policy_invalid",
            extra={
                "problems": [
                    {"path": p.path, "line": p.line, "message": p.message_sv} for p in problems
                ]
            },
        )


def line_index(node: yaml.Node, path: tuple = (), index: dict | None = None) -> dict:
    """Map each path (tuple of keys/indices) to the 1-based line where its value starts."""
    index = {} if index is None else index
    index[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            index[(*path, key)] = key_node.start_mark.line + 1
            line_index(value_node, (*path, key), index)
            index[(*path, key)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            line_index(item, (*path, i), index)
    return index


def line_for(index: dict, path: tuple) -> int | None:
    path = tuple(path)
    while path:
        if path in index:
            return index[path]
        path = path[:-1]
    return index.get(())


def dotted(path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _schema_message(error: jsonschema.ValidationError) -> tuple[str, str]:
    v = error.validator
    if v == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return f"obligatoriskt fält saknas: {missing}", f"required field missing: {missing}"
    if v == "additionalProperties":
        return f"okänt fält ({error.message})", f"unknown field ({error.message})"
    if v == "type":
        return (
            f"fel typ, väntade {error.validator_value}: {error.instance!r}",
            f"wrong type, expected {error.validator_value}: {error.instance!r}",
        )
    if v == "enum":
        return (
            f"ogiltigt värde {error.instance!r}, tillåtna: {error.validator_value}",
            f"invalid value {error.instance!r}, allowed: {error.validator_value}",
        )
    if v == "pattern":
        return f"ogiltigt format: {error.instance!r}", f"invalid format: {error.instance!r}"
    return f"ogiltigt värde: {error.message}", f"invalid value: {error.message}"


def _unexpected_keys(error: jsonschema.ValidationError) -> list[str]:
    """The keys an ``additionalProperties: false`` error is about, so each gets its own line."""
    if error.validator != "additionalProperties" or error.validator_value is not False:
        return []
    if not isinstance(error.instance, dict):
        return []
    known = error.schema.get("properties", {})
    return [str(k) for k in error.instance if k not in known]


def schema_problems(schema: dict, data: Any, index: dict) -> list[PolicyProblem]:
    """Every JSON Schema error of ``data`` with its line in ``index`` (``line_index``), in path
    order; each unknown key of an ``additionalProperties: false`` object on its own line. Shared
    by every file Styrsam validates (the policy, the follow-up's instruments)."""
    problems: list[PolicyProblem] = []
    validator = jsonschema.Draft202012Validator(schema)
    for error in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        path = tuple(error.absolute_path)
        extras = _unexpected_keys(error)
        if extras:
            for key in extras:
                problems.append(
                    PolicyProblem(
                        dotted((*path, key)),
                        line_for(index, (*path, key)),
                        f"okänt fält: {key}",
                        f"unknown field: {key}",
                    )
                )
            continue
        sv, en = _schema_message(error)
        problems.append(PolicyProblem(dotted(path), line_for(index, path), sv, en))
    return problems


#: Limits checked before the YAML is built (issue #12): a policy file is a few kilobytes; a
#: file of aliases nested in aliases ("billion laughs") grows ~9× per level when expanded.
MAX_POLICY_BYTES = 256 * 1024
MAX_ALIASES = 20
MAX_NODES = 20_000


def _too_big(sv: str, en: str, line: int | None = None) -> PolicyInvalid:
    return PolicyInvalid([PolicyProblem("", line, sv, en)])


def check_policy_limits(text: str) -> None:
    """Refuse a file that is too large or uses too many aliases, reading it as a stream of
    events (nothing is built) before it is parsed."""
    size = len(text.encode("utf-8"))
    if size > MAX_POLICY_BYTES:
        raise _too_big(
            f"filen är för stor ({size} byte, högst {MAX_POLICY_BYTES})",
            f"file too large ({size} bytes, at most {MAX_POLICY_BYTES})",
        )
    aliases = 0
    for event in yaml.parse(text, Loader=SAFE_LOADER):
        if isinstance(event, yaml.AliasEvent):
            aliases += 1
            if aliases > MAX_ALIASES:
                line = event.start_mark.line + 1
                raise _too_big(
                    f"för många YAML-alias (*namn), högst {MAX_ALIASES}",
                    f"too many YAML aliases (*name), at most {MAX_ALIASES}",
                    line,
                )


def _expanded_size(node: yaml.Node, memo: dict[int, int]) -> int:
    """Nodes of the document once every alias is expanded, counted without expanding."""
    if id(node) in memo:
        return memo[id(node)]
    memo[id(node)] = 1  # a recursive alias counts once (and cannot loop)
    if isinstance(node, yaml.MappingNode):
        total = 1 + sum(_expanded_size(k, memo) + _expanded_size(v, memo) for k, v in node.value)
    elif isinstance(node, yaml.SequenceNode):
        total = 1 + sum(_expanded_size(item, memo) for item in node.value)
    else:
        total = 1
    memo[id(node)] = total
    return total


def parse_policy(text: str) -> tuple[dict[str, Any], dict]:
    """Parse YAML text; raise PolicyInvalid with the line of a syntax error."""
    try:
        check_policy_limits(text)
        loader = SAFE_LOADER(text)
        try:
            node = loader.get_single_node()
            if node is not None and _expanded_size(node, {}) > MAX_NODES:
                raise _too_big(
                    f"filen blir för stor när aliasen expanderas (högst {MAX_NODES} värden)",
                    f"the file grows too large when its aliases are expanded (at most {MAX_NODES})",
                )
            # the data from the nodes just checked: the text is parsed once
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise PolicyInvalid(
            [PolicyProblem("", line, f"YAML-syntaxfel: {problem}", f"YAML syntax error: {problem}")]
        ) from exc
    if node is None or not isinstance(data, dict):
        raise PolicyInvalid(
            [
                PolicyProblem(
                    "", 1, "filen är tom eller inte en mappning", "file is empty or not a mapping"
                )
            ]
        )
    return data, line_index(node)


def validate_policy(text: str) -> dict[str, Any]:
    """Return the parsed policy, or raise PolicyInvalid listing every problem with its line."""
    data, index = parse_policy(text)
    data = upgrade(data)  # a schema version 1 file of the default guideline (upgrade.py)
    problems = schema_problems(POLICY_SCHEMA, data, index)
    if problems:
        raise PolicyInvalid(problems)
    problems.extend(_cross_reference_problems(data, index))
    if problems:
        raise PolicyInvalid(problems)
    return data


def _cross_reference_problems(data: dict, index: dict) -> list[PolicyProblem]:
    problems: list[PolicyProblem] = []
    roles = set(data["roles"])
    groups = set(data["groups"])
    units = set(data["units"])
    categories = set(data["system_categories"])

    def add(path: tuple, sv: str, en: str) -> None:
        problems.append(PolicyProblem(dotted(path), line_for(index, path), sv, en))

    def check_role(path: tuple, code: str) -> None:
        if code not in roles:
            add(path, f"okänd roll '{code}'", f"unknown role '{code}'")

    def check_body(path: tuple, body: dict | None) -> None:
        if not body:
            return
        if "group" in body and body["group"] not in groups:
            add(
                (*path, "group"),
                f"okänd grupp '{body['group']}'",
                f"unknown group '{body['group']}'",
            )
        if "role" in body:
            check_role((*path, "role"), body["role"])

    if "adopted_by" in data:
        check_role(("adopted_by",), data["adopted_by"])

    for code, role in data["roles"].items():
        for i, granted in enumerate(role.get("grants", [])):
            check_role(("roles", code, "grants", i), granted)

    for code, group in data["groups"].items():
        base = ("groups", code)
        rng = group["meetings_per_year"]
        if rng["min"] > rng["max"]:
            add(
                (*base, "meetings_per_year", "min"),
                f"min ({rng['min']}) är större än max ({rng['max']})",
                f"min ({rng['min']}) is greater than max ({rng['max']})",
            )
        horizon = group.get("budget_horizon_years")
        if horizon and horizon["min"] > horizon["max"]:
            add(
                (*base, "budget_horizon_years", "min"),
                "min är större än max",
                "min is greater than max",
            )
        chair = group["chair"]
        if "role" in chair:
            check_role((*base, "chair", "role"), chair["role"])
        elif not chair.get("elected"):
            add(
                (*base, "chair"),
                "ordförande saknar roll (ange role eller elected: true)",
                "chair names no role (give role or elected: true)",
            )
        check_role((*base, "convener", "role"), group["convener"]["role"])
        comp = group["composition"]
        for i, role in enumerate(comp.get("roles", [])):
            check_role((*base, "composition", "roles", i), role)
        for i, role in enumerate(comp.get("every_holder_of", [])):
            check_role((*base, "composition", "every_holder_of", i), role)
        for i, unit in enumerate(comp.get("represent_units", [])):
            if unit not in units:
                add(
                    (*base, "composition", "represent_units", i),
                    f"okänd enhet '{unit}' (saknas under units)",
                    f"unknown unit '{unit}' (not under units)",
                )

    for code, principle in data["financing"]["principles"].items():
        for i, cat in enumerate(principle["categories"]):
            if cat not in categories:
                add(
                    ("financing", "principles", code, "categories", i),
                    f"okänd systemkategori '{cat}'",
                    f"unknown system category '{cat}'",
                )
    check_body(
        ("financing", "co_financing", "decided_by"),
        data["financing"].get("co_financing", {}).get("decided_by"),
    )

    for code, case_type in data["case_types"].items():
        base = ("case_types", code)
        for i, role in enumerate(case_type.get("reported_by", [])):
            check_role((*base, "reported_by", i), role)
        seen: set[str] = set()
        for i, step in enumerate(case_type["steps"]):
            spath = (*base, "steps", i)
            if step["code"] in seen:
                add(
                    (*spath, "code"),
                    f"steget '{step['code']}' finns redan",
                    f"duplicate step '{step['code']}'",
                )
            seen.add(step["code"])
            for j, role in enumerate(step["performers"]["roles"]):
                check_role((*spath, "performers", "roles", j), role)
            if "consultation_group" in step and step["consultation_group"] not in groups:
                add(
                    (*spath, "consultation_group"),
                    f"okänd grupp '{step['consultation_group']}'",
                    f"unknown group '{step['consultation_group']}'",
                )
        category = case_type.get("registers_system")
        if category and category not in categories:
            add(
                (*base, "registers_system"),
                f"okänd systemkategori '{category}'",
                f"unknown system category '{category}'",
            )
        for i, step in enumerate(case_type["steps"]):
            if step.get("kind") == "consultation" and not step.get("consultation_group"):
                add(
                    (*base, "steps", i, "kind"),
                    "ett remissteg behöver consultation_group (G14)",
                    "a consultation step needs consultation_group (G14)",
                )
        forwarding = [s for s in case_type["steps"] if s.get("kind") == "forwarding"]
        if forwarding and case_type.get("decision"):
            add(
                (*base, "decision"),
                "ett ärende med vidarebefordran (G03) avslutas utan beslut: decision: null",
                "a case with a forwarding step (G03) closes without a decision: decision: null",
            )
        decision = case_type.get("decision")
        if decision:
            check_body((*base, "decision", "body"), decision["body"])
            check_body((*base, "decision", "escalation"), decision.get("escalation"))

    for code, obligation in data["obligations"].items():
        base = ("obligations", code)
        if "responsible_role" in obligation:
            check_role((*base, "responsible_role"), obligation["responsible_role"])
        for key in ("group", "report_to"):
            if key in obligation and obligation[key] not in groups:
                add(
                    (*base, key),
                    f"okänd grupp '{obligation[key]}'",
                    f"unknown group '{obligation[key]}'",
                )

    for key in ("produced_by", "consulted", "adopted_by"):
        check_body(("guidelines", key), data.get("guidelines", {}).get(key))
    finance = data.get("finance") or {}
    check_body(("finance", "budget_decided_by"), finance.get("budget_decided_by"))
    for kind, body in (finance.get("budget_proposed_by") or {}).items():
        check_body(("finance", "budget_proposed_by", kind), body)

    for name, codes in data["capabilities"].items():
        for i, role in enumerate(codes):
            check_role(("capabilities", name, i), role)
    designations = data["designations"]
    if designations["it_unit"] not in units:
        add(
            ("designations", "it_unit"),
            f"okänd enhet '{designations['it_unit']}' (saknas under units)",
            f"unknown unit '{designations['it_unit']}' (not under units)",
        )
    check_role(("designations", "system_owner_role"), designations["system_owner_role"])
    platforms = [c for c, k in data["common_system_kinds"].items() if k.get("platform")]
    if len(platforms) > 1:
        add(
            ("common_system_kinds", platforms[1], "platform"),
            "bara ett slag av system kan vara IT-plattformen (G18)",
            "only one kind of system can be the IT platform (G18)",
        )
    seen_kinds: dict[str, str] = {}
    for code, obligation in data["obligations"].items():
        kind = obligation.get("kind")
        if kind and kind in seen_kinds:
            add(
                ("obligations", code, "kind"),
                f"'{kind}' anges redan av {seen_kinds[kind]}",
                f"'{kind}' is already given by {seen_kinds[kind]}",
            )
        if kind:
            seen_kinds[kind] = code

    orders = data.get("orders") or {}
    for i, step in enumerate(orders.get("approvals", [])):
        check_role(("orders", "approvals", i, "role"), step["role"])
    for key in ("fulfilled_by", "catalogue_managed_by"):
        for i, role in enumerate(orders.get(key, [])):
            check_role(("orders", key, i), role)
    rental = data.get("rental") or {}
    if rental:
        check_body(("rental", "rent_decided_by"), rental["rent_decided_by"])
        for key in ("rent_decision_roles", "managed_by"):
            for i, role in enumerate(rental.get(key, [])):
                check_role(("rental", key, i), role)
    return problems
