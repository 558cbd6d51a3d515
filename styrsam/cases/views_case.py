"""The case page: its path, what blocks the decision, the timeline, and the forms that move
it on. Each action posts to its own URL; a refusal re-renders the page with the reason."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from styrsam.core.access import require_perm
from styrsam.core.audit import history_for
from styrsam.core.errors import ServiceError
from styrsam.guideline.policy import get_policy
from styrsam.organisation.roles import has_any_role, has_role

from . import selectors, services
from .attachments import MAX_ATTACHMENT_BYTES, attachment_response
from .forms import (
    ConsultationOpenForm,
    DecisionForm,
    ForwardForm,
    StepCompleteForm,
    StepNeededForm,
)
from .hooks import rendered_case_sections
from .services.common import chairs_group, is_coordinator
from .services.steps import FORWARD_STEP


def _step_rows(case, user):
    rows = []
    for step in case.steps.all():
        rows.append(
            {
                "step": step,
                "performers": [get_policy().role_name(r) for r in step.performer_roles],
                "may_complete": not step.is_done
                and not case.is_final
                and not step.consultation_group
                and step.code != FORWARD_STEP
                and step.needed is not False
                and (user.is_superuser or has_any_role(user, step.performer_roles)),
            }
        )
    return rows


def render_case(request, case, *, error=None, forms=None, status=200):
    policy = get_policy()
    case_type = policy.case_type(case.case_type)
    coordinator = is_coordinator(request.user)
    forms = forms or {}
    blocking = [s for s in case.steps.all() if s.is_open_required]
    context = {
        "case": case,
        "case_type": case_type,
        "rows": _step_rows(case, request.user),
        "blocking": blocking,
        "has_decision_step": bool(case_type.get("decision")),
        "decisions": list(case.decisions.all()),
        "consultations": list(case.consultations.all()),
        "coordinator": coordinator,
        "may_decide": coordinator
        or has_role(request.user, "municipal_director")
        or chairs_group(
            request.user, (case_type.get("decision") or {}).get("body", {}).get("group", "")
        ),
        "error": error,
        "complete_form": forms.get("complete", StepCompleteForm()),
        "needed_form": forms.get("needed", StepNeededForm()),
        "consultation_form": forms.get("consultation", ConsultationOpenForm()),
        "decision_form": forms.get("decision", DecisionForm()),
        "forward_form": forms.get("forward", ForwardForm()),
        "may_forward": coordinator
        and any(s.code == FORWARD_STEP and not s.is_done for s in case.steps.all()),
        "history": history_for(case)[:200],
        "sections": rendered_case_sections(user=request.user, case=case),
        "max_attachment_bytes": MAX_ATTACHMENT_BYTES,
    }
    return render(request, "cases/case_detail.html", context, status=status)


@login_required
def case_detail(request, pk: int):
    require_perm(request.user, "cases.view_case")
    return render_case(request, selectors.case_get(user=request.user, pk=pk))


def _act(request, pk, form_key, form, action, success):
    require_perm(request.user, "cases.view_case")
    case = selectors.case_get(user=request.user, pk=pk)
    if not form.is_valid():
        return render_case(request, case, forms={form_key: form}, status=400)
    try:
        action(case, form.cleaned_data)
    except ServiceError as exc:
        case = selectors.case_get(user=request.user, pk=pk)
        return render_case(request, case, error=exc, forms={form_key: form}, status=exc.status)
    messages.success(request, success)
    return redirect("cases:case_detail", pk=pk)


@login_required
@require_POST
def step_complete(request, pk: int, step: str):
    return _act(
        request,
        pk,
        "complete",
        StepCompleteForm(request.POST, request.FILES),
        lambda case, d: services.case_complete_step(
            actor=request.user,
            case=case,
            step=step,
            comment=d["comment"],
            attachment=d["attachment"],
        ),
        _("Steget är markerat som utfört."),
    )


@login_required
@require_GET
def step_attachment(request, pk: int, step_pk: int):
    """A step's attachment, for users who may see the case (404 for others); never a public
    MEDIA_URL path."""
    step = selectors.case_step_get(user=request.user, case=pk, pk=step_pk)
    return attachment_response(user=request.user, step=step)


@login_required
@require_POST
def step_needed(request, pk: int, step: str):
    return _act(
        request,
        pk,
        "needed",
        StepNeededForm(request.POST),
        lambda case, d: services.case_mark_step_needed(
            actor=request.user, case=case, step=step, needed=d["needed"], reason=d["reason"]
        ),
        _("Bedömningen är sparad."),
    )


@login_required
@require_POST
def consultation_open(request, pk: int, step: str):
    return _act(
        request,
        pk,
        "consultation",
        ConsultationOpenForm(request.POST),
        lambda case, d: services.consultation_open(
            actor=request.user,
            case=case,
            step=step,
            deadline=d["deadline"],
            question=d["question"],
        ),
        _("Ärendet är skickat på remiss."),
    )


@login_required
@require_POST
def case_decide(request, pk: int):
    return _act(
        request,
        pk,
        "decision",
        DecisionForm(request.POST),
        lambda case, d: services.case_decide(actor=request.user, case=case, **d),
        _("Beslutet är registrerat."),
    )


@login_required
@require_POST
def case_forward(request, pk: int):
    return _act(
        request,
        pk,
        "forward",
        ForwardForm(request.POST),
        lambda case, d: services.case_forward(
            actor=request.user,
            case=case,
            groups=d["groups"],
            units=d["units"],
            comment=d["comment"],
        ),
        _("Anmälan är vidarebefordrad."),
    )
