"""Pages of the yearly self-assessment (G30): instruments, rounds and answering (results,
exports and comparisons: ``results.py``). Thin: reads from selectors, writes through the kit's
``form_action``/``button_action`` into the services."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from styrsam.core.access import may, require_perm
from styrsam.core.actions import button_action, form_action
from styrsam.core.audit import history_for_many

from .. import access, selectors, services
from ..forms import (
    AnswerForm,
    AssignmentForm,
    InstrumentUploadForm,
    RoundOpenForm,
    SendForm,
)
from ..lists import InstrumentList, RoundList

instrument_list = InstrumentList.page_view()
round_list = RoundList.page_view()
round_export_list = RoundList.export_view()


@login_required
def instrument_detail(request, pk: int):
    require_perm(request.user, "followup.view_instruments")
    instrument = selectors.instrument_get(user=request.user, pk=pk)
    return render(
        request,
        "followup/instrument_detail.html",
        {
            "instrument": instrument,
            "areas": selectors.instrument_structure(instrument),
            "scales": instrument.scales.prefetch_related("levels"),
        },
    )


def upload_page(request, template: str, form, service, *, success_url, success_message, **extra):
    """An upload whose refusal lists every problem of the file with its line (the form checks
    the file first: ``UploadForm.problems``)."""

    def show(form, status=200):
        return render(request, template, {"form": form, **extra}, status=status)

    if request.method != "POST":
        return show(form)
    return form_action(
        request,
        form,
        service,
        success_url=success_url,
        success_message=success_message,
        render=show,
    )


@login_required
def instrument_upload(request):
    require_perm(request.user, "followup.load_instrument")
    return upload_page(
        request,
        "followup/instrument_upload.html",
        InstrumentUploadForm(request.POST or None, request.FILES or None),
        lambda data: services.instrument_load(
            actor=request.user, raw=data["file"], source=request.FILES["file"].name
        ),
        success_url=lambda instrument: instrument.get_absolute_url(),
        success_message=lambda instrument: _("Instrumentet %(i)s är laddat.") % {"i": instrument},
    )


# --- rounds --------------------------------------------------------------------------------------


@login_required
def round_create(request):
    require_perm(request.user, "followup.run_rounds")
    form = RoundOpenForm(request.POST or None)

    def show(form, status=200):
        return render(request, "followup/round_form.html", {"form": form}, status=status)

    if request.method != "POST":
        return show(form)
    return form_action(
        request,
        form,
        lambda data: services.round_open(actor=request.user, **data),
        success_url=lambda r: r.get_absolute_url(),
        success_message=lambda r: _("Självskattningen %(r)s är öppnad.") % {"r": r},
        render=show,
    )


def _render_round(request, assessment, *, assignment_form=None, send_form=None, status=200):
    user = request.user
    can_run = may(user, "followup.run_rounds")
    tab = request.GET.get("flik", "oversikt")
    assignments = list(selectors.round_assignments(assessment))
    meetings = selectors.report_meetings(user=user) if can_run else None
    context = {
        "round": assessment,
        "tab": tab,
        "can_run": can_run,
        "assignments": assignments,
        "assignment_form": (assignment_form or AssignmentForm(instrument=assessment.instrument))
        if can_run and assessment.is_open
        else None,
        "send_form": (send_form or SendForm(meetings=meetings))
        if can_run and not assessment.is_open and assessment.agenda_item_id is None
        else None,
        "report_group": access.report_group(),
        "history": history_for_many([assessment, *assignments])[:200]
        if tab == "historik"
        else None,
        "history_shows_object": True,
    }
    return render(request, "followup/round_detail.html", context, status=status)


def _round_to_run(request, pk: int):
    """The round, for the coordinator who runs it (G30); 403 for anyone else."""
    require_perm(request.user, "followup.run_rounds")
    return selectors.round_get(user=request.user, pk=pk)


@login_required
def round_detail(request, pk: int):
    require_perm(request.user, "followup.view_rounds")
    return _render_round(request, selectors.round_get(user=request.user, pk=pk))


@login_required
@require_POST
def assignment_add(request, pk: int):
    assessment = _round_to_run(request, pk)
    form = AssignmentForm(request.POST, instrument=assessment.instrument)
    return form_action(
        request,
        form,
        lambda data: services.assignment_add(actor=request.user, assessment=assessment, **data),
        success_url=assessment.get_absolute_url(),
        success_message=lambda a: _("%(a)s är tilldelat.") % {"a": a},
        render=lambda form, status: _render_round(
            request, assessment, assignment_form=form, status=status
        ),
    )


@login_required
@require_POST
def assignment_remove(request, pk: int, assignment: int):
    assessment = _round_to_run(request, pk)
    target = selectors.assignment_get(user=request.user, pk=assignment)
    if target.round_id != assessment.pk:
        raise Http404
    return button_action(
        request,
        lambda: services.assignment_remove(actor=request.user, assignment=target),
        success_url=assessment.get_absolute_url(),
        success_message=_("Tilldelningen är borttagen."),
    )


@login_required
@require_POST
def round_compile(request, pk: int):
    assessment = _round_to_run(request, pk)
    return button_action(
        request,
        lambda: services.round_compile(actor=request.user, assessment=assessment),
        success_url=assessment.get_absolute_url(),
        success_message=_("Självskattningen är sammanställd och svaren är låsta."),
    )


@login_required
@require_POST
def round_send(request, pk: int):
    assessment = _round_to_run(request, pk)
    # any planned meeting of the group the result goes to: one who may not put it on that
    # meeting's agenda is refused by the service (403), as in the API, not by the form (400)
    meetings = selectors.report_meetings(user=request.user, runs_only=False)
    form = SendForm(request.POST, meetings=meetings)
    return form_action(
        request,
        form,
        lambda data: services.round_send(
            actor=request.user, assessment=assessment, meeting=data["meeting"]
        ),
        success_url=assessment.get_absolute_url(),
        success_message=lambda item: (
            _("Resultatet är punkt %(n)s på föredragningslistan för %(m)s.")
            % {"n": item.order, "m": item.meeting}
        ),
        render=lambda form, status: _render_round(
            request, assessment, send_form=form, status=status
        ),
    )


# --- answering ---------------------------------------------------------------------------------


def _indicators(assignment):
    structure = selectors.instrument_structure(assignment.round.instrument)
    return next(list(a.indicators.all()) for a in structure if a.pk == assignment.area_id)


@login_required
def assignment_answer(request, pk: int):
    """The respondent's form: a level, a comment and evidence per indicator (G30)."""
    assignment = selectors.assignment_get(user=request.user, pk=pk)
    may_answer = may(request.user, "followup.answer_assignment", assignment)
    editable = may_answer and assignment.round.is_open
    indicators = _indicators(assignment)
    answers = selectors.assignment_answers(assignment)

    def show(form, status=200):
        return render(
            request,
            "followup/assignment_answer.html",
            {
                "assignment": assignment,
                "form": form,
                "editable": editable,
                "answers": answers,
                "answered": len(answers),
                "total": len(indicators),
                "scales": list({i.scale_id: i.scale for i in indicators}.values()),
            },
            status=status,
        )

    form = AnswerForm(
        request.POST if request.method == "POST" else None,
        indicators=indicators,
        answers=answers,
        disabled=not editable,
    )
    if request.method != "POST":
        return show(form)
    require_perm(request.user, "followup.answer_assignment", assignment)
    return form_action(
        request,
        form,
        lambda _data: services.answers_save(
            actor=request.user, assignment=assignment, answers=form.answers()
        ),
        success_url=reverse("followup:assignment_answer", args=[pk]),
        success_message=_("Svaren är sparade."),
        render=show,
    )
