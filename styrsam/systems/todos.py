"""Start-page items of the register: G20 gaps and missing common systems for the IT
strategist; contracts ending within six months for a system's owner."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from styrsam.core.todo import Later, Todo, batched, count
from styrsam.organisation.roles import is_coordinator

from .models import System
from .selectors import g20_gap_units


def _ending(system, user, soon) -> bool:
    return (
        system.owner_id == user.pk
        and system.contract_end is not None
        and (system.contract_end <= soon)
    )


@batched
def todos(user, policy) -> list[Todo | Later]:
    items: list[Todo | Later] = []
    soon = timezone.localdate() + datetime.timedelta(days=183)
    ending_q = Q(owner=user, contract_end__lte=soon, contract_end__isnull=False)
    in_use = System.objects.exclude(lifecycle=System.Lifecycle.RETIRED).order_by("pk")
    if is_coordinator(user) or user.is_superuser:
        # every common system not retired, read once: the platform (G20) and the kinds (G19);
        # the user's own contracts ending in the same query (issue 18)
        found = list(in_use.filter(~Q(common_kind="") | ending_q))
        common = [system for system in found if system.common_kind]
        ending = [system for system in found if _ending(system, user, soon)][:10]
        # counted with the other apps' counts, in one query (issue 18)
        items.append(count(g20_gap_units(common_systems=common), _g20_todo))
        present = {system.common_kind for system in common}
        missing = [name for code, name in policy.common_kind_choices() if code not in present]
        if missing:
            items.append(
                Todo(
                    text=_("Kommungemensamma system saknas i förteckningen: %(k)s.")
                    % {"k": ", ".join(missing)},
                    url=reverse("systems:system_list"),
                    rule="G19",
                )
            )
    else:
        ending = in_use.filter(ending_q)[:10]
    for system in ending:
        items.append(
            Todo(
                text=_("Avtalet för %(s)s löper ut %(d)s.")
                % {"s": system.name, "d": system.contract_end.isoformat()},
                url=reverse("systems:system_detail", args=[system.pk]),
                level="info",
            )
        )
    return items


def _g20_todo(gaps: int) -> Todo | None:
    if not gaps:
        return None
    return Todo(
        text=ngettext(
            "%(n)s enhet är inte ansluten till det gemensamma nätet eller numret.",
            "%(n)s enheter är inte anslutna till det gemensamma nätet eller numret.",
            gaps,
        )
        % {"n": gaps},
        url=reverse("systems:platform_compliance"),
        rule="G20",
        level="warning",
    )
