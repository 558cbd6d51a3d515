from django import template

from styrsam.core.audit_labels import action_label as _action_label

register = template.Library()


@register.filter
def action_label(code: str) -> str:
    """The Swedish name of an audit action (``case.decide`` → "Beslut fattat")."""
    return _action_label(code)
