"""Start-page items of the rental system: the investment budget nearly used (G08)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from styrsam.core import formats
from styrsam.core.todo import Todo
from styrsam.organisation.roles import has_capability

from .selectors import budget_use


def todos(user, policy) -> list[Todo]:
    if not has_capability(user, "manage_budget"):
        return []
    year = timezone.localdate().year
    overview = budget_use(year=year)  # one query (issue 18)
    percent = overview.get("percent")
    if percent is None or percent < policy.budget_warning_percent():
        return []
    exceeded = overview["remaining"] < 0
    text = (
        _("Investeringsbudgeten %(year)s är överskriden: %(p)s använt.")
        if exceeded
        else _("Investeringsbudgeten %(year)s är nästan förbrukad: %(p)s använt.")
    )
    return [
        Todo(
            text=text % {"year": year, "p": formats.percent(percent)},
            url=reverse("rental:budget"),
            rule="G08",
            level="danger" if exceeded else "warning",
        )
    ]
