"""Loading a self-assessment instrument from its file (G30)."""

from __future__ import annotations

import hashlib
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from styrsam.core.audit import audited_create
from styrsam.core.errors import Conflict, NotAllowed, ValidationFailed
from styrsam.guideline.policy import get_policy

from ..access import runs_rounds
from ..instruments import InstrumentInvalid, validate_instrument
from ..models import Area, Indicator, Instrument, Scale, ScaleLevel


def problems_as_dicts(problems) -> list[dict]:
    return [
        {"path": p.path, "line": p.line, "message_sv": p.message_sv, "message_en": p.message_en}
        for p in problems
    ]


def _digest(raw: bytes | str) -> str:
    return hashlib.sha256(raw.encode("utf-8") if isinstance(raw, str) else raw).hexdigest()


@transaction.atomic
def instrument_load(*, actor, raw: bytes | str, source: str = "") -> Instrument:
    """Validate the file and store the instrument. The same file twice changes nothing; another
    file with a code and version already loaded is refused (409): raise its ``version``.

    An invalid file raises ``ValidationFailed`` (code ``invalid_instrument``) whose ``extra``
    lists every problem with its line; nothing is written."""
    if actor is not None and not runs_rounds(actor):
        raise NotAllowed(
            _("Bara %(role)s laddar självskattningsinstrument (G30).")
            % {"role": get_policy().coordinator_name()},
            code="not_coordinator",
            rule="G30",
        )
    try:
        data = validate_instrument(raw)
    except InstrumentInvalid as exc:
        raise ValidationFailed(
            _("Instrumentfilen är ogiltig (%(n)s fel); ingenting har laddats.")
            % {"n": len(exc.problems)},
            code="invalid_instrument",
            field="file",
            extra={"problems": problems_as_dicts(exc.problems)},
        ) from exc
    text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw
    digest = _digest(text)
    existing = Instrument.objects.filter(code=data["code"], version=data["version"]).first()
    if existing is not None:
        if existing.sha256 == digest:
            return existing
        raise Conflict(
            _(
                "Version %(v)s av instrumentet %(c)s är redan laddad med annat innehåll. "
                "Ett laddat instrument ändras aldrig: ange en högre version i filen."
            )
            % {"v": data["version"], "c": data["code"]},
            code="instrument_version_exists",
            field="file",
        )
    instrument = Instrument.objects.create(
        code=data["code"],
        version=data["version"],
        name=data["name"],
        description=data.get("description", ""),
        source=source[:300],
        text=text,
        sha256=digest,
        loaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    scales = {
        code: Scale(instrument=instrument, code=code, name=spec["name"])
        for code, spec in data["scales"].items()
    }
    Scale.objects.bulk_create(scales.values())
    ScaleLevel.objects.bulk_create(
        ScaleLevel(
            scale=scales[code],
            code=level["code"],
            label=level["label"],
            description=level.get("description", ""),
            value=None if level["value"] is None else Decimal(str(level["value"])),
            order=order,
        )
        for code, spec in data["scales"].items()
        for order, level in enumerate(spec["levels"], start=1)
    )
    areas = [
        Area(
            instrument=instrument,
            code=spec["code"],
            name=spec["name"],
            description=spec.get("description", ""),
            order=order,
        )
        for order, spec in enumerate(data["areas"], start=1)
    ]
    Area.objects.bulk_create(areas)
    default = data.get("default_scale")
    Indicator.objects.bulk_create(
        Indicator(
            area=area,
            scale=scales[item.get("scale", default)],
            code=item["code"],
            text=item["text"],
            guidance=item.get("guidance", ""),
            order=order,
        )
        for area, spec in zip(areas, data["areas"], strict=True)
        for order, item in enumerate(spec["indicators"], start=1)
    )
    audited_create(
        actor=actor,
        action="assessment_instrument.load",
        obj=instrument,
        rule="G30",
        areas=len(areas),
        indicators=sum(len(a["indicators"]) for a in data["areas"]),
    )
    return instrument
