"""Comparisons with other municipalities (G30): their anonymised result files in the open
format (docs/formats/self-assessment-result.md), imported to be shown beside ours."""

from __future__ import annotations

import hashlib
import json

from django.db import transaction
from django.utils.translation import gettext as _

from styrsam.core.audit import audit_record, audited_create, snapshot
from styrsam.core.errors import Conflict, ValidationFailed

from ..models import Comparison
from ..resultfile import ResultFileInvalid, validate_result_file
from .instruments import problems_as_dicts
from .rounds import require_coordinator


@transaction.atomic
def comparison_import(*, actor, raw: bytes | str, source: str = "") -> Comparison:
    """Store another municipality's result file (the open format) to compare with ours. The
    same file twice changes nothing; another file for the same municipality, year and
    instrument is refused (remove the old comparison first)."""
    require_coordinator(actor)
    try:
        data = validate_result_file(raw)
    except ResultFileInvalid as exc:
        raise ValidationFailed(
            _("Resultatfilen är ogiltig (%(n)s fel); ingenting har importerats.")
            % {"n": len(exc.problems)},
            code="invalid_result_file",
            field="file",
            extra={"problems": problems_as_dicts(exc.problems)},
        ) from exc
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False)
    digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    instrument = data["instrument"]
    existing = Comparison.objects.filter(
        municipality=data["municipality"], year=data["year"], instrument_code=instrument["code"]
    ).first()
    if existing is not None:
        if existing.sha256 == digest:
            return existing
        raise Conflict(
            _("Det finns redan en jämförelse med %(m)s %(y)s; ta bort den först.")
            % {"m": data["municipality"], "y": data["year"]},
            code="comparison_exists",
            field="file",
        )
    comparison = Comparison.objects.create(
        municipality=data["municipality"],
        year=data["year"],
        instrument_code=instrument["code"],
        instrument_version=instrument["version"],
        instrument_name=instrument["name"],
        score=None if data["score"] is None else round(data["score"], 1),
        data=data,
        sha256=digest,
        imported_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audited_create(
        actor=actor,
        action="assessment_comparison.import",
        obj=comparison,
        rule="G30",
        source=source[:300],
    )
    return comparison


@transaction.atomic
def comparison_delete(*, actor, comparison: Comparison) -> None:
    require_coordinator(actor)
    audit_record(
        actor=actor,
        action="assessment_comparison.delete",
        obj=comparison,
        before=snapshot(comparison),
        rule="G30",
    )
    comparison.delete()
