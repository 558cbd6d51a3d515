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

from styrsam.core.access import require_perm
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
    lights, phases = dict(Light.choices), dict(Project.Phase.choices)
    base = reverse("projects:project_detail", args=[0])[: -len("0/")]
    for project in page.object_list:
        bar = _bar(project, first, last)
        if bar is not None:  # labels, dates and links computed here, in one pass
            rows.append(
                {
                    "project": project,
                    "bar": bar,
                    "start": bar["start"].isoformat(),
                    "end": bar["end"].isoformat() if bar["end"] else "–",
                    "url": f"{base}{project.pk}/",
                    "light": lights.get(project.latest_light, ""),
                    "phase": phases[project.phase],
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
        return {
            "capacity": selectors.capacity(
                user=self.request.user, first_week=start, weeks=self.WEEKS
            ),
            "can_staff": self.request.user.has_perm("projects.staff_projects"),
        }


staffing_list = StaffingPage.page_view()
staffing_export = StaffingList.export_view()
