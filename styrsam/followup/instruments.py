"""The instrument file (docs/formats/instrument.md): a self-assessment instrument as data.

    format_version: 1
    code: eblomlada            # stable: rounds of one code make a trend
    version: 1                 # a revised file gets a higher version
    name: …
    scales:
      fulfilment:
        name: Uppfyllnad
        levels:
          - {code: fully, label: Uppfyllt, value: 2, description: …}
          - {code: partly, label: Delvis uppfyllt, value: 1}
          - {code: not_met, label: Ej uppfyllt, value: 0}
    default_scale: fulfilment
    areas:
      - code: services
        name: …
        indicators:
          - {code: …, text: …, guidance: …, scale: fulfilment}

Structure is checked with JSON Schema, then what the schema cannot say (a scale that exists,
codes unique across the instrument, two scored levels); every problem names its line."""

from __future__ import annotations

from typing import Any

from styrsam.guideline.validation import dotted, line_for, schema_problems

from .fileformat import FileInvalid, Problem, read_document

MAX_INSTRUMENT_BYTES = 512 * 1024
SHIPPED = ("eblomlada.yaml", "digital_mognad.yaml")  # in styrsam/followup/instruments/

CODE = {"type": "string", "pattern": "^[a-z][a-z0-9_]{0,59}$"}
TEXT = {"type": "string", "minLength": 1, "maxLength": 2000}
NAME = {"type": "string", "minLength": 1, "maxLength": 200}

LEVEL = {
    "type": "object",
    "required": ["code", "label", "value"],
    "additionalProperties": False,
    "properties": {
        "code": CODE,
        "label": NAME,
        "description": TEXT,
        "value": {"type": ["number", "null"], "minimum": -9999, "maximum": 9999},
    },
}
INDICATOR = {
    "type": "object",
    "required": ["code", "text"],
    "additionalProperties": False,
    "properties": {"code": CODE, "text": TEXT, "guidance": TEXT, "scale": CODE},
}
AREA = {
    "type": "object",
    "required": ["code", "name", "indicators"],
    "additionalProperties": False,
    "properties": {
        "code": CODE,
        "name": NAME,
        "description": TEXT,
        "indicators": {"type": "array", "minItems": 1, "maxItems": 200, "items": INDICATOR},
    },
}
INSTRUMENT_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["format_version", "code", "version", "name", "scales", "areas"],
    "additionalProperties": False,
    "properties": {
        "format_version": {"const": 1},
        "code": CODE,
        "version": {"type": "integer", "minimum": 1, "maximum": 100000},
        "name": NAME,
        "description": TEXT,
        "source": NAME,
        "default_scale": CODE,
        "scales": {
            "type": "object",
            "minProperties": 1,
            "maxProperties": 20,
            "propertyNames": CODE,
            "additionalProperties": {
                "type": "object",
                "required": ["name", "levels"],
                "additionalProperties": False,
                "properties": {
                    "name": NAME,
                    "levels": {"type": "array", "minItems": 2, "maxItems": 20, "items": LEVEL},
                },
            },
        },
        "areas": {"type": "array", "minItems": 1, "maxItems": 50, "items": AREA},
    },
}


class InstrumentInvalid(FileInvalid):
    """The file is not a valid instrument; ``problems`` name each line."""


def _cross_reference_problems(data: dict, index: dict) -> list[Problem]:
    problems: list[Problem] = []

    def add(path: tuple, sv: str, en: str) -> None:
        problems.append(Problem(dotted(path), line_for(index, path), sv, en))

    scales = data["scales"]
    for code, scale in scales.items():
        seen: set[str] = set()
        values = []
        for i, level in enumerate(scale["levels"]):
            if level["code"] in seen:
                add(
                    ("scales", code, "levels", i, "code"),
                    f"nivån '{level['code']}' finns redan i skalan",
                    f"duplicate level '{level['code']}' in the scale",
                )
            seen.add(level["code"])
            if level["value"] is not None:
                values.append(level["value"])
        if len(set(values)) < 2:
            add(
                ("scales", code, "levels"),
                "skalan behöver minst två nivåer med olika värden",
                "the scale needs at least two levels with different values",
            )
    default = data.get("default_scale")
    if default is not None and default not in scales:
        add(("default_scale",), f"okänd skala '{default}'", f"unknown scale '{default}'")
    area_codes: set[str] = set()
    indicator_codes: set[str] = set()
    for a, area in enumerate(data["areas"]):
        if area["code"] in area_codes:
            add(
                ("areas", a, "code"),
                f"området '{area['code']}' finns redan",
                f"duplicate area '{area['code']}'",
            )
        area_codes.add(area["code"])
        for i, indicator in enumerate(area["indicators"]):
            path = ("areas", a, "indicators", i)
            if indicator["code"] in indicator_codes:
                add(
                    (*path, "code"),
                    f"indikatorn '{indicator['code']}' finns redan i instrumentet",
                    f"duplicate indicator '{indicator['code']}' in the instrument",
                )
            indicator_codes.add(indicator["code"])
            scale = indicator.get("scale", default)
            if scale is None:
                add(
                    path,
                    "indikatorn anger ingen skala och instrumentet har ingen default_scale",
                    "the indicator names no scale and the instrument has no default_scale",
                )
            elif scale not in scales:
                add((*path, "scale"), f"okänd skala '{scale}'", f"unknown scale '{scale}'")
    return problems


def validate_instrument(raw: bytes | str) -> dict[str, Any]:
    """The instrument's data, or :class:`InstrumentInvalid` listing every problem with its
    line. Nothing is written."""
    try:
        data, index = read_document(raw, max_bytes=MAX_INSTRUMENT_BYTES)
    except FileInvalid as exc:
        raise InstrumentInvalid(exc.problems) from exc
    if not isinstance(data, dict):
        raise InstrumentInvalid(
            [Problem("", 1, "filen är inte en mappning", "the file is not a mapping")]
        )
    problems = schema_problems(INSTRUMENT_SCHEMA, data, index)
    if not problems:
        problems = _cross_reference_problems(data, index)
    if problems:
        raise InstrumentInvalid(problems)
    return data
