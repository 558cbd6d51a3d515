"""The register of decisions: searchable, exportable to Excel; a decision's page with its
corrections (a correction is a new decision, convention 5)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from styrsam.core.access import require_perm
from styrsam.core.errors import ServiceError
from styrsam.core.exports import MAX_ROWS, dated_filename, table_response
from styrsam.core.htmx import render_page
from styrsam.core.paging import paginate

from . import selectors, services
from .forms import CorrectionForm
from .models import Decision


def _filters(request):
    return {
        "q": request.GET.get("q", "").strip(),
        "outcome": request.GET.get("outcome", "").strip(),
    }


@login_required
def decision_list(request):
    require_perm(request.user, "cases.view_decision")
    filters = _filters(request)
    decisions = selectors.decision_list(user=request.user, **filters)
    context = {"outcomes": Decision.Outcome.choices, **filters, **paginate(request, decisions)}
    return render_page(
        request, "cases/decision_list.html", context, partial="cases/_decision_table.html"
    )


@login_required
def decision_export(request):
    require_perm(request.user, "cases.view_decision")
    decisions = selectors.decision_list(user=request.user, **_filters(request))[:MAX_ROWS]
    headers = [
        _("Diarienummer"),
        _("Ärende"),
        _("Beslutsdatum"),
        _("Beslut"),
        _("Beslutande organ"),
        _("Beslutstext"),
        _("Villkor"),
        _("Skäl för lyft beslut"),
        _("Beviljat belopp (kr)"),
        _("System"),
        _("Rättar beslut"),
        _("Sammanträde och paragraf"),
    ]
    rows = (
        [
            d.case.registration_number,
            d.case.title,
            timezone.localtime(d.decided_at).strftime("%Y-%m-%d"),
            d.get_outcome_display(),
            d.get_body_display(),
            d.text,
            d.conditions,
            d.escalation_reason,
            int(d.amount_granted) if d.amount_granted is not None else None,
            d.system.name if d.system_id else "",
            d.corrects_id or "",
            d.meeting_reference,
        ]
        for d in decisions
    )
    return table_response("xlsx", dated_filename("beslut"), headers, rows, title="Beslut")


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
    error = None
    if request.method == "POST":
        require_perm(request.user, "cases.manage_case")
        if form.is_valid():
            try:
                correction = services.decision_correct(
                    actor=request.user, decision=decision, **form.cleaned_data
                )
            except ServiceError as exc:
                error = exc
            else:
                messages.success(request, _("Rättelsen är registrerad som ett nytt beslut."))
                return redirect("cases:decision_detail", pk=correction.pk)
    context = {
        "decision": decision,
        "corrections": list(decision.corrections.select_related("decided_by")),
        "form": form,
        "error": error,
        "may_correct": request.user.has_perm("cases.manage_case"),
    }
    status = 400 if form.errors else (error.status if error else 200)
    return render(request, "cases/decision_detail.html", context, status=status)
