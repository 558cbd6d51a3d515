"""Minutes and cases are one system (issue 5, G13, G14, G21): the agenda is built from the cases
ready for the group, and a case decision recorded in the minutes is the case's decision —
through the cases service, with its guards, linked to the meeting and the §."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from styrsam.cases.models import Case, Decision
from styrsam.cases.selectors import cases_ready_for_group
from styrsam.core.errors import Conflict, ValidationFailed
from styrsam.core.models import Sequence
from styrsam.meetings import services
from styrsam.meetings.models import AgendaItem, MinuteItem
from tests.vocab import c

from .conftest import TODAY, group_name

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting_with(plan, member, adjuster):
    """A steering meeting held on 2026-11-19 whose agenda names ``cases``."""

    def _make(*cases, date=datetime.date(2026, 11, 19)):
        meeting = plan(date=date)
        for case in cases:
            services.agenda_item_add(actor=meeting.convener, meeting=meeting, title="", case=case)
        services.meeting_mark_held(actor=meeting.convener, meeting=meeting, today=TODAY)
        services.attendance_record(
            actor=meeting.convener, meeting=meeting, present=[member, adjuster]
        )
        services.minutes_set_adjuster(actor=meeting.convener, meeting=meeting, adjuster=adjuster)
        meeting.refresh_from_db()
        return meeting

    return _make


def _nothing_written(meeting, case):
    assert not MinuteItem.objects.filter(meeting=meeting).exists()
    assert not Decision.objects.filter(case=case).exists()
    key = MinuteItem.number_key(meeting.group.code)
    counter = Sequence.objects.filter(key=key, year=meeting.date.year).first()
    assert counter is None or counter.last_number == 0  # the § number is not used up
    case.refresh_from_db()
    assert case.status == Case.Status.OPEN


@pytest.mark.rule("G21")
def test_g21_minutes_cannot_decide_case_without_anchoring(
    client, api_client, meeting_with, report_case, convener
):
    case = report_case("Byte av lönesystem", common_kind="payroll_hr")  # nothing anchored
    meeting = meeting_with(case)
    item = meeting.agenda_items.get(case=case)

    with pytest.raises(Conflict) as exc:  # the service
        services.minute_item_add(
            actor=convener,
            meeting=meeting,
            title="",
            agenda_item=item,
            decision_outcome="approved",
            decision="Bifalls.",
        )
    assert (exc.value.code, exc.value.rule) == ("steps_missing", "G21")
    _nothing_written(meeting, case)

    client.force_login(convener)  # the minute form: the page again, input kept, reason shown
    response = client.post(
        reverse("meetings:minute_add", args=[meeting.pk]),
        {
            "agenda_item": item.pk,
            "case": case.pk,
            "decision_outcome": "approved",
            "decision": "Bifalls.",
        },
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert f"inte förankrat i {group_name('preparatory')}" in html and "G21" in html
    assert "Bifalls." in html  # the secretary's text is still in the form
    _nothing_written(meeting, case)

    api_client.force_authenticate(convener)  # the API
    response = api_client.post(
        "/api/v1/minute-items/",
        {
            "meeting": meeting.pk,
            "case": case.pk,
            "decision_outcome": "approved",
            "decision": "Bifalls.",
        },
        format="json",
    )
    assert response.status_code == 409
    body = response.json()
    assert (body["code"], body["rule"]) == ("steps_missing", "G21")
    assert c("preparatory_anchoring") in body["missing_steps"]
    _nothing_written(meeting, case)


@pytest.mark.rule("G13")
def test_g13_minute_decision_becomes_case_decision(
    client, api_client, meeting_with, report_case, convener, chair, adjuster
):
    case = report_case(ready=True)
    assert case.status == Case.Status.READY
    meeting = meeting_with(case)
    client.force_login(convener)
    response = client.post(
        reverse("meetings:minute_add", args=[meeting.pk]),
        {
            "agenda_item": meeting.agenda_items.get(case=case).pk,
            "case": case.pk,
            "decision_outcome": "approved",
            "decision": "IT-styrgruppen godkänner upphandlingen av ett nytt e-arkiv.",
        },
    )
    assert response.status_code == 302
    item = MinuteItem.objects.get(meeting=meeting)
    decision = Decision.objects.get(case=case)
    assert decision.minute_item == item and decision.meeting == meeting
    assert decision.outcome == "approved" and decision.body == "steering_group"
    assert decision.text == item.decision and decision.decided_by == convener
    assert decision.meeting_reference == f"{group_name('steering')} 2026-11-19 § {item.number}"
    assert decision.decided_at.date() == meeting.date  # dated with the meeting
    case.refresh_from_db()
    assert case.status == Case.Status.DECIDED
    assert case.system is not None and case.system.lifecycle == "procurement"  # G21 purchase

    page = client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()
    assert reverse("cases:decision_detail", args=[decision.pk]) in page
    page = client.get(reverse("cases:decision_detail", args=[decision.pk])).content.decode()
    assert reverse("meetings:meeting_detail", args=[meeting.pk]) in page

    # The decision is fixed before justering: the § cannot change its decision text.
    with pytest.raises(Conflict) as exc:
        services.minute_item_update(actor=convener, item=item, decision="Avslag.")
    assert exc.value.code == "decision_recorded"
    services.minute_item_update(actor=convener, item=item, text="Föredrogs av Anna.")

    api_client.force_authenticate(convener)
    data = api_client.get(f"/api/v1/minute-items/{item.pk}/").json()
    assert (data["case"], data["case_number"], data["decision_outcome"], data["case_decision"]) == (
        case.pk,
        case.registration_number,
        "approved",
        decision.pk,
    )
    data = api_client.get(f"/api/v1/decisions/{decision.pk}/").json()
    assert (data["meeting"], data["minute_item"]) == (meeting.pk, item.pk)

    # Justering locks the § and does not decide again.
    services.minutes_approve(actor=chair, meeting=meeting)
    services.minutes_approve(actor=adjuster, meeting=meeting)
    item.refresh_from_db()
    assert item.locked and Decision.objects.filter(case=case).count() == 1


@pytest.mark.rule("G13")
def test_g13_decision_through_api_and_a_decided_case_is_not_decided_again(
    api_client, meeting_with, report_case, convener
):
    case = report_case(ready=True)
    meeting = meeting_with(case)
    api_client.force_authenticate(convener)
    payload = {
        "meeting": meeting.pk,
        "case": case.pk,
        "decision_outcome": "rejected",
        "decision": "Avslag.",
    }
    response = api_client.post("/api/v1/minute-items/", payload, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["case_decision"] == Decision.objects.get(case=case).pk
    response = api_client.post("/api/v1/minute-items/", payload, format="json")
    assert response.status_code == 409 and response.json()["code"] == "already_decided"
    assert MinuteItem.objects.filter(meeting=meeting).count() == 1


@pytest.mark.rule("G13")
def test_g13_only_the_deciding_group_decides_in_its_minutes(
    report_case, it_strategist, preparatory, reporter
):
    case = report_case(ready=True)
    meeting = services.meeting_plan(
        actor=it_strategist,
        group=preparatory,
        date=datetime.date(2026, 11, 18),
        start_time=datetime.time(9),
        place="Sal",
    )
    services.agenda_item_add(actor=it_strategist, meeting=meeting, title="", case=case)
    with pytest.raises(Conflict) as exc:
        services.minute_item_add(
            actor=it_strategist,
            meeting=meeting,
            title="",
            case=case,
            decision_outcome="approved",
            decision="Bifall.",
        )
    assert exc.value.code == "not_deciding_group"
    assert not MinuteItem.objects.exists() and not Decision.objects.exists()
    # The preparatory group may record its view on the case, without a case decision.
    item = services.minute_item_add(
        actor=it_strategist, meeting=meeting, title="", case=case, decision="Tillstyrks."
    )
    assert item.case == case and not Decision.objects.exists()


def test_minute_case_must_be_on_the_agenda_and_outcome_needs_text(
    meeting_with, report_case, convener
):
    on_agenda = report_case(ready=True)
    elsewhere = report_case("Annat ärende", common_kind="gis", ready=True)
    meeting = meeting_with(on_agenda)
    with pytest.raises(ValidationFailed) as exc:
        services.minute_item_add(
            actor=convener,
            meeting=meeting,
            title="X",
            case=elsewhere,
            decision_outcome="approved",
            decision="Bifall.",
        )
    assert exc.value.code == "case_not_on_agenda"
    with pytest.raises(ValidationFailed) as exc:
        services.minute_item_add(
            actor=convener, meeting=meeting, title="X", case=on_agenda, decision_outcome="approved"
        )
    assert exc.value.field == "decision"
    with pytest.raises(ValidationFailed) as exc:
        services.minute_item_add(
            actor=convener, meeting=meeting, title="X", decision_outcome="approved", decision="B"
        )
    assert exc.value.code == "case_required"
    assert not MinuteItem.objects.exists()


@pytest.mark.rule("G13")
def test_g13_correction_is_a_later_decision_through_a_later_minute(
    meeting_with, plan, report_case, convener, chair, adjuster
):
    case = report_case(ready=True)
    first = meeting_with(case)
    old = services.minute_item_add(
        actor=convener,
        meeting=first,
        title="",
        case=case,
        decision_outcome="approved",
        decision="Bifall.",
    )
    services.minutes_approve(actor=chair, meeting=first)
    services.minutes_approve(actor=adjuster, meeting=first)
    later = plan(date=TODAY)  # a later meeting that has taken place (G13: not one ahead)
    new = services.minute_item_add(
        actor=convener,
        meeting=later,
        title="Rättelse av beslut",
        case=None,
        corrects=MinuteItem.objects.get(pk=old.pk),
        decision_outcome="",
        decision="",
    )
    assert new.case is None  # a plain correction § without a case decision is allowed
    services.agenda_item_add(actor=convener, meeting=later, title="", case=case)
    corrected = services.minute_item_add(
        actor=convener,
        meeting=later,
        title="Rättelse",
        case=case,
        corrects=MinuteItem.objects.get(pk=old.pk),
        decision_outcome="approved",
        decision="Bifall med villkor om etappvis införande.",
    )
    decision = corrected.case_decision
    assert decision.corrects == old.case_decision and decision.minute_item == corrected
    assert Decision.objects.get(pk=old.case_decision.pk).text == "Bifall."  # never changed


@pytest.mark.rule("G13")
@pytest.mark.rule("G14")
def test_g13_agenda_built_from_ready_cases(
    client, api_client, plan, report_case, convener, preparatory, it_strategist, reporter
):
    ready = report_case("Nytt e-arkiv", ready=True)
    waiting = report_case("Byte av lönesystem", common_kind="payroll_hr")  # steps open
    decided = report_case("Ny kommunkarta", common_kind="gis", ready=True)
    second = report_case("Nytt diariesystem", common_kind="finance", ready=True)
    from styrsam.cases import services as case_services

    case_services.case_decide(actor=it_strategist, case=decided, outcome="rejected", text="Nej.")
    consult = report_case("E-post", common_kind="email")
    case_services.consultation_open(
        actor=it_strategist,
        case=consult,
        step=c("preparatory_anchoring"),
        deadline=datetime.date(2026, 12, 20),
    )

    steering_ready = list(cases_ready_for_group(c("steering")))
    assert ready in steering_ready and second in steering_ready
    assert waiting not in steering_ready and decided not in steering_ready
    assert consult not in steering_ready
    prep_ready = list(cases_ready_for_group(preparatory))
    assert prep_ready == [consult] and prep_ready[0].for_consultation

    meeting = plan()
    services.agenda_item_add(actor=convener, meeting=meeting, title="", case=second)
    client.force_login(convener)
    page = client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()
    assert "Hämta ärenden som är redo" in page
    response = client.post(reverse("meetings:agenda_ready_cases", args=[meeting.pk]))
    assert response.status_code == 302
    items = list(meeting.agenda_items.exclude(kind=AgendaItem.Kind.STANDING).order_by("order"))
    assert [i.case for i in items] == [second, ready]  # not twice
    assert items[1].kind == AgendaItem.Kind.CASE and items[1].description == "För beslut"
    assert items[1].title == ready.title

    api_client.force_authenticate(convener)  # again through the API: nothing new
    response = api_client.post(f"/api/v1/meetings/{meeting.pk}/add-ready-cases/")
    assert response.status_code == 200 and response.json() == []

    prep_meeting = services.meeting_plan(
        actor=it_strategist,
        group=preparatory,
        date=datetime.date(2026, 12, 3),
        start_time=datetime.time(9),
        place="Sal",
    )
    response = api_client.post(f"/api/v1/meetings/{prep_meeting.pk}/add-ready-cases/")
    [item] = response.json()
    assert (item["case"], item["case_number"], item["kind"]) == (
        consult.pk,
        consult.registration_number,
        "case",
    )
    assert item["description"] == "För remissvar"


def test_add_ready_cases_refused_for_readers_and_held_meetings(
    client, api_client, plan, member, convener
):
    meeting = plan()
    api_client.force_authenticate(member)
    response = api_client.post(f"/api/v1/meetings/{meeting.pk}/add-ready-cases/")
    assert response.status_code == 403
    client.force_login(member)
    assert client.post(reverse("meetings:agenda_ready_cases", args=[meeting.pk])).status_code == 403
    services.meeting_mark_held(actor=convener, meeting=meeting, today=datetime.date(2026, 12, 10))
    api_client.force_authenticate(convener)
    response = api_client.post(f"/api/v1/meetings/{meeting.pk}/add-ready-cases/")
    assert response.status_code == 409 and response.json()["code"] == "not_planned"
