from django import template

from styrsam.guideline.policy import get_policy

register = template.Library()


@register.filter
def role_name(code: str) -> str:
    """The policy's Swedish name of a role code."""
    return get_policy().role_name(code)


@register.filter
def action_label(code: str) -> str:
    """The Swedish name of an audit action (``case.decide`` → "Beslut fattat")."""
    from styrsam.core.audit_labels import action_label as label

    return label(code)
