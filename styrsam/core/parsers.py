"""The API's JSON parser with limits (issue #12). Its own module: DRF imports the default
parser classes while ``styrsam.core.api`` (which imports DRF's views) is being imported."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import exceptions, parsers

MAX_JSON_DEPTH = 32


def json_depth(data) -> int:
    """How deeply objects and arrays nest (iteratively: a deep body cannot overflow the stack)."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        deepest = max(deepest, depth)
        if deepest > MAX_JSON_DEPTH:
            return deepest
        stack.extend((child, depth + 1) for child in children)
    return deepest


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser with limits (issue #12): a body nested deeper than ``MAX_JSON_DEPTH``
    — 100,000 levels made Python's parser overflow (500) — and a body that is not a JSON object
    (``null``, a list, a number: every endpoint takes an object) answer 400."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise exceptions.ParseError(_("JSON-data är för djupt nästlad.")) from exc
        if json_depth(data) > MAX_JSON_DEPTH:
            raise exceptions.ParseError(
                _("JSON-data är för djupt nästlad (högst %(n)s nivåer).") % {"n": MAX_JSON_DEPTH}
            )
        if not isinstance(data, dict):
            raise exceptions.ParseError(_("Förväntade ett JSON-objekt {…}."))
        return data
