"""Numbers and names as Swedish pages write them (issue 17 "Swedish formats").

Pages show money with a (no-break) space between thousands and a decimal comma
("57 900,00 kr"), percentages with a comma and a space before the sign ("93,0 %"), and names
as the policy and the register write them: a name inside a sentence loses only a capital
first letter, never an abbreviation's ("IT-strateg", "Lön- och PA-system" → "lön- och
PA-system"). Exports keep real numbers (``core/exports.py``); these are for text.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import formats

EMPTY = "–"


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def number(value, decimals: int = 0) -> str:
    """``57900`` → "57 900" (``decimals`` places, grouped, in the page's language)."""
    amount = _decimal(value)
    if amount is None:
        return EMPTY if value in (None, "") else str(value)
    places = int(decimals)
    amount = amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return formats.number_format(amount, decimal_pos=places, use_l10n=True, force_grouping=True)


def money(value, decimals: int = 2) -> str:
    """``57900`` → "57 900,00"."""
    return number(value, decimals)


def kr(value, decimals: int = 2) -> str:
    """``57900`` → "57 900,00 kr" (no break before "kr")."""
    text = money(value, decimals)
    return text if text == EMPTY else f"{text}\u00a0kr"


def percent(value, decimals: int = 1) -> str:
    """``93`` → "93,0 %" (no break before "%")."""
    text = number(value, decimals)
    return text if text == EMPTY else f"{text}\u00a0%"


def lower_first(name) -> str:
    """A name inside a sentence: "Kommundirektören" → "kommundirektören", but "IT-strateg"
    and "PA-system" keep their capitals (an abbreviation is never lower-cased)."""
    text = str(name)
    if len(text) > 1 and (text[1].isupper() or not text[0].isupper()):
        return text
    return text[:1].lower() + text[1:]
