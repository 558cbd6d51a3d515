"""Reading an uploaded YAML or JSON file safely, with the line of every value.

The same approach as the policy file (``styrsam.guideline.validation``): the document is
composed into YAML nodes so that each path gets its line, then checked with JSON Schema. Before
anything is parsed the file's size is limited, and YAML anchors and aliases are refused by
scanning the tokens (an alias bomb — "billion laughs" — expands only when the document is
constructed, never while it is scanned), as is nesting deeper than any of our formats needs.

JSON is read by ``json`` (the data) and, for the lines, as YAML after two harmless rewrites that
only valid JSON allows: tabs between tokens become spaces and ``\\/`` becomes ``/``."""

from __future__ import annotations

import json
import re

import yaml

from styrsam.guideline.validation import PolicyProblem, line_index

MAX_DEPTH = 24

Problem = PolicyProblem  # path, line, Swedish and English message


class FileInvalid(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def _fail(line: int | None, sv: str, en: str) -> FileInvalid:
    return FileInvalid([Problem("", line, sv, en)])


_OPEN = (
    yaml.BlockMappingStartToken,
    yaml.BlockSequenceStartToken,
    yaml.FlowMappingStartToken,
    yaml.FlowSequenceStartToken,
)
_CLOSE = (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)


def _scan(text: str) -> None:
    """Refuse anchors, aliases, tags and deep nesting before the document is built."""
    depth = 0
    for token in yaml.scan(text, Loader=yaml.SafeLoader):
        line = token.start_mark.line + 1
        if isinstance(token, yaml.AliasToken | yaml.AnchorToken):
            raise _fail(
                line,
                "YAML-ankare och alias (& och *) är inte tillåtna",
                "YAML anchors and aliases (& and *) are not allowed",
            )
        if isinstance(token, yaml.TagToken):
            raise _fail(line, "YAML-taggar (!) är inte tillåtna", "YAML tags (!) are not allowed")
        if isinstance(token, _OPEN):
            depth += 1
            if depth > MAX_DEPTH:
                raise _fail(line, "filen är för djupt nästlad", "the file is nested too deeply")
        elif isinstance(token, _CLOSE):
            depth -= 1


def _compose(text: str):
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    return node, data


_JSON_ESCAPE = re.compile(r"\\(.)", re.DOTALL)


def _json_as_yaml(text: str) -> str:
    """Valid JSON that PyYAML (YAML 1.1) reads with the same structure and lines."""
    text = _JSON_ESCAPE.sub(lambda m: "/" if m.group(1) == "/" else m.group(0), text)
    return text.replace("\t", " ")


def read_document(raw: bytes | str, *, max_bytes: int) -> tuple[object, dict]:
    """``(data, line index)`` of a YAML or JSON document, or :class:`FileInvalid` with the
    line of the problem. ``max_bytes`` is checked before anything is decoded."""
    size = len(raw.encode("utf-8")) if isinstance(raw, str) else len(raw)
    if size > max_bytes:
        raise _fail(
            None,
            f"filen är för stor ({size} byte, högst {max_bytes})",
            f"the file is too large ({size} bytes, at most {max_bytes})",
        )
    if isinstance(raw, bytes):
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise _fail(
                None, "filen måste vara UTF-8-kodad text", "the file must be UTF-8 text"
            ) from exc
    else:
        text = raw.removeprefix("\ufeff")
    if "\x00" in text:
        raise _fail(None, "filen innehåller NUL-tecken", "the file contains NUL characters")
    json_data = _MISSING = object()
    if text.lstrip().startswith(("{", "[")):
        try:
            json_data = json.loads(text)
        except (ValueError, RecursionError):
            json_data = _MISSING  # not JSON after all: read it as YAML and report its errors
        else:
            text = _json_as_yaml(text)
    try:
        _scan(text)
        node, data = _compose(text)
    except FileInvalid:
        raise
    except yaml.YAMLError as exc:
        if json_data is not _MISSING:
            return json_data, {}
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise _fail(
            mark.line + 1 if mark else None,
            f"syntaxfel: {problem}",
            f"syntax error: {problem}",
        ) from exc
    except RecursionError as exc:
        raise _fail(None, "filen är för djupt nästlad", "the file is nested too deeply") from exc
    if node is None:
        raise _fail(1, "filen är tom", "the file is empty")
    return (data if json_data is _MISSING else json_data), line_index(node)
