"""Agendas and minutes are PDF/UA-1 (issue #20; EN 301 549 and DOS-lagen ask it of documents).

Every agenda and every set of minutes of the demo municipality is downloaded as its reader
would and read back with pypdf: a title of its own ("Protokoll IT-styrgruppen 2026-11-20")
shown by the reader (DisplayDocTitle), the PDF/UA identification in the XMP metadata, tagged
(StructTreeRoot, MarkInfo), Swedish. Minutes that are not approved are a draft, marked so; before
the meeting is held only those who write or approve the minutes get them.
"""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from styrsam.demo.loader import load_demo
from styrsam.meetings import services as services_minutes
from styrsam.meetings.documents import document_title
from styrsam.meetings.models import Meeting
from tests.demo_fixture import demo_kommun

from .conftest import group_name
from .pdftext import pdf_text

pytestmark = pytest.mark.django_db

PDFUAID_NS = "http://www.aiim.org/pdfua/ns/id/"


def check_pdf_ua(content: bytes, title: str) -> str:
    """Assert what PDF/UA-1 and a reader need; return the text."""
    reader = PdfReader(io.BytesIO(content))
    root = reader.trailer["/Root"]
    assert reader.metadata.title == title
    assert root["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    assert str(root["/Lang"]).startswith("sv")
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"].value is True
    xmp = reader.xmp_metadata
    parts = xmp.rdf_root.getElementsByTagNameNS(PDFUAID_NS, "part")
    assert [p.firstChild.data for p in parts] == ["1"]  # pdfuaid:part = PDF/UA-1
    assert xmp.dc_title == {"x-default": title}
    return pdf_text(content)


def test_every_agenda_and_minutes_of_the_demo_is_pdf_ua(report_count):
    load_demo(demo_kommun())
    strategist = get_user_model().objects.get(username="anna")  # reads every meeting
    client = Client()
    client.force_login(strategist)
    checked = drafts = 0
    for meeting in Meeting.objects.select_related("group"):
        agenda = client.get(reverse("meetings:agenda_pdf", args=[meeting.pk]))
        assert agenda.status_code == 200
        check_pdf_ua(agenda.content, document_title(meeting, "Föredragningslista"))
        minutes = client.get(reverse("meetings:minutes_pdf", args=[meeting.pk]))
        assert minutes.status_code == 200
        draft = meeting.minutes_locked_at is None
        text = check_pdf_ua(minutes.content, document_title(meeting, "Protokoll", draft=draft))
        assert ("UTKAST" in text) is draft
        checked += 2
        drafts += draft
    report_count(f"PDF/UA-1 checked with pypdf: {checked} PDFs ({drafts} draft minutes)")
    assert drafts and checked - 2 * drafts  # the demo has approved minutes and drafts


def test_title_names_the_group_and_the_date(plan):
    meeting = plan()
    assert document_title(meeting, "Protokoll") == f"Protokoll {group_name('steering')} 2026-12-10"
    assert (
        document_title(meeting, "Protokoll", draft=True)
        == f"Utkast – Protokoll {group_name('steering')} 2026-12-10"
    )


def test_minutes_before_the_meeting_is_held_only_as_a_draft_for_those_who_write_them(
    client, plan, member, plain_user
):
    meeting = plan()
    url = reverse("meetings:minutes_pdf", args=[meeting.pk])
    client.force_login(meeting.convener)
    response = client.get(url)
    assert response.status_code == 200
    assert 'filename="protokoll-utkast-2026-12-10.pdf"' in response["Content-Disposition"]
    text = check_pdf_ua(response.content, f"Utkast – Protokoll {group_name('steering')} 2026-12-10")
    assert "Protokoll (utkast)" in text
    assert "mötet är inte genomfört" in text

    client.force_login(meeting.chair)  # approves the minutes: sees the draft
    assert client.get(url).status_code == 200

    client.force_login(member)  # reads the meeting, but there are no minutes to read yet
    assert client.get(url).status_code == 403
    page = client.get(reverse("meetings:meeting_detail", args=[meeting.pk]))
    assert url not in page.content.decode()

    client.force_login(plain_user)  # outside the group: the meeting does not exist for them
    assert client.get(url).status_code == 404


def test_minutes_of_a_held_meeting_are_a_draft_until_approved(
    client, held_meeting, member, chair, adjuster
):
    services_minutes.minute_item_add(
        actor=held_meeting.convener, meeting=held_meeting, title="Mötets öppnande"
    )
    url = reverse("meetings:minutes_pdf", args=[held_meeting.pk])
    client.force_login(member)
    page = client.get(reverse("meetings:meeting_detail", args=[held_meeting.pk])).content.decode()
    assert "Utkast till protokoll (PDF)" in page
    text = check_pdf_ua(
        client.get(url).content, f"Utkast – Protokoll {group_name('steering')} 2026-11-19"
    )
    assert "UTKAST" in text and "protokollet är inte justerat" in text

    services_minutes.minutes_approve(actor=chair, meeting=held_meeting)
    services_minutes.minutes_approve(actor=adjuster, meeting=held_meeting)
    response = client.get(url)
    assert 'filename="protokoll-2026-11-19.pdf"' in response["Content-Disposition"]
    text = check_pdf_ua(response.content, f"Protokoll {group_name('steering')} 2026-11-19")
    assert "UTKAST" not in text and "Utkast" not in text
    assert "Justerat" in text
