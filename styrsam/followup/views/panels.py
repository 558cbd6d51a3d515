"""Staff pages of citizen panels (G31): panels, members, surveys and their results. Only whoever
runs a panel reaches it (others: 404); members' personal data is shown to them alone."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from styrsam.core.access import may, require_perm
from styrsam.core.actions import button_action, form_action
from styrsam.core.audit import history_for, history_for_many
from styrsam.core.exports import Sheet, dated_filename, workbook_response

from .. import selectors, services
from ..charts import bar_chart
from ..forms import InviteForm, PanelForm, QuestionForm, SurveyForm
from ..lists import MemberList, PanelList, SurveyList
from ..models import Question
from ..results import survey_results

panel_list = PanelList.page_view()
member_list = MemberList.page_view()
survey_list = SurveyList.page_view()


def _panel(request, pk) -> object:
    require_perm(request.user, "followup.view_panels")
    return selectors.panel_get(user=request.user, pk=pk)


@login_required
def panel_create(request):
    require_perm(request.user, "followup.add_panel")
    form = PanelForm(request.POST or None, user=request.user)

    def show(form, status=200):
        return render(request, "followup/panel_form.html", {"form": form}, status=status)

    if request.method != "POST":
        return show(form)
    return form_action(
        request,
        form,
        lambda _data: services.panel_create(actor=request.user, **form.values()),
        success_url=lambda p: p.get_absolute_url(),
        success_message=lambda p: _("Panelen %(p)s är skapad.") % {"p": p},
        render=show,
    )


@login_required
def panel_edit(request, pk: int):
    panel = _panel(request, pk)
    form = PanelForm(request.POST or None, initial=PanelForm.initial_from(panel), user=request.user)
    form.fields.pop("unit")

    def show(form, status=200):
        return render(
            request, "followup/panel_form.html", {"form": form, "panel": panel}, status=status
        )

    if request.method != "POST":
        return show(form)
    return form_action(
        request,
        form,
        lambda _data: services.panel_update(
            actor=request.user,
            panel=panel,
            **{k: v for k, v in form.values().items() if k in form.changed_data},
        ),
        success_url=panel.get_absolute_url(),
        success_message=_("Panelen är sparad."),
        render=show,
    )


def _render_panel(request, panel, *, invite_form=None, survey_form=None, status=200):
    tab = request.GET.get("flik", "oversikt")
    composition = selectors.panel_composition(panel)
    context = {
        "panel": panel,
        "tab": tab,
        # who runs the panel sees its forms; the superuser reads it only (issue 11)
        "can_manage": may(request.user, "followup.manage_panel", panel),
        "invite_form": invite_form or InviteForm(),
        "survey_form": survey_form or SurveyForm(),
        "surveys": selectors.survey_list(user=request.user).filter(panel=panel),
        "composition": composition,
        "age_chart": bar_chart(
            _("Aktiva medlemmar per åldersgrupp"),
            [(label, [n]) for label, n in composition["ages"]],
            series=[_("Medlemmar")],
            maximum=max([n for _l, n in composition["ages"]] + [1]),
            fmt=lambda v: str(int(v)),
        )
        if panel.asks_age_group
        else None,
        "district_chart": bar_chart(
            _("Aktiva medlemmar per kommundel"),
            [(label, [n]) for label, n in composition["districts"]],
            series=[_("Medlemmar")],
            maximum=max([n for _l, n in composition["districts"]] + [1]),
            fmt=lambda v: str(int(v)),
        )
        if panel.asks_district
        else None,
        "history": history_for(panel)[:200] if tab == "historik" else None,
    }
    return render(request, "followup/panel_detail.html", context, status=status)


@login_required
def panel_detail(request, pk: int):
    return _render_panel(request, _panel(request, pk))


@login_required
@require_POST
def member_invite(request, pk: int):
    panel = _panel(request, pk)
    form = InviteForm(request.POST)
    return form_action(
        request,
        form,
        lambda data: services.members_invite(
            actor=request.user, panel=panel, emails=data["emails"].split()
        ),
        success_url=panel.get_absolute_url(),
        success_message=lambda r: (
            _("%(n)s inbjudningar skickade; %(s)s adresser fanns redan i panelen.")
            % {"n": r["invited"], "s": r["skipped"]}
        ),
        render=lambda form, status: _render_panel(request, panel, invite_form=form, status=status),
    )


@login_required
def member_detail(request, pk: int):
    require_perm(request.user, "followup.view_panels")
    member = selectors.member_get(user=request.user, pk=pk)
    return render(
        request,
        "followup/member_detail.html",
        {
            "member": member,
            "panel": member.panel,
            "data": selectors.member_data(member),
            "can_manage": may(request.user, "followup.manage_panel", member.panel),
        },
    )


@login_required
@require_POST
def member_export(request, pk: int):
    """The member's register extract (GDPR art. 15) as JSON, to send on request."""
    require_perm(request.user, "followup.view_panels")
    member = selectors.member_get(user=request.user, pk=pk)
    # the one who runs the panel fetches it (the service's own question); one who only sees
    # the panel (the superuser) gets 403, not the service's refusal unhandled (a 500)
    require_perm(request.user, "followup.manage_panel", member.panel)
    data = services.member_export(actor=request.user, member=member)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="registerutdrag-{member.pk}.json"'
    return response


