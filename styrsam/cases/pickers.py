"""What cases let forms pick by searching (``core/pickers.py``): the cases still to be dealt
with (open or ready), found by title or registration number — a meeting's agenda form, which
listed every open case (870 at twice Stockholm's size, issue 18)."""

from __future__ import annotations

import re

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from styrsam.core.pickers import PickerSource, register_picker

from .models import Case

OPEN_CASES = "arenden"

# "IT 2026/12" (series, year, number), as ``Case.registration_number`` writes it
_REGISTRATION_NUMBER = re.compile(r"^\s*(\S+)\s+(\d{4})\s*/\s*(\d{1,9})\s*$")


def open_cases(user=None):
    return Case.objects.filter(status__in=[Case.Status.OPEN, Case.Status.READY]).order_by(
        "-year", "-number"
    )


def registration_number_query(text: str) -> Q | None:
    match = _REGISTRATION_NUMBER.match(text)
    if match is None:
        return None
    series, year, number = match.groups()
    return Q(series=series, year=int(year), number=int(number))


def register() -> None:
    register_picker(
        PickerSource(
            kind=OPEN_CASES,
            queryset=open_cases,
            key_field="registration_number",
            key_query=registration_number_query,
            search_fields=("title", "series", "number"),
            label=lambda case: case.title,
            detail=lambda case: case.registration_number,
            permission="cases.view_case",
            key_name=_("diarienummer (t.ex. IT 2026/12)"),
        )
    )
