"""One access helper per object (convention 3): outsiders get 404, read-only users 403."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404


def require_perm(user, perm: str, obj=None, *, hide: bool = False) -> None:
    """Raise 403 (or 404 when ``hide``: the user may not even know the object exists)."""
    if not user.has_perm(perm, obj):
        if hide:
            raise Http404
        raise PermissionDenied
