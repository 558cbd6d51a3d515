"""A consultation (remiss): the question, the members' answers and the answer form (G14)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from styrsam.core.access import require_perm
from styrsam.core.errors import ServiceError
from styrsam.organisation.models import Membership
from styrsam.organisation.roles import active_q

from . import selectors, services
from .forms import ConsultationCloseForm, ConsultationResponseForm
from .services.common import is_coordinator


def _render(request, consultation, *, form=None, close_form=None, error=None, status=200):
    responses = list(consultation.responses.all())
    mine = next((r for r in responses if r.member_id == request.user.pk), None)
    members = list(
        Membership.objects.filter(active_q(), group=consultation.group).select_related("person")
    )
    answered = {r.member_id for r in responses}
    initial = {"position": mine.position, "text": mine.text} if mine else None
    context = {
        "consultation": consultation,
        "case": consultation.case,
        "responses": responses,
        "mine": mine,
        "is_member": any(m.person_id == request.user.pk for m in members),
        "waiting": [m.person for m in members if m.person_id not in answered],
        "coordinator": is_coordinator(request.user),
        "form": form or ConsultationResponseForm(initial=initial),
        "close_form": close_form or ConsultationCloseForm(),
        "error": error,
    }
    return render(request, "cases/consultation_detail.html", context, status=status)


@login_required
def consultation_detail(request, pk: int):
    require_perm(request.user, "cases.view_case")
    consultation = selectors.consultation_get(user=request.user, pk=pk)
    if request.method != "POST":
        return _render(request, consultation)
    form = ConsultationResponseForm(request.POST)
    if not form.is_valid():
        return _render(request, consultation, form=form, status=400)
    try:
        response = services.consultation_respond(
            actor=request.user, consultation=consultation, **form.cleaned_data
        )
    except ServiceError as exc:
        return _render(request, consultation, form=form, error=exc, status=exc.status)
    if response.late:
        messages.warning(request, _("Svaret är registrerat men kom in efter sista svarsdag."))
    else:
        messages.success(request, _("Ditt remissvar är registrerat."))
    return redirect("cases:consultation_detail", pk=pk)


@login_required
@require_POST
def consultation_close(request, pk: int):
    require_perm(request.user, "cases.view_case")
    consultation = selectors.consultation_get(user=request.user, pk=pk)
    form = ConsultationCloseForm(request.POST)
    if not form.is_valid():
        return _render(request, consultation, close_form=form, status=400)
    try:
        services.consultation_close(
            actor=request.user, consultation=consultation, summary=form.cleaned_data["summary"]
        )
    except ServiceError as exc:
        return _render(request, consultation, close_form=form, error=exc, status=exc.status)
    messages.success(request, _("Remissen är avslutad och förankringen är klar."))
    return redirect("cases:case_detail", pk=consultation.case_id)
