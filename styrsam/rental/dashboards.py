"""The economists' year at a glance on the start page (issue 17): the rent charged per month
from the rental ledger (G08, G24) and the system costs of the year that the user may read
(G16, G25), each restricted by the same selectors as the ledger and the system pages.

Shown to whoever holds one of the policy's capabilities ``read_all_ledger``,
``read_unit_ledger``, ``read_all_costs`` or ``read_unit_costs`` (the economists, the heads of
department and the IT unit by default); each chart only to those whose capabilities reach it.
Two queries whatever the number of ledger lines and cost lines."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.translation import gettext as _

from styrsam.core.charts import bar_chart
from styrsam.core.formats import kr
from styrsam.organisation.roles import has_capability
from styrsam.systems.models import SystemCost
from styrsam.systems.selectors import costs_by_kind

from .selectors import rent_by_month

LEDGER = ("read_all_ledger", "read_unit_ledger")
COSTS = ("read_all_costs", "read_unit_costs")


def _kronor(value) -> str:
    return kr(value, 0)


def rent_chart(*, user, year: int, today):
    """One bar per month from the first month charged to the last one charged (or this month,
    so that a missing rent run shows as "–")."""
    months = rent_by_month(user=user, year=year)
    if months:
        last = max(months)
        if year == today.year:
            last = max(last, today.month)
        shown = range(min(months), last + 1)
    else:
        shown = range(0)
    return bar_chart(
        title=_("Hyra per månad %(year)s") % {"year": year},
        label_header=_("Månad"),
        series=[_("Hyra")],
        rows=[(str(MONTHS_3[m]), [months.get(m)]) for m in shown],
        fmt=kr,
        label_width=48,
        empty_text=_("Ingen hyra är debiterad i år."),
    )


def costs_chart(*, user, year: int):
    """The year's system costs per kind, and a twelfth of each: the monthly cost."""
    totals = costs_by_kind(user=user, year=year)
    rows = [
        (label, [totals[kind], (totals[kind] / 12).quantize(Decimal(1))])
        for kind, label in SystemCost.Kind.choices
        if kind in totals
    ]
    return bar_chart(
        title=_("Systemkostnader %(year)s per kostnadsslag") % {"year": year},
        label_header=_("Kostnadsslag"),
        series=[_("Per år"), _("Per månad")],
        rows=rows,
        empty_text=_("Inga systemkostnader i år som du får se."),
        fmt=_kronor,
    )


def economist_dashboard_shown(request) -> bool:
    """The section is shown to a user with any of the capabilities above."""
    return any(has_capability(request.user, c) for c in (*LEDGER, *COSTS))


def economist_dashboard(request) -> dict | None:
    """The start page's section on rent and costs; ``None`` for a user without any of the
    capabilities above."""
    user = request.user
    ledger = any(has_capability(user, c) for c in LEDGER)
    costs = any(has_capability(user, c) for c in COSTS)
    if not (ledger or costs):
        return None
    today = timezone.localdate()
    year = today.year
    charts = []
    if ledger:
        charts.append(
            (
                rent_chart(user=user, year=year, today=today),
                reverse("rental:invoice"),
                _("Till fakturaunderlaget"),
            )
        )
    if costs:
        charts.append(
            (
                costs_chart(user=user, year=year),
                reverse("systems:system_list"),
                _("Till systemförteckningen"),
            )
        )
    return {
        "key": "economist",
        "heading": _("Hyra och kostnader %(year)s") % {"year": year},
        "charts": charts,
    }
