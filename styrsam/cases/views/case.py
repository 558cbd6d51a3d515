"""The case pages: the report form, and the case page with its path, what blocks the
decision, the timeline and the forms that move it on. Each action posts to its own URL and
runs its service through ``form_action``: a refusal re-renders the page with the bound form
(what the user typed, the error on its field or once at the top of that form)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from styrsam.core.access import require_perm
from styrsam.core.actions import form_action
from styrsam.core.audit import history_for
from styrsam.guideline.policy import get_policy

from .. import selectors, services
from ..attachments import attachment_response
from ..forms import (
    CaseReportForm,
    ConsultationOpenForm,
    DecisionForm,
    ForwardForm,
    StepCompleteForm,
    StepNeededForm,
    case_type_label,
)
from ..hooks import rendered_case_sections
from ..models import Case, Decision, body_name
from ..services.common import (
    coordinator_name,
    forwarding_code,
    is_coordinator,
    may_decide,
    may_perform,
)

# The forms of one step on the case page, by the key the action views use.
STEP_FORMS = {
    "complete": StepCompleteForm,
    "needed": StepNeededForm,
    "consultation": ConsultationOpenForm,
}


def _step_form(kind: str, code: str, bound, data=None, files=None):
    """The ``kind`` form of step ``code``; the bound one if that is the form just posted.
    Field ids end with the step's code (``deadline-preparatory_anchoring``): one page holds
    the forms of every step."""
    if bound and bound[0] == kind and bound[1] == code:
        return bound[2]
    return STEP_FORMS[kind](data, files, auto_id=f"%s-{code}")


def _step_rows(case: Case, user, forwarding: str | None, bound) -> list[dict]:
    policy = get_policy()
    rows = []
    for step in case.steps.all():
        forms = {kind: _step_form(kind, step.code, bound) for kind in STEP_FORMS}
        rows.append(
            {
                "step": step,
                "performers": [policy.role_name(r) for r in step.performer_roles],
                "may_complete": not step.is_done
                and not case.is_final
                and not step.consultation_group
                and step.code != forwarding
                and step.needed is not False
                and may_perform(user, step),
                "forms": forms,
                # a refused form stays open with its errors
                "open": next((k for k, f in forms.items() if f.is_bound), ""),
            }
        )
    return rows


def render_case(request, case: Case, *, bound=None, status: int = 200):
    """The case page. ``bound``: ``(kind, step code or None, form)`` of a refused action."""
    policy = get_policy()
    case_type = policy.case_type(case.case_type)
    coordinator = is_coordinator(request.user)
    forwarding = forwarding_code(case, policy)
    whole = {"decision": None, "forward": None}
    if bound and bound[0] in whole:
        whole[bound[0]] = bound[2]
    context = {
        "case": case,
        "case_type": case_type,
        "rows": _step_rows(case, request.user, forwarding, bound),
        "blocking": [s for s in case.steps.all() if s.is_open_required],
        "has_decision_step": bool(case_type.get("decision")),
        "deciding_body": body_name(Decision.Body.STEERING_GROUP, case.case_type, policy),
        "escalation_body": (
            body_name(Decision.Body.MUNICIPAL_DIRECTOR, case.case_type, policy)
            if policy.escalation_role(case.case_type)
            else ""
        ),
        "decisions": list(case.decisions.all()),
        "consultations": list(case.consultations.all()),
        "coordinator": coordinator,
        "may_decide": may_decide(request.user, case, policy),
        "decision_form": whole["decision"] or DecisionForm(case=case),
        "forward_form": whole["forward"] or ForwardForm(),
        "may_forward": coordinator
        and any(s.code == forwarding and not s.is_done for s in case.steps.all()),
        "history": history_for(case)[:200],
        "sections": rendered_case_sections(user=request.user, case=case),
        # a refusal of the whole action is shown once at the top; field errors on the field
        "refused_form": bound[2] if bound else None,
    }
    return render(request, "cases/case_detail.html", context, status=status)


@login_required
def case_detail(request, pk: int):
    require_perm(request.user, "cases.view_case")
    return render_case(request, selectors.case_get(user=request.user, pk=pk))


@login_required
def case_report(request):
    require_perm(request.user, "cases.add_case")
    policy = get_policy()
    case_types = services.reportable_case_types(user=request.user, policy=policy)
    chosen = request.POST.get("case_type") if request.method == "POST" else None
    chosen = chosen or request.GET.get("typ") or (case_types[0] if len(case_types) == 1 else None)
    offered = case_types
    if request.method == "POST" and chosen not in case_types:
        # a type the user may not report: the service refuses it with the rule (403)
        offered = policy.case_type_codes()
    form = CaseReportForm(request.POST or None, case_types=offered, case_type=chosen)

    def show(form, status=200):
        return render(
            request,
            "cases/case_report.html",
            {
                "form": form,
                "case_type_name": case_type_label(policy, form.chosen_type)
                if form.chosen_type
                else "",
                "type_choices": [
                    {
                        "code": code,
                        "label": case_type_label(policy, code),
                        "description": policy.case_type(code).get("description", ""),
                    }
                    for code in case_types
                ],
                "several_types": len(case_types) > 1,
                "coordinator_name": coordinator_name(policy),
            },
            status=status,
        )

    if request.method != "POST":
        return show(form)
    return form_action(
        request,
        form,
        lambda data: services.case_report(actor=request.user, **data),
        success_url=lambda case: reverse("cases:case_detail", args=[case.pk]),
        success_message=lambda case: (
            _("Ärendet är registrerat med diarienummer %(nr)s.") % {"nr": case.registration_number}
        ),
        render=show,
    )


def _act(request, pk: int, kind: str, form, service, success: str, *, step: str | None = None):
    """Run ``service(case, cleaned_data)`` from the case page's ``kind`` form (``form`` may
    be a function of the case)."""
    require_perm(request.user, "cases.view_case")
    case = selectors.case_get(user=request.user, pk=pk)
    return form_action(
        request,
        form(case) if callable(form) else form,
        lambda data: service(case, data),
        success_url=reverse("cases:case_detail", args=[pk]),
        success_message=success,
        # the refused write rolled back: show the case as it is in the database
        render=lambda form, status: render_case(
            request,
            selectors.case_get(user=request.user, pk=pk),
            bound=(kind, step, form),
            status=status,
        ),
    )


@login_required
@require_POST
def step_complete(request, pk: int, step: str):
    return _act(
        request,
        pk,
        "complete",
        _step_form("complete", step, None, request.POST, request.FILES),
        lambda case, d: services.case_complete_step(
            actor=request.user,
            case=case,
            step=step,
            comment=d["comment"],
            attachment=d["attachment"],
        ),
        _("Steget är markerat som utfört."),
        step=step,
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
        _step_form("needed", step, None, request.POST),
        lambda case, d: services.case_mark_step_needed(
            actor=request.user, case=case, step=step, needed=d["needed"], reason=d["reason"]
        ),
        _("Bedömningen är sparad."),
        step=step,
    )


@login_required
@require_POST
def consultation_open(request, pk: int, step: str):
    return _act(
        request,
        pk,
        "consultation",
        _step_form("consultation", step, None, request.POST),
        lambda case, d: services.consultation_open(
            actor=request.user,
            case=case,
            step=step,
            deadline=d["deadline"],
            question=d["question"],
        ),
        _("Ärendet är skickat på remiss."),
        step=step,
    )


@login_required
@require_POST
def case_decide(request, pk: int):
    return _act(
        request,
        pk,
        "decision",
        lambda case: DecisionForm(request.POST, case=case),
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
