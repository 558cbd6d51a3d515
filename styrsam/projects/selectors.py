"""Reads of the projects app. Every member of staff reads the portfolio (``access``); the
lists carry what their rows need in one query (the latest light is stored on the project:
``services.reports.refresh_latest_lights``)."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from .models import Goal, MissionPlan, OperationalPlan, Project, ProjectReport, Staffing


def project_list(*, user) -> QuerySet[Project]:
    return Project.objects.select_related(
        "department", "manager", "owner", "goal", "goal__plan", "goal__plan__committee", "case"
    )


def project_get(*, user, pk: int) -> Project:
    qs = project_list(user=user).prefetch_related(
        "systems",
        Prefetch(
            "reports",
            queryset=ProjectReport.objects.select_related(
                "meeting", "meeting__group", "reported_by"
            ).order_by("-meeting__date", "-pk"),
        ),
        Prefetch(
            "staffing",
            queryset=Staffing.objects.select_related("person").order_by("start", "pk"),
        ),
    )
    return get_object_or_404(qs.select_related("activity", "activity__plan"), pk=pk)


def report_list(*, user, project: Project | None = None) -> QuerySet[ProjectReport]:
    qs = ProjectReport.objects.select_related(
        "project", "project__department", "meeting", "meeting__group", "reported_by"
    ).order_by("-meeting__date", "project__name", "pk")
    if project is not None:
        qs = qs.filter(project=project)
    return qs


def mission_plan_list(*, user) -> QuerySet[MissionPlan]:
    return MissionPlan.objects.select_related("committee").prefetch_related("goals")


def operational_plan_list(*, user) -> QuerySet[OperationalPlan]:
    return OperationalPlan.objects.select_related("department").prefetch_related(
        "activities", "activities__goal"
    )


def goal_choices() -> QuerySet[Goal]:
    return Goal.objects.select_related("plan", "plan__committee").order_by(
        "-plan__year", "plan__committee__name", "number"
    )


def staffing_list(*, user) -> QuerySet[Staffing]:
    return Staffing.objects.select_related("project", "project__department", "person").order_by(
        "person__last_name", "person__first_name", "start", "pk"
    )


def monday(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def capacity(*, user, first_week: datetime.date, weeks: int) -> dict:
    """Each person's booked share per week from ``first_week`` (a Monday) over ``weeks``
    weeks (G11): ``{"weeks": [monday, …], "people": [{"person", "loads": [(percent,
    over)], "over": bool}]}``. One query: the staffing rows that overlap the range."""
    last_day = first_week + datetime.timedelta(weeks=weeks, days=-1)
    # only what the sums and the names need: the rows' projects are not read here
    rows = (
        staffing_list(user=user)
        .filter(start__lte=last_day, end__gte=first_week)
        .select_related(None)
        .select_related("person")
        .only(
            "person",
            "percent",
            "start",
            "end",
            "person__first_name",
            "person__last_name",
            "person__username",
        )
    )
    mondays = [first_week + datetime.timedelta(weeks=i) for i in range(weeks)]
    weeks_of = [(i, start, start + datetime.timedelta(days=6)) for i, start in enumerate(mondays)]
    loads: dict[int, list[int]] = defaultdict(lambda: [0] * weeks)
    people = {}
    for row in rows:
        people[row.person_id] = row.person
        booked = loads[row.person_id]
        for i, start, end in weeks_of:
            if row.start <= end and row.end >= start:
                booked[i] += row.percent
    out = []
    for pid, person in sorted(
        people.items(), key=lambda kv: (kv[1].last_name, kv[1].first_name, kv[0])
    ):
        values = loads[pid]
        out.append(
            {
                "person": person,
                "loads": [(v, v > 100) for v in values],
                "over": any(v > 100 for v in values),
            }
        )
    return {"weeks": mondays, "people": out}
