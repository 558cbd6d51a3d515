"""Who may run a meeting's writes, shared by the service modules (G13–G16)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from styrsam.core.errors import NotAllowed
from styrsam.guideline.policy import get_policy
from styrsam.organisation.models import GovernanceGroup

from ..access import is_convener_of
from ..models import Meeting


def group_rule(group: GovernanceGroup) -> str:
    """The policy's rule of ``group`` (G13 for the steering group …), "" for a group the
    active policy does not know."""
    policy = get_policy()
    return policy.group(group.code).rule if group.code in policy.groups else ""


def require_convener(actor, group: GovernanceGroup) -> None:
    """Only the holder of the policy's convener role (or a superuser) plans and runs (G13–G16)."""
    if actor is None:
        return  # the system itself (demo data, imports)
    if not is_convener_of(actor, group):
        policy = get_policy()
        role = policy.group(group.code).convener_role if group.code in policy.groups else ""
        raise NotAllowed(
            _("Bara sammankallande (%(role)s) planerar möten för %(group)s.")
            % {"role": policy.role_name(role), "group": group.name},
            code="not_convener",
            rule=group_rule(group),
        )


def require_runs(actor, meeting: Meeting) -> None:
    """The convener or the meeting's secretary."""
    if actor is None or (meeting.secretary_id and actor.pk == meeting.secretary_id):
        return
    require_convener(actor, meeting.group)
