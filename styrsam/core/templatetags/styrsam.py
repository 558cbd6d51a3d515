from django import template

from styrsam.core import formats
from styrsam.core.audit_labels import action_label as _action_label

register = template.Library()


@register.filter
def action_label(code: str) -> str:
    """The Swedish name of an audit action (``case.decide`` → "Beslut fattat")."""
    return _action_label(code)


@register.filter(name="kr")
def kr_filter(value, decimals: int = 2) -> str:
    """``{{ amount|kr }}`` → "57 900,00 kr"; ``{{ amount|kr:0 }}`` → "57 900 kr"."""
    return formats.kr(value, decimals)


@register.filter(name="percent")
def percent_filter(value, decimals: int = 1) -> str:
    """``{{ share|percent }}`` → "93,0 %"."""
    return formats.percent(value, decimals)


@register.filter(name="lower_first")
def lower_first_filter(name) -> str:
    """A name inside a sentence without lower-casing an abbreviation ("IT-strateg")."""
    return formats.lower_first(name)


@register.simple_tag(takes_context=True)
def may(context, perm: str, obj=None) -> bool:
    """``{% may "cases.add_case" as may_report %}``: what ``core.access.may`` answers for the
    signed-in user — a governance permission without the superuser shortcut of ``perms``."""
    from styrsam.core.access import may as may_

    return may_(context["request"].user, perm, obj)


@register.simple_tag
def table_header(table, querystring_without_sort="") -> str:
    """``{% table_header table querystring_without_sort %}``: the header cells of a list's
    table written in Python (``core.lists.Table.header_html``, ``components/fast_table.html``)."""
    return table.header_html(querystring_without_sort)


@register.simple_tag
def readable_history(entries):
    """The entries of a history tab as rows that read like the page (``core/history.py``)."""
    from styrsam.core.history import readable_history as rows

    return rows(entries)


@register.inclusion_tag("core/_api_token_panel.html", takes_context=True)
def api_token_panel(context):
    """The signed-in user's own API token: when it expires, renew, revoke."""
    from django.conf import settings

    from styrsam.core.tokens import token_expires, token_get, token_is_expired

    request = context["request"]
    token = token_get(user=request.user)
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "token": token,
        "expires": token_expires(token) if token else None,
        "expired": bool(token and token_is_expired(token)),
        "ttl_days": settings.API_TOKEN_TTL_DAYS,
    }
