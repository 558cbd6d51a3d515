"""REST API of the projects app (the same services as the pages):

- ``/api/v1/projects/``: the portfolio (filters ``department``, ``phase``, ``goal``, ``case``,
  ``light``, ``year``, ``q``); register, change, ``phase``; a project's
  ``status-reports`` (read; submit before a preparatory group meeting, G14);
- ``/api/v1/staffing/``: IT unit staff on projects (G11; filters ``project``, ``person``,
  ``active_on``), add and remove; ``capacity``: booked percent per person and week;
- ``/api/v1/mission-plans/`` and ``/api/v1/operational-plans/``: the plans with their goals
  and activities (G01); create.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response

from styrsam.core.access import require_perm
from styrsam.core.api import ErrorSerializer, service_response
from styrsam.core.params import int_param
from styrsam.meetings.models import Meeting
from styrsam.organisation.models import Committee, OrgUnit
from styrsam.systems.models import System

from . import selectors, services
from .lists import (
    MissionPlanFilterSet,
    OperationalPlanFilterSet,
    ProjectFilterSet,
    StaffingFilterSet,
)
from .models import (
    Activity,
    Goal,
    Light,
    MissionPlan,
    OperationalPlan,
    Project,
    ProjectReport,
    Staffing,
)

User = get_user_model()
DEPARTMENT = {"slug_field": "code", "queryset": OrgUnit.objects.all()}
YEAR = {"min_value": 2000, "max_value": 2100}


def _person(user) -> dict | None:
    if user is None:
        return None
    return {"id": user.pk, "name": user.get_full_name() or user.get_username()}


class PersonField(serializers.PrimaryKeyRelatedField):
    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", User.objects.filter(is_active=True))
        super().__init__(**kwargs)


# --- projects --------------------------------------------------------------------------------


class ProjectSerializer(serializers.ModelSerializer):
    department = serializers.SlugRelatedField(slug_field="code", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True)
    owner_name = serializers.SerializerMethodField()
    manager_name = serializers.SerializerMethodField()
    latest_light = serializers.ChoiceField(
        choices=Light.choices,
        read_only=True,
        allow_null=True,
        help_text="Trafikljuset i den senaste statusrapporten (G14), null utan rapport.",
    )
    case_number = serializers.CharField(
        source="case.registration_number", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = Project
        fields = [
            "id",
            "name",
            "description",
            "department",
            "department_name",
            "owner",
            "owner_name",
            "manager",
            "manager_name",
            "phase",
            "origin",
            "goal",
            "activity",
            "case",
            "case_number",
            "systems",
            "planned_start",
            "planned_end",
            "actual_start",
            "actual_end",
            "budget",
            "funding",
            "latest_light",
        ]
        read_only_fields = fields

    def get_owner_name(self, obj) -> str | None:
        return (_person(obj.owner) or {}).get("name")

    def get_manager_name(self, obj) -> str | None:
        return (_person(obj.manager) or {}).get("name")


class ProjectWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    owner = PersonField(required=False, allow_null=True, default=None)
    manager = PersonField(required=False, allow_null=True, default=None)
    goal = serializers.PrimaryKeyRelatedField(
        queryset=Goal.objects.all(), required=False, allow_null=True, default=None
    )
    activity = serializers.PrimaryKeyRelatedField(
        queryset=Activity.objects.all(), required=False, allow_null=True, default=None
    )
    systems = serializers.PrimaryKeyRelatedField(
        queryset=System.objects.all(), many=True, required=False, default=list
    )
    planned_start = serializers.DateField(required=False, allow_null=True, default=None)
    planned_end = serializers.DateField(required=False, allow_null=True, default=None)
    budget = serializers.DecimalField(
        max_digits=14, decimal_places=0, min_value=0, required=False, allow_null=True, default=None
    )
    funding = serializers.ChoiceField(
        choices=Project.Funding.choices, required=False, default=Project.Funding.OWN
    )


class ProjectCreateSerializer(ProjectWriteSerializer):
    department = serializers.SlugRelatedField(**DEPARTMENT)
    origin = serializers.ChoiceField(
        choices=Project.Origin.choices,
        help_text="notification ger 400 (G03): en anmälan blir projekt när samordnaren "
        "(policyns samordnande roll) vidarebefordrar den.",
    )
    phase = serializers.ChoiceField(
        choices=Project.Phase.choices,
        required=False,
        default=Project.Phase.IDEA,
        help_text="idea, planned eller ongoing; ett nytt projekt kan inte vara avslutat.",
    )


class ProjectUpdateSerializer(ProjectWriteSerializer):
    actual_start = serializers.DateField(required=False, allow_null=True)
    actual_end = serializers.DateField(required=False, allow_null=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # a PATCH changes what it names
            field.required = False
            field.default = serializers.empty


class PhaseSerializer(serializers.Serializer):
    phase = serializers.ChoiceField(choices=Project.Phase.choices)
    on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="Datum; tomt: i dag."
    )


class ReportSerializer(serializers.ModelSerializer):
    meeting_date = serializers.DateField(source="meeting.date", read_only=True)
    group = serializers.CharField(source="meeting.group.code", read_only=True)
    reported_by = serializers.SerializerMethodField()

    class Meta:
        model = ProjectReport
        fields = [
            "id",
            "project",
            "meeting",
            "meeting_date",
            "group",
            "light",
            "progress",
            "next_steps",
            "risks",
            "reported_by",
            "updated_at",
        ]
        read_only_fields = fields

    def get_reported_by(self, obj) -> str:
        return _person(obj.reported_by)["name"]


class ReportSubmitSerializer(serializers.Serializer):
    meeting = serializers.PrimaryKeyRelatedField(
        queryset=Meeting.objects.select_related("group"),
        help_text="Beredningsgruppens planerade möte (id) som rapporten gäller.",
    )
    light = serializers.ChoiceField(choices=Light.choices)
    progress = serializers.CharField(max_length=5000)
    next_steps = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=5000
    )
    risks = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


REFUSED = OpenApiResponse(
    ErrorSerializer,
    description="Refused by the guideline or the workflow: a phase move that is not allowed "
    "(`phase_not_allowed`), a report to a group that takes none (`not_reporting_group`, G14), "
    "a meeting no longer planned (`not_planned`), a project not active "
    "(`project_not_active`), a closed project staffed (`project_closed`, G11).",
)


@extend_schema_view(
    list=extend_schema(summary="Projektportföljen (G01, G03, G05)"),
    retrieve=extend_schema(summary="Ett projekt"),
    create=extend_schema(
        summary="Registrera ett projekt (G01: för förvaltningen som betalar det)",
        request=ProjectCreateSerializer,
        responses={201: ProjectSerializer, 400: ErrorSerializer, 403: ErrorSerializer},
    ),
    partial_update=extend_schema(
        summary="Ändra ett projekt",
        request=ProjectUpdateSerializer,
        responses={200: ProjectSerializer, 400: ErrorSerializer, 403: ErrorSerializer},
    ),
)
class ProjectViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ProjectSerializer
    queryset = Project.objects.none()
    filterset_class = ProjectFilterSet
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        require_perm(self.request.user, "projects.view_projects")
        return (
            selectors.project_list(user=self.request.user)
            .prefetch_related("systems")
            .order_by("name", "pk")
        )

    def _detail(self, project):
        return self.get_serializer(self.get_queryset().get(pk=project.pk)).data

    def create(self, request, *args, **kwargs):
        return service_response(  # the service refuses another department with G01
            self,
            lambda data: services.project_create(actor=request.user, **data),
            input_serializer=ProjectCreateSerializer,
            output=self._detail,
            status_code=status.HTTP_201_CREATED,
        )

    def partial_update(self, request, *args, **kwargs):
        project = self.get_object()
        require_perm(request.user, "projects.change_project", project)
        return service_response(
            self,
            lambda data: services.project_update(actor=request.user, project=project, **data),
            input_serializer=ProjectUpdateSerializer,
            output=self._detail,
        )

    @extend_schema(
        summary="Flytta projektet till en ny fas",
        request=PhaseSerializer,
        responses={
            200: ProjectSerializer,
            400: ErrorSerializer,
            403: ErrorSerializer,
            409: REFUSED,
        },
    )
    @action(detail=True, methods=["post"])
    def phase(self, request, pk=None):
        project = self.get_object()
        require_perm(request.user, "projects.change_project", project)
        return service_response(
            self,
            lambda data: services.project_set_phase(actor=request.user, project=project, **data),
            input_serializer=PhaseSerializer,
            output=self._detail,
        )

    @extend_schema(
        methods=["GET"],
        summary="Projektets statusrapporter, senaste först (G14)",
        responses={200: ReportSerializer(many=True)},
    )
    @extend_schema(
        methods=["POST"],
        summary="Lämna projektets statusrapport inför ett möte (G14); ersätter en tidigare",
        request=ReportSubmitSerializer,
        responses={
            201: ReportSerializer,
            400: ErrorSerializer,
            403: ErrorSerializer,
            409: REFUSED,
        },
    )
    @action(detail=True, methods=["get", "post"], url_path="status-reports")
    def status_reports(self, request, pk=None):
        project = self.get_object()
        if request.method == "GET":
            reports = self.paginate_queryset(
                selectors.report_list(user=request.user, project=project)
            )
            return self.get_paginated_response(ReportSerializer(reports, many=True).data)
        return service_response(
            self,
            lambda data: services.project_report_submit(
                actor=request.user, project=project, **data
            ),
            input_serializer=ReportSubmitSerializer,
            output=lambda report: ReportSerializer(report).data,
            status_code=status.HTTP_201_CREATED,
        )


# --- staffing (G11) ----------------------------------------------------------------------------


class StaffingSerializer(serializers.ModelSerializer):
    person_name = serializers.SerializerMethodField()
    project_name = serializers.CharField(source="project.name", read_only=True)

    class Meta:
        model = Staffing
        fields = [
            "id",
            "project",
            "project_name",
            "person",
            "person_name",
            "percent",
            "start",
            "end",
            "role",
        ]
        read_only_fields = fields

    def get_person_name(self, obj) -> str:
        return _person(obj.person)["name"]


class StaffingCreateSerializer(serializers.Serializer):
    project = serializers.PrimaryKeyRelatedField(queryset=Project.objects.all())
    person = PersonField()
    percent = serializers.IntegerField(min_value=1, max_value=100)
    start = serializers.DateField()
    end = serializers.DateField()
    role = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class WeekLoadSerializer(serializers.Serializer):
    week = serializers.DateField(help_text="Veckans måndag.")
    percent = serializers.IntegerField()
    over = serializers.BooleanField(help_text="Över 100 %: överbokad (G11).")


class CapacitySerializer(serializers.Serializer):
    person = serializers.IntegerField()
    name = serializers.CharField()
    over = serializers.BooleanField()
    weeks = WeekLoadSerializer(many=True)


@extend_schema_view(
    list=extend_schema(summary="IT-enhetens personal i projekten (G11)"),
    retrieve=extend_schema(summary="En bemanning"),
    create=extend_schema(
        summary="Bemanna ett projekt med en person från IT-enheten (G11)",
        request=StaffingCreateSerializer,
        responses={
            201: StaffingSerializer,
            400: ErrorSerializer,
            403: ErrorSerializer,
            409: REFUSED,
        },
    ),
    destroy=extend_schema(
        summary="Ta bort en bemanning",
        responses={204: None, 403: ErrorSerializer, 404: ErrorSerializer},
    ),
)
class StaffingViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = StaffingSerializer
    queryset = Staffing.objects.none()
    filterset_class = StaffingFilterSet

    def get_queryset(self):
        require_perm(self.request.user, "projects.view_projects")
        return selectors.staffing_list(user=self.request.user)

    def create(self, request, *args, **kwargs):
        return service_response(  # the service refuses a non-staffer with its rule (G11)
            self,
            lambda data: services.staffing_add(actor=request.user, **data),
            input_serializer=StaffingCreateSerializer,
            output=lambda row: self.get_serializer(self.get_queryset().get(pk=row.pk)).data,
            status_code=status.HTTP_201_CREATED,
        )

    def destroy(self, request, *args, **kwargs):
        row = self.get_object()
        require_perm(request.user, "projects.staff_projects")
        services.staffing_remove(actor=request.user, staffing=row)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Beläggning per person och vecka (G11): över 100 % flaggas",
        parameters=[
            OpenApiParameter("from", datetime.date, description="Första veckan (en dag i den)."),
            OpenApiParameter("weeks", int, description="Antal veckor, 1–52 (12 om inget anges)."),
        ],
        responses={200: CapacitySerializer(many=True)},
        filters=False,
    )
    @action(detail=False, methods=["get"], filterset_class=None, pagination_class=None)
    def capacity(self, request):
        require_perm(request.user, "projects.view_projects")
        try:
            day = datetime.date.fromisoformat(request.query_params.get("from", ""))
        except ValueError:
            day = datetime.date.today()
        weeks = min(max(int_param(request.query_params.get("weeks")) or 12, 1), 52)
        data = selectors.capacity(user=request.user, first_week=selectors.monday(day), weeks=weeks)
        return Response(
            [
                {
                    "person": row["person"].pk,
                    "name": _person(row["person"])["name"],
                    "over": row["over"],
                    "weeks": [
                        {"week": w, "percent": v, "over": o}
                        for w, (v, o) in zip(data["weeks"], row["loads"], strict=True)
                    ],
                }
                for row in data["people"]
            ]
        )


# --- plans (G01) -------------------------------------------------------------------------------


class _PlanViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    # A committee's mission plan or a department's operational plan (G01): read by every
    # member of staff, registered and filled (goals, activities) through the services by
    # whoever holds ``manage_permission``. A subclass names its selector, order, service and
    # input. (A comment, not a docstring: drf-spectacular would show it in the API's docs.)

    manage_permission: str
    plan_order: tuple[str, ...]
    select: Callable[..., QuerySet]
    create_service: Callable[..., object]
    create_serializer: type[serializers.Serializer]

    def get_queryset(self):
        require_perm(self.request.user, "projects.view_projects")
        return self.select(user=self.request.user).order_by(*self.plan_order)

    def _detail(self, plan):
        return self.get_serializer(self.get_queryset().get(pk=plan.pk)).data

    def create(self, request, *args, **kwargs):
        require_perm(request.user, self.manage_permission)
        return service_response(
            self,
            lambda data: self.create_service(actor=request.user, **data),
            input_serializer=self.create_serializer,
            output=self._detail,
            status_code=status.HTTP_201_CREATED,
        )

    def _on_plan(self, request, call, **response):
        """A write on one plan: ``call(plan, data)`` through the service (``response``: the
        rest of ``service_response``'s arguments); by default 201 with the whole plan."""
        plan = self.get_object()
        require_perm(request.user, self.manage_permission)
        response.setdefault("output", lambda _created: self._detail(plan))
        response.setdefault("status_code", status.HTTP_201_CREATED)
        return service_response(self, lambda data: call(plan, data), **response)


class GoalSerializer(serializers.ModelSerializer):
    class Meta:
        model = Goal
        fields = ["id", "number", "title", "description"]
        read_only_fields = fields


class MissionPlanSerializer(serializers.ModelSerializer):
    committee = serializers.SlugRelatedField(slug_field="code", read_only=True)
    committee_name = serializers.CharField(source="committee.name", read_only=True)
    goals = GoalSerializer(many=True, read_only=True)

    class Meta:
        model = MissionPlan
        fields = ["id", "committee", "committee_name", "year", "title", "goals"]
        read_only_fields = fields


class MissionPlanCreateSerializer(serializers.Serializer):
    committee = serializers.SlugRelatedField(slug_field="code", queryset=Committee.objects.all())
    year = serializers.IntegerField(**YEAR)
    title = serializers.CharField(max_length=200)


class GoalCreateSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=20)
    title = serializers.CharField(max_length=300)
    description = serializers.CharField(required=False, allow_blank=True, default="")


class GoalImportSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="Excel (.xlsx) eller CSV: Nummer, Mål, Beskrivning.")


class GoalImportResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()


@extend_schema_view(
    list=extend_schema(summary="Nämndernas uppdragsplaner med mål (G01)"),
    retrieve=extend_schema(summary="En uppdragsplan"),
    create=extend_schema(
        summary="Registrera en uppdragsplan (samordnaren, G05)",
        request=MissionPlanCreateSerializer,
        responses={201: MissionPlanSerializer, 400: ErrorSerializer, 403: ErrorSerializer},
    ),
)
class MissionPlanViewSet(_PlanViewSet):
    serializer_class = MissionPlanSerializer
    queryset = MissionPlan.objects.none()
    filterset_class = MissionPlanFilterSet
    manage_permission = "projects.manage_mission_plans"
    plan_order = ("-year", "committee", "pk")
    select = staticmethod(selectors.mission_plan_list)
    create_service = staticmethod(services.mission_plan_create)
    create_serializer = MissionPlanCreateSerializer

    @extend_schema(
        summary="Lägg till ett mål i planen",
        request=GoalCreateSerializer,
        responses={201: MissionPlanSerializer, 400: ErrorSerializer, 403: ErrorSerializer},
    )
    @action(detail=True, methods=["post"])
    def goals(self, request, pk=None):
        return self._on_plan(
            request,
            lambda plan, data: services.goal_add(actor=request.user, plan=plan, **data),
            input_serializer=GoalCreateSerializer,
        )

    @extend_schema(
        summary="Importera planens mål från Excel (allt eller inget)",
        request={"multipart/form-data": GoalImportSerializer},
        responses={200: GoalImportResultSerializer, 400: ErrorSerializer, 403: ErrorSerializer},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="goals/import",
        parser_classes=[MultiPartParser, JSONParser],
    )
    def goals_import(self, request, pk=None):
        return self._on_plan(
            request,
            lambda plan, data: services.goals_import(
                actor=request.user, plan=plan, filename=data["file"].name, data=data["file"].read()
            ),
            input_serializer=GoalImportSerializer,
            output=lambda result: result,
            status_code=status.HTTP_200_OK,
        )


class ActivitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Activity
        fields = ["id", "goal", "title"]
        read_only_fields = fields


class OperationalPlanSerializer(serializers.ModelSerializer):
    department = serializers.SlugRelatedField(slug_field="code", read_only=True)
    activities = ActivitySerializer(many=True, read_only=True)

    class Meta:
        model = OperationalPlan
        fields = ["id", "department", "year", "title", "activities"]
        read_only_fields = fields


class OperationalPlanCreateSerializer(serializers.Serializer):
    department = serializers.SlugRelatedField(**DEPARTMENT)
    year = serializers.IntegerField(**YEAR)
    title = serializers.CharField(max_length=200)


class ActivityCreateSerializer(serializers.Serializer):
    goal = serializers.PrimaryKeyRelatedField(queryset=Goal.objects.all())
    title = serializers.CharField(max_length=300)


@extend_schema_view(
    list=extend_schema(summary="Förvaltningarnas verksamhetsplaner med aktiviteter (G01)"),
    retrieve=extend_schema(summary="En verksamhetsplan"),
    create=extend_schema(
        summary="Registrera förvaltningens verksamhetsplan (G01)",
        request=OperationalPlanCreateSerializer,
        responses={201: OperationalPlanSerializer, 400: ErrorSerializer, 403: ErrorSerializer},
    ),
)
class OperationalPlanViewSet(_PlanViewSet):
    serializer_class = OperationalPlanSerializer
    queryset = OperationalPlan.objects.none()
    filterset_class = OperationalPlanFilterSet
    manage_permission = "projects.manage_operational_plans"
    plan_order = ("-year", "department__name", "pk")
    select = staticmethod(selectors.operational_plan_list)
    create_service = staticmethod(services.operational_plan_create)
    create_serializer = OperationalPlanCreateSerializer

    @extend_schema(
        summary="Lägg till en aktivitet knuten till ett mål (G01)",
        request=ActivityCreateSerializer,
        responses={201: OperationalPlanSerializer, 400: ErrorSerializer, 403: ErrorSerializer},
    )
    @action(detail=True, methods=["post"])
    def activities(self, request, pk=None):
        return self._on_plan(
            request,
            lambda plan, data: services.activity_add(actor=request.user, plan=plan, **data),
            input_serializer=ActivityCreateSerializer,
        )
