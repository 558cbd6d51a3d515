"""Status reports before the preparatory group's meetings (G14) and the IT unit's staffing
with its capacity per week (G11)."""

from __future__ import annotations

import datetime

import pytest

from styrsam.core.errors import Conflict, NotAllowed, ValidationFailed
from styrsam.meetings import services as meeting_services
from styrsam.projects import selectors, services
from styrsam.projects.models import Project, ProjectReport, Staffing
from tests.vocab import c

from .conftest import TODAY, prep_meeting, project

pytestmark = pytest.mark.django_db


@pytest.mark.rule("G14")
def test_g14_department_member_reports_and_missing_reports_are_listed(
    strategist, head_of_vof, prep_member, vof, bou, meeting
):
    care = project(head_of_vof, vof, name="Digital hemtjänst")
    school = project(strategist, bou, name="Skolplattform")
    idea = project(strategist, bou, name="Bara en idé", phase=Project.Phase.IDEA)
    assert set(services.missing_reports(meeting)) == {care, school}
    report = services.project_report_submit(
        actor=prep_member,
        project=care,
        meeting=meeting,
        light="yellow",
        progress="Upphandlingen är försenad.",
        next_steps="Tilldelning i mars.",
    )
    assert report.reported_by == prep_member
    assert services.missing_reports(meeting) == [school]
    assert idea not in services.expected_projects(meeting)
    # again before the meeting: replaces
    services.project_report_submit(
        actor=prep_member, project=care, meeting=meeting, light="green", progress="Klart."
    )
    assert ProjectReport.objects.get(project=care, meeting=meeting).light == "green"


@pytest.mark.rule("G14")
def test_g14_other_departments_member_may_not_report(prep_member, strategist, bou, meeting):
    school = project(strategist, bou, name="Skolplattform")
    with pytest.raises(NotAllowed) as exc:
        services.project_report_submit(
            actor=prep_member, project=school, meeting=meeting, light="red", progress="?"
        )
    assert exc.value.rule == "G14"
    assert not ProjectReport.objects.exists()


@pytest.mark.rule("G14")
def test_g14_only_to_a_planned_meeting_of_a_reporting_group(head_of_vof, vof, meeting, strategist):
    care = project(head_of_vof, vof)
    steering = prep_meeting(group_code=c("steering"))
    with pytest.raises(Conflict) as exc:
        services.project_report_submit(
            actor=head_of_vof, project=care, meeting=steering, light="green", progress="Ok"
        )
    assert exc.value.code == "not_reporting_group"
    meeting_services.meeting_mark_held(
        actor=strategist, meeting=meeting, today=meeting.date + datetime.timedelta(days=1)
    )
    with pytest.raises(Conflict) as exc:
        services.project_report_submit(
            actor=head_of_vof, project=care, meeting=meeting, light="green", progress="Ok"
        )
    assert exc.value.code == "not_planned"
    assert not ProjectReport.objects.exists()


@pytest.mark.rule("G14")
def test_g14_bad_light_and_empty_text_refused(head_of_vof, vof, meeting):
    care = project(head_of_vof, vof)
    with pytest.raises(ValidationFailed) as exc:
        services.project_report_submit(
            actor=head_of_vof, project=care, meeting=meeting, light="blue", progress="Ok"
        )
    assert exc.value.field == "light"
    with pytest.raises(ValidationFailed) as exc:
        services.project_report_submit(
            actor=head_of_vof, project=care, meeting=meeting, light="green", progress="  "
        )
    assert exc.value.field == "progress"
    assert not ProjectReport.objects.exists()


@pytest.mark.rule("G14")
def test_g14_meeting_page_lists_missing_reports(client, strategist, head_of_vof, vof, meeting):
    care = project(head_of_vof, vof, name="Digital hemtjänst")
    client.force_login(strategist)
    response = client.get(f"/moten/{meeting.pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Projektens status" in body
    assert "1 projekt saknar statusrapport" in body
    assert care.get_absolute_url() in body


@pytest.mark.rule("G11")
def test_g11_head_of_it_staffs_and_overbooking_is_flagged(it_head, it_staff, strategist, vof):
    a = project(strategist, vof, name="A")
    b = project(strategist, vof, name="B")
    kalle, lisa = it_staff
    monday = selectors.monday(TODAY)
    services.staffing_add(
        actor=it_head,
        project=a,
        person=kalle,
        percent=60,
        start=monday,
        end=monday + datetime.timedelta(weeks=4, days=-1),
    )
    services.staffing_add(
        actor=it_head,
        project=b,
        person=kalle,
        percent=50,
        start=monday + datetime.timedelta(weeks=2),
        end=monday + datetime.timedelta(weeks=8),
    )
    services.staffing_add(
        actor=it_head,
        project=b,
        person=lisa,
        percent=100,
        start=monday,
        end=monday + datetime.timedelta(weeks=8),
    )
    cap = selectors.capacity(user=it_head, first_week=monday, weeks=6)
    rows = {r["person"].username: r for r in cap["people"]}
    assert [v for v, _ in rows["kalle"]["loads"]] == [60, 60, 110, 110, 50, 50]
    assert rows["kalle"]["over"] is True
    assert [o for _, o in rows["kalle"]["loads"]] == [False, False, True, True, False, False]
    assert rows["lisa"]["over"] is False


@pytest.mark.rule("G11")
def test_g11_only_the_staffer_staffs(strategist, it_staff, vof):
    a = project(strategist, vof)
    with pytest.raises(NotAllowed) as exc:
        services.staffing_add(
            actor=strategist, project=a, person=it_staff[0], percent=20, start=TODAY, end=TODAY
        )
    assert exc.value.rule == "G11"
    assert not Staffing.objects.exists()


@pytest.mark.rule("G11")
def test_g11_bad_share_and_period_refused(it_head, it_staff, strategist, vof):
    a = project(strategist, vof)
    for kw, field in [
        ({"percent": 0, "start": TODAY, "end": TODAY}, "percent"),
        ({"percent": 150, "start": TODAY, "end": TODAY}, "percent"),
        ({"percent": 50, "start": TODAY, "end": TODAY - datetime.timedelta(days=1)}, "end"),
    ]:
        with pytest.raises(ValidationFailed) as exc:
            services.staffing_add(actor=it_head, project=a, person=it_staff[0], **kw)
        assert exc.value.field == field
    assert not Staffing.objects.exists()


@pytest.mark.rule("G14")
def test_g14_reminders_before_the_meeting_once(head_of_vof, prep_member, vof, employee, groups):
    from styrsam.cases.models import Notification
    from styrsam.projects import tasks

    soon = prep_meeting(days=3)
    care = project(head_of_vof, vof, manager=employee)
    assert tasks.remind_reporters() == [care.pk]
    recipients = set(
        Notification.objects.filter(text__startswith="Statusrapport saknas").values_list(
            "recipient__username", flat=True
        )
    )
    assert recipients == {"anstalld", "eva"}  # the manager and the department's member
    assert tasks.remind_reporters() == []  # once per project and meeting
    services.project_report_submit(
        actor=employee, project=care, meeting=soon, light="green", progress="Ok"
    )
    assert services.missing_reports(soon) == []
