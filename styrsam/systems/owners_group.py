"""G15: the system owners group follows from the register.

The owners of the policy's criticality (``larger_critical`` by default) are members; a person
who no longer owns such a system leaves. Chair and convener seats are never touched: the
group elects its chair and the IT strategist convenes whatever the register says.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from styrsam.core.audit import audit_record, snapshot
from styrsam.guideline.policy import Policy, get_policy
from styrsam.organisation.models import GovernanceGroup, Membership
from styrsam.organisation.roles import active_q

from .selectors import owners_of_criticality


def _owner_groups(policy: Policy) -> list[tuple[GovernanceGroup, str]]:
    wanted = {
        code: gp.composition["owners_of_criticality"]
        for code, gp in policy.groups.items()
        if gp.composition.get("owners_of_criticality")
    }
    return [(g, wanted[g.code]) for g in GovernanceGroup.objects.filter(code__in=list(wanted))]


@transaction.atomic
def system_owners_sync(*, actor, people: Iterable | None = None) -> dict[str, list[int]]:
    """Bring the owners groups in line with the register.

    ``people`` limits the check to those whose ownership just changed (the old and the new
    owner of an edited system); ``None`` checks everyone (used by the demo and repairs). Runs
    inside the caller's transaction when there is one; each change is audited with rule G15.
    """
    policy = get_policy()
    today = timezone.localdate()
    result: dict[str, list[int]] = {"added": [], "ended": []}
    person_ids = None if people is None else {getattr(p, "pk", p) for p in people if p}
    if person_ids is not None and not person_ids:
        return result
    for group, criticality in _owner_groups(policy):
        owners = set(owners_of_criticality(criticality).values_list("pk", flat=True))
        active = Membership.objects.filter(active_q(), group=group)
        if person_ids is not None:
            active = active.filter(person_id__in=person_ids)
        seated = {m.person_id: m for m in active}
        candidates = owners if person_ids is None else owners & person_ids
        for person_id in sorted(candidates - set(seated)):
            membership = Membership.objects.create(
                group=group, person_id=person_id, start_date=today
            )
            audit_record(
                actor=actor,
                action="membership.add",
                obj=membership,
                after=snapshot(membership),
                rule="G15",
            )
            result["added"].append(person_id)
        leaving = [
            m
            for pid, m in seated.items()
            if pid not in owners and m.function == Membership.Function.MEMBER
        ]
        if person_ids is None:
            leaving = []  # a full sync adds only: hand-picked members stay until ended by hand
        for membership in leaving:
            before = snapshot(membership)
            membership.end_date = today
            membership.save(update_fields=["end_date", "updated_at"])
            audit_record(
                actor=actor,
                action="membership.end",
                obj=membership,
                before=before,
                after=snapshot(membership),
                rule="G15",
            )
            result["ended"].append(membership.person_id)
    return result
