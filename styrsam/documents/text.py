"""The structured text of a governing document: Markdown (headings and paragraphs, lists,
links) rendered safely, and the comparison of two versions.

Rendering: markdown-it-py in CommonMark mode with raw HTML off, so ``<script>`` and every other
tag in the text is shown as text, never as markup; markdown-it's link validation refuses
``javascript:``, ``vbscript:``, ``file:`` and ``data:`` links. Headings are moved down one
level (the page's own ``h1`` is the document's title) and no deeper than ``h6``.

Comparison (difflib): the texts are compared block by block (a heading, a paragraph, a list
item), giving what was added, removed and changed."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markupsafe import Markup

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def _shift_headings(tokens) -> None:
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            level = min(int(token.tag[1]) + 1, 6)
            token.tag = f"h{level}"


def render(text: str) -> Markup:
    """Safe HTML of ``text`` (Markdown without raw HTML)."""
    tokens = _md.parse(text or "")
    _shift_headings(tokens)
    return Markup(_md.renderer.render(tokens, _md.options, {}))  # noqa: S704 - html off


def headings(text: str) -> list[str]:
    """The text's headings (for a table of contents and the PDF)."""
    return [m.group(2).strip() for m in re.finditer(r"^(#{1,6})\s+(.+)$", text or "", re.M)]


def blocks(text: str) -> list[str]:
    """The text's blocks: paragraphs separated by blank lines, and every heading and list
    item on its own."""
    out: list[str] = []
    for para in re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n")):
        current: list[str] = []
        for line in para.split("\n"):
            if re.match(r"^\s*(#{1,6}\s|[-*+]\s|\d+[.)]\s)", line) and current:
                out.append("\n".join(current).strip())
                current = []
            current.append(line)
        if current and "\n".join(current).strip():
            out.append("\n".join(current).strip())
    return out


CHANGE_KINDS = [
    ("added", "Tillagt"),
    ("removed", "Borttaget"),
    ("changed", "Ändrat"),
    ("same", "Oförändrat"),
]


@dataclass(frozen=True)
class Change:
    kind: str  # "added", "removed", "changed", "same"
    old: str = ""
    new: str = ""

    @property
    def label(self) -> str:
        from django.utils.translation import gettext as _

        return {
            "added": _("Tillagt"),
            "removed": _("Borttaget"),
            "changed": _("Ändrat"),
            "same": _("Oförändrat"),
        }[self.kind]


def compare(old: str, new: str, *, context: bool = True) -> list[Change]:
    """What changed from ``old`` to ``new``, block by block (``context``: keep the unchanged
    blocks too)."""
    a, b = blocks(old), blocks(new)
    changes: list[Change] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            if context:
                changes.extend(Change("same", x, x) for x in a[i1:i2])
        elif tag == "insert":
            changes.extend(Change("added", new=x) for x in b[j1:j2])
        elif tag == "delete":
            changes.extend(Change("removed", old=x) for x in a[i1:i2])
        else:
            olds, news = a[i1:i2], b[j1:j2]
            for k in range(max(len(olds), len(news))):
                o = olds[k] if k < len(olds) else ""
                n = news[k] if k < len(news) else ""
                kind = "changed" if o and n else ("added" if n else "removed")
                changes.append(Change(kind, o, n))
    return changes


def summary(changes: list[Change]) -> dict[str, int]:
    return {k: sum(1 for c in changes if c.kind == k) for k in ("added", "removed", "changed")}