@login_required
@require_POST
def member_erase(request, pk: int):
    require_perm(request.user, "followup.view_panels")
    member = selectors.member_get(user=request.user, pk=pk)
    panel = member.panel
    return button_action(
        request,
        lambda: services.member_erase(actor=request.user, member=member),
        success_url=reverse("followup:member_list", args=[panel.pk]),
        failure_url=member.get_absolute_url(),
        success_message=_("Medlemmens uppgifter är raderade; anonyma svar finns kvar."),
    )


# --- surveys -------------------------------------------------------------------------------------


@login_required
@require_POST
def survey_create(request, pk: int):
    panel = _panel(request, pk)
    form = SurveyForm(request.POST)
    return form_action(
        request,
        form,
        lambda data: services.survey_create(actor=request.user, panel=panel, **data),
        success_url=lambda s: s.get_absolute_url(),
        success_message=_("Enkäten är skapad. Lägg till frågorna."),
        render=lambda form, status: _render_panel(request, panel, survey_form=form, status=status),
    )


def _survey(request, pk):
    require_perm(request.user, "followup.view_panels")
    return selectors.survey_get(user=request.user, pk=pk)


def _render_survey(request, survey, *, question_form=None, survey_form=None, status=200):
    tab = request.GET.get("flik", "oversikt")
    questions = list(survey.questions.all())
    can_manage = may(request.user, "followup.manage_panel", survey.panel)
    draft = survey.status == survey.Status.DRAFT
    context = {
        "survey": survey,
        "panel": survey.panel,
        "tab": tab,
        "questions": questions,
        "draft": draft,
        "can_manage": can_manage,
        "question_form": (question_form or QuestionForm()) if draft and can_manage else None,
        "survey_form": (
            survey_form
            or SurveyForm(
                initial={
                    "title": survey.title,
                    "introduction": survey.introduction,
                    "anonymous": survey.anonymous,
                    "closes_on": survey.closes_on,
                }
            )
        )
        if draft and can_manage
        else None,
        "history": history_for_many([survey])[:200] if tab == "historik" else None,
    }
    return render(request, "followup/survey_detail.html", context, status=status)


@login_required
def survey_detail(request, pk: int):
    return _render_survey(request, _survey(request, pk))


@login_required
@require_POST
def survey_edit(request, pk: int):
    survey = _survey(request, pk)
    form = SurveyForm(request.POST)
    return form_action(
        request,
        form,
        lambda data: services.survey_update(actor=request.user, survey=survey, **data),
        success_url=survey.get_absolute_url(),
        success_message=_("Enkäten är sparad."),
        render=lambda form, status: _render_survey(
            request, survey, survey_form=form, status=status
        ),
    )


@login_required
@require_POST
def question_add(request, pk: int):
    survey = _survey(request, pk)
    form = QuestionForm(request.POST)
    return form_action(
        request,
        form,
        lambda _data: services.question_add(actor=request.user, survey=survey, **form.values()),
        success_url=survey.get_absolute_url() + "#fragor",
        success_message=_("Frågan är tillagd."),
        render=lambda form, status: _render_survey(
            request, survey, question_form=form, status=status
        ),
    )


@login_required
@require_POST
def question_remove(request, pk: int, question: int):
    survey = _survey(request, pk)
    target = next((q for q in survey.questions.all() if q.pk == question), None)
    if target is None:
        raise Http404
    return button_action(
        request,
        lambda: services.question_remove(actor=request.user, question=target),
        success_url=survey.get_absolute_url(),
        success_message=_("Frågan är borttagen."),
    )


@login_required
@require_POST
def survey_send(request, pk: int):
    survey = _survey(request, pk)
    return button_action(
        request,
        lambda: services.survey_send(actor=request.user, survey=survey),
        success_url=survey.get_absolute_url(),
        success_message=lambda n: _("Enkäten är skickad till %(n)s medlemmar.") % {"n": n},
    )


@login_required
@require_POST
def survey_close(request, pk: int):
    survey = _survey(request, pk)
    return button_action(
        request,
        lambda: services.survey_close(actor=request.user, survey=survey),
        success_url=survey.get_absolute_url(),
        success_message=_("Enkäten är avslutad."),
    )


def question_chart(result):
    question = result.question
    if question.kind == Question.Kind.TEXT:
        return None
    return bar_chart(
        question.text,
        [(row.label, [row.percent]) for row in result.rows],
        series=[_("Andel")],
        fmt=lambda v: f"{round(v)} %",
    )


@login_required
def survey_results_page(request, pk: int):
    survey = _survey(request, pk)
    results = survey_results(survey)
    return render(
        request,
        "followup/survey_results.html",
        {
            "survey": survey,
            "panel": survey.panel,
            "results": results,
            "charts": [(r, question_chart(r)) for r in results.questions],
        },
    )


@login_required
def survey_workbook(request, pk: int):
    """Results as Excel: counts per question and the free texts (no one's identity)."""
    survey = _survey(request, pk)
    results = survey_results(survey)
    counts = Sheet(
        _("Resultat"),
        [_("Fråga"), _("Svarsalternativ"), _("Antal"), _("Andel (%)")],
        [
            [r.question.text, row.label, row.count, row.percent]
            for r in results.questions
            for row in r.rows
        ],
        footer=[[_("Inbjudna"), results.invited], [_("Svar"), results.responses]],
    )
    texts = Sheet(
        _("Fritextsvar"),
        [_("Fråga"), _("Svar")],
        [[r.question.text, text] for r in results.questions for text in r.texts],
    )
    return workbook_response(dated_filename(f"enkat-{survey.pk}"), [counts, texts])
