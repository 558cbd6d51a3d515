"""Start-page items of the organisation: groups whose composition breaks the policy."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import ngettext

from styrsam.core.todo import Todo

from .composition import group_compositions, policy_group_compositions
from .models import GovernanceGroup, Membership
from .roles import is_coordinator, memberships_of


def todos(user, policy) -> list[Todo]:
    """The coordinator (G02) sees every group's gaps; a chair or convener their own group's."""
    if is_coordinator(user) or user.is_superuser:
        groups, reports = policy_group_compositions(user, policy)
    else:
        led = {
            m.group_id
            for m in memberships_of(user)
            if m.function != Membership.Function.MEMBER and m.group_code in policy.groups
        }
        if not led:
            return []
        groups = list(GovernanceGroup.objects.filter(pk__in=led).distinct())
        reports = group_compositions(groups=groups, policy=policy)
    items = []
    for group in groups:
        problems = reports[group.pk].problems
        if problems:
            items.append(
                Todo(
                    text=ngettext(
                        "%(group)s: %(n)s krav på sammansättningen är inte uppfyllt (%(first)s).",
                        "%(group)s: %(n)s krav på sammansättningen är inte uppfyllda "
                        "(t.ex. %(first)s).",
                        len(problems),
                    )
                    % {"group": group.name, "n": len(problems), "first": problems[0].label},
                    url=reverse("organisation:group_detail", args=[group.code]),
                    rule=policy.group(group.code).rule,
                    level="warning",
                )
            )
    return items
