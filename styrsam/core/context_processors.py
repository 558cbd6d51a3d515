"""The page frame's context: the main menu and what the apps add (e.g. the active policy).

Menu items are registered by the apps (``styrsam.core.registry``); core lists none itself."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

from .access import rules_allow
from .registry import registry


def _is_active(current: str, name: str) -> bool:
    if current == name:
        return True
    if ":" not in name or not current.startswith(name.split(":")[0] + ":"):
        return False
    return current.split(":")[1].split("_")[0] == name.split(":")[1].split("_")[0]


def styrsam(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    current = request.resolver_match.view_name if request.resolver_match else ""
    items = []
    for item in registry.navigation:
        if item.permission and not rules_allow(user, item.permission):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        items.append(
            {"url": url, "label": item.label, "active": _is_active(current, item.url_name)}
        )
    context = {"nav_items": items}
    for provider in registry.page_context:
        context.update(provider(request))
    return context
