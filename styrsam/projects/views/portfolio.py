"""The portfolio's timeline (Gantt-like bars per project, grouped by department, with the
dates as text in the same table: the bars are decoration, the table is the content) and the IT
unit's staffing with its capacity per person and week (G11)."""

from __future__ import annotations

import datetime
from itertools import groupby

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from styrsam.core.access import require_perm, rules_allow
from styrsam.core.params import int_param, year_param

from .. import selectors
from ..lists import StaffingList, year_q
from ..models import Light, Project

TIMELINE_PAGE = 100  # rows per page of the timeline


def _bar(project: Project, first: datetime.date, last: datetime.date) -> dict | None:
    start = project.actual_start or project.planned_start
    end = project.actual_end or project.planned_end
    if start is None:
        return None
    end = end or last
    if end < first or start > last:
        return None
    days = (last - first).days + 1
    left = max((start - first).days, 0)
    right = min((end - first).days + 1, days)
    return {
        "left": round(100 * left / days, 2),
        "width": max(round(100 * (right - left) / days, 2), 0.5),
        "start": start,
        "end": project.actual_end or project.planned_end,
    }


BAR_FILLS = {Project.Phase.FINISHED: "#4a4a4a", Project.Phase.STOPPED: "#a3001b"}


def _timeline_row(*, url: str, project: Project, phase: str, light: str, bar: dict) -> str:
    """A row of the timeline's table (the template wrote the same HTML per row: 100 rows a
    page, docs/performance.md)."""
    esc = conditional_escape
    light_html = (
        f'<span class="light light-{esc(project.latest_light)}">{esc(light)}</span>'
        if light
        else "–"
    )
    end = bar["end"].isoformat() if bar["end"] else "–"
    fill = BAR_FILLS.get(project.phase, "#00507a")
    return mark_safe(  # noqa: S308 - every text escaped
        f'<tr>\n    <th scope="row"><a href="{esc(url)}">{esc(project.name)}</a></th>\n'
        f"    <td>{esc(phase)}</td>\n    <td>{light_html}</td>\n"
        f"    <td>{bar['start'].isoformat()}</td><td>{end}</td>\n"
        '    <td class="bar-cell"><svg class="timeline-bar" viewBox="0 0 100 10" '
        'preserveAspectRatio="none" aria-hidden="true" focusable="false"><rect x="0" y="0" '
        'width="100" height="10" fill="#f2f5f7"/>'
        f'<rect x="{bar["left"]}" y="1" width="{bar["width"]}" height="8" fill="{fill}"/>'
        "</svg></td>\n  </tr>"
    )


@login_required
def timeline(request):
    """The year's projects by department, a page of ``TIMELINE_PAGE`` rows at a time: the
    bars, dates and labels are computed for the visible rows only (docs/performance.md)."""
    require_perm(request.user, "projects.view_projects")
    year = year_param(request.GET.get("ar")) or timezone.localdate().year
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    projects = (
        selectors.project_list(user=request.user)
        .exclude(phase=Project.Phase.IDEA)
        .filter(year_q(year))
        .exclude(actual_start__isnull=True, planned_start__isnull=True)
        .order_by("department__name", "planned_start", "name", "pk")
    )
    page = Paginator(projects, TIMELINE_PAGE).get_page(int_param(request.GET.get("page")) or 1)
    rows = []
    lights = {value: str(label) for value, label in Light.choices}
    phases = {value: str(label) for value, label in Project.Phase.choices}
    base = reverse("projects:project_detail", args=[0])[: -len("0/")]
    for project in page.object_list:
        bar = _bar(project, first, last)
        if bar is not None:  # labels, dates, links and the row's HTML computed in one pass
            rows.append(
                {
                    "project": project,
                    "html": _timeline_row(
                        url=f"{base}{project.pk}/",
                        project=project,
                        phase=phases.get(project.phase, project.phase),
                        light=lights.get(project.latest_light, ""),
                        bar=bar,
                    ),
                }
            )
    groups = [
        {"department": name, "rows": list(items)}
        for name, items in groupby(rows, key=lambda r: r["project"].department.name)
    ]
    return render(
        request,
        "projects/timeline.html",
        {
            "year": year,
            "groups": groups,
            "page_obj": page,
            "querystring_without_page": f"ar={year}&",
            "export_url": f"{reverse('projects:project_export', args=['xlsx'])}?year={year}",
        },
    )


class StaffingPage(StaffingList):
    """The staffing rows and, above them, the capacity per person and week (G11)."""

    WEEKS = 12

    def get_context(self) -> dict:
        start = selectors.monday(timezone.localdate())
        capacity = selectors.capacity(user=self.request.user, first_week=start, weeks=self.WEEKS)
        return {
            "capacity": capacity,
            "capacity_rows": _capacity_rows(capacity["people"]),
            # asked of the rules: a "no" from Django's model backend costs two queries
            "can_staff": rules_allow(self.request.user, "projects.staff_projects"),
        }


def _capacity_rows(people: list[dict]) -> str:
    """The capacity table's rows, a person each with a cell per week, in one pass (the
    template wrote the same HTML)."""
    esc = conditional_escape
    over_label = esc(_("överbokad"))
    rows = []
    for p in people:
        person = p["person"]
        name = esc(person.get_full_name() or person.username)
        flag = f' <span class="status danger">{over_label}</span>' if p["over"] else ""
        cells = "".join(
            f'<td class="over">{value} <span class="visually-hidden">{over_label}</span></td>'
            if over
            else f"<td>{value}</td>"
            for value, over in p["loads"]
        )
        rows.append(f'<tr>\n    <th scope="row">{name}{flag}</th>\n    {cells}\n  </tr>')
    return mark_safe("".join(rows))  # noqa: S308 - every name escaped, the loads are numbers


staffing_list = StaffingPage.page_view()
staffing_export = StaffingList.export_view()
