"""The anonymised result file: an open format for comparing self-assessments between
municipalities (docs/formats/self-assessment-result.md; the JSON Schema beside this module).

Export writes only scores and counts per area and indicator — no person, no comment, no
evidence link, no department. Import accepts only what the schema allows (every object closes
with ``additionalProperties: false``), so a file carrying anything else, personal data
included, is refused with the line of the field; the stored comparison is rebuilt from the
validated data, never the uploaded text."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.utils import timezone

from styrsam.guideline.validation import dotted, line_for, schema_problems

from .fileformat import FileInvalid, Problem, read_document
from .models import AssessmentRound
from .results import round_results

FORMAT = "styrsam-self-assessment-result"
FORMAT_VERSION = 1
MAX_RESULT_BYTES = 2 * 1024 * 1024
SCHEMA_PATH = Path(__file__).parent / "schemas" / "self-assessment-result-1.schema.json"
RESULT_SCHEMA: dict = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


class ResultFileInvalid(FileInvalid):
    """Not a valid result file; ``problems`` name each line."""


def _number(value) -> float | int | None:
    if value is None:
        return None
    number = float(value)
    return int(number) if number.is_integer() else number


def result_file(assessment: AssessmentRound, *, municipality: str) -> dict[str, Any]:
    """The round's anonymised result in the open format."""
    results = round_results(assessment)
    instrument = assessment.instrument
    scales = {}
    for area in results.areas:
        for item in area.indicators:
            scale = item.indicator.scale
            scales.setdefault(
                scale.code,
                {
                    "code": scale.code,
                    "name": scale.name,
                    "levels": [
                        {"code": lvl.code, "label": lvl.label, "value": _number(lvl.value)}
                        for lvl in scale.levels.all()
                    ],
                },
            )
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "municipality": municipality or "Kommunen",
        "year": assessment.year,
        "generated": timezone.localdate().isoformat(),
        "status": assessment.status,
        "instrument": {
            "code": instrument.code,
            "version": instrument.version,
            "name": instrument.name,
        },
        "scales": list(scales.values()),
        "score": results.score,
        "areas": [
            {
                "code": area.code,
                "name": area.name,
                "score": area.score,
                "answers": area.answered,
                "indicators": [
                    {
                        "code": item.code,
                        "text": item.indicator.text,
                        "scale": item.indicator.scale.code,
                        "score": item.score,
                        "answers": item.answers,
                        "levels": {lvl.code: lvl.count for lvl in item.levels},
                    }
                    for item in area.indicators
                ],
            }
            for area in results.areas
        ],
    }


def _cross_reference_problems(data: dict, index: dict) -> list[Problem]:
    problems: list[Problem] = []

    def add(path: tuple, sv: str, en: str) -> None:
        problems.append(Problem(dotted(path), line_for(index, path), sv, en))

    levels = {s["code"]: {lvl["code"] for lvl in s["levels"]} for s in data["scales"]}
    for a, area in enumerate(data["areas"]):
        for i, item in enumerate(area["indicators"]):
            path = ("areas", a, "indicators", i)
            known = levels.get(item["scale"])
            if known is None:
                add(
                    (*path, "scale"),
                    f"okänd skala '{item['scale']}'",
                    f"unknown scale '{item['scale']}'",
                )
                continue
            for code in item["levels"]:
                if code not in known:
                    add(
                        (*path, "levels", code),
                        f"nivån '{code}' finns inte i skalan",
                        f"level '{code}' is not in the scale",
                    )
            if sum(item["levels"].values()) != item["answers"]:
                add(
                    (*path, "answers"),
                    "antalet svar stämmer inte med nivåernas antal",
                    "the number of answers does not match the levels' counts",
                )
    return problems


def validate_result_file(raw: bytes | str) -> dict[str, Any]:
    """The validated result, or :class:`ResultFileInvalid` with each problem's line."""
    try:
        data, index = read_document(raw, max_bytes=MAX_RESULT_BYTES)
    except FileInvalid as exc:
        raise ResultFileInvalid(exc.problems) from exc
    if not isinstance(data, dict):
        raise ResultFileInvalid(
            [Problem("", 1, "filen är inte ett JSON-objekt", "the file is not a JSON object")]
        )
    problems = schema_problems(RESULT_SCHEMA, data, index)
    if not problems:
        problems = _cross_reference_problems(data, index)
    if problems:
        raise ResultFileInvalid(problems)
    # Rebuilt from the validated data: exactly the fields of the format, nothing else.
    return json.loads(json.dumps(data))
