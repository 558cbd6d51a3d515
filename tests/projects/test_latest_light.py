"""The latest traffic light stored on the project (G14, issue 13): written by the status
report service alone (``refresh_latest_lights``), filtered and sorted on by the portfolio and
the API as an indexed column instead of a subquery per project."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from styrsam.core.errors import ValidationFailed
from styrsam.meetings import services as meeting_services
from styrsam.projects import selectors, services
from styrsam.projects.models import Project, ProjectReport
from tests.vocab import c

from .conftest import TODAY, prep_meeting, project

pytestmark = pytest.mark.django_db


def _light(p: Project) -> str | None:
    return Project.objects.values_list("latest_light", flat=True).get(pk=p.pk)


@pytest.mark.rule("G14")
def test_g14_report_stores_the_latest_light_on_the_project(strategist, head_of_vof, vof, groups):
    care = project(head_of_vof, vof)
    assert _light(care) is None  # no report yet
    later = prep_meeting(days=28)
    sooner = prep_meeting(days=14)
    services.project_report_submit(
        actor=strategist, project=care, meeting=later, light="red", progress="Försenat."
    )
    assert _light(care) == "red"
    # a report for an earlier meeting, written afterwards, is not the latest
    services.project_report_submit(
        actor=strategist, project=care, meeting=sooner, light="green", progress="Ok."
    )
    assert _light(care) == "red"
    # replacing the latest meeting's report replaces the light
    services.project_report_submit(
        actor=strategist, project=care, meeting=later, light="yellow", progress="Bättre."
    )
    assert _light(care) == "yellow"
    assert selectors.project_get(user=strategist, pk=care.pk).latest_light == "yellow"


@pytest.mark.rule("G14")
def test_g14_a_refused_report_leaves_the_stored_light_alone(head_of_vof, vof, strategist, meeting):
    care = project(head_of_vof, vof)
    services.project_report_submit(
        actor=strategist, project=care, meeting=meeting, light="green", progress="Ok."
    )
    with pytest.raises(ValidationFailed):
        services.project_report_submit(
            actor=strategist, project=care, meeting=meeting, light="blue", progress="Ok."
        )
    assert _light(care) == "green"
    assert ProjectReport.objects.get(project=care).light == "green"


@pytest.mark.rule("G14")
def test_g14_moving_a_meeting_re_reads_which_report_is_the_latest(
    strategist, head_of_vof, vof, groups
):
    care = project(head_of_vof, vof)
    first = prep_meeting(days=14)
    second = prep_meeting(days=28)
    services.project_report_submit(
        actor=strategist, project=care, meeting=first, light="green", progress="Ok."
    )
    services.project_report_submit(
        actor=strategist, project=care, meeting=second, light="red", progress="Försenat."
    )
    assert _light(care) == "red"
    # the first meeting moves after the second: its report is now the latest
    meeting_services.meeting_update(
        actor=None, meeting=first, date=TODAY + datetime.timedelta(days=35)
    )
    assert _light(care) == "green"


@pytest.mark.rule("G14")
def test_g14_refresh_fills_bulk_loaded_reports_and_clears_without_report(
    strategist, head_of_vof, vof, meeting
):
    """A bulk load of reports (the demo's, the benchmark's) is followed by one refresh."""
    care = project(head_of_vof, vof, name="Hemtjänst")
    school = project(head_of_vof, vof, name="Skola")
    ProjectReport.objects.create(
        project=care, meeting=meeting, light="yellow", progress="Ok", reported_by=strategist
    )
    Project.objects.filter(pk=school.pk).update(latest_light="red")  # stale: no report
    with CaptureQueriesContext(connection) as captured:
        assert services.refresh_latest_lights() == 2
    assert len(captured.captured_queries) == 1  # one set-based UPDATE
    assert (_light(care), _light(school)) == ("yellow", None)


@pytest.mark.rule("G14")
def test_g14_portfolio_filters_and_sorts_on_the_stored_light(
    client, strategist, head_of_vof, vof, meeting
):
    lights = {"Alfa": "red", "Beta": "green", "Gamma": "red", "Delta": None}
    made = {name: project(head_of_vof, vof, name=name) for name in lights}
    for name, light in lights.items():
        if light:
            services.project_report_submit(
                actor=strategist, project=made[name], meeting=meeting, light=light, progress="."
            )
    client.force_login(strategist)
    r = client.get("/api/v1/projects/", {"light": "red"})
    assert r.status_code == 200
    assert [p["name"] for p in r.json()["results"]] == ["Alfa", "Gamma"]
    assert {
        p["name"]: p["latest_light"] for p in client.get("/api/v1/projects/").json()["results"]
    } == lights
    r = client.get("/projekt/", {"light": "red"})
    assert r.status_code == 200
    body = r.content.decode()
    assert "Alfa" in body and "Gamma" in body and "Beta" not in body and "Delta" not in body
    ordered = list(selectors.project_list(user=strategist).order_by("latest_light", "name", "pk"))
    # (where the project without a light falls is the database's: NULL first or last)
    assert [p.name for p in ordered if p.latest_light] == ["Beta", "Alfa", "Gamma"]


@pytest.mark.rule("G14")
@pytest.mark.db_owner("migrates backwards and forwards (DDL)")
@pytest.mark.django_db(transaction=True)
def test_g14_the_migration_fills_the_latest_light_from_the_reports():
    """Migration 0002 adds the column and fills it with each project's latest report's light
    (by meeting date), null without a report."""
    from django.db.migrations.executor import MigrationExecutor

    def migrate(targets):
        executor = MigrationExecutor(connection)
        executor.migrate(targets)
        return executor.loader.project_state(targets).apps

    apps = migrate([("projects", "0001_projects_plans_reports_staffing_projects")])
    unit = apps.get_model("organisation", "OrgUnit").objects.create(
        code="vof", name="Vård och omsorg", kind="department"
    )
    group = apps.get_model("organisation", "GovernanceGroup").objects.create(
        code=c("preparatory"), name="Beredningsgruppen"
    )
    reporter = apps.get_model("auth", "User").objects.create(username="rapportor")
    Meeting = apps.get_model("meetings", "Meeting")
    later, sooner = (
        Meeting.objects.create(group=group, date=TODAY + datetime.timedelta(days=d), start_time=t)
        for d, t in ((28, datetime.time(9)), (14, datetime.time(9)))
    )
    Project = apps.get_model("projects", "Project")
    reported, silent = (
        Project.objects.create(name=n, department=unit, origin="it_unit_proposal")
        for n in ("Rapporterat", "Tyst")
    )
    Report = apps.get_model("projects", "ProjectReport")
    Report.objects.create(
        project=reported, meeting=later, light="red", progress=".", reported_by=reporter
    )
    Report.objects.create(  # written last, but for the earlier meeting
        project=reported, meeting=sooner, light="green", progress=".", reported_by=reporter
    )
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    assert _light(reported) == "red"
    assert _light(silent) is None
