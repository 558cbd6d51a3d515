"""The active policy as a read-only object that code asks questions of (convention 4).

Code never hard-codes "10–12 meetings": it asks ``get_policy().group("steering").meetings_min``.
The active version is cached per process and re-read when another version becomes active.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from django.conf import settings

from .validation import validate_policy


@dataclass(frozen=True)
class Step:
    code: str
    name: str
    performer_roles: tuple[str, ...]
    when_needed: bool
    consultation_group: str | None


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
        return self.data["convener"]["role"]

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
        self.data = data
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

    # units named by the policy
    def unit_codes(self) -> dict[str, str]:
        return dict(self.data["units"])

    # groups
    @cached_property
    def groups(self) -> dict[str, GroupPolicy]:
        return {code: GroupPolicy(code, g) for code, g in self.data["groups"].items()}

    def group(self, code: str) -> GroupPolicy:
        return self.groups[code]

    # systems
    def system_category_choices(self) -> list[tuple[str, str]]:
        return [(code, c["name"]) for code, c in self.data["system_categories"].items()]

    def category_one_per_kind(self, category: str) -> bool:
        return bool(self.data["system_categories"].get(category, {}).get("one_per_kind"))

    def common_kind_choices(self) -> list[tuple[str, str]]:
        return [(code, k["name"]) for code, k in self.data["common_system_kinds"].items()]

    def common_kind(self, code: str) -> dict[str, Any] | None:
        return self.data["common_system_kinds"].get(code)

    def financing_principles(self) -> dict[str, dict[str, Any]]:
        return self.data["financing"]["principles"]

    def financing_principles_for(self, category: str) -> list[str]:
        return [c for c, p in self.financing_principles().items() if category in p["categories"]]

    # cases
    def case_type_codes(self) -> list[str]:
        return list(self.data["case_types"])

    def case_type(self, code: str) -> dict[str, Any]:
        return self.data["case_types"][code]

    def steps(self, case_type: str) -> list[Step]:
        return [
            Step(
                code=s["code"],
                name=s["name"],
                performer_roles=tuple(s["performers"]["roles"]),
                when_needed=bool(s.get("when_needed")),
                consultation_group=s.get("consultation_group"),
            )
            for s in self.case_type(case_type)["steps"]
        ]

    # obligations
    def obligation(self, code: str) -> dict[str, Any] | None:
        return self.data["obligations"].get(code)


_lock = threading.Lock()
_cache: dict[str, Any] = {"key": None, "policy": None}


def default_policy_path() -> Path:
    return Path(settings.STYRSAM_POLICY)


def load_file_policy(path: Path | None = None) -> Policy:
    path = path or default_policy_path()
    return Policy(validate_policy(path.read_text(encoding="utf-8")))


def get_policy() -> Policy:
    """The active policy version from the database, or the configured file if none is loaded."""
    from .models import PolicyVersion

    active = PolicyVersion.objects.filter(is_active=True).values_list("id", "number").first()
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
    with _lock:
        _cache.update(key=None, policy=None)
