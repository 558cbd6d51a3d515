"""Start-page items of cases: steps waiting for one of the user's roles, consultations to
answer, cases ready for decision (for the coordinator, the IT strategist by default)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from styrsam.core.todo import Todo
from styrsam.organisation.roles import is_coordinator, memberships_of, roles_of

from .models import Case, CaseStep, Consultation
from .selectors import DECISION, open_required_step_q, ready_case_count

MAX_ITEMS = 20


def todos(user, policy) -> list[Todo]:
    items: list[Todo] = []
    roles = {r for r, _u in roles_of(user)}
    steps = (
        CaseStep.objects.filter(
            open_required_step_q(),
            case__status=Case.Status.OPEN,
            consultation_group="",
        )
        .select_related("case")
        # the fields the to-do shows: hundreds of open steps at scale (issue 18)
        .only(
            "case_id",
            "name",
            "position",
            "performer_roles",
            "case__series",
            "case__year",
            "case__number",
            "case__title",
            "case__case_type",
        )
        .order_by("case__year", "case__number", "position")
    )
    for step in steps[:500] if roles else ():  # no role performs a step: nothing to read
        if not roles & set(step.performer_roles):
            continue
        items.append(
            Todo(
                text=_("%(nr)s %(title)s: %(step)s")
                % {
                    "nr": step.case.registration_number,
                    "title": step.case.title,
                    "step": step.name,
                },
                url=reverse("cases:case_detail", args=[step.case_id]),
                rule=policy.case_type(step.case.case_type).get("rule", "")
                if step.case.case_type in policy.case_type_codes()
                else "",
            )
        )
        if len(items) >= MAX_ITEMS:
            break
    groups = {m.group_id for m in memberships_of(user)}
    open_consultations = (
        Consultation.objects.filter(closed_at__isnull=True, group_id__in=groups)
        .exclude(responses__member=user)
        .select_related("case")
    )
    for consultation in open_consultations[:MAX_ITEMS] if groups else ():
        items.append(
            Todo(
                text=_("Remiss att besvara senast %(date)s: %(nr)s %(title)s")
                % {
                    "date": consultation.deadline.isoformat(),
                    "nr": consultation.case.registration_number,
                    "title": consultation.case.title,
                },
                url=reverse("cases:consultation_detail", args=[consultation.pk]),
                rule="G14",
                level="warning",
            )
        )
    if is_coordinator(user):
        ready = ready_case_count(user=user)
        if ready:
            items.append(
                Todo(
                    text=_("%(n)s ärenden är klara för beslut.") % {"n": ready},
                    url=f"{reverse('cases:case_open')}?waiting_for={DECISION}",
                )
            )
    return items
