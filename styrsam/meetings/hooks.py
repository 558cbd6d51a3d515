"""What higher apps add to a meeting's page and PDF agenda without the meetings app
importing them (``styrsam.core.hooks``; convention 14). The projects app, for one, adds the
projects' status reports before a preparatory group meeting and who has not reported (G14),
on the page and in the agenda."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from styrsam.core.hooks import Sections


@dataclass(frozen=True)
class MeetingSection:
    """A section of a meeting's page. ``context(user=, meeting=)`` gives the template's
    context, or ``None`` for nothing (the user may not see it, or the group has no use of
    it)."""

    key: str
    template: str
    context: Callable[..., dict | None]
    order: int = 100


_sections = Sections()


def register_meeting_section(section: MeetingSection) -> None:
    _sections.register(section)


def rendered_meeting_sections(*, user, meeting) -> list[dict[str, Any]]:
    """The sections this user sees on ``meeting``'s page: template and context each."""
    out = []
    for section in _sections:
        context = section.context(user=user, meeting=meeting)
        if context is not None:
            out.append({"key": section.key, "template": section.template, "context": context})
    return out


@dataclass(frozen=True)
class AgendaDocumentSection:
    """A section of a meeting's PDF agenda (``documents.agenda_pdf``) that a higher app adds.
    ``content(meeting=)`` gives ``{"heading": str, "columns": [str], "rows": [[str]],
    "empty": str}`` (plain text; ``empty`` is shown when there are no rows), or ``None`` when
    the meeting has no use of it."""

    key: str
    content: Callable[..., dict | None]
    order: int = 100


_document_sections = Sections()


def register_agenda_document_section(section: AgendaDocumentSection) -> None:
    _document_sections.register(section)


def agenda_document_sections(*, meeting) -> list[dict[str, Any]]:
    """The added sections of ``meeting``'s PDF agenda, in order."""
    out = []
    for section in _document_sections:
        content = section.content(meeting=meeting)
        if content is not None:
            out.append({"empty": "", **content})
    return out
