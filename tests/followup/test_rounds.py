"""The yearly self-assessment (G30): rounds, assignments to the preparatory group's members,
answers, compilation that locks them, the result on the steering group's agenda, reminders."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse

from styrsam.core.errors import Conflict, NotAllowed, ValidationFailed
from styrsam.core.models import AppendOnlyError, AuditEntry
from styrsam.followup import services
from styrsam.followup.models import Answer, AssessmentRound, Assignment
from styrsam.followup.tasks import remind_respondents
from styrsam.meetings.models import AgendaItem, Meeting
from tests.factories import MembershipFactory, UserFactory
from tests.vocab import c

from .conftest import answer_all

pytestmark = [pytest.mark.django_db, pytest.mark.rule("G30")]


def assignment_of(assessment, unit, area_code="services") -> Assignment:
    return assessment.assignments.get(unit=unit, area__code=area_code)


def test_g30_the_coordinator_opens_a_round_with_every_area_assigned(assessment, vof, bou):
    assert assessment.status == AssessmentRound.Status.OPEN
    assert assessment.assignments.count() == 6  # three areas × two departments
    assert AuditEntry.objects.filter(action="assessment_round.open", rule="G30").count() == 1


def test_g30_only_the_coordinator_opens_a_round_and_once_a_year(
    plain_user, strategist, instrument, today
):
    deadline = today + datetime.timedelta(days=10)
    with pytest.raises(NotAllowed):
        services.round_open(
            actor=plain_user, year=today.year, instrument=instrument, deadline=deadline
        )
    assert not AssessmentRound.objects.exists()
    services.round_open(actor=strategist, year=today.year, instrument=instrument, deadline=deadline)
    with pytest.raises(Conflict) as info:
        services.round_open(
            actor=strategist, year=today.year, instrument=instrument, deadline=deadline
        )
    assert info.value.code == "round_exists"
    with pytest.raises(ValidationFailed):
        services.round_open(
            actor=strategist,
            year=today.year + 1,
            instrument=instrument,
            deadline=today - datetime.timedelta(days=1),
        )
    assert AssessmentRound.objects.count() == 1


def test_g30_the_preparatory_group_answers(assessment, strategist, rescue, instrument):
    """A department without a member in the group, or a person outside it, cannot be given an
    area: the group the policy names answers (G30). Nothing is written."""
    area = instrument.areas.get(code="services")
    with pytest.raises(ValidationFailed) as info:
        services.assignment_add(actor=strategist, assessment=assessment, area=area, unit=rescue)
    assert info.value.code == "no_respondent" and info.value.rule == "G30"
    outsider = UserFactory(username="utanfor")
    with pytest.raises(ValidationFailed) as info:
        services.assignment_add(actor=strategist, assessment=assessment, area=area, person=outsider)
    assert info.value.code == "not_in_group"
    assert assessment.assignments.count() == 6
    with pytest.raises(Conflict):
        services.assignment_add(
            actor=strategist,
            assessment=assessment,
            area=area,
            unit=assessment.assignments.first().unit,
        )


def test_g30_only_the_respondent_answers(assessment, eva, jonas, vof, strategist):
    assignment = assignment_of(assessment, vof)
    with pytest.raises(NotAllowed):
        answer_all(assignment, jonas, "fully")
    with pytest.raises(NotAllowed):
        answer_all(assignment, strategist, "fully")
    assert not Answer.objects.exists()
    saved = answer_all(
        assignment, eva, "partly", comment="Pågår", evidence=["https://intra.se/plan"]
    )
    assert len(saved) == 8 and {a.level.code for a in saved} == {"partly"}
    assert Answer.objects.get(pk=saved[0].pk).evidence == ["https://intra.se/plan"]


def test_g30_a_level_of_another_scale_or_a_bad_link_is_refused(assessment, eva, vof, maturity):
    assignment = assignment_of(assessment, vof)
    indicator = assignment.area.indicators.first()
    foreign = maturity.scales.get(code="maturity").levels.first()
    with pytest.raises(ValidationFailed) as info:
        services.answers_save(
            actor=eva, assignment=assignment, answers=[{"indicator": indicator, "level": foreign}]
        )
    assert info.value.code == "wrong_level"
    level = indicator.scale.levels.first()
    with pytest.raises(ValidationFailed) as info:
        services.answers_save(
            actor=eva,
            assignment=assignment,
            answers=[{"indicator": indicator, "level": level, "evidence": ["javascript:alert(1)"]}],
        )
    assert info.value.code == "invalid_link"
    assert not Answer.objects.exists()


def test_g30_compiling_locks_every_answer(assessment, eva, vof, strategist):
    with pytest.raises(Conflict) as info:
        services.round_compile(actor=strategist, assessment=assessment)
    assert info.value.code == "no_answers"
    assignment = assignment_of(assessment, vof)
    answer_all(assignment, eva, "fully")
    services.round_compile(actor=strategist, assessment=assessment)
    assessment.refresh_from_db()
    assert (
        assessment.status == AssessmentRound.Status.COMPILED
        and assessment.compiled_by == strategist
    )
    assert set(Answer.objects.values_list("locked", flat=True)) == {True}
    with pytest.raises(Conflict) as info:
        answer_all(assignment, eva, "not_met")
    assert info.value.code == "round_compiled"
    answer = Answer.objects.first()
    answer.comment = "ändrat i efterhand"
    with pytest.raises(AppendOnlyError):
        answer.save()
    with pytest.raises(Conflict):
        services.round_compile(actor=strategist, assessment=assessment)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_g30_the_database_refuses_to_change_a_locked_answer(assessment, eva, vof, strategist):
    from django.db import DatabaseError, transaction

    answer_all(assignment_of(assessment, vof), eva, "fully")
    services.round_compile(actor=strategist, assessment=assessment)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE followup_answer SET comment = 'x'")
    assert not Answer.objects.filter(comment="x").exists()


@pytest.fixture
def steering_meeting(steering, strategist, today):
    return Meeting.objects.create(
        group=steering,
        date=today + datetime.timedelta(days=20),
        start_time=datetime.time(9, 0),
        convener=strategist,
    )


def test_g30_the_result_goes_to_the_steering_group_as_an_agenda_item(
    assessment, eva, vof, strategist, steering_meeting, preparatory, today
):
    with pytest.raises(Conflict) as info:
        services.round_send(actor=strategist, assessment=assessment, meeting=steering_meeting)
    assert info.value.code == "not_compiled"
    answer_all(assignment_of(assessment, vof), eva, "fully")
    services.round_compile(actor=strategist, assessment=assessment)
    other = Meeting.objects.create(
        group=preparatory, date=today + datetime.timedelta(days=5), start_time=datetime.time(9, 0)
    )
    with pytest.raises(ValidationFailed) as info:
        services.round_send(actor=strategist, assessment=assessment, meeting=other)
    assert info.value.code == "wrong_group"
    assert not AgendaItem.objects.exists()
    item = services.round_send(actor=strategist, assessment=assessment, meeting=steering_meeting)
    assert item.meeting == steering_meeting and "(G30)" in item.title
    assert "Digitala tjänster per målgrupp: 100 %" in item.description
    assessment.refresh_from_db()
    assert assessment.agenda_item == item and assessment.sent_at is not None
    with pytest.raises(Conflict) as info:
        services.round_send(actor=strategist, assessment=assessment, meeting=steering_meeting)
    assert info.value.code == "already_sent"


def test_g30_the_report_group_comes_from_the_policy(assessment, strategist, steering_meeting):
    from styrsam.followup import access

    assert access.self_assessment_obligation()["report_to"] == c("steering")
    assert access.report_group().code == c("steering")
    assert access.respondent_group().code == c("preparatory")


def test_g30_respondents_are_reminded_a_week_before_the_deadline(
    assessment, eva, jonas, vof, bou, today, django_capture_on_commit_callbacks
):
    for unit in (vof, bou):
        for code in ("services", "leadership", "technology"):
            if (unit, code) != (vof, "technology"):
                answer_all(
                    assignment_of(assessment, unit, code), eva if unit == vof else jonas, "fully"
                )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.assignments_remind(today=today) == []  # two weeks left: not yet
    soon = assessment.deadline - datetime.timedelta(days=6)
    with django_capture_on_commit_callbacks(execute=True):
        reminded = services.assignments_remind(today=soon)
    assert reminded == [assignment_of(assessment, vof, "technology").pk]
    assert [m.to for m in mail.outbox] == [["eva@exempelkommun.se"]]
    assert "senast " + assessment.deadline.isoformat() in mail.outbox[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        assert services.assignments_remind(today=soon) == []  # the same day again: nothing
        assert services.assignments_remind(today=soon + datetime.timedelta(days=3)) == reminded
    assert len(mail.outbox) == 2


def test_g30_the_reminder_task_runs_the_service(assessment, today, monkeypatch):
    monkeypatch.setattr(services, "assignments_remind", lambda: [42])
    assert remind_respondents.apply().get() == [42]


def test_g30_answer_page_for_the_respondent_and_404_for_others(client, assessment, eva, jonas, vof):
    assignment = assignment_of(assessment, vof)
    url = reverse("followup:assignment_answer", args=[assignment.pk])
    client.force_login(jonas)
    assert client.get(url).status_code == 404
    client.force_login(eva)
    response = client.get(url)
    assert response.status_code == 200
    indicators = list(assignment.area.indicators.select_related("scale").order_by("order"))
    data = {}
    for indicator in indicators[:3]:
        data[f"level_{indicator.pk}"] = indicator.scale.levels.get(code="partly").pk
        data[f"comment_{indicator.pk}"] = "Pågår"
        data[f"evidence_{indicator.pk}"] = "https://intra.se/a\nhttps://intra.se/b"
    assert client.post(url, data).status_code == 302
    assert Answer.objects.filter(assignment=assignment).count() == 3
    assert Answer.objects.first().evidence == ["https://intra.se/a", "https://intra.se/b"]
    data[f"evidence_{indicators[0].pk}"] = "ftp://fel"
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Ogiltig länk" in response.content.decode()


def test_g30_round_page_assigns_compiles_and_sends(
    client, assessment, strategist, eva, vof, steering_meeting, instrument, preparatory
):
    client.force_login(strategist)
    url = reverse("followup:round_detail", args=[assessment.pk])
    assert client.get(url).status_code == 200
    person = UserFactory(username="martin")
    MembershipFactory(group=preparatory, person=person)
    area = instrument.areas.get(code="technology")
    response = client.post(
        reverse("followup:assignment_add", args=[assessment.pk]),
        {"area": area.pk, "person": "martin"},
    )
    assert response.status_code == 302
    assert assessment.assignments.filter(person=person).exists()
    answer_all(assignment_of(assessment, vof), eva, "fully")
    response = client.post(reverse("followup:round_compile", args=[assessment.pk]))
    assert response.status_code == 302
    response = client.post(
        reverse("followup:round_send", args=[assessment.pk]), {"meeting": steering_meeting.pk}
    )
    assert response.status_code == 302
    assert steering_meeting.agenda_items.count() == 1
    assert "Till mötet" in client.get(url).content.decode()
    assert "assessment_round.send" in client.get(url + "?flik=historik").content.decode()


def test_g30_a_plain_employee_reads_results_but_runs_nothing(client, assessment, plain_user):
    client.force_login(plain_user)
    assert client.get(reverse("followup:round_detail", args=[assessment.pk])).status_code == 200
    assert client.get(reverse("followup:round_results", args=[assessment.pk])).status_code == 200
    response = client.post(reverse("followup:round_compile", args=[assessment.pk]))
    assert response.status_code == 403
    assert client.get(reverse("followup:round_create")).status_code == 403
    assessment.refresh_from_db()
    assert assessment.status == AssessmentRound.Status.OPEN
