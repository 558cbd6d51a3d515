"""Reporting a need (anmälan av behov): the first step of G03, G21, G23, G27 and G09."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from styrsam.core.audit import audited_create
from styrsam.core.errors import NotAllowed, ValidationFailed
from styrsam.core.formats import lower_first
from styrsam.guideline.policy import Policy, get_policy
from styrsam.organisation.models import OrgUnit
from styrsam.organisation.roles import has_role, units_for_role
from styrsam.systems.selectors import common_system_of_kind

from ..models import Case, CaseStep
from .common import refresh_status
from .next_actors import notify_next
from .numbering import next_registration_number


def _reporting_unit(policy: Policy, actor, case_type: str, unit: OrgUnit | None):
    """The unit the case is reported for, refusing reporters the policy does not name."""
    ct = policy.case_type(case_type)
    allowed = ct.get("reported_by", [])
    profile_unit = getattr(getattr(actor, "profile", None), "unit", None) if actor else None
    if actor is None:  # the system itself (demo data, imports); never the superuser (issue 11)
        return unit or profile_unit
    for role in allowed:
        if not policy.role_is_unit_scoped(role):
            if has_role(actor, role):
                return unit or profile_unit
        elif unit is not None and has_role(actor, role, unit.pk):
            return unit
    for role in allowed:  # no unit given: the unit of a unit-scoped reporting role
        if policy.role_is_unit_scoped(role) and unit is None:
            units = units_for_role(actor, role)
            if units:
                return OrgUnit.objects.get(pk=min(units))
    raise NotAllowed(
        _("%(type)s anmäls av %(roles)s (%(rule)s).")
        % {
            "type": ct["name"],
            "roles": ", ".join(policy.role_name(r).lower() for r in allowed),
            "rule": ct.get("rule", ""),
        },
        code="not_a_reporter",
        rule=ct.get("rule") or None,
    )


def _validate_replacement(
    policy: Policy, case_type: str, system, common_kind: str, successor_name: str, handover_date
) -> None:
    """G18: a common system is replaced by naming the current one (``system``) and its
    successor; a purchase of a kind the municipality already has would wait for ever (the
    decision could never register a second one), so it is refused here with the way out."""
    category = policy.registers_system(case_type)
    one_per_kind = bool(category) and policy.category_one_per_kind(category)
    if successor_name.strip():
        if system is None or not one_per_kind or not system.common_kind:
            raise ValidationFailed(
                _(
                    "En efterträdare anges bara när ett befintligt kommungemensamt system "
                    "ska bytas ut: välj det systemet (G18)."
                ),
                code="successor_needs_common_system",
                field="successor_name",
                rule="G18",
            )
    elif handover_date is not None:
        raise ValidationFailed(
            _("Ett överlämningsdatum hör till ett byte: ange efterträdaren (G18)."),
            code="handover_without_successor",
            field="handover_date",
            rule="G18",
        )
    if one_per_kind and system is None and common_kind:
        existing = common_system_of_kind(common_kind)
        if existing is not None:
            kind = policy.common_kind(common_kind) or {}
            raise ValidationFailed(
                _(
                    "Kommunen har redan ett kommungemensamt system av typen %(kind)s: "
                    "%(name)s, och får bara ha ett av varje slag (G18). Ska det bytas ut? "
                    "Välj %(name)s som berört system och ange det nya systemet som "
                    "efterträdare, med överlämningsdatum."
                )
                % {"kind": str(kind.get("name", common_kind)).lower(), "name": existing.name},
                code="common_kind_in_use",
                field="system",
                rule="G18",
                extra={"existing_system": existing.pk},
            )


def reportable_case_types(*, user, policy: Policy | None = None) -> list[str]:
    """The case types ``user`` may report (the policy's ``reported_by``), in the policy's
    order: the report form offers only these, so nobody fills in a form that is refused."""
    policy = policy or get_policy()
    codes = []
    for code in policy.case_type_codes():
        try:
            _reporting_unit(policy, user, code, None)
        except NotAllowed:
            continue
        codes.append(code)
    return codes


def _validate(
    policy: Policy, case_type: str, title: str, system, amount_requested, common_kind: str
) -> None:
    ct = policy.case_type(case_type)
    rule = ct.get("rule") or None
    if not title.strip():
        raise ValidationFailed(_("Ärendet måste ha en rubrik."), code="required", field="title")
    category = policy.registers_system(case_type)  # G21 common, G23 business systems
    if system is not None and category and system.category != category:
        raise ValidationFailed(
            _("%(sys)s är inte ett %(cat)s; välj rätt ärendetyp (%(rule)s).")
            % {
                "sys": system.name,
                "cat": lower_first(dict(policy.system_category_choices()).get(category, category)),
                "rule": rule,
            },
            code="wrong_system_category",
            field="system",
            rule=rule,
        )
    if category and system is None and policy.category_one_per_kind(category) and not common_kind:
        raise ValidationFailed(
            _(
                "Ange vilken typ av kommungemensamt system som ska köpas in, "
                "eller välj det befintliga systemet (G19)."
            ),
            code="common_kind_required",
            field="common_kind",
            rule="G19",
        )
    if policy.carries_amount(case_type) and (amount_requested is None or amount_requested <= 0):
        raise ValidationFailed(
            _("Ange vilket belopp som söks från centrala medel (%(rule)s).") % {"rule": rule},
            code="amount_required",
            field="amount_requested",
            rule=rule,
        )


@transaction.atomic
def case_report(
    *,
    actor,
    case_type: str,
    title: str,
    description: str = "",
    system=None,
    reporting_unit: OrgUnit | None = None,
    proposed_system_name: str = "",
    common_kind: str = "",
    amount_requested: Decimal | int | None = None,
    affected_units: Iterable[OrgUnit] = (),
    successor_name: str = "",
    handover_date: datetime.date | None = None,
) -> Case:
    """Report a need. The case gets its registration number and the policy's steps."""
    policy = get_policy()
    if case_type not in policy.case_type_codes():
        raise ValidationFailed(
            _("Okänd ärendetyp: %(t)s") % {"t": case_type},
            code="unknown_case_type",
            field="case_type",
        )
    title = (title or "").strip()
    _validate(policy, case_type, title, system, amount_requested, common_kind)
    successor_name = (successor_name or "").strip()
    _validate_replacement(policy, case_type, system, common_kind, successor_name, handover_date)
    if common_kind and policy.common_kind(common_kind) is None:
        raise ValidationFailed(
            _("Okänd typ av kommungemensamt system."), field="common_kind", rule="G19"
        )
    unit = _reporting_unit(policy, actor, case_type, reporting_unit)
    ct = policy.case_type(case_type)
    year = timezone.localdate().year
    case = Case.objects.create(
        case_type=case_type,
        title=title,
        description=description,
        system=system,
        proposed_system_name=proposed_system_name.strip(),
        common_kind=common_kind,
        successor_name=successor_name,
        handover_date=handover_date,
        reporter=actor,
        reporting_unit=unit,
        series=ct["series"],
        year=year,
        number=next_registration_number(series=ct["series"], year=year),
        amount_requested=amount_requested,
    )
    CaseStep.objects.bulk_create(
        [
            CaseStep(
                case=case,
                code=step.code,
                name=step.name,
                position=i,
                performer_roles=list(step.performer_roles),
                consultation_group=step.consultation_group or "",
                when_needed=step.when_needed,
            )
            for i, step in enumerate(policy.steps(case_type), start=1)
        ]
    )
    case.affected_units.set(list(affected_units))
    refresh_status(case, policy)
    audited_create(
        actor=actor,
        action="case.report",
        obj=case,
        rule=ct.get("rule", ""),
        registration_number=case.registration_number,
    )
    notify_next(case=case, actor=actor)
    return case
