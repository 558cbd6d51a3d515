"""Pagination for list pages, keeping the current filters in the page links."""

from __future__ import annotations

from django.core.paginator import Paginator

PAGE_SIZE = 50


def paginate(request, queryset, per_page: int = PAGE_SIZE) -> dict:
    paginator = Paginator(queryset, per_page)
    page_obj = paginator.get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    encoded = params.urlencode()
    return {
        "page_obj": page_obj,
        "object_list": page_obj.object_list,
        "querystring_without_page": f"{encoded}&" if encoded else "",
        "querystring": encoded,
    }
