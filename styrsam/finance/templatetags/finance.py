"""``{{ amount|kronor }}``: kronor with the locale's grouping and two decimals (``|kronor:0``
for whole kronor); ``–`` for no amount."""

from __future__ import annotations

from django import template
from django.template.defaultfilters import floatformat

register = template.Library()


@register.filter
def kronor(value, decimals: int = 2) -> str:
    if value is None or value == "":
        return "–"
    return floatformat(value, f"{int(decimals)}g")
