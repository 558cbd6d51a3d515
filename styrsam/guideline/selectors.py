from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import PolicyVersion


def due_policy_version(today: datetime.date | None = None) -> PolicyVersion | None:
    """The latest adopted version whose effective date has come (None: none is)."""
    return (
        PolicyVersion.objects.filter(
            status=PolicyVersion.Status.ADOPTED,
            effective_date__lte=today or timezone.localdate(),
        )
        .select_related("loaded_by", "adopted_by")
        .order_by("-effective_date", "-number")
        .first()
    )


def policy_versions(*, user) -> QuerySet[PolicyVersion]:
    return (
        PolicyVersion.objects.select_related("loaded_by", "adopted_by")
        .defer("text", "data")
        .order_by("-number")
    )


def active_policy_version(*, user) -> PolicyVersion | None:
    """The version in force (G29: the latest adopted one whose effective date has come)."""
    due = due_policy_version()
    if due is not None:
        return due
    return PolicyVersion.objects.filter(is_active=True).select_related("loaded_by").first()


def policy_drafts(*, user) -> list[PolicyVersion]:
    """Drafts awaiting adoption and adopted versions not yet in force, oldest first."""
    return list(
        PolicyVersion.objects.filter(
            Q(status=PolicyVersion.Status.DRAFT) | Q(effective_date__gt=timezone.localdate())
        )
        .select_related("loaded_by")
        .defer("text", "data")
        .order_by("number")
    )


def policy_version(*, user, number: int) -> PolicyVersion | None:
    return (
        PolicyVersion.objects.select_related("loaded_by", "adopted_by")
        .filter(number=number)
        .first()
    )
