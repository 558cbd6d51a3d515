"""Safe policy changes (issue 21): a new policy version is compared with the data in use.

Codes the data uses (roles held, groups with members, case types and steps of cases) that the
new version lacks must be mapped to one of its codes by a rename table (``old=new``), or the
load is refused, naming them. The apps own their data: they answer ``codes_in_use`` and move
their rows on ``codes_renamed`` (``hooks.py``)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from styrsam.core.errors import Conflict, ValidationFailed

from .hooks import codes_in_use, codes_renamed
from .policy import Policy

KINDS = {
    "roles": gettext_lazy("roller"),
    "groups": gettext_lazy("grupper"),
    "case_types": gettext_lazy("ärendetyper"),
    "steps": gettext_lazy("steg"),
}


def policy_codes(policy: Policy) -> dict[str, set[str]]:
    return {
        "roles": set(policy.role_codes()),
        "groups": set(policy.groups),
        "case_types": set(policy.case_type_codes()),
        "steps": {s.code for t in policy.case_type_codes() for s in policy.steps(t)},
    }


def data_codes() -> dict[str, set[str]]:
    """The codes the data uses, by kind (from every app answering ``codes_in_use``)."""
    used: dict[str, set[str]] = {kind: set() for kind in KINDS}
    for answer in codes_in_use.send():
        for kind, codes in (answer or {}).items():
            used.setdefault(kind, set()).update(codes)
    return used


def parse_renames(items: list[str] | str) -> dict[str, str]:
    """``["old=new", …]`` (or one text, a pair per line or comma) as ``{old: new}``."""
    if isinstance(items, str):
        items = [p for line in items.splitlines() for p in line.split(",")]
    renames: dict[str, str] = {}
    for item in items:
        item = item.strip()
        if not item:
            continue
        old, sep, new = item.partition("=")
        if not sep or not old.strip() or not new.strip():
            raise ValidationFailed(
                _("Omdöpningen '%(item)s' ska skrivas gammal_kod=ny_kod.") % {"item": item},
                code="rename_invalid",
                field="renames",
            )
        renames[old.strip()] = new.strip()
    return renames


def unmapped(policy: Policy, renames: dict[str, str]) -> dict[str, list[str]]:
    """Codes in use that ``policy`` lacks and ``renames`` does not map to one of its codes."""
    have = policy_codes(policy)
    missing = {}
    for kind, used in data_codes().items():
        gone = sorted(
            code
            for code in used - have.get(kind, set())
            if renames.get(code) not in have.get(kind, set())
        )
        if gone:
            missing[kind] = gone
    return missing


def refuse_unmapped(policy: Policy, renames: dict[str, str]) -> None:
    """409 ``policy_codes_in_use`` naming the codes in use that ``policy`` lacks and
    ``renames`` does not map."""
    missing = unmapped(policy, renames)
    if missing:
        listed = "; ".join(
            f"{KINDS.get(kind, kind)}: {', '.join(codes)}" for kind, codes in missing.items()
        )
        raise Conflict(
            _(
                "Den nya policyn saknar koder som används: %(codes)s. Ange vad de heter i den "
                "nya policyn (gammal_kod=ny_kod) eller behåll dem i policyn."
            )
            % {"codes": listed},
            code="policy_codes_in_use",
            rule="G29",
            extra={"missing_codes": missing},
        )


def check_and_rename(policy: Policy, renames: dict[str, str]) -> dict[str, dict[str, str]]:
    """Refuse ``policy`` (409 ``policy_codes_in_use``, nothing written) if the data uses a code
    it lacks that ``renames`` does not map; otherwise move the data to the mapped codes.
    Returns the renames applied, by kind."""
    refuse_unmapped(policy, renames)
    have = policy_codes(policy)
    used = data_codes()
    applied = {
        kind: {
            old: new
            for old, new in renames.items()
            if old in used.get(kind, set()) and new in have[kind]
        }
        for kind in KINDS
    }
    applied = {kind: table for kind, table in applied.items() if table}
    if applied:
        codes_renamed.send(renames=applied)
    return applied
