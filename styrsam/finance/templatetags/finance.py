"""``{{ amount|kronor }}``: kronor with the active language's grouping and two decimals
(``|kronor:0`` for whole kronor); ``–`` for no amount. Written for speed: a statement or the
overview shows hundreds of amounts, and ``floatformat`` costs ten times as much per call."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

import rules
from django import template
from django.utils.formats import get_format
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()


@register.filter
def kronor(value, decimals: int = 2) -> str:
    if value is None or value == "":
        return "–"
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    places = int(decimals)
    number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{number:,.{places}f}"  # 1,234,567.89
    grouping, decimal = _separators(get_language())
    return text.replace(",", "\x00").replace(".", decimal).replace("\x00", grouping)


@lru_cache(maxsize=16)
def _separators(language: str | None) -> tuple[str, str]:
    return get_format("THOUSAND_SEPARATOR", language), get_format("DECIMAL_SEPARATOR", language)


@register.inclusion_tag("finance/_nav.html", takes_context=True)
def finance_nav(context, current: str = "") -> dict:
    """The finance pages' tabs. The permissions are asked of the rules directly: a tab the
    user may not open would otherwise make Django's model backend load the user's model
    permissions (two queries) only to say no."""
    user = context["request"].user
    return {
        "current": current,
        "statements": rules.has_perm("finance.view_statements", user),
        "overview": rules.has_perm("finance.view_overview", user),
    }


@register.simple_tag
def statement_rows(line, system_url, case_url) -> str:
    """The rows behind a statement's line (``<tr>`` each), the same HTML as the template loop
    they replace, rendered in one pass: a department's statement has a row per own system
    (docs/performance.md)."""
    esc = conditional_escape
    system_before, system_after = esc(system_url[0]), esc(system_url[1])
    case_before, case_after = esc(case_url[0]), esc(case_url[1])
    out = []
    for row in line.rows:
        if row.system_id:
            head = f'<a href="{system_before}{row.system_id}{system_after}">{esc(row.label)}</a>'
        elif row.case_id:
            head = (
                f'<a href="{case_before}{row.case_id}{case_after}">{esc(row.reference)}</a> '
                f"{esc(row.label)}"
            )
        else:
            head = esc(row.label)
        out.append(
            f'<tr><th scope="row">\n    {head}</th>\n    <td>{esc(kronor(row.amount))}</td></tr>'
        )
    return mark_safe("".join(out))  # noqa: S308 - every text and link escaped above


@register.simple_tag
def overview_row(st, statement_url: str, year: int) -> str:
    """A department's row of the municipality overview, the same HTML as the template it
    replaces, in one pass (60 departments × 8 amounts: docs/performance.md)."""
    esc = conditional_escape
    budget = st.budget
    cells = "".join(f"<td>{esc(kronor(line.outcome))}</td>" for line in st.lines.values())
    return mark_safe(  # noqa: S308 - every text and link escaped
        f'<tr><th scope="row"><a href="{esc(statement_url)}?forvaltning='
        f'{esc(st.department.code)}&amp;ar={year}">{esc(st.department.name)}</a></th>\n    '
        f"{cells}\n    <td>{esc(kronor(budget)) if budget is not None else '–'}</td>"
        f"<td>{esc(kronor(st.outcome))}</td><td>{esc(kronor(st.forecast))}</td></tr>"
    )


@register.simple_tag
def department_options(departments, department) -> str:
    """The ``<option>`` of every department the user may see, the chosen one selected (the
    same HTML as the template loop it replaces; up to every department of the
    municipality)."""
    esc = conditional_escape
    chosen = getattr(department, "pk", None)
    return mark_safe(  # noqa: S308 - every code and name escaped
        "".join(
            f'<option value="{esc(d.code)}"{" selected" if d.pk == chosen else ""}>'
            f"{esc(d.name)}</option>"
            for d in departments
        )
    )
