"""The demo's plans and projects: mission plans with goals, projects in every phase (one from
the forwarded notification, G03), a year of status reports with missing ones before the next
meeting (G14), and one over-booked person of the IT unit (G11)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from styrsam.demo.loader import load_demo
from styrsam.meetings.models import Meeting
from styrsam.projects import selectors, services
from styrsam.projects.models import Goal, MissionPlan, Project, ProjectReport


@pytest.mark.django_db
@pytest.mark.rule("G01")
@pytest.mark.rule("G03")
@pytest.mark.rule("G11")
@pytest.mark.rule("G14")
def test_g01_g03_g11_g14_demo_projects():
    load_demo()
    assert MissionPlan.objects.count() == 2 and Goal.objects.count() == 6
    assert set(Project.objects.values_list("phase", flat=True)) == set(Project.Phase.values)
    assert Project.objects.count() >= 15
    forwarded = Project.objects.get(origin=Project.Origin.NOTIFICATION)
    assert forwarded.case.project == forwarded
    assert ProjectReport.objects.filter(meeting__status=Meeting.Status.HELD).count() > 30
    planned = (
        Meeting.objects.filter(group__code="preparatory", status=Meeting.Status.PLANNED)
        .order_by("date")
        .first()
    )
    assert services.missing_reports(planned)  # some still to report
    monday = selectors.monday(timezone.localdate())
    capacity = selectors.capacity(user=None, first_week=monday, weeks=8)
    over = [row["person"].username for row in capacity["people"] if row["over"]]
    assert over == ["rasmus"]
