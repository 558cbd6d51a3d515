"""The start page: the user's to-dos and the sections the apps register (roles, groups …)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .registry import registry
from .todo import collect_todos


@login_required
def home(request):
    sections = []
    for section in registry.home_sections:
        context = section.render(request)
        if context is not None:
            sections.append(
                {
                    "key": section.key,
                    "template": section.template,
                    "context": context,
                    "order": section.order,
                }
            )
    return render(
        request,
        "core/home.html",
        {
            "todos": collect_todos(request.user),
            # sections ordered below 0 come before the to-dos (e.g. the user's roles)
            "sections_before": [s for s in sections if s["order"] < 0],
            "sections": [s for s in sections if s["order"] >= 0],
        },
    )
