"""PDF agenda and minutes rendered with typst (no system libraries needed).

Both are PDF/UA-1 (typst's ``pdf_standards``): tagged, in Swedish, with a title of their own
("Protokoll IT-styrgruppen 2026-11-20") that a PDF reader shows instead of the file name
(DisplayDocTitle), as EN 301 549 and DOS-lagen ask of documents. Minutes that are not approved
are a draft, and say so in the title, under the heading and on every page."""

from __future__ import annotations

import json
from pathlib import Path

import typst
from django.http import HttpResponse
from django.utils import timezone

from styrsam.organisation.models import Municipality

from ..models import Meeting

HERE = Path(__file__).resolve().parent


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def _when(meeting: Meeting) -> str:
    end = f"–{meeting.end_time:%H:%M}" if meeting.end_time else ""
    return f"{meeting.date:%Y-%m-%d}, kl. {meeting.start_time:%H:%M}{end}"


PDF_STANDARDS = ["ua-1"]
AGENDA = "Föredragningslista"
MINUTES = "Protokoll"
DRAFT = "Utkast"


def document_title(meeting: Meeting, kind: str, *, draft: bool = False) -> str:
    """ "Protokoll IT-styrgruppen 2026-11-20"; a draft starts with "Utkast – "."""
    title = f"{kind} {meeting.group.name} {meeting.date:%Y-%m-%d}"
    return f"{DRAFT} – {title}" if draft else title


def minutes_are_draft(meeting: Meeting) -> bool:
    return meeting.minutes_locked_at is None


def _base(meeting: Meeting, kind: str, *, draft: bool = False) -> dict:
    return {
        "title": document_title(meeting, kind, draft=draft),
        "heading": f"{kind} ({DRAFT.lower()})" if draft else kind,
        "draft": draft,
        "municipality": Municipality.objects.values_list("name", flat=True).first() or "",
        "group": meeting.group.name,
        "when": _when(meeting),
        "place": " · ".join(p for p in (meeting.place, meeting.online_link) if p),
    }


def inline_pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _compile(template: str, data: dict) -> bytes:
    return typst.compile(
        (HERE / template).read_bytes(),
        format="pdf",
        sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
        timestamp=int(timezone.now().timestamp()),
        pdf_standards=PDF_STANDARDS,
    )


def agenda_pdf(meeting: Meeting) -> bytes:
    from ..hooks import agenda_document_sections
    from ..services import missing_reporters

    data = _base(meeting, AGENDA)
    data["items"] = [
        {
            "order": i.order,
            "title": i.title,
            "case_reference": i.case.registration_number if i.case else "",
            "presenter": _name(i.presenter),
            "note": i.description,
        }
        for i in meeting.agenda_items.select_related("presenter", "case").order_by("order", "id")
    ]
    data["missing_reports"] = [
        _name(m.person) + (f" ({m.represents.name})" if m.represents else "")
        for m in missing_reporters(meeting)
    ]
    data["sections"] = agenda_document_sections(meeting=meeting)  # e.g. projects' status, G14
    return _compile("agenda.typ", data)


def minutes_pdf(meeting: Meeting) -> bytes:
    data = _base(meeting, MINUTES, draft=minutes_are_draft(meeting))
    data["present"] = [
        _name(a.person) for a in meeting.attendances.select_related("person") if a.present
    ] or ["–"]
    data["items"] = [
        {
            "number": i.number,
            "title": i.title,
            "text": i.text,
            "decision": (
                f"{i.get_decision_outcome_display()}. {i.decision}"
                if i.decision_outcome
                else i.decision
            ),
            "case_reference": i.case.registration_number if i.case else "",
            "corrects": f"§ {i.corrects.number}/{i.corrects.year}" if i.corrects else "",
        }
        for i in meeting.minute_items.select_related("corrects", "case").order_by("number")
    ]
    if meeting.minutes_locked:
        data["approval"] = (
            f"Justerat {meeting.minutes_locked_at:%Y-%m-%d} av {_name(meeting.chair)} "
            f"(ordförande) och {_name(meeting.adjuster)} (justerare)."
        )
    elif meeting.status == Meeting.Status.HELD:
        data["approval"] = "Utkast: protokollet är inte justerat."
    else:
        data["approval"] = "Utkast: mötet är inte genomfört och protokollet inte justerat."
    return _compile("minutes.typ", data)
