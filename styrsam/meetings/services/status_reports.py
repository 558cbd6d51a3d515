"""The preparatory group's status reports before each meeting (G14).

A group whose policy names status reports (a standing item or a member duty about "status")
gets a status-report item on its agenda; each ordinary member is then expected to report
before every meeting and the agenda flags who has not.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from styrsam.core.audit import audit_record
from styrsam.core.errors import Conflict, NotAllowed, ValidationFailed
from styrsam.guideline.policy import GroupPolicy, get_policy
from styrsam.organisation.models import Membership
from styrsam.organisation.roles import active_q

from ..models import Meeting, ProjectStatus, StatusReport


def is_status_report_item(text: str) -> bool:
    return "status" in text.lower()


def requires_status_reports(gp: GroupPolicy) -> bool:
    """True when the policy asks the group's members to report project status (G14)."""
    return any(is_status_report_item(t) for t in [*gp.standing_items, *gp.member_duties])


def expected_reporters(meeting: Meeting) -> list[Membership]:
    """The ordinary members who report status before this meeting (none if the group's policy
    does not ask for status reports)."""
    gp = get_policy().group(meeting.group.code)
    if not requires_status_reports(gp):
        return []
    return list(
        Membership.objects.filter(
            active_q(), group=meeting.group, function=Membership.Function.MEMBER
        )
        .select_related("person", "represents")
        .order_by("represents__name", "person__last_name")
    )


def missing_reporters(meeting: Meeting, reports=None) -> list[Membership]:
    if reports is None:
        reports = meeting.status_reports.all()
    done = {r.person_id for r in reports}
    return [m for m in expected_reporters(meeting) if m.person_id not in done]


@transaction.atomic
def status_report_submit(
    *, actor, meeting: Meeting, text: str, projects: list[dict] | None = None
) -> StatusReport:
    """A member's report (free text + a traffic light per project) before the meeting (G14).
    Submitting again replaces the report until the meeting is held."""
    if (
        actor is None
        or not Membership.objects.filter(active_q(), group=meeting.group, person=actor).exists()
    ):
        raise NotAllowed(
            _("Bara gruppens ledamöter lämnar statusrapport."), code="not_member", rule="G14"
        )
    if meeting.status != Meeting.Status.PLANNED:
        raise Conflict(_("Mötet är inte längre planerat."), code="not_planned", rule="G14")
    if not text.strip():
        raise ValidationFailed(_("Skriv en status."), field="text", rule="G14")
    projects = projects or []
    for p in projects:
        if p.get("light") not in ProjectStatus.Light.values or not p.get("project", "").strip():
            raise ValidationFailed(
                _("Varje projekt behöver namn och trafikljus (grön, gul, röd)."),
                field="projects",
                rule="G14",
            )
    membership = Membership.objects.filter(active_q(), group=meeting.group, person=actor).first()
    report, created = StatusReport.objects.update_or_create(
        meeting=meeting,
        person=actor,
        defaults={"text": text.strip(), "unit": membership.represents if membership else None},
    )
    report.projects.all().delete()
    ProjectStatus.objects.bulk_create(
        [
            ProjectStatus(
                report=report,
                project=p["project"].strip(),
                light=p["light"],
                note=p.get("note", ""),
            )
            for p in projects
        ]
    )
    audit_record(
        actor=actor,
        action="status_report.submit" if created else "status_report.replace",
        obj=report,
        after={"text": report.text, "projects": projects},
        rule="G14",
    )
    return report
