from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from styrsam.cases import api as cases_api
from styrsam.core import auth as core_auth
from styrsam.core import views as core_views
from styrsam.core import views_tokens
from styrsam.core.api_auth import TokenLoginView, TokenRevokeView
from styrsam.core.api_docs import api_docs_view
from styrsam.documents import api as documents_api
from styrsam.finance import api as finance_api
from styrsam.followup import api as followup_api
from styrsam.guideline import api as guideline_api
from styrsam.guideline.api import PolicyView
from styrsam.meetings import api as meetings_api
from styrsam.ops import health as ops_health
from styrsam.ops import sso
from styrsam.ops import views as ops_views
from styrsam.organisation import api as organisation_api
from styrsam.projects import api as projects_api
from styrsam.rental import api as rental_api
from styrsam.servicedesk import api as servicedesk_api
from styrsam.systems import api as systems_api

router = DefaultRouter()
router.register("org-units", organisation_api.OrgUnitViewSet, basename="org-unit")
router.register("committees", organisation_api.CommitteeViewSet, basename="committee")
router.register("people", organisation_api.PersonViewSet, basename="person")
router.register("groups", organisation_api.GroupViewSet, basename="group")
router.register("memberships", organisation_api.MembershipViewSet, basename="membership")
router.register(
    "role-assignments", organisation_api.RoleAssignmentViewSet, basename="role-assignment"
)
router.register("systems", systems_api.SystemViewSet, basename="system")
router.register("system-messages", systems_api.SystemMessageViewSet, basename="system-message")
router.register("cases", cases_api.CaseViewSet, basename="case")
router.register("consultations", cases_api.ConsultationViewSet, basename="consultation")
router.register("decisions", cases_api.DecisionViewSet, basename="decision")
router.register("notifications", cases_api.NotificationViewSet, basename="notification")
router.register("meetings", meetings_api.MeetingViewSet, basename="meeting")
router.register("agenda-items", meetings_api.AgendaItemViewSet, basename="agenda-item")
router.register("minute-items", meetings_api.MinuteItemViewSet, basename="minute-item")
router.register("company-meetings", meetings_api.CompanyMeetingViewSet, basename="company-meeting")
router.register("catalogue", servicedesk_api.CatalogueViewSet, basename="catalogue-item")
router.register("orders", servicedesk_api.OrderViewSet, basename="order")
router.register("assets", rental_api.AssetViewSet, basename="asset")
router.register("asset-types", rental_api.AssetTypeViewSet, basename="asset-type")
router.register("rent-levels", rental_api.RentLevelViewSet, basename="rent-level")
router.register("rent-runs", rental_api.RentRunViewSet, basename="rent-run")
router.register(
    "investment-budgets", rental_api.InvestmentBudgetViewSet, basename="investment-budget"
)
router.register("ledger", rental_api.LedgerViewSet, basename="ledger-line")
router.register("budgets", finance_api.BudgetViewSet, basename="budget")
router.register("cost-allocations", finance_api.AllocationKeyViewSet, basename="cost-allocation")
router.register(
    "department-budgets", finance_api.DepartmentBudgetViewSet, basename="department-budget"
)
router.register(
    "assessment-instruments", followup_api.InstrumentViewSet, basename="assessment-instrument"
)
router.register("assessment-rounds", followup_api.RoundViewSet, basename="assessment-round")
router.register(
    "assessment-comparisons", followup_api.ComparisonViewSet, basename="assessment-comparison"
)
router.register("panels", followup_api.PanelViewSet, basename="panel")
router.register("policy-versions", guideline_api.PolicyVersionViewSet, basename="policy-version")
router.register("panel-members", followup_api.MemberViewSet, basename="panel-member")
router.register("surveys", followup_api.SurveyViewSet, basename="survey")
router.register("documents", documents_api.DocumentViewSet, basename="document")

# the public register of governing documents: read only, no authentication (G28)
public_router = DefaultRouter(trailing_slash=True)
public_router.include_root_view = False
public_router.register("documents", documents_api.PublicDocumentViewSet, basename="public-document")
router.register("projects", projects_api.ProjectViewSet, basename="project")
router.register("staffing", projects_api.StaffingViewSet, basename="staffing")
router.register("mission-plans", projects_api.MissionPlanViewSet, basename="mission-plan")
router.register(
    "operational-plans", projects_api.OperationalPlanViewSet, basename="operational-plan"
)

api_v1 = [
    path("auth/token/", TokenLoginView.as_view(), name="api-token"),
    path("auth/token/revoke/", TokenRevokeView.as_view(), name="api-token-revoke"),
    path("policy/", PolicyView.as_view(), name="api-policy"),
    path("compliance/", meetings_api.ComplianceView.as_view(), name="api-compliance"),
    path(
        "organisation/import/",
        organisation_api.OrganisationImportView.as_view(),
        name="api-organisation-import",
    ),
    path(
        "catalogue/import/",
        servicedesk_api.CatalogueImportView.as_view(),
        name="api-catalogue-import",
    ),
    path(
        "department-costs/",
        finance_api.DepartmentCostView.as_view(),
        name="api-department-costs",
    ),
    *router.urls,
]

urlpatterns = [
    path("", core_views.home, name="home"),
    path("start/<slug:key>/", core_views.home_section, name="home_section"),
    path("sok/<slug:kind>/", core_views.picker_search, name="picker_search"),
    path("logga-in/", core_auth.LoginView.as_view(), name="login"),
    path("logga-ut/", sso.LogoutView.as_view(), name="logout"),
    path("sso/logga-in/", sso.LoginStart.as_view(), name="sso_login"),
    path("sso/callback/", sso.LoginCallback.as_view(), name="sso_callback"),
    path("health/", ops_health.HealthView.as_view(), name="health"),
    path(settings.METRICS_PATH, ops_views.metrics, name="metrics"),  # 404 unless METRICS_ENABLED
    path("api-token/ny/", views_tokens.api_token_renew, name="api_token_renew"),
    path("api-token/aterkalla/", views_tokens.api_token_revoke, name="api_token_revoke"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("styrsam.organisation.urls")),
    path("", include("styrsam.guideline.urls")),
    path("", include("styrsam.cases.urls")),
    path("", include("styrsam.systems.urls")),
    path("", include("styrsam.meetings.urls")),
    path("", include("styrsam.servicedesk.urls")),
    path("", include("styrsam.rental.urls")),
    path("", include("styrsam.finance.urls")),
    path("", include("styrsam.followup.urls")),
    path("", include("styrsam.documents.urls")),
    path("", include("styrsam.projects.urls")),
    path("api/v1/", include(api_v1)),
    path("api/public/", include(public_router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", api_docs_view, name="api-docs"),
    path(settings.ADMIN_URL, admin.site.urls),
]
