"""Start-page items of the finance app: next year's budgets that are not decided (G16) for
those who propose or record them, and the department's own budget for the year for its
economist."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from styrsam.core.todo import Later, Shape, Todo, batched
from styrsam.organisation.models import OrgUnit
from styrsam.organisation.roles import has_capability, units_with_capability

from .models import BudgetKind, BudgetPlan, DepartmentBudget
from .selectors import decided_frames


@batched
def todos(user, policy) -> list[Todo | Later]:
    items: list[Todo | Later] = []
    year = timezone.localdate().year
    if has_capability(user, "propose_budget") or has_capability(user, "record_budget_decisions"):
        # per kind, whether next year has a decided frame and the status of a plan not
        # decided: read with the other apps' counts, in one query (issue 18)
        decided: dict[str, bool] = {}
        for kind in BudgetKind:
            items.append(
                DECIDED_FRAME.later(
                    "exists",
                    lambda found, kind=kind: decided.update({kind.value: found}),
                    year=year + 1,
                    kind=kind.value,
                )
            )
            items.append(_open_plan(kind, year + 1, decided))
    units = units_with_capability(user, "manage_unit_budget")
    if units:
        done = set(
            DepartmentBudget.objects.filter(department_id__in=units, year=year).values_list(
                "department_id", flat=True
            )
        )
        missing = OrgUnit.objects.filter(pk__in=units - done).order_by("name")
        for code, name in missing.values_list("code", "name"):
            items.append(
                Todo(
                    text=_("IT-budgeten %(year)s för %(unit)s är inte angiven.")
                    % {"year": year, "unit": name},
                    url=f"{reverse('finance:statement')}?forvaltning={code}&ar={year}",
                    rule="G24",
                )
            )
    return items


def _open_plan(kind: BudgetKind, year: int, decided: dict[str, bool]) -> Later:
    """The to-do of ``kind`` without a decided frame for ``year`` (``decided``, read in the same
    query, before): its plan not decided waits, or none is proposed. Of several such plans, the
    last in their order (as the dict of all of them kept it)."""
    return OPEN_PLAN.later(
        "value",
        lambda status: None if decided[kind.value] else _budget_todo(kind, year, status),
        kind=kind.value,
        year=year,
    )


# the start page's reads, their SQL compiled once (issue 18): whether ``year`` has a decided
# frame of ``kind``; the status of the last plan of ``kind`` covering ``year`` not decided
DECIDED_FRAME = Shape(
    "finance.decided_frame",
    lambda year, kind: decided_frames(years=[year], kinds=[kind]),
    year=1901,
    kind="\x00kind",
)
OPEN_PLAN = Shape(
    "finance.open_plan",
    lambda kind, year: (
        BudgetPlan.objects.filter(kind=kind, last_year__gte=year, first_year__lte=year)
        .exclude(status=BudgetPlan.Status.DECIDED)
        .reverse()
        .values_list("status")
    ),
    kind="\x00kind",
    year=1901,
)


def _budget_todo(kind: BudgetKind, year: int, status: str | None) -> Todo:
    if status is None:
        text = _("Budget för %(kind)s %(year)s saknas: gör ett förslag (G16).")
    else:
        text = _("Budget för %(kind)s %(year)s väntar på beslut (G16).")
    return Todo(
        text=text % {"kind": kind.label.lower(), "year": year},
        url=reverse("finance:budget_overview"),
        rule="G16",
        level="warning" if status is None else "info",
    )
