"""The start page: the user's to-dos and the sections the apps register (roles, groups …)."""

from __future__ import annotations

import re

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from .htmx import render_page
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
            if section.deferred:  # loaded after the page, by its own request (issue 18)
                if section.shown(request):
                    sections.append(
                        {
                            "key": section.key,
                            "template": "core/_home_deferred.html",
                            "context": {
                                "key": section.key,
                                "label": section.label,
                                "url": reverse("home_section", args=[section.key]),
                            },
                            "order": section.order,
                            "deferred": True,
                        }
                    )
                continue
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
def home_section(request, key: str):
    """A start-page section loaded after the page (``HomeSection.shown``): the section alone
    for htmx, which puts it in the start page, or as a page of its own (without JavaScript,
    the start page's link). 404 for a section the user is not shown."""
    section = next((s for s in registry.home_sections if s.key == key and s.deferred), None)
    if section is None or not section.shown(request):
        raise Http404
    with page(request.user):
        context = section.render(request)
    if context is None:
        raise Http404
    return render_page(
        request,
        "core/home_section.html",
        {"section": context, "section_template": section.template, "label": section.label},
        partial=section.template,
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
