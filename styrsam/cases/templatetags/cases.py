from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """``mapping[key]`` in a template (e.g. the policy's name of a case type)."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None
