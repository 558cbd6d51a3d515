"""Pages of the yearly self-assessment (G30): instruments, rounds, answering, results with
trends and comparisons, exports. Thin: reads from selectors, writes through the kit's
``form_action``/``button_action`` into the services."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from styrsam.core.access import require_perm
from styrsam.core.actions import button_action, form_action
from styrsam.core.audit import history_for_many
from styrsam.core.exports import Sheet, dated_filename, workbook_response
from styrsam.organisation.models import Municipality

from .. import access, selectors, services
from ..charts import bar_chart, line_chart
from ..forms import (
    AnswerForm,
    AssignmentForm,
    ComparisonImportForm,
    InstrumentUploadForm,
    RoundOpenForm,
    SendForm,
)
from ..lists import ComparisonList, InstrumentList, RoundList
from ..models import Comparison
from ..resultfile import result_file
from ..results import round_results, trend

instrument_list = InstrumentList.page_view()
round_list = RoundList.page_view()
round_export_list = RoundList.export_view()
comparison_list = ComparisonList.page_view()


def _municipality() -> str:
    return Municipality.objects.values_list("name", flat=True).first() or ""


# --- instruments -------------------------------------------------------------------------------


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


def _upload_page(request, template: str, form, service, *, success_url, success_message, **extra):
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
    return _upload_page(
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
    can_run = user.has_perm("followup.run_rounds")
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


@login_required
def round_detail(request, pk: int):
    require_perm(request.user, "followup.view_rounds")
    return _render_round(request, selectors.round_get(user=request.user, pk=pk))


@login_required
@require_POST
def assignment_add(request, pk: int):
    require_perm(request.user, "followup.run_rounds")
    assessment = selectors.round_get(user=request.user, pk=pk)
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
    require_perm(request.user, "followup.run_rounds")
    assessment = selectors.round_get(user=request.user, pk=pk)
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
    require_perm(request.user, "followup.run_rounds")
    assessment = selectors.round_get(user=request.user, pk=pk)
    return button_action(
        request,
        lambda: services.round_compile(actor=request.user, assessment=assessment),
        success_url=assessment.get_absolute_url(),
        success_message=_("Självskattningen är sammanställd och svaren är låsta."),
    )


@login_required
@require_POST
def round_send(request, pk: int):
    require_perm(request.user, "followup.run_rounds")
    assessment = selectors.round_get(user=request.user, pk=pk)
    form = SendForm(request.POST, meetings=selectors.report_meetings(user=request.user))
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
    may_answer = request.user.has_perm("followup.answer_assignment", assignment)
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


# --- results -----------------------------------------------------------------------------------


def results_context(assessment, comparison: Comparison | None) -> dict:
    results = round_results(assessment)
    points = trend(assessment)
    theirs = {}
    if comparison is not None:
        theirs = {a["code"]: a.get("score") for a in comparison.data.get("areas", [])}
    series = [str(assessment.year)]
    rows = []
    for area in results.areas:
        values = [area.score]
        if comparison is not None:
            values.append(theirs.get(area.code))
        rows.append((area.name, values))
    if comparison is not None:
        series.append(f"{comparison.municipality} {comparison.year}")
    area_chart = bar_chart(
        _("Resultat per område %(y)s") % {"y": assessment.year}
        + (f" – {_('jämfört med')} {series[1]}" if comparison else ""),
        rows,
        series=series,
    )
    respondent_chart = bar_chart(
        _("Resultat per förvaltning %(y)s") % {"y": assessment.year},
        [(r.name, [r.score]) for r in results.respondents],
        series=[str(assessment.year)],
    )
    trend_chart = line_chart(
        _("Utveckling per område över åren"),
        [str(p.year) for p in points],
        [(area.name, [p.areas.get(area.code) for p in points]) for area in results.areas]
        + [(_("Hela kommunen"), [p.score for p in points])],
    )
    return {
        "results": results,
        "points": points,
        "area_chart": area_chart,
        "respondent_chart": respondent_chart,
        "trend_chart": trend_chart,
        "comparison": comparison,
        "theirs": theirs,
    }


@login_required
def round_results_page(request, pk: int):
    require_perm(request.user, "followup.view_rounds")
    assessment = selectors.round_get(user=request.user, pk=pk)
    comparisons = list(selectors.comparisons_for(assessment.instrument.code))
    chosen = request.GET.get("jamfor")
    comparison = next((c for c in comparisons if str(c.pk) == chosen), None)
    context = results_context(assessment, comparison)
    return render(
        request,
        "followup/round_results.html",
        {"round": assessment, "comparisons": comparisons, **context},
    )


@login_required
def round_workbook(request, pk: int):
    """The round as an Excel workbook: areas, indicators, departments and every answer."""
    require_perm(request.user, "followup.view_rounds")
    assessment = selectors.round_get(user=request.user, pk=pk)
    results = round_results(assessment)
    points = trend(assessment)
    areas = Sheet(
        _("Områden"),
        [_("Område"), _("Resultat (%)"), _("Svar"), _("Förväntade svar")],
        [[a.name, a.score, a.answered, a.expected] for a in results.areas],
        footer=[[_("Hela kommunen"), results.score, results.answered, results.expected]],
    )
    level_labels = []
    for area in results.areas:
        for item in area.indicators:
            for level in item.levels:
                if level.label not in level_labels:
                    level_labels.append(level.label)
    indicators = Sheet(
        _("Indikatorer"),
        [_("Område"), _("Kod"), _("Indikator"), _("Resultat (%)"), _("Svar"), *level_labels],
        [
            [
                area.name,
                item.code,
                item.indicator.text,
                item.score,
                item.answers,
                *[
                    next((lvl.count for lvl in item.levels if lvl.label == label), None)
                    for label in level_labels
                ],
            ]
            for area in results.areas
            for item in area.indicators
        ],
    )
    respondents = Sheet(
        _("Förvaltningar"),
        [_("Förvaltning eller person"), *[a.name for a in results.areas], _("Totalt")],
        [
            [r.name, *[r.scores.get(a.code) for a in results.areas], r.score]
            for r in results.respondents
        ],
    )
    trend_sheet = Sheet(
        _("Utveckling"),
        [_("År"), *[a.name for a in results.areas], _("Hela kommunen")],
        [[p.year, *[p.areas.get(a.code) for a in results.areas], p.score] for p in points],
    )
    answers = Sheet(
        _("Svar"),
        [
            _("Område"),
            _("Förvaltning eller person"),
            _("Indikator"),
            _("Nivå"),
            _("Kommentar"),
            _("Underlag"),
            _("Besvarad av"),
            _("Ändrad"),
        ],
        [
            [
                a.assignment.area.name,
                a.assignment.respondent_name,
                a.indicator.text,
                a.level.label,
                a.comment,
                "\n".join(a.evidence),
                (a.answered_by.get_full_name() or a.answered_by.username) if a.answered_by else "",
                a.updated_at,
            ]
            for a in selectors.round_answers(assessment)
        ],
    )
    return workbook_response(
        dated_filename(f"sjalvskattning-{assessment.year}-{assessment.instrument.code}"),
        [areas, indicators, respondents, trend_sheet, answers],
    )


@login_required
def round_result_file(request, pk: int):
    """The anonymised result in the open format (docs/formats/self-assessment-result.md)."""
    require_perm(request.user, "followup.view_rounds")
    assessment = selectors.round_get(user=request.user, pk=pk)
    data = result_file(assessment, municipality=_municipality())
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    name = f"resultat-{assessment.instrument.code}-{assessment.year}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- comparisons -------------------------------------------------------------------------------


@login_required
def comparison_import(request):
    require_perm(request.user, "followup.run_rounds")
    return _upload_page(
        request,
        "followup/comparison_import.html",
        ComparisonImportForm(request.POST or None, request.FILES or None),
        lambda data: services.comparison_import(
            actor=request.user, raw=data["file"], source=request.FILES["file"].name
        ),
        success_url=reverse("followup:comparison_list"),
        success_message=lambda c: _("Resultatet från %(c)s är importerat.") % {"c": c},
    )


@login_required
@require_POST
def comparison_delete(request, pk: int):
    require_perm(request.user, "followup.run_rounds")
    comparison = selectors.comparison_get(user=request.user, pk=pk)
    return button_action(
        request,
        lambda: services.comparison_delete(actor=request.user, comparison=comparison),
        success_url=reverse("followup:comparison_list"),
        success_message=_("Jämförelsen är borttagen."),
    )
