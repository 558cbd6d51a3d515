from __future__ import annotations

from django.db.models import QuerySet

from .models import PolicyVersion


def policy_versions(*, user) -> QuerySet[PolicyVersion]:
    return (
        PolicyVersion.objects.select_related("loaded_by").defer("text", "data").order_by("-number")
    )


def active_policy_version(*, user) -> PolicyVersion | None:
    return PolicyVersion.objects.filter(is_active=True).select_related("loaded_by").first()
