"""Start-page items of the finance app: next year's budgets that are not decided (G16) for
those who propose or record them, and the department's own budget for the year for its
economist."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from styrsam.core.todo import Todo
from styrsam.organisation.models import OrgUnit
from styrsam.organisation.roles import has_capability, units_with_capability

from .models import BudgetKind, BudgetPlan, DepartmentBudget
from .selectors import start_page_frames


def todos(user, policy) -> list[Todo]:
    items: list[Todo] = []
    year = timezone.localdate().year
    if has_capability(user, "propose_budget") or has_capability(user, "record_budget_decisions"):
        in_force = start_page_frames(user, year)
        open_kinds = dict(
            BudgetPlan.objects.filter(last_year__gte=year + 1, first_year__lte=year + 1)
            .exclude(status=BudgetPlan.Status.DECIDED)
            .values_list("kind", "status")
        )
        for kind in BudgetKind:
            if (kind.value, year + 1) in in_force:
                continue
            status = open_kinds.get(kind.value)
            if status is None:
                text = _("Budget för %(kind)s %(year)s saknas: gör ett förslag (G16).")
            else:
                text = _("Budget för %(kind)s %(year)s väntar på beslut (G16).")
            items.append(
                Todo(
                    text=text % {"kind": kind.label.lower(), "year": year + 1},
                    url=reverse("finance:budget_overview"),
                    rule="G16",
                    level="warning" if status is None else "info",
                )
            )
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
