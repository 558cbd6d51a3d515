"""Exempelkommun's plans and projects (G01, G03, G05, G11, G14): two committees' mission
plans with goals, the departments' operational plans with activities tied to them, some
fifteen projects in every phase (one of them the project the care department's forwarded
notification became, G03), a year of status reports at the preparatory group's meetings,
reports before the next meeting with a few missing, and the IT unit's staffing with one
person over-booked (G11)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from styrsam.core.bounds import check_instances
from styrsam.meetings.models import Meeting
from styrsam.projects import services
from styrsam.projects.models import ProjectReport

from .loader import DemoContext

D = datetime.timedelta

MISSION_PLANS = {
    "von": [
        ("1", "Fler tjänster digitalt först för brukare och anhöriga"),
        ("2", "Trygg och säker dokumentation i vården"),
        ("3", "Välfärdsteknik i hemtjänsten"),
    ],
    "bun": [
        ("1", "En likvärdig digital skola"),
        ("2", "Enklare kontakt mellan skola och vårdnadshavare"),
        ("3", "Säker hantering av elevers personuppgifter"),
    ],
}
ACTIVITIES = {
    "vof": [
        ("von", "3", "Inför digitala lås och nattkameror"),
        ("von", "1", "E-tjänster för ansökan om insatser"),
    ],
    "bou": [
        ("bun", "1", "En lärplattform för alla skolor"),
        ("bun", "2", "Digital frånvaroanmälan"),
    ],
}
# name, department, phase, origin, (start, end) days from today, budget k SEK, manager,
# goal (committee, number) or None, lights of the last meetings (oldest first)
PROJECTS = [
    (
        "Nattkameror i hemtjänsten",
        "vof",
        "ongoing",
        "mission_plan",
        (-200, 160),
        900,
        "eva",
        ("von", "3"),
        "ggyyg",
    ),
    (
        "E-tjänst för ansökan om hemtjänst",
        "vof",
        "ongoing",
        "it_unit_proposal",
        (-120, 90),
        450,
        "eva",
        ("von", "1"),
        "gggg",
    ),
    (
        "Ny lärplattform",
        "bou",
        "ongoing",
        "mission_plan",
        (-300, 240),
        2400,
        "jonas",
        ("bun", "1"),
        "ggyrry",
    ),
    (
        "Digital frånvaroanmälan",
        "bou",
        "finished",
        "it_unit_proposal",
        (-400, -30),
        300,
        "jonas",
        ("bun", "2"),
        "gggg",
    ),
    (
        "Elevregister i molnet",
        "bou",
        "planned",
        "it_unit_proposal",
        (60, 420),
        800,
        "jonas",
        ("bun", "3"),
        "",
    ),
    (
        "Digitalt ekonomiskt bistånd",
        "soc",
        "ongoing",
        "it_unit_proposal",
        (-250, 120),
        1200,
        "ali",
        None,
        "gyyyrr",
    ),
    (
        "Robotiserad handläggning",
        "soc",
        "idea",
        "it_unit_proposal",
        (200, 500),
        None,
        None,
        None,
        "",
    ),
    (
        "Bokningssystem för lokaler",
        "kof",
        "ongoing",
        "it_unit_proposal",
        (-90, 150),
        350,
        "linnea",
        None,
        "gg",
    ),
    (
        "Digitala bygglov",
        "mbf",
        "ongoing",
        "it_unit_proposal",
        (-330, 60),
        1500,
        "daniel",
        None,
        "yyyggg",
    ),
    (
        "Sensorer i VA-nätet",
        "tef",
        "stopped",
        "it_unit_proposal",
        (-380, -120),
        600,
        "oskar",
        None,
        "yrr",
    ),
    (
        "Felanmälan för gata och park",
        "sff",
        "finished",
        "it_unit_proposal",
        (-420, -60),
        250,
        "elin",
        None,
        "ggg",
    ),
    (
        "Matchningstjänst för arbetssökande",
        "amf",
        "planned",
        "it_unit_proposal",
        (30, 330),
        700,
        "emma",
        None,
        "",
    ),
    (
        "Digital detaljplaneprocess",
        "sbf",
        "idea",
        "it_unit_proposal",
        (150, 600),
        None,
        None,
        None,
        "",
    ),
    (
        "Kontaktcenter med ärendehantering",
        "klf",
        "ongoing",
        "mission_plan",
        (-60, 300),
        1100,
        "mikael",
        ("von", "1"),
        "g",
    ),
]
LIGHT = {"g": "green", "y": "yellow", "r": "red"}
PROGRESS = {
    "green": "Enligt plan.",
    "yellow": "Viss försening; åtgärder pågår.",
    "red": "Allvarlig försening eller risk för budgetöverskridande.",
}
# username, project name, percent, weeks from this week's Monday (start, end)
STAFFING = [
    ("rasmus", "Nattkameror i hemtjänsten", 60, (-8, 10)),
    ("rasmus", "Ny lärplattform", 50, (1, 6)),  # rasmus is over-booked weeks 1–6 (G11)
    ("therese", "Ny lärplattform", 40, (-20, 30)),
    ("therese", "Digitala bygglov", 30, (-10, 8)),
    ("nina", "Kontaktcenter med ärendehantering", 20, (-4, 20)),
    ("helena", "Digitalt ekonomiskt bistånd", 10, (-12, 12)),
]


def load(ctx: DemoContext) -> None:
    today = timezone.localdate()
    year = today.year
    p, u = ctx.people, ctx.units
    anna = p["anna"]
    goals = {}
    for code, rows in MISSION_PLANS.items():
        plan = services.mission_plan_create(
            actor=anna,
            committee=ctx.committees[code],
            year=year,
            title=f"Uppdragsplan {year}",
        )
        for number, title in rows:
            goals[(code, number)] = services.goal_add(
                actor=anna, plan=plan, number=number, title=title
            )
    activities = {}
    heads = {"vof": "ingrid", "bou": "maria"}
    for dept, rows in ACTIVITIES.items():
        op = services.operational_plan_create(
            actor=p[heads[dept]], department=u[dept], year=year, title=f"Verksamhetsplan {year}"
        )
        for committee, number, title in rows:
            activities[(committee, number)] = services.activity_add(
                actor=p[heads[dept]], plan=op, goal=goals[(committee, number)], title=title
            )

    held = list(
        Meeting.objects.filter(
            group=ctx.groups["preparatory"], status=Meeting.Status.HELD
        ).order_by("date")
    )
    planned = (
        Meeting.objects.filter(group=ctx.groups["preparatory"], status=Meeting.Status.PLANNED)
        .order_by("date")
        .first()
    )
    projects = {}
    reports = []
    for name, dept, phase, origin, (start, end), budget, manager, goal, lights in PROJECTS:
        key = goal and (goal if goal in activities else None)
        project = services.project_create(
            actor=anna,
            name=name,
            department=u[dept],
            origin=origin,
            phase="planned" if phase in ("ongoing", "finished", "stopped") else phase,
            manager=p[manager] if manager else None,
            owner=p[heads[dept]] if dept in heads else None,
            goal=goals[goal] if goal else None,
            activity=activities[key] if key else None,
            planned_start=today + D(days=start),
            planned_end=today + D(days=end),
            budget=Decimal(budget) * 1000 if budget else None,
        )
        if phase in ("ongoing", "finished", "stopped"):
            project = services.project_set_phase(
                actor=anna, project=project, phase="ongoing", on=today + D(days=start)
            )
        if phase in ("finished", "stopped"):
            project = services.project_set_phase(
                actor=anna, project=project, phase=phase, on=today + D(days=end)
            )
        projects[name] = project
        # a year of reports: the last len(lights) held meetings (the demo's history)
        for meeting, letter in zip(held[-len(lights) :] if lights else [], lights, strict=False):
            light = LIGHT[letter]
            reports.append(
                ProjectReport(
                    project=project,
                    meeting=meeting,
                    light=light,
                    progress=PROGRESS[light],
                    next_steps="Fortsatt arbete enligt projektplanen.",
                    reported_by=project.manager or anna,
                )
            )
    check_instances(reports)
    ProjectReport.objects.bulk_create(reports)
    services.refresh_latest_lights([p.pk for p in projects.values()])

    # before the next meeting: most active projects reported, a few still missing (G14)
    if planned is not None:
        reporting = [pr for pr in projects.values() if pr.is_active][:6]
        for project in reporting:
            services.project_report_submit(
                actor=project.manager or anna,
                project=project,
                meeting=planned,
                light="green",
                progress="Enligt plan inför mötet.",
                next_steps="Avstämning med förvaltningsledningen.",
            )

    monday = today - D(days=today.weekday())
    for username, name, percent, (first, last) in STAFFING:
        services.staffing_add(
            actor=p["mats"],
            project=projects[name],
            person=p[username],
            percent=percent,
            start=monday + D(weeks=first),
            end=monday + D(weeks=last, days=4),
            role="Systemförvaltare" if username == "rasmus" else "",
        )
    ctx.extra["projects"] = projects
