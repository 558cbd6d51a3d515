from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from styrsam.guideline.policy import get_policy
from styrsam.organisation.roles import roles_of
from styrsam.organisation.selectors import membership_list

from .todo import collect_todos


@login_required
def home(request):
    policy = get_policy()
    roles = sorted(
        {(policy.role_name(role), unit_id) for role, unit_id in roles_of(request.user)},
        key=lambda r: r[0],
    )
    return render(
        request,
        "core/home.html",
        {
            "policy": policy,
            "todos": collect_todos(request.user, policy),
            "role_names": sorted({name for name, _unit in roles}),
            "my_memberships": membership_list(user=request.user, person=request.user.pk),
        },
    )
