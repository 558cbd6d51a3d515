"""A consultation (remiss): the question, the members' answers and the answer form (G14)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from styrsam.core.access import require_perm
from styrsam.core.actions import form_action
from styrsam.organisation.models import Membership
from styrsam.organisation.roles import active_q

from .. import selectors, services
from ..forms import ConsultationCloseForm, ConsultationResponseForm
from ..services.common import is_coordinator


def _render(request, consultation, *, form=None, close_form=None, status=200):
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
        "closing": services.closing_state(consultation, responses, [m.person for m in members]),
        # the refusal of the form just posted, once at the top (field errors on the field)
        "refused_form": form or close_form,
    }
    return render(request, "cases/consultation_detail.html", context, status=status)


def _answered(request, response) -> str:
    """The answer is registered; a late one with a warning instead of a success message."""
    if response.late:
        messages.warning(request, _("Svaret är registrerat men kom in efter sista svarsdag."))
    else:
        messages.success(request, _("Ditt remissvar är registrerat."))
    return reverse("cases:consultation_detail", args=[response.consultation_id])


@login_required
def consultation_detail(request, pk: int):
    require_perm(request.user, "cases.view_case")
    consultation = selectors.consultation_get(user=request.user, pk=pk)
    if request.method != "POST":
        return _render(request, consultation)
    return form_action(
        request,
        ConsultationResponseForm(request.POST),
        lambda data: services.consultation_respond(
            actor=request.user, consultation=consultation, **data
        ),
        success_url=lambda response: _answered(request, response),
        render=lambda form, status: _render(request, consultation, form=form, status=status),
    )


def _closed_message(consultation) -> str:
    if consultation.step.is_done:
        return _("Remissen är avslutad och förankringen är klar.")
    return _(
        "Remissen är avslutad men har för få svar för att ärendet ska räknas som förankrat; "
        "skicka en ny remiss (G14, G21)."
    )


@login_required
@require_POST
def consultation_close(request, pk: int):
    require_perm(request.user, "cases.view_case")
    consultation = selectors.consultation_get(user=request.user, pk=pk)
    return form_action(
        request,
        ConsultationCloseForm(request.POST),
        lambda data: services.consultation_close(
            actor=request.user, consultation=consultation, **data
        ),
        success_url=reverse("cases:case_detail", args=[consultation.case_id]),
        success_message=lambda closed: _closed_message(closed),
        render=lambda form, status: _render(request, consultation, close_form=form, status=status),
    )
