"""A governing document's version as PDF for printing, made with typst like the meetings'
agendas and minutes (PDF/UA-1: tagged, Swedish, with its own title). The text goes to typst as
data (JSON blocks), never as markup. A version that is not adopted says so on every page."""

from __future__ import annotations

import json
import re
from pathlib import Path

import typst
from django.http import HttpResponse
from django.utils import timezone

from styrsam.organisation.models import Municipality

from .. import text as doctext
from ..models import DocumentVersion

HERE = Path(__file__).resolve().parent
PDF_STANDARDS = ["ua-1"]


def _plain(markdown: str) -> str:
    """Inline Markdown as plain text: emphasis marks dropped, a link as "text (address)"."""
    s = re.sub(r"\[([^\]]*)\]\(([^)\s]*)[^)]*\)", r"\1 (\2)", markdown)
    s = re.sub(r"(\*\*|__|\*|_|`)", "", s)
    return " ".join(s.split())


def _blocks(markdown: str) -> list[dict]:
    out = []
    for block in doctext.blocks(markdown):
        m = re.match(r"^(#{1,6})\s+(.*)$", block)
        if m:
            out.append({"kind": f"h{min(len(m.group(1)), 3)}", "text": _plain(m.group(2))})
            continue
        m = re.match(r"^\s*(?:[-*+]|\d+[.)])\s+(.*)$", block, re.S)
        if m:
            out.append({"kind": "li", "text": _plain(m.group(1))})
        else:
            out.append({"kind": "p", "text": _plain(block)})
    return out


def title_of(version: DocumentVersion) -> str:
    document = version.document
    title = f"{document.get_kind_display()}: {document.title}, version {version.number}"
    return title if version.is_adopted else f"Utkast – {title}"


def version_pdf(version: DocumentVersion) -> bytes:
    document = version.document
    facts = [f"Version {version.number} ({version.get_status_display().lower()})"]
    if version.is_adopted:
        facts.append(
            f"Fastställd {version.adopted_on:%Y-%m-%d}, beslut {version.decision_reference}"
        )
        if version.effective_date:
            facts.append(f"Gäller från {version.effective_date:%Y-%m-%d}")
    if version.status == DocumentVersion.Status.REPEALED and version.repealed_on:
        facts.append(f"Upphävd {version.repealed_on:%Y-%m-%d}")
    owner = document.owner
    facts.append(f"Dokumentägare: {owner.get_full_name() or owner.get_username()}")
    data = {
        "title": title_of(version),
        "heading": document.title,
        "facts": facts,
        "draft": not version.is_adopted,
        "draft_note": "UTKAST – inte fastställt",
        "footer": f"{document.get_kind_display()} · version {version.number}",
        "municipality": Municipality.objects.values_list("name", flat=True).first() or "",
        "blocks": _blocks(version.text),
    }
    return typst.compile(
        (HERE / "document.typ").read_bytes(),
        format="pdf",
        sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
        timestamp=int(timezone.now().timestamp()),
        pdf_standards=PDF_STANDARDS,
    )


def response(version: DocumentVersion, *, public: bool = False) -> HttpResponse:
    resp = HttpResponse(version_pdf(version), content_type="application/pdf")
    name = f"styrdokument-{version.document_id}-v{version.number}.pdf"
    resp["Content-Disposition"] = f'inline; filename="{name}"'
    return resp
