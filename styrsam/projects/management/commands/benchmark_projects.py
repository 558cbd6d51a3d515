"""Measure the project portfolio at municipal scale:
``styrsam manage benchmark_projects --projects 2000``.

Generated (``styrsam.core.benchmark``: in a transaction rolled back afterwards, measured
against a bare-Django baseline of the same run): 20 departments, a group with
twelve held meetings over the past year, ``--projects`` projects in every phase spread over
the departments and two years, a status report per project and meeting (2,000 projects:
24,000 reports) and ten IT unit staff on 200 projects. Measured as an employee (every member
of staff reads the portfolio): the portfolio's first page, filtered, a later page, the
timeline, the staffing and the API list.
"""

from __future__ import annotations

import datetime
import random

from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from styrsam.core.benchmark import BenchmarkCommand
from styrsam.meetings.models import Meeting
from styrsam.organisation.models import GovernanceGroup, OrgUnit
from styrsam.projects.models import Light, Project, ProjectReport, Staffing
from styrsam.projects.services import refresh_latest_lights

User = get_user_model()


class Command(BenchmarkCommand):
    help = "Genererar projekt med statusrapporter och mäter projektportföljen (G14, G11)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--projects", type=int, default=2000)

    def generate(self, *, projects, seed, departments=20, **_options):
        rng = random.Random(seed)
        today = timezone.localdate()
        units = OrgUnit.objects.bulk_create(
            OrgUnit(code=f"bench{i:03d}", name=f"Benchmarkförvaltning {i:03d}", kind="department")
            for i in range(departments)
        )
        people = User.objects.bulk_create(
            User(username=f"bench-person-{i:02d}", first_name="Person", last_name=f"{i:02d}")
            for i in range(11)
        )
        reader, staff = people[0], people[1:]
        group = GovernanceGroup.objects.create(code="bench-group", name="Benchmarkgruppen")
        meetings = Meeting.objects.bulk_create(
            Meeting(
                group=group,
                date=today - datetime.timedelta(days=30 * i),
                start_time=datetime.time(9),
                status=Meeting.Status.HELD,
            )
            for i in range(1, 13)
        )
        phases, lights = list(Project.Phase.values), list(Light.values)
        made = Project.objects.bulk_create(
            (
                Project(
                    name=f"Benchmarkprojekt {n:05d}",
                    department=units[n % departments],
                    phase=phases[n % len(phases)],
                    origin=Project.Origin.IT_UNIT,
                    planned_start=today - datetime.timedelta(days=rng.randint(0, 400)),
                    planned_end=today + datetime.timedelta(days=rng.randint(-100, 500)),
                    manager=staff[n % len(staff)],
                )
                for n in range(projects)
            ),
            batch_size=1000,
        )
        ProjectReport.objects.bulk_create(
            (
                ProjectReport(
                    project=p,
                    meeting=m,
                    light=rng.choice(lights),
                    progress="Enligt plan.",
                    reported_by=reader,
                )
                for p in made
                for m in meetings
            ),
            batch_size=5000,
        )
        refresh_latest_lights()  # the stored latest light (G14), as the service keeps it
        Staffing.objects.bulk_create(
            Staffing(
                project=p,
                person=staff[i % len(staff)],
                percent=10,
                start=today - datetime.timedelta(days=30),
                end=today + datetime.timedelta(days=60),
            )
            for i, p in enumerate(made[:200])
        )
        self.stdout.write(
            f"{projects} projekt, {projects * len(meetings)} statusrapporter, "
            f"{departments} förvaltningar"
        )
        client = Client(HTTP_HOST="localhost")
        client.force_login(reader)
        return [
            ("Portföljen, första sidan (50)", client, "/projekt/"),
            ("Portföljen, fas och trafikljus", client, "/projekt/?phase=ongoing&light=red"),
            ("Portföljen, året", client, f"/projekt/?year={today.year}"),
            (
                "Portföljen, sida 20 sorterad på trafikljus",
                client,
                "/projekt/?sort=latest_light&page=20",
            ),
            ("Tidslinjen", client, "/projekt/tidslinje/"),
            ("Bemanningen (G11)", client, "/projekt/bemanning/"),
            ("API /api/v1/projects/", client, "/api/v1/projects/"),
            ("API /api/v1/projects/?light=green", client, "/api/v1/projects/?light=green"),
        ]
