"""The IT unit's year at a glance on the start page (issue 17): how much of the investment
budget in force has been used, month by month (G08, G16), and the orders that wait for an
approval or a delivery (G07).

The budget is shown to whoever holds the policy's capability ``manage_budget`` or
``read_budget`` (the head of the IT unit, its economist and the finance director by default);
the orders to whoever fulfils them (the policy's ``orders.fulfilled_by``). Three queries
whatever the number of purchases and orders."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.translation import gettext as _

from styrsam.core.access import rules_allow
from styrsam.core.charts import bar_chart
from styrsam.core.formats import kr, number, percent
from styrsam.organisation.roles import has_capability
from styrsam.servicedesk.models import Order
from styrsam.servicedesk.selectors import waiting_order_counts

from .models import BudgetKind
from .selectors import frames_in_force, investment_by_month, start_page_frames

BUDGET = ("manage_budget", "read_budget")


def _kronor(value) -> str:
    return kr(value, 0)


def investment_chart(*, year: int, today, user=None):
    """The purchases so far, summed up month by month, against the decided frame (``user``:
    the start page's, whose to-dos read the frames too)."""
    in_force = (
        start_page_frames(user, year)
        if user is not None
        else frames_in_force(years=[year], kinds=[BudgetKind.INVESTMENT])
    )
    frame = in_force.get((BudgetKind.INVESTMENT, year))
    budget = frame.amount if frame is not None else None
    months = investment_by_month(year=year)
    last = 12 if year < today.year else max([today.month, *months]) if year == today.year else 0
    used, rows = Decimal(0), []
    for month in range(1, last + 1):
        used += months.get(month, Decimal(0))
        rows.append((str(MONTHS_3[month]), [used]))
    if budget is None:
        summary = _("Ingen investeringsram är beslutad för %(year)s. Använt: %(used)s.") % {
            "year": year,
            "used": _kronor(used),
        }
    else:
        summary = _("Använt %(used)s av %(budget)s (%(percent)s), kvar %(left)s.") % {
            "used": _kronor(used),
            "budget": _kronor(budget),
            "percent": percent(used * 100 / budget if budget else Decimal(0)),
            "left": _kronor(budget - used),
        }
    chart = bar_chart(
        title=_("Investeringsbudgeten %(year)s: använt hittills") % {"year": year},
        label_header=_("Månad"),
        series=[_("Använt hittills")],
        rows=rows,
        fmt=_kronor,
        targets=[budget] * len(rows) if budget is not None else None,
        target_header=_("Budget"),
        label_width=48,
    )
    return chart, summary


def orders_chart(*, user):
    counts = waiting_order_counts(user=user)
    labels = {
        Order.Status.AWAITING_APPROVAL: _("Väntar på godkännande"),
        Order.Status.APPROVED: _("Godkända, väntar på leverans"),
    }
    return bar_chart(
        title=_("Beställningar som väntar"),
        label_header=_("Status"),
        series=[_("Beställningar")],
        rows=[(labels[status], [n]) for status, n in counts.items()],
        fmt=number,
    )


def it_unit_dashboard_shown(request) -> bool:
    """The section is shown to a user who reads the budget or fulfils orders."""
    user = request.user
    return any(has_capability(user, c) for c in BUDGET) or rules_allow(
        user, "servicedesk.fulfil_orders"
    )


def it_unit_dashboard(request) -> dict | None:
    """The start page's section on the investment budget and the orders; ``None`` for a user
    who neither reads the budget nor fulfils orders."""
    user = request.user
    budget = any(has_capability(user, c) for c in BUDGET)
    orders = rules_allow(user, "servicedesk.fulfil_orders")
    if not (budget or orders):
        return None
    today = timezone.localdate()
    year = today.year
    charts, intro = [], ""
    if budget:
        chart, intro = investment_chart(year=year, today=today, user=user)
        charts.append((chart, reverse("rental:budget"), _("Till investeringsbudgeten")))
    if orders:
        charts.append(
            (orders_chart(user=user), reverse("servicedesk:order_list"), _("Till beställningarna"))
        )
    return {
        "key": "it-unit",
        "heading": _("IT-enhetens år %(year)s") % {"year": year},
        "intro": intro,
        "charts": charts,
    }
