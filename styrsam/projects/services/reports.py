"""G14: before each meeting of the preparatory group every initiated and ongoing project is
reported on — traffic light, progress, next steps, risks — by the department's member of the
group, the project's manager or owner; the meeting's page lists the projects not reported."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.translation import gettext as _

from styrsam.core.audit import audit_record
from styrsam.core.errors import Conflict, NotAllowed, ValidationFailed
from styrsam.guideline.policy import get_policy
from styrsam.meetings.models import Meeting
from styrsam.meetings.services.status_reports import requires_status_reports

from .. import access
from ..models import ACTIVE_PHASES, Light, Project, ProjectReport


def reporting_meeting(meeting: Meeting) -> bool:
    """True when the meeting's group reports project status (G14: the preparatory group)."""
    group = get_policy().groups.get(meeting.group.code)
    return group is not None and requires_status_reports(group)


def expected_projects(meeting: Meeting) -> QuerySet[Project]:
    """The initiated and ongoing projects to report on before ``meeting`` (none if its group
    does not report status)."""
    if not reporting_meeting(meeting):
        return Project.objects.none()
    return (
        Project.objects.filter(phase__in=ACTIVE_PHASES)
        .select_related("department", "manager")
        .order_by("department__name", "name", "pk")
    )


def missing_reports(meeting: Meeting) -> list[Project]:
    """The expected projects without a report for ``meeting``, by department."""
    return list(expected_projects(meeting).exclude(reports__meeting=meeting))


@transaction.atomic
def project_report_submit(
    *,
    actor,
    project: Project,
    meeting: Meeting,
    light: str,
    progress: str,
    next_steps: str = "",
    risks: str = "",
) -> ProjectReport:
    """The project's status before ``meeting`` (G14). Submitting again replaces the report
    until the meeting is held."""
    meeting = Meeting.objects.select_related("group").get(pk=meeting.pk)  # its state now
    project = Project.objects.select_for_update().get(pk=project.pk)
    if not reporting_meeting(meeting):
        raise Conflict(
            _("Gruppen tar inte emot statusrapporter för projekt (G14)."),
            code="not_reporting_group",
            rule="G14",
        )
    if not access.reports_on(actor, project, meeting):
        raise NotAllowed(
            _(
                "Projektets status rapporteras av förvaltningens ledamot i gruppen, "
                "projektledaren eller projektägaren (G14)."
            ),
            code="not_reporter",
            rule="G14",
        )
    if meeting.status != Meeting.Status.PLANNED:
        raise Conflict(
            _("Mötet är inte längre planerat; rapporten lämnas före mötet (G14)."),
            code="not_planned",
            rule="G14",
        )
    if project.phase not in ACTIVE_PHASES:
        raise Conflict(
            _("Bara planerade och pågående projekt rapporteras (G14)."),
            code="project_not_active",
            rule="G14",
        )
    if light not in Light.values:
        raise ValidationFailed(
            _("Välj trafikljus: grönt, gult eller rött."), field="light", rule="G14"
        )
    if not (progress or "").strip():
        raise ValidationFailed(_("Beskriv läget i projektet."), field="progress", rule="G14")
    values = {
        "light": light,
        "progress": progress.strip(),
        "next_steps": (next_steps or "").strip(),
        "risks": (risks or "").strip(),
    }
    existing = (
        ProjectReport.objects.select_for_update().filter(project=project, meeting=meeting).first()
    )
    if existing is None:
        report = ProjectReport.objects.create(
            project=project, meeting=meeting, reported_by=actor, **values
        )
        audit_record(
            actor=actor, action="project_report.submit", obj=report, after=values, rule="G14"
        )
        refresh_latest_lights([project.pk])
        return report
    before = {k: getattr(existing, k) for k in values}
    for k, v in values.items():
        setattr(existing, k, v)
    existing.reported_by = actor
    existing.save()
    audit_record(
        actor=actor,
        action="project_report.replace",
        obj=existing,
        before=before,
        after=values,
        rule="G14",
    )
    refresh_latest_lights([project.pk])
    return existing


def refresh_latest_lights(project_ids: Iterable[int] | None = None) -> int:
    """Store on each project the light of its latest status report (by meeting date, then the
    latest written; null without a report): ``Project.latest_light``, which the portfolio
    filters and sorts on (G14). The one writer of that column: the status report service
    calls it after a report, the projects app when a meeting with reports moves (and a bulk
    load of reports, such as the demo's, after loading). One UPDATE for the given projects
    (``None``: all); returns how many projects it updated."""
    latest = Subquery(
        ProjectReport.objects.filter(project=OuterRef("pk"))
        .order_by("-meeting__date", "-pk")
        .values("light")[:1]
    )
    projects = Project.objects.all()
    if project_ids is not None:
        ids = project_ids if isinstance(project_ids, QuerySet) else list(project_ids)
        projects = projects.filter(pk__in=ids)
    return projects.update(latest_light=latest)


def meeting_moved(*, meeting, **_kwargs) -> None:
    """A meeting's date changed: its reports may no longer be (or may now be) their
    projects' latest (``refresh_latest_lights``)."""
    refresh_latest_lights(
        ProjectReport.objects.filter(meeting=meeting).values_list("project_id", flat=True)
    )


def reporting_group_codes() -> list[str]:
    return [code for code, gp in get_policy().groups.items() if requires_status_reports(gp)]


def reporting_group_name() -> str:
    """The group(s) projects report status to, as the policy names them (G14: the preparatory
    group by default, Digitaliseringsforum in Andrakommun's policy, issue 21)."""
    policy = get_policy()
    names = [policy.group(code).name for code in reporting_group_codes()]
    return _(" och ").join(names) if names else _("den grupp policyn anger")


def open_meetings() -> QuerySet[Meeting]:
    """The planned meetings of the groups that take status reports (G14), soonest first."""
    return (
        Meeting.objects.filter(
            status=Meeting.Status.PLANNED, group__code__in=reporting_group_codes()
        )
        .select_related("group")
        .order_by("date", "start_time", "pk")
    )
