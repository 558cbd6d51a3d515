"""Plans (G01): the committees' mission plans with their goals and the departments'
operational plans with activities tied to those goals; registering them, adding goals and
activities, and importing a plan's goals from Excel."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from styrsam.core.access import may, require_perm
from styrsam.core.actions import form_action
from styrsam.core.audit import history_for

from .. import access, selectors, services
from ..forms import (
    ActivityForm,
    GoalForm,
    GoalImportForm,
    MissionPlanForm,
    OperationalPlanForm,
)
from ..models import Project
from .projects import _departments, refuse_other_department


@login_required
def plan_list(request):
    require_perm(request.user, "projects.view_projects")
    user = request.user
    return render(
        request,
        "projects/plan_list.html",
        {
            "mission_plans": list(
                selectors.mission_plan_list(user=user).order_by("-year", "committee__name", "pk")
            ),
            "operational_plans": list(
                selectors.operational_plan_list(user=user).order_by(
                    "-year", "department__name", "pk"
                )
            ),
            "can_mission": may(user, "projects.manage_mission_plans"),
            "can_operational": may(user, "projects.manage_operational_plans"),
        },
    )


def _mission_detail(request, pk: int, status: int = 200, **forms):
    plan = get_object_or_404(selectors.mission_plan_list(user=request.user), pk=pk)
    goals = list(plan.goals.all())
    projects = (
        Project.objects.filter(goal__plan=plan)
        .select_related("department")
        .order_by("goal__number", "name")
    )
    by_goal: dict[int, list] = {}
    for project in projects:
        by_goal.setdefault(project.goal_id, []).append(project)
    context = {
        "plan": plan,
        "goals": [{"goal": g, "projects": by_goal.get(g.pk, [])} for g in goals],
        "can_manage": may(request.user, "projects.manage_mission_plans"),
        "goal_form": GoalForm(),
        "import_form": GoalImportForm(),
        "history": history_for(plan)[:30],
        **forms,
    }
    return render(request, "projects/mission_plan_detail.html", context, status=status)


@login_required
def mission_plan_detail(request, pk: int):
    require_perm(request.user, "projects.view_projects")
    return _mission_detail(request, pk)


@login_required
def mission_plan_create(request):
    require_perm(request.user, "projects.manage_mission_plans")
    form = MissionPlanForm(request.POST or None)
    return _plan_create(request, form, services.mission_plan_create)


def _plan_create(request, form, create):
    """The form page of a new plan (mission or operational; the form gives the page's title
    and the message) and its POST through the service ``create``."""

    def show(form, status=200):
        context = {"form": form, "title": form.page_title}
        return render(request, "projects/plan_form.html", context, status=status)

    if request.method != "POST":
        return show(form)
    return form_action(
        request,
        form,
        lambda data: create(actor=request.user, **data),
        success_url=lambda plan: plan.get_absolute_url(),
        success_message=form.saved_message,
        render=show,
    )


@login_required
@require_POST
def goal_add(request, pk: int):
    require_perm(request.user, "projects.manage_mission_plans")
    plan = get_object_or_404(selectors.mission_plan_list(user=request.user), pk=pk)
    return form_action(
        request,
        GoalForm(request.POST),
        lambda data: services.goal_add(actor=request.user, plan=plan, **data),
        success_url=plan.get_absolute_url(),
        success_message=_("Målet är tillagt."),
        render=lambda form, status: _mission_detail(request, pk, status, goal_form=form),
    )


@login_required
@require_POST
def goal_import(request, pk: int):
    require_perm(request.user, "projects.manage_mission_plans")
    plan = get_object_or_404(selectors.mission_plan_list(user=request.user), pk=pk)

    def message(result):
        return ngettext(
            "%(c)s mål nytt, %(u)s ändrade, %(s)s oförändrade.",
            "%(c)s mål nya, %(u)s ändrade, %(s)s oförändrade.",
            result["created"],
        ) % {"c": result["created"], "u": result["updated"], "s": result["unchanged"]}

    return form_action(
        request,
        GoalImportForm(request.POST, request.FILES),
        lambda data: services.goals_import(
            actor=request.user, plan=plan, filename=data["file"].name, data=data["file"].read()
        ),
        success_url=plan.get_absolute_url(),
        success_message=message,
        render=lambda form, status: _mission_detail(request, pk, status, import_form=form),
    )


def _operational_detail(request, pk: int, status: int = 200, **forms):
    plan = get_object_or_404(selectors.operational_plan_list(user=request.user), pk=pk)
    context = {
        "plan": plan,
        "activities": list(
            plan.activities.select_related("goal", "goal__plan", "goal__plan__committee")
        ),
        "can_manage": access.manages_department(request.user, plan.department_id),
        "activity_form": ActivityForm(),
        "history": history_for(plan)[:30],
        **forms,
    }
    return render(request, "projects/operational_plan_detail.html", context, status=status)


@login_required
def operational_plan_detail(request, pk: int):
    require_perm(request.user, "projects.view_projects")
    return _operational_detail(request, pk)


@login_required
def operational_plan_create(request):
    require_perm(request.user, "projects.manage_operational_plans")
    departments = _departments(request.user)
    refuse_other_department(request, departments)
    form = OperationalPlanForm(request.POST or None, departments=departments)
    return _plan_create(request, form, services.operational_plan_create)


@login_required
@require_POST
def activity_add(request, pk: int):
    require_perm(request.user, "projects.manage_operational_plans")
    plan = get_object_or_404(selectors.operational_plan_list(user=request.user), pk=pk)
    return form_action(
        request,
        ActivityForm(request.POST),
        lambda data: services.activity_add(actor=request.user, plan=plan, **data),
        success_url=plan.get_absolute_url(),
        success_message=_("Aktiviteten är tillagd."),
        render=lambda form, status: _operational_detail(request, pk, status, activity_form=form),
    )
