"""Agendas: items, reorder, send out with PDF and calendar invitation; G14 status reports."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail

from styrsam.core.errors import Conflict, NotAllowed, ValidationFailed
from styrsam.meetings import services
from styrsam.meetings.models import AgendaItem

pytestmark = pytest.mark.django_db


def test_agenda_add_reorder_and_case_item(plan, member, report_case):
    meeting = plan()
    standing = meeting.agenda_items.count()  # the group's standing items (Andrakommun's: 4)
    a = services.agenda_item_add(actor=meeting.convener, meeting=meeting, title="Budget")
    b = services.agenda_item_add(
        actor=meeting.convener,
        meeting=meeting,
        title="Nytt e-arkiv",
        kind="case",
        case=report_case(),
    )
    assert (a.order, b.order) == (standing + 1, standing + 2)
    services.agenda_item_move(actor=meeting.convener, item=b, direction="up")
    added = meeting.agenda_items.exclude(kind=AgendaItem.Kind.STANDING).order_by("order")
    assert list(added.values_list("title", flat=True)) == [
        "Nytt e-arkiv",
        "Budget",
    ]
    with pytest.raises(ValidationFailed):
        services.agenda_item_add(actor=meeting.convener, meeting=meeting, title="X", kind="case")
    with pytest.raises(NotAllowed):
        services.agenda_item_add(actor=member, meeting=meeting, title="X")


def test_send_out_mails_members_with_pdf_and_ics(plan, member, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    meeting = plan()
    services.agenda_item_add(actor=meeting.convener, meeting=meeting, title="Budget")
    empty = plan(date=datetime.date(2026, 12, 20))
    for item in empty.agenda_items.all():  # the group's standing items, if the policy has any
        services.agenda_item_remove(actor=empty.convener, item=item)
    with pytest.raises(Conflict) as exc:  # an empty agenda is not sent
        services.agenda_send(actor=meeting.convener, meeting=empty)
    assert exc.value.code == "agenda_empty"
    with pytest.raises(NotAllowed):
        services.agenda_send(actor=member, meeting=meeting)
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        services.agenda_send(actor=meeting.convener, meeting=meeting)
    [message] = mail.outbox
    assert member.email in message.bcc
    kinds = {a[2] for a in message.attachments}
    assert kinds == {"application/pdf", "text/calendar"}
    meeting.refresh_from_db()
    assert meeting.agenda_sent_at is not None


@pytest.mark.rule("G14")
def test_g14_status_report_missing_flagged(preparatory, it_strategist, reporter):
    meeting = services.meeting_plan(
        actor=it_strategist,
        group=preparatory,
        date=datetime.date(2026, 12, 3),
        start_time=datetime.time(13),
        place="Sal 2",
    )
    [missing] = services.missing_reporters(meeting)
    assert missing.person == reporter
    from styrsam.meetings.documents import agenda_pdf

    from .pdftext import pdf_text

    assert "Statusrapporter som saknas" in pdf_text(agenda_pdf(meeting))
    services.status_report_submit(
        actor=reporter,
        meeting=meeting,
        text="Två projekt pågår.",
        projects=[
            {"project": "E-tjänst hemtjänst", "light": "yellow"},
            {"project": "Nytt verksamhetssystem", "light": "green"},
        ],
    )
    assert services.missing_reporters(meeting) == []
    report = meeting.status_reports.get()
    assert sorted(report.projects.values_list("light", flat=True)) == ["green", "yellow"]
    assert "Statusrapporter som saknas" not in pdf_text(agenda_pdf(meeting))


@pytest.mark.rule("G14")
def test_g14_status_report_only_by_members_with_valid_lights(
    preparatory, it_strategist, reporter, plain_user
):
    meeting = services.meeting_plan(
        actor=it_strategist,
        group=preparatory,
        date=datetime.date(2026, 12, 3),
        start_time=datetime.time(13),
        place="Sal 2",
    )
    with pytest.raises(NotAllowed):
        services.status_report_submit(actor=plain_user, meeting=meeting, text="x")
    with pytest.raises(ValidationFailed):
        services.status_report_submit(
            actor=reporter, meeting=meeting, text="x", projects=[{"project": "P", "light": "blue"}]
        )
    assert AgendaItem.objects.filter(meeting=meeting, kind="status_reports").exists()
