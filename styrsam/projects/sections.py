"""What the projects app adds to the pages of lower apps: the project a notification became
on the case's page (G03), and the projects' status reports on a preparatory group meeting's
page and in its PDF agenda, with the projects not yet reported (G14)."""

from __future__ import annotations

from django.utils import translation

from styrsam.cases.hooks import CaseSection
from styrsam.meetings.hooks import MeetingSection
from styrsam.organisation.models import Membership
from styrsam.organisation.roles import active_q

from . import access
from .models import Light, Project, ProjectReport
from .services.reports import expected_projects, missing_reports, reporting_meeting


def _case_context(*, user, case) -> dict | None:
    project = Project.objects.filter(case=case).select_related("department").first()
    if project is None:
        return None
    return {"project": project}


def _meeting_context(*, user, meeting) -> dict | None:
    if not reporting_meeting(meeting):
        return None
    reports = list(
        ProjectReport.objects.filter(meeting=meeting)
        .select_related("project", "project__department", "reported_by")
        .order_by("project__department__name", "project__name", "pk")
    )
    planned = meeting.status == meeting.Status.PLANNED
    missing = missing_reports(meeting) if planned else []
    represented = set(
        Membership.objects.filter(active_q(), group_id=meeting.group_id, person=user).values_list(
            "represents_id", flat=True
        )
    )
    return {
        "meeting": meeting,
        "reports": reports,
        "missing": missing,
        "lights": dict(Light.choices),
        "may_report": planned
        and any(p.department_id in represented or access.changes_project(user, p) for p in missing),
    }


def _agenda_report(*, meeting) -> dict | None:
    """The agenda's section (G14: status of initiated and ongoing projects): every report
    given for the meeting and every initiated or ongoing project not yet reported. The
    agenda is a Swedish document, as the rest of its text (``meetings.documents``)."""
    if not reporting_meeting(meeting):
        return None
    reports = {
        r.project_id: r
        for r in ProjectReport.objects.filter(meeting=meeting).select_related(
            "project", "project__department"
        )
    }
    projects = {r.project_id: r.project for r in reports.values()}
    projects.update((p.pk, p) for p in expected_projects(meeting) if p.pk not in projects)
    rows = []
    for project in sorted(projects.values(), key=lambda p: (p.department.name, p.name, p.pk)):
        report = reports.get(project.pk)
        name = f"{project.name} ({project.department.name})"
        if report is None:
            rows.append([name, "–", "Ingen statusrapport lämnad."])
            continue
        status = report.progress
        if report.next_steps:
            status += f"\nNästa steg: {report.next_steps}"
        if report.risks:
            status += f"\nRisker: {report.risks}"
        with translation.override("sv"):
            rows.append([name, str(Light(report.light).label), status])
    return {
        "heading": "Status för initierade och pågående projekt (G14)",
        "columns": ["Projekt", "Trafikljus", "Läge"],
        "rows": rows,
        "empty": "Inga initierade eller pågående projekt.",
    }


CASE_SECTIONS = [
    CaseSection(key="project", template="projects/_case_project.html", context=_case_context)
]
MEETING_SECTIONS = [
    MeetingSection(
        key="project_reports",
        template="projects/_meeting_reports.html",
        context=_meeting_context,
        order=50,
        document=_agenda_report,
    )
]
