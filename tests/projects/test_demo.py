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
from tests.vocab import c, suite_kommun


@pytest.mark.django_db
@pytest.mark.rule("G01")
@pytest.mark.rule("G03")
@pytest.mark.rule("G11")
@pytest.mark.rule("G14")
def test_g01_g03_g11_g14_demo_projects(client):
    load_demo(suite_kommun().key)  # the suite's policy's demo municipality
    assert MissionPlan.objects.count() == 2 and Goal.objects.count() == 6
    assert set(Project.objects.values_list("phase", flat=True)) == set(Project.Phase.values)
    assert Project.objects.count() >= 15
    forwarded = Project.objects.get(origin=Project.Origin.NOTIFICATION)
    assert forwarded.case.project == forwarded
    assert ProjectReport.objects.filter(meeting__status=Meeting.Status.HELD).count() > 30
    planned = (
        Meeting.objects.filter(group__code=c("preparatory"), status=Meeting.Status.PLANNED)
        .order_by("date")
        .first()
    )
    assert services.missing_reports(planned)  # some still to report
    monday = selectors.monday(timezone.localdate())
    capacity = selectors.capacity(user=None, first_week=monday, weeks=8)
    over = [row["person"].username for row in capacity["people"] if row["over"]]
    assert over == ["rasmus"]

    # every page of the app answers as the IT strategist, the head of the IT unit, a
    # department's member of the preparatory group and a head of department
    from django.contrib.auth import get_user_model

    from styrsam.projects.models import OperationalPlan

    urls = ["/projekt/", "/projekt/tidslinje/", "/projekt/bemanning/", "/planer/"]
    urls += [p.get_absolute_url() for p in Project.objects.all()]
    urls += [p.get_absolute_url() for p in MissionPlan.objects.all()]
    urls += [p.get_absolute_url() for p in OperationalPlan.objects.all()]
    for username in ("anna", "mats", "eva", "ingrid"):
        client.force_login(get_user_model().objects.get(username=username))
        mine = [f"/moten/{planned.pk}/"] if username in ("anna", "eva") else []  # members
        for url in [*urls, *mine]:
            assert client.get(url).status_code == 200, (username, url)
