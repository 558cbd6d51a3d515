"""Template filters that ask the active policy (a builtin library: no ``{% load %}`` needed)."""

from django import template

from styrsam.guideline.policy import get_policy

register = template.Library()


@register.filter
def role_name(code: str) -> str:
    """The policy's Swedish name of a role code."""
    return get_policy().role_name(code)
