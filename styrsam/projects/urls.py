from django.urls import path

from .views import plans, portfolio, projects

app_name = "projects"

urlpatterns = [
    path("projekt/", projects.project_list, name="project_list"),
    path("projekt/export.<str:fmt>", projects.project_export, name="project_export"),
    path("projekt/tidslinje/", portfolio.timeline, name="timeline"),
    path("projekt/nytt/", projects.project_create, name="project_create"),
    path("projekt/<int:pk>/", projects.project_detail, name="project_detail"),
    path("projekt/<int:pk>/andra/", projects.project_edit, name="project_edit"),
    path("projekt/<int:pk>/fas/", projects.project_phase, name="project_phase"),
    path("projekt/<int:pk>/status/", projects.project_report, name="project_report"),
    path("projekt/<int:pk>/bemanning/", projects.staffing_add, name="staffing_add"),
    path(
        "projekt/<int:pk>/bemanning/<int:staffing_pk>/ta-bort/",
        projects.staffing_remove,
        name="staffing_remove",
    ),
    path("projekt/bemanning/", portfolio.staffing_list, name="staffing_list"),
    path("projekt/bemanning/export.<str:fmt>", portfolio.staffing_export, name="staffing_export"),
    path("planer/", plans.plan_list, name="plan_list"),
    path("planer/uppdragsplan/ny/", plans.mission_plan_create, name="mission_plan_create"),
    path("planer/uppdragsplan/<int:pk>/", plans.mission_plan_detail, name="mission_plan_detail"),
    path("planer/uppdragsplan/<int:pk>/mal/", plans.goal_add, name="goal_add"),
    path("planer/uppdragsplan/<int:pk>/import/", plans.goal_import, name="goal_import"),
    path(
        "planer/verksamhetsplan/ny/",
        plans.operational_plan_create,
        name="operational_plan_create",
    ),
    path(
        "planer/verksamhetsplan/<int:pk>/",
        plans.operational_plan_detail,
        name="operational_plan_detail",
    ),
    path(
        "planer/verksamhetsplan/<int:pk>/aktivitet/",
        plans.activity_add,
        name="activity_add",
    ),
]
