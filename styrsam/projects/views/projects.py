"""The portfolio, a project's page (its trail from goal to outcome), its form, phase moves,
status reports (G14) and staffing (G11)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from styrsam.core.access import may, require_perm
from styrsam.core.actions import button_action, form_action
from styrsam.core.audit import history_for
from styrsam.organisation.models import OrgUnit
from styrsam.organisation.roles import units_with_capability

from .. import access, selectors, services
from ..forms import PhaseForm, ProjectForm, ReportForm, StaffingForm
from ..lists import ProjectList
from ..models import Project, Staffing
from ..services.projects import PHASE_MOVES

project_list = ProjectList.page_view()
project_export = ProjectList.export_view()

TREND_LENGTH = 8


def _departments(user):
    """The departments the user registers projects for (all for a municipality-wide role)."""
    units = OrgUnit.objects.filter(is_active=True).order_by("name")
    if access.manages_all(user):
        return units
    return units.filter(pk__in=units_with_capability(user, "manage_projects"))


def refuse_other_department(request, departments) -> None:
    """A department the user may not register for is refused as the service refuses it (403,
    G01), not as an unknown choice of the form (400): the page and the API answer alike
    (issue 11 item 10)."""
    chosen = request.POST.get("department", "") if request.method == "POST" else ""
    if not chosen.isdigit() or departments.filter(pk=chosen).exists():
        return
    if OrgUnit.objects.filter(pk=chosen, is_active=True).exists():
        raise PermissionDenied


def _phase_choices(project: Project):
    allowed = PHASE_MOVES[Project.Phase(project.phase)]
    return [c for c in Project.Phase.choices if c[0] in allowed]


def _detail_context(request, project: Project, **forms) -> dict:
    user = request.user
    reports = list(project.reports.all())
    meetings = services.open_meetings()
    can_change = may(user, "projects.change_project", project)
    can_staff = may(user, "projects.staff_projects")
    reporter = can_change or any(
        access.represents(user, m, project.department_id) for m in meetings
    )
    decisions = list(project.case.decisions.all()) if project.case_id else []
    return {
        "project": project,
        "reports": reports,
        "trend": list(reversed(reports[:TREND_LENGTH])),
        "staffing": list(project.staffing.all()),
        "decisions": decisions,
        "can_change": can_change,
        "can_staff": can_staff,
        "can_report": reporter and project.is_active and meetings.exists(),
        "phase_choices": _phase_choices(project),
        "phase_form": PhaseForm(choices=_phase_choices(project)),
        "report_form": ReportForm(meetings=meetings),
        "reporting_group": services.reporting_group_name(),  # the policy's (issue 21)
        "staffing_form": StaffingForm(),
        "history": history_for(project)[:50],
        **forms,
    }


def _render_detail(request, project: Project, status: int = 200, **forms):
    return render(
        request,
        "projects/project_detail.html",
        _detail_context(request, project, **forms),
        status=status,
    )


@login_required
def project_detail(request, pk: int):
    require_perm(request.user, "projects.view_projects")
    return _render_detail(request, selectors.project_get(user=request.user, pk=pk))


@login_required
def project_create(request):
    require_perm(request.user, "projects.add_project")
    departments = _departments(request.user)
    refuse_other_department(request, departments)
    form = ProjectForm(request.POST or None, departments=departments)

    def show(form, status=200):
        return render(
            request, "projects/project_form.html", {"form": form, "project": None}, status=status
        )

    if request.method != "POST":
        return show(form)
    return form_action(
        request,
        form,
        lambda data: services.project_create(actor=request.user, **data),
        success_url=lambda project: project.get_absolute_url(),
        success_message=_("Projektet är registrerat."),
        render=show,
    )


@login_required
def project_edit(request, pk: int):
    project = selectors.project_get(user=request.user, pk=pk)
    require_perm(request.user, "projects.change_project", project)
    initial = {
        f: getattr(project, f)
        for f in (
            "name",
            "description",
            "owner",
            "manager",
            "goal",
            "activity",
            "planned_start",
            "planned_end",
            "actual_start",
            "actual_end",
            "budget",
            "funding",
        )
    }
    initial["systems"] = list(project.systems.all())
    form = ProjectForm(request.POST or None, edit=True, initial=initial)

    def show(form, status=200):
        return render(
            request,
            "projects/project_form.html",
            {"form": form, "project": project},
            status=status,
        )

    if request.method != "POST":
        return show(form)
    return form_action(
        request,
        form,
        lambda data: services.project_update(actor=request.user, project=project, **data),
        success_url=project.get_absolute_url(),
        success_message=_("Projektet är ändrat."),
        render=show,
    )


@login_required
@require_POST
def project_phase(request, pk: int):
    project = selectors.project_get(user=request.user, pk=pk)
    require_perm(request.user, "projects.change_project", project)
    return form_action(
        request,
        PhaseForm(request.POST),
        lambda data: services.project_set_phase(
            actor=request.user, project=project, phase=data["phase"], on=data["on"]
        ),
        success_url=project.get_absolute_url(),
        success_message=_("Projektets fas är ändrad."),
        render=lambda form, status: _render_detail(request, project, status, phase_form=form),
    )


@login_required
@require_POST
def project_report(request, pk: int):
    require_perm(request.user, "projects.view_projects")
    project = selectors.project_get(user=request.user, pk=pk)
    return form_action(
        request,
        ReportForm(request.POST, meetings=services.open_meetings()),
        lambda data: services.project_report_submit(actor=request.user, project=project, **data),
        success_url=project.get_absolute_url(),
        success_message=_("Statusrapporten är lämnad."),
        render=lambda form, status: _render_detail(request, project, status, report_form=form),
    )


@login_required
@require_POST
def staffing_add(request, pk: int):
    require_perm(request.user, "projects.staff_projects")
    project = selectors.project_get(user=request.user, pk=pk)
    return form_action(
        request,
        StaffingForm(request.POST),
        lambda data: services.staffing_add(actor=request.user, project=project, **data),
        success_url=project.get_absolute_url(),
        success_message=_("Bemanningen är tillagd."),
        render=lambda form, status: _render_detail(request, project, status, staffing_form=form),
    )


@login_required
@require_POST
def staffing_remove(request, pk: int, staffing_pk: int):
    require_perm(request.user, "projects.staff_projects")
    row = get_object_or_404(Staffing.objects.select_related("project", "person"), pk=staffing_pk)
    if row.project_id != pk:
        raise Http404
    return button_action(
        request,
        lambda: services.staffing_remove(actor=request.user, staffing=row),
        success_url=reverse("projects:project_detail", args=[pk]),
        success_message=_("Bemanningen är borttagen."),
    )
