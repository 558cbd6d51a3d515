"""What a policy draft changes compared with the version in force, rule by rule (G29): every
leaf of the two policies' data compared by its path, each change under the guideline rule its
nearest part names (``rule: G13`` of a group, a case type, a role) and its section."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

SECTIONS = {
    "name": _("Namn"),
    "roles": _("Roller"),
    "capabilities": _("Behörigheter"),
    "designations": _("Utpekade roller och enheter"),
    "units": _("Enheter"),
    "groups": _("Grupper"),
    "system_categories": _("Systemkategorier"),
    "common_system_kinds": _("Kommungemensamma system"),
    "financing": _("Finansiering"),
    "case_types": _("Ärendetyper"),
    "obligations": _("Åtaganden"),
    "orders": _("Beställningar"),
    "rental": _("Hyra"),
    "finance": _("Budget"),
    "guidelines": _("Riktlinjer"),
    "limits": _("Gränser"),
}


@dataclass(frozen=True)
class PolicyChange:
    section: str
    path: str
    rule: str
    kind: str  # added | removed | changed
    before: str
    after: str

    @property
    def kind_label(self) -> str:
        return str({"added": _("Ny"), "removed": _("Borttagen"), "changed": _("Ändrad")}[self.kind])


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(_("ja") if value else _("nej"))
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_text(v)}" for k, v in value.items())
    return str(value)


def _leaves(data: Any, path: str = "", rule: str = "") -> dict[str, tuple[str, Any]]:
    """``{path: (rule, value)}``: dicts are walked (their ``rule`` passed down), lists of
    plain values are one leaf, lists of dicts are walked by position."""
    if isinstance(data, dict):
        rule = data.get("rule", rule) if isinstance(data.get("rule", rule), str) else rule
        out: dict[str, tuple[str, Any]] = {}
        for key, value in data.items():
            out.update(_leaves(value, f"{path}.{key}" if path else str(key), rule))
        return out
    if isinstance(data, list) and any(isinstance(v, dict | list) for v in data):
        out = {}
        for index, value in enumerate(data):
            out.update(_leaves(value, f"{path}[{index}]", rule))
        return out
    return {path: (rule, data)}


def policy_diff(before: dict | None, after: dict) -> list[PolicyChange]:
    """Every change from ``before`` (the version in force) to ``after`` (a draft), ordered by
    rule and path; empty when they are the same."""
    old, new = _leaves(before or {}), _leaves(after)
    changes = []
    for path in sorted(set(old) | set(new)):
        if path in old and path in new and old[path][1] == new[path][1]:
            continue
        kind = "changed" if path in old and path in new else ("added" if path in new else "removed")
        rule = (new.get(path) or old.get(path))[0]
        section = path.split(".", 1)[0].split("[", 1)[0]
        changes.append(
            PolicyChange(
                section=str(SECTIONS.get(section, section)),
                path=path,
                rule=rule,
                kind=kind,
                before=_text(old[path][1]) if path in old else "",
                after=_text(new[path][1]) if path in new else "",
            )
        )
    return sorted(changes, key=lambda c: (c.rule or "G99", c.path))
