"""Thin views, htmx on the same URL (convention 9): a partial when the request comes from htmx."""

from django.shortcuts import render


def render_page(
    request, template: str, context: dict, partial: str | None = None, status: int = 200
):
    if partial and getattr(request, "htmx", False) and not request.htmx.boosted:
        return render(request, partial, context, status=status)
    return render(request, template, context, status=status)
