"""Template filters of the follow-up's result tables."""

from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """``{{ scores|get_item:area.code }}``: a dictionary's value, ``None`` when absent."""
    return mapping.get(key) if hasattr(mapping, "get") else None
