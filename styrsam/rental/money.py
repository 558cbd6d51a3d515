"""Months and money of the rent run. The rounding rule is defined here, once.

A ledger line's amount is ``monthly level × asset-days ÷ days in the month``, rounded half up
to whole öre. It is computed per line (department, asset type, month), not per asset, so that
the sum of a department's lines always equals what the department is charged.
"""

from __future__ import annotations

import calendar
import datetime
import re
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from styrsam.core.bounds import date_window, year_in_window

ORE = Decimal("0.01")
MONTH_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def round_ore(value: Decimal) -> Decimal:
    return value.quantize(ORE, rounding=ROUND_HALF_UP)


def days_in_month(month: datetime.date) -> int:
    return calendar.monthrange(month.year, month.month)[1]


def month_bounds(month: datetime.date) -> tuple[datetime.date, datetime.date]:
    first = month.replace(day=1)
    return first, first.replace(day=days_in_month(first))


def charge_amount(monthly_amount: Decimal, asset_days: int, month: datetime.date) -> Decimal:
    """The rent for ``asset_days`` days of ``month`` at ``monthly_amount`` a month, in öre."""
    return round_ore(Decimal(monthly_amount) * asset_days / days_in_month(month))


def parse_month(text: str) -> datetime.date | None:
    """``"2026-09"`` → 2026-09-01; None if it is not a month or falls outside the date window
    of the policy (``"0000-01"`` is no month, ``"1900-01"`` none the system accepts)."""
    match = MONTH_RE.match((text or "").strip())
    if not match or not year_in_window(int(match.group(1))):
        return None
    return datetime.date(int(match.group(1)), int(match.group(2)), 1)


def month_error() -> str:
    """What a month field answers to text that is no month of the date window."""
    first, last = date_window()
    return _("Ange en månad mellan %(a)s-01 och %(b)s-12 som ÅÅÅÅ-MM, t.ex. 2026-09.") % {
        "a": first,
        "b": last,
    }


def next_month(month: datetime.date) -> datetime.date:
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
