"""A decision's page with its corrections (a correction is a new decision, convention 5).
The register of decisions is declared in ``lists.py``."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from styrsam.core.access import require_perm
from styrsam.core.actions import form_action

from .. import selectors, services
from ..forms import CorrectionForm
from ..services.common import may_correct


@login_required
def decision_detail(request, pk: int):
    require_perm(request.user, "cases.view_decision")
    decision = selectors.decision_get(user=request.user, pk=pk)
    form = CorrectionForm(
        request.POST or None,
        initial={
            "outcome": decision.outcome,
            "text": decision.text,
            "conditions": decision.conditions,
            "amount_granted": decision.amount_granted,
        },
    )

    def show(form, status=200):
        context = {
            "decision": decision,
            "corrections": list(decision.corrections.select_related("decided_by")),
            "form": form,
            # the service's own answer (the body that decided: its recorder or chair, G13)
            "may_correct": may_correct(request.user, decision),
        }
        return render(request, "cases/decision_detail.html", context, status=status)

    if request.method != "POST":
        return show(form)
    # who may correct is the service's to say (the body that decided: its recorder or chair),
    # as in the API: the page refused the steering group's chair the API let correct (issue 11)
    return form_action(
        request,
        form,
        lambda data: services.decision_correct(actor=request.user, decision=decision, **data),
        success_url=lambda correction: reverse("cases:decision_detail", args=[correction.pk]),
        success_message=_("Rättelsen är registrerad som ett nytt beslut."),
        render=show,
    )
