"""G03: a planned development project is reported early; the IT strategist forwards it to
the deciding groups and the departments affected, who are notified."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from styrsam.core.audit import audit_record
from styrsam.core.errors import Conflict, NotAllowed, ValidationFailed
from styrsam.guideline.policy import get_policy
from styrsam.organisation.models import GovernanceGroup, Membership, OrgUnit, RoleAssignment
from styrsam.organisation.roles import active_q

from ..hooks import case_forwarded
from ..models import Case
from .common import (
    coordinator_name,
    forwarding_code,
    get_step,
    is_coordinator,
    lock,
    refresh_status,
    require_not_final,
)
from .next_actors import case_url
from .notifications import notify
from .steps import complete


@transaction.atomic
def case_forward(
    *,
    actor,
    case: Case,
    groups: Iterable[GovernanceGroup],
    units: Iterable[OrgUnit] = (),
    comment: str = "",
) -> Case:
    """Notify every member of ``groups`` and the heads of ``units`` (and of the case's
    affected departments: the holders of a role with the policy's capability ``lead_unit``
    for them); the type's forwarding step is then done."""
    if not is_coordinator(actor):
        raise NotAllowed(
            _("Bara %(role)s vidarebefordrar anmälningar (G03).") % {"role": coordinator_name()},
            code="not_coordinator",
            rule="G03",
        )
    case = lock(case)
    require_not_final(case)
    policy = get_policy()
    code = forwarding_code(case, policy)
    if code is None:
        raise Conflict(
            _("Ärenden av den här typen vidarebefordras inte (G03)."),
            code="not_forwarded",
            rule="G03",
        )
    step = get_step(case, code)
    if step.is_done:
        raise Conflict(_("Anmälan är redan vidarebefordrad."), code="step_already_done", rule="G03")
    groups = list(groups)
    if not groups:
        raise ValidationFailed(
            _("Välj minst en grupp att vidarebefordra till (G03)."), field="groups", rule="G03"
        )
    units = {u.pk: u for u in [*units, *case.affected_units.all()]}
    members = [
        m.person
        for m in Membership.objects.filter(active_q(), group__in=groups).select_related("person")
    ]
    heads = [
        a.person
        for a in RoleAssignment.objects.filter(
            active_q(), role__in=policy.roles_with("lead_unit"), unit_id__in=list(units)
        ).select_related("person")
    ]
    text = _("Planerat utvecklingsprojekt %(nr)s: %(title)s (anmält av %(unit)s).") % {
        "nr": case.registration_number,
        "title": case.title,
        "unit": case.reporting_unit.name if case.reporting_unit_id else case.reporter,
    }
    notified = notify(
        recipients=[*members, *heads], text=text, url=case_url(case), case=case, exclude=actor
    )
    complete(
        actor=actor,
        case=case,
        step=step,
        comment=comment
        or _("Vidarebefordrad till %(g)s och %(u)s.")
        % {
            "g": ", ".join(g.name for g in groups),
            "u": ", ".join(u.name for u in units.values()) or _("inga förvaltningar"),
        },
    )
    audit_record(
        actor=actor,
        action="case.forward",
        obj=case,
        after={
            "groups": sorted(g.code for g in groups),
            "units": sorted(u.code for u in units.values()),
            "notified": len(notified),
        },
        rule="G03",
    )
    refresh_status(case)
    case_forwarded.send(actor=actor, case=case)
    return case
