"""What higher apps add to a meeting's page and PDF agenda without the meetings app
importing them (``styrsam.core.hooks``; convention 14). The projects app, for one, adds the
projects' status reports before a preparatory group meeting and who has not reported (G14),
on the page and in the agenda."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from styrsam.core.hooks import Hook

meeting_moved = Hook(
    "meeting_moved",
    "send(meeting=, old_date=) inside the update's transaction, after a planned meeting's date "
    "changed. The projects app re-reads which status report is each project's latest (G14).",
)


@dataclass(frozen=True)
class MeetingSection:
    """A section of a meeting's page and, optionally, of its PDF agenda.
    ``context(user=, meeting=)`` gives the template's context, or ``None`` for nothing (the
    user may not see it, or the group has no use of it). ``document(meeting=)`` gives the
    agenda's section as plain text, ``{"heading": str, "columns": [str], "rows": [[str]],
    "empty": str}`` (``empty`` is shown when there are no rows), or ``None``."""

    key: str
    template: str
    context: Callable[..., dict | None]
    order: int = 100
    document: Callable[..., dict | None] | None = None


_sections: list[MeetingSection] = []


def register_meeting_section(section: MeetingSection) -> None:
    if all(s.key != section.key for s in _sections):
        _sections.append(section)
        _sections.sort(key=lambda s: s.order)


def rendered_meeting_sections(*, user, meeting) -> list[dict[str, Any]]:
    """The sections this user sees on ``meeting``'s page: template and context each."""
    out = []
    for section in _sections:
        context = section.context(user=user, meeting=meeting)
        if context is not None:
            out.append({"key": section.key, "template": section.template, "context": context})
    return out


def agenda_document_sections(*, meeting) -> list[dict[str, Any]]:
    """The added sections of ``meeting``'s PDF agenda, in order."""
    out = []
    for section in _sections:
        content = section.document(meeting=meeting) if section.document else None
        if content is not None:
            out.append({"empty": "", **content})
    return out
