"""One access helper per object (convention 3): outsiders get 404, read-only users 403."""

from __future__ import annotations

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404

from .memo import per_user

# Permissions of governance acts (memberships, meetings, register fields, budgets, decisions,
# adoptions). Django's ``User.has_perm`` grants an active superuser every permission; for these
# the superuser is asked like anyone else: the system administrator is no governance actor
# (issue 11, G13–G16, G29). An app names its own in its rules.py with ``governance_permission``.
GOVERNANCE_PERMISSIONS: set[str] = set()


def governance_permission(perm: str, predicate) -> None:
    """``rules.add_perm(perm, predicate)`` for a governance act (no superuser shortcut)."""
    rules.add_perm(perm, predicate)
    GOVERNANCE_PERMISSIONS.add(perm)


def may(user, perm: str, obj=None) -> bool:
    """``user.has_perm(perm, obj)``, except that a governance permission is answered by its
    predicate alone (an active user only), never by the superuser flag."""
    if perm in GOVERNANCE_PERMISSIONS:
        return bool(getattr(user, "is_active", False)) and rules.has_perm(perm, user, obj)
    return user.has_perm(perm, obj)


def rules_allow(user, perm: str) -> bool:
    """``user.has_perm(perm)`` for a permission the ``rules`` predicates define, asked of them
    alone: a "no" from Django's model backend loads the user's and groups' permissions (two
    queries), which every page frame (the menu) and start-page section would pay (issue 18).
    An active superuser may, as with ``has_perm`` — except a governance permission (``may``):
    the menu does not offer him what the page would refuse. Asked once per permission and request
    (kept on the request's user object, ``core.memo``): the menu, the page's buttons and its
    rows ask the same questions."""
    if not getattr(user, "is_active", False):
        return False
    if user.is_superuser and perm not in GOVERNANCE_PERMISSIONS:
        return True
    return per_user(user, ("rules_allow", perm), lambda: bool(rules.has_perm(perm, user)))


def require_perm(user, perm: str, obj=None, *, hide: bool = False) -> None:
    """Raise 403 (or 404 when ``hide``: the user may not even know the object exists)."""
    if not may(user, perm, obj):
        if hide:
            raise Http404
        raise PermissionDenied
