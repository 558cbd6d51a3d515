from django.urls import path

from .views import allocation, budgets, statements

app_name = "finance"

urlpatterns = [
    path("ekonomi/", budgets.budget_overview, name="budget_overview"),
    path("ekonomi/budget/", budgets.budget_list, name="budget_list"),
    path("ekonomi/budget/export.<str:fmt>", budgets.budget_export, name="budget_export"),
    path("ekonomi/budget/nytt/", budgets.budget_create, name="budget_create"),
    path("ekonomi/budget/<int:pk>/", budgets.budget_detail, name="budget_detail"),
    path("ekonomi/budget/<int:pk>/andra/", budgets.budget_edit, name="budget_edit"),
    path("ekonomi/budget/<int:pk>/foresla/", budgets.budget_propose, name="budget_propose"),
    path("ekonomi/budget/<int:pk>/ta-bort/", budgets.budget_withdraw, name="budget_withdraw"),
    path("ekonomi/budget/<int:pk>/besluta/", budgets.budget_decide, name="budget_decide"),
    path("ekonomi/fordelning/", allocation.allocation_list, name="allocation_list"),
    path(
        "ekonomi/fordelning/export.<str:fmt>",
        allocation.allocation_export,
        name="allocation_export",
    ),
    path("ekonomi/fordelning/ny/", allocation.allocation_create, name="allocation_create"),
    path("ekonomi/fordelning/<int:pk>/", allocation.allocation_detail, name="allocation_detail"),
    path("ekonomi/forvaltning/", statements.statement_page, name="statement"),
    path("ekonomi/forvaltning/budget/", statements.statement_budget, name="statement_budget"),
    path(
        "ekonomi/forvaltning/export.<str:fmt>",
        statements.statement_export,
        name="statement_export",
    ),
    path("ekonomi/oversikt/", statements.overview_page, name="overview"),
    path("ekonomi/oversikt/export.<str:fmt>", statements.overview_export, name="overview_export"),
]
