"""The department statement (one department, one year: rent, own systems, shares of the
common systems, co-financing received — budget, outcome and forecast, G24–G27) and the
municipality overview of all departments side by side, each with a chart, its table and an
Excel export with real numbers."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from styrsam.core.access import may, require_perm
from styrsam.core.actions import form_action
from styrsam.core.audit import history_for_many
from styrsam.core.exports import Sheet, dated_filename, table_response, workbook_response
from styrsam.core.params import int_param

from .. import selectors, services, statement
from ..charts import Series, bar_chart
from ..forms import DepartmentBudgetForm
from ..models import SOURCE_SHORT, DepartmentBudget, Source

SERIES = [
    Series("budget", gettext_lazy("Budget"), "solid"),
    Series("outcome", gettext_lazy("Utfall"), "hatched"),
    Series("forecast", gettext_lazy("Prognos helår"), "dotted"),
]


def _url_parts(name: str) -> tuple[str, str]:
    """``(before, after)`` of an object's URL around its id, reversed once: a statement links
    every system and case, and reversing each costs more than the rest of its row."""
    marker = "987654321"
    before, after = reverse(name, args=[int(marker)]).split(marker)
    return before, after


def _year(request) -> int:
    year = int_param(request.GET.get("ar"))
    today = timezone.localdate().year
    return year if year and 2000 <= year <= today + 10 else today


def _department(request):
    """(the department asked for or the user's own, every department the user may see)."""
    require_perm(request.user, "finance.view_statements")
    return selectors.statement_department(
        user=request.user, code=request.GET.get("forvaltning") or None
    )


def _chart(chart_id: str, title: str, lines) -> dict:
    return bar_chart(
        chart_id=chart_id,
        title=title,
        description=_(
            "Stapeldiagram: budget, utfall och prognos per rad i kronor. Samma siffror finns "
            "i tabellen under diagrammet."
        ),
        series=SERIES,
        groups=[
            (
                line.short_label,
                {"budget": line.budget, "outcome": line.outcome, "forecast": line.forecast},
            )
            for line in lines
        ],
    )


def _render_history(request, department, departments, year):
    """The statement's history tab: who set the department's budget for the year, when."""
    budgets = DepartmentBudget.objects.filter(department=department, year=year)
    context = {
        "department": department,
        "departments": departments,
        "year": year,
        "years": list(range(timezone.localdate().year - 3, timezone.localdate().year + 2)),
        "tab": "historik",
        "history": history_for_many(budgets)[:200],
        "history_shows_object": True,
    }
    return render(request, "finance/statement.html", context)


def _render_statement(request, chosen, year, *, budget_form=None, status=200):
    department, departments = chosen
    if request.GET.get("flik") == "historik" and request.method == "GET":
        return _render_history(request, department, departments, year)
    result = statement.department_statement(department, year)
    can_set = may(request.user, "finance.set_department_budget", department)
    context = {
        "statement": result,
        "department": department,
        "year": year,
        "years": list(range(timezone.localdate().year - 3, timezone.localdate().year + 2)),
        "departments": departments,
        "chart": _chart(
            "statement-chart",
            _("%(unit)s %(year)s: budget, utfall och prognos")
            % {"unit": department.name, "year": year},
            result.lines.values(),
        ),
        "method": statement.FORECAST_METHOD,
        "system_url": _url_parts("systems:system_detail"),
        "case_url": _url_parts("cases:case_detail"),
        "budget_form": (budget_form or DepartmentBudgetForm()) if can_set else None,
        "tab": "oversikt",
        "export_url": reverse("finance:statement_export", args=["xlsx"])
        + f"?forvaltning={department.code}&ar={year}",
    }
    return render(request, "finance/statement.html", context, status=status)


@login_required
def statement_page(request):
    return _render_statement(request, _department(request), _year(request))


@login_required
def statement_budget(request):
    """POST: the department's budget for one line of its statement."""
    if request.method != "POST":
        raise Http404
    chosen = _department(request)
    department = chosen[0]
    year = _year(request)
    form = DepartmentBudgetForm(request.POST)
    url = reverse("finance:statement") + f"?forvaltning={department.code}&ar={year}"
    return form_action(
        request,
        form,
        lambda data: services.department_budget_set(
            actor=request.user, department=department, year=year, **data
        ),
        success_url=url,
        success_message=_("Budgeten är sparad."),
        render=lambda form, status: _render_statement(
            request, chosen, year, budget_form=form, status=status
        ),
    )


@login_required
def statement_export(request, fmt: str):
    department = _department(request)[0]
    year = _year(request)
    result = statement.department_statement(department, year)
    headers, rows = statement.statement_table(result)
    return table_response(
        fmt,
        dated_filename(f"it-kostnader-{department.code}-{year}"),
        headers,
        rows,
        title=f"{department.name} {year}"[:31],
    )


def _overview_rows(overview) -> tuple[list, list]:
    headers = [_("Förvaltning"), _("Kod")]
    for source in Source:
        headers += [
            f"{source.label}: {_('budget')}",
            f"{source.label}: {_('utfall')}",
            f"{source.label}: {_('prognos')}",
        ]
    headers += [_("Netto budget"), _("Netto utfall"), _("Netto prognos")]
    rows = []
    for s in overview.statements:
        row = [s.department.name, s.department.code]
        for source in Source:
            line = s.lines[source]
            row += [line.budget, line.outcome, line.forecast]
        row += [s.budget, s.outcome, s.forecast]
        rows.append(row)
    return headers, rows


@login_required
def overview_page(request):
    if not request.user.has_perm("finance.view_overview"):
        raise PermissionDenied
    year = _year(request)
    overview = statement.municipality_overview(year)
    totals = [
        {
            "source": source,
            "label": source.label,
            "short": str(SOURCE_SHORT[source]),
            "budget": overview.total("budget", source),
            "outcome": overview.total("outcome", source),
            "forecast": overview.total("forecast", source),
        }
        for source in Source
    ]
    context = {
        "overview": overview,
        "year": year,
        "years": list(range(timezone.localdate().year - 3, timezone.localdate().year + 2)),
        "sources": list(Source),
        "totals": totals,
        "chart": bar_chart(
            chart_id="overview-chart",
            title=_("Alla förvaltningar %(year)s: budget, utfall och prognos per rad")
            % {"year": year},
            description=_(
                "Stapeldiagram över kommunens summor per rad i kronor; samma siffror finns i "
                "tabellen Summa per rad."
            ),
            series=SERIES,
            groups=[(t["short"], t) for t in totals],
        ),
        "method": statement.FORECAST_METHOD,
        "statement_url": reverse("finance:statement"),
        "can_manage_allocation": may(request.user, "finance.manage_allocation"),
    }
    return render(request, "finance/overview.html", context)


@login_required
def overview_export(request, fmt: str):
    if not request.user.has_perm("finance.view_overview"):
        raise PermissionDenied
    year = _year(request)
    overview = statement.municipality_overview(year)
    headers, rows = _overview_rows(overview)
    name = dated_filename(f"it-kostnader-forvaltningar-{year}")
    if fmt != "xlsx":
        return table_response(fmt, name, headers, rows, title=str(year))
    footer = [[_("Summa"), "", *[v for t in _totals_row(overview) for v in t]]]
    check = [
        [_("Fördelade kommungemensamma system (G26)"), "", overview.shared_cost],
        [_("Summa av förvaltningarnas andelar"), "", overview.total("outcome", Source.SHARES)],
    ]
    return workbook_response(
        name,
        [
            Sheet(_("Förvaltningar %(y)s") % {"y": year}, headers, rows, footer),
            Sheet(_("Avstämning G26"), [_("Avser"), "", _("Belopp (kr)")], check),
        ],
    )


def _totals_row(overview) -> list[tuple]:
    out = [
        (
            overview.total("budget", source),
            overview.total("outcome", source),
            overview.total("forecast", source),
        )
        for source in Source
    ]
    out.append((overview.total("budget"), overview.total("outcome"), overview.total("forecast")))
    return out
