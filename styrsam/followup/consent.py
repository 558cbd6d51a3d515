"""The consent a panel member gives (G31): the text is rendered from the panel — purpose, the
data asked for, how long it is kept, who to contact and the member's rights — in the language
the member reads, shown on the consent page and stored word for word with the time."""

from __future__ import annotations

import calendar
import datetime

from django.template.loader import render_to_string
from django.utils import translation

from styrsam.organisation.models import Municipality

from .models import Panel

INVITATION_DAYS = 30  # an unanswered invitation to join, and its e-mail address, live this long


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def consent_text(panel: Panel, language: str) -> str:
    """What the member agrees to, as plain text in ``language`` (sv or en)."""
    municipality = Municipality.objects.values_list("name", flat=True).first() or ""
    with translation.override(language):
        return render_to_string(
            "followup/public/consent_text.txt",
            {"panel": panel, "municipality": municipality},
        ).strip()
