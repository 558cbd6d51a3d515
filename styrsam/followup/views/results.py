"""Results of the self-assessment (G30): per area and department with the trend over the
years and another municipality beside ours, as SVG charts with tables; Excel; the anonymised
result file; comparisons imported in the open format."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from styrsam.core.access import require_perm
from styrsam.core.actions import button_action
from styrsam.core.exports import Sheet, dated_filename, workbook_response
from styrsam.organisation.models import Municipality

from .. import selectors, services
from ..charts import bar_chart, line_chart
from ..forms import ComparisonImportForm
from ..lists import ComparisonList
from ..models import Comparison
from ..resultfile import result_file
from ..results import round_results, trend
from .assessment import upload_page

comparison_list = ComparisonList.page_view()


def _municipality() -> str:
    return Municipality.objects.values_list("name", flat=True).first() or ""


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
    return upload_page(
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
