"""The portfolio at municipal scale: 2,000 projects with 12 status reports each and staffing
open in the same number of queries as one project (docs/performance.md: measured times)."""

from __future__ import annotations

import datetime
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from styrsam.meetings.models import Meeting
from styrsam.projects.models import Project, ProjectReport, Staffing
from styrsam.projects.services import refresh_latest_lights
from tests.vocab import c

from .conftest import TODAY

pytestmark = [pytest.mark.django_db, pytest.mark.once]  # slow; says the same on both databases

URLS = [
    "/projekt/",
    "/projekt/?phase=ongoing&light=red",
    f"/projekt/?year={TODAY.year}",
    "/projekt/tidslinje/",
    "/projekt/bemanning/",
    "/api/v1/projects/",
    "/api/v1/projects/?light=green",
]


def test_portfolio_of_2000_projects(client, strategist, vof, bou, groups, it_staff):
    meetings = Meeting.objects.bulk_create(
        [
            Meeting(
                group=groups[c("preparatory")],
                date=TODAY - datetime.timedelta(days=30 * i),
                start_time=datetime.time(9),
                status=Meeting.Status.HELD,
            )
            for i in range(1, 13)
        ]
    )
    projects = Project.objects.bulk_create(
        [
            Project(
                name=f"Projekt {i:04d}",
                department=vof if i % 2 else bou,
                phase=Project.Phase.ONGOING if i % 3 else Project.Phase.PLANNED,
                origin=Project.Origin.IT_UNIT,
                planned_start=TODAY - datetime.timedelta(days=i % 300),
                planned_end=TODAY + datetime.timedelta(days=i % 400),
            )
            for i in range(2000)
        ]
    )
    lights = ["green", "yellow", "red"]
    ProjectReport.objects.bulk_create(
        [
            ProjectReport(
                project=p,
                meeting=m,
                light=lights[(p.pk + m.pk) % 3],
                progress="Ok",
                reported_by=strategist,
            )
            for p in projects
            for m in meetings
        ]
    )
    refresh_latest_lights()  # as the status report service keeps it (G14)
    Staffing.objects.bulk_create(
        [
            Staffing(project=p, person=it_staff[i % 2], percent=5, start=TODAY, end=TODAY)
            for i, p in enumerate(projects[:200])
        ]
    )
    client.force_login(strategist)
    report = []
    for url in URLS:
        client.get(url)
        best = None
        for _ in range(3):
            with CaptureQueriesContext(connection) as ctx:
                start = time.perf_counter()
                assert client.get(url).status_code == 200
                elapsed = time.perf_counter() - start
            best = elapsed if best is None else min(best, elapsed)
        report.append(f"{url}: {best * 1000:.0f} ms, {len(ctx.captured_queries)} queries")
        assert len(ctx.captured_queries) <= 10, url  # as for one project (test_views.py)
    print("\n".join(report))  # the times in docs/performance.md (pytest -s)
