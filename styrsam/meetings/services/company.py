"""The company meetings of the policy's obligation (G04): who holds them is the obligation's
``responsible_role`` (the IT strategist in the default guideline)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from styrsam.core.audit import audited_create
from styrsam.core.errors import NotAllowed, ValidationFailed
from styrsam.guideline.policy import get_policy
from styrsam.organisation.models import OrgUnit
from styrsam.organisation.selectors import role_holders

from ..access import responsible_for_company_meetings
from ..compliance import company_meeting_roles, company_obligation
from ..models import CompanyMeeting


@transaction.atomic
def company_meeting_record(
    *,
    actor,
    company: OrgUnit,
    date: datetime.date,
    coordination: str = "",
    needs: str = "",
    projects: str = "",
    held_by=None,
    today: datetime.date | None = None,
) -> CompanyMeeting:
    """Record the responsible role's meeting with a wholly-owned company (G04), held or
    planned ahead (a later date)."""
    policy = get_policy()
    obligation = company_obligation(policy) or {}
    roles = company_meeting_roles(policy)
    rule = obligation.get("rule", "G04")
    if actor is not None and not responsible_for_company_meetings(actor):
        raise NotAllowed(
            _("Bara %(role)s registrerar möten med bolagen.")
            % {"role": ", ".join(policy.role_name(r) for r in roles)},
            code="not_responsible",
            rule=rule,
        )
    kind = obligation.get("per_unit_kind", OrgUnit.Kind.COMPANY)
    if company.kind != kind:
        raise ValidationFailed(
            _("%(unit)s är inte ett helägt kommunalt bolag.") % {"unit": company.name},
            code="not_a_company",
            field="company",
            rule=rule,
        )
    # a date ahead plans the meeting (issue 17); it counts for the obligation from its day
    held_by = held_by or actor
    if held_by is None:
        holder = next((h for r in roles for h in role_holders(r)), None)
        held_by = holder.person if holder else None
    if held_by is None:
        raise ValidationFailed(_("Ange vem som höll mötet."), field="held_by")
    meeting = CompanyMeeting.objects.create(
        company=company,
        date=date,
        held_by=held_by,
        coordination=coordination,
        needs=needs,
        projects=projects,
    )
    audited_create(actor=actor, action="company_meeting.record", obj=meeting, rule=rule)
    return meeting
