"""The start page: the user's to-dos and the sections the apps register (roles, groups …)."""

from __future__ import annotations

import re

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render

from .memo import page
from .pickers import MAX_QUERY_LENGTH, picker_source
from .registry import registry
from .todo import collect_todos


@login_required
def home(request):
    # the sections and to-dos share what several of them read (``memo.per_page``, issue 18)
    with page(request.user):
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


@login_required
def picker_search(request, kind: str):
    """A picker's matches (``core/pickers.py``): at most ``MAX_MATCHES`` ``<li role=option>``
    of what ``kind`` lets the user pick, matching every word typed."""
    try:
        source = picker_source(kind)
    except LookupError as exc:
        raise Http404 from exc
    if source.permission and not request.user.has_perm(source.permission):
        raise PermissionDenied
    field = request.GET.get("_field", "q")
    text = request.GET.get(field, "") if field else ""
    if isinstance(text, str):
        # the multi picker's text field may hold several keys typed without JavaScript
        text = text.split(",")[-1].strip()[:MAX_QUERY_LENGTH]
    field_id = re.sub(r"[^\w-]", "", request.GET.get("_id", "picker"))[:100] or "picker"
    options = [
        {
            "key": source.key(obj),
            "label": source.label(obj),
            "display": source.display(obj),
            "detail": source.detail(obj) if source.detail else "",
        }
        for obj in source.search(request.user, text)
    ]
    return render(request, "core/_picker_options.html", {"options": options, "field_id": field_id})
