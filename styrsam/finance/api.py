"""REST API of the finance app (the same services as the pages):

- ``/api/v1/budgets/``: budget proposals with their frames per year (filters ``year``,
  ``kind``, ``status``); create and change a draft, ``propose`` (G13) and ``decide`` (G16);
- ``/api/v1/cost-allocations/``: allocation keys (G26; filters ``system``, ``basis``,
  ``year`` — in force that year); a key's ``shares`` of a year's cost; create a key;
- ``/api/v1/department-costs/?year=&department=``: a department's statement as rows —
  source, system or asset type or case, amount (G24–G27);
- ``/api/v1/department-budgets/``: the departments' own budgets per line (read, set).
"""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from styrsam.core.access import require_perm
from styrsam.core.api import ErrorSerializer, service_response
from styrsam.core.params import int_param
from styrsam.meetings.models import MinuteItem
from styrsam.organisation.models import OrgUnit
from styrsam.systems.models import System

from . import selectors, services, statement
from .lists import AllocationKeyFilterSet, BudgetPlanFilterSet
from .models import KIND_RULES, AllocationKey, BudgetKind, BudgetPlan, DepartmentBudget, Source
from .rules import statement_unit_ids as statement_ids
from .views.allocation import key_shares

YEAR = {"min_value": 2000, "max_value": 2100}


# --- budgets ------------------------------------------------------------------------------


class FrameSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=0)
    in_force = serializers.SerializerMethodField(
        help_text="Ramen gäller: det senaste beslutet för budgetslaget och året (G16)."
    )

    def get_in_force(self, frame) -> bool:
        return frame.pk in self.context.get("in_force", set())


class BudgetPlanSerializer(serializers.ModelSerializer):
    frames = FrameSerializer(many=True, read_only=True)
    rule = serializers.SerializerMethodField(help_text="Riktlinjens regel för budgetslaget.")

    class Meta:
        model = BudgetPlan
        fields = [
            "id",
            "kind",
            "rule",
            "first_year",
            "last_year",
            "status",
            "note",
            "frames",
            "proposed_group",
            "proposed_minute_item",
            "proposed_reference",
            "proposed_on",
            "decided_group",
            "decided_minute_item",
            "decided_reference",
            "decided_on",
        ]
        read_only_fields = fields

    def get_rule(self, obj) -> str:
        return KIND_RULES[obj.kind]


AMOUNTS = serializers.ListField(
    child=serializers.DecimalField(max_digits=14, decimal_places=0, min_value=0),
    help_text="Ett belopp i hela kronor per år från first_year (3–4 år enligt policyn, G16).",
)


class BudgetPlanCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=BudgetKind.choices)
    first_year = serializers.IntegerField(**YEAR)
    amounts = serializers.ListField(
        child=serializers.DecimalField(max_digits=14, decimal_places=0, min_value=0),
        min_length=1,
        max_length=10,
        help_text="Ett belopp i hela kronor per år från first_year (3–4 år enligt policyn, G16).",
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


class BudgetPlanUpdateSerializer(serializers.Serializer):
    amounts = serializers.ListField(
        child=serializers.DecimalField(max_digits=14, decimal_places=0, min_value=0),
        required=False,
        max_length=10,
        help_text="Ett belopp per år i förslaget.",
    )
    note = serializers.CharField(required=False, allow_blank=True)


class MinutesSerializer(serializers.Serializer):
    minute_item = serializers.PrimaryKeyRelatedField(
        queryset=MinuteItem.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="Paragrafen (id) i den föreslående (G13) eller beslutande (G16) gruppens "
        "protokoll; referens och datum tas då från mötet.",
    )
    reference = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Utan paragraf (före Styrsam)."
    )
    date = serializers.DateField(required=False, allow_null=True, default=None)


REFUSED = OpenApiResponse(
    ErrorSerializer,
    description="Refused by the guideline: e.g. a § of another group's minutes "
    "(`wrong_group`, G13/G16), the platform budget not yet proposed by the steering group "
    "(`not_proposed`, G13), or a plan already decided (`already_decided`, G16).",
)


@extend_schema_view(
    list=extend_schema(summary="IT-budgetar: förslag och beslut (G13, G16)"),
    retrieve=extend_schema(summary="Ett budgetförslag med ramar per år"),
    create=extend_schema(
        summary="Upprätta ett budgetförslag för 3–4 år (G16)",
        request=BudgetPlanCreateSerializer,
        responses={
            201: BudgetPlanSerializer,
            400: ErrorSerializer,
            403: ErrorSerializer,
            409: REFUSED,
        },
    ),
    destroy=extend_schema(
        summary="Ta tillbaka ett utkast (ett föreslaget eller beslutat förslag: 409)",
        responses={204: None, 403: ErrorSerializer, 404: ErrorSerializer, 409: REFUSED},
    ),
    partial_update=extend_schema(
        summary="Ändra ett utkast",
        request=BudgetPlanUpdateSerializer,
        responses={
            200: BudgetPlanSerializer,
            400: ErrorSerializer,
            403: ErrorSerializer,
            409: REFUSED,
        },
    ),
)
class BudgetViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = BudgetPlanSerializer
    queryset = BudgetPlan.objects.none()
    filterset_class = BudgetPlanFilterSet
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        require_perm(self.request.user, "finance.view_budgets")
        return selectors.plan_list(user=self.request.user)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if getattr(self, "swagger_fake_view", False):
            return context
        context["in_force"] = {frame.pk for frame in selectors.frames_in_force(years=None).values()}
        return context

    def _detail(self, plan):
        return self.get_serializer(self.get_queryset().get(pk=plan.pk)).data

    def create(self, request, *args, **kwargs):
        require_perm(request.user, "finance.change_budget")
        return service_response(
            self,
            lambda data: services.budget_plan_create(actor=request.user, **data),
            input_serializer=BudgetPlanCreateSerializer,
            output=self._detail,
            status_code=status.HTTP_201_CREATED,
        )

    def partial_update(self, request, *args, **kwargs):
        plan = self.get_object()
        require_perm(request.user, "finance.change_budget")
        return service_response(
            self,
            lambda data: services.budget_plan_update(actor=request.user, plan=plan, **data),
            input_serializer=BudgetPlanUpdateSerializer,
            output=self._detail,
        )

    def destroy(self, request, *args, **kwargs):
        plan = self.get_object()
        require_perm(request.user, "finance.change_budget")
        services.budget_plan_withdraw(actor=request.user, plan=plan)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Registrera gruppens förslag ur dess protokoll (G13: IT-plattformen)",
        request=MinutesSerializer,
        responses={
            200: BudgetPlanSerializer,
            400: ErrorSerializer,
            403: ErrorSerializer,
            409: REFUSED,
        },
    )
    @action(detail=True, methods=["post"])
    def propose(self, request, pk=None):
        plan = self.get_object()
        return service_response(
            self,
            lambda data: services.budget_plan_propose(
                actor=request.user,
                plan=plan,
                minute_item=data["minute_item"],
                reference=data["reference"],
                proposed_on=data["date"],
            ),
            input_serializer=MinutesSerializer,
            output=self._detail,
        )

    @extend_schema(
        summary="Registrera den budgetbeslutande gruppens beslut ur dess protokoll (G16)",
        request=MinutesSerializer,
        responses={
            200: BudgetPlanSerializer,
            400: ErrorSerializer,
            403: ErrorSerializer,
            409: REFUSED,
        },
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        plan = self.get_object()
        return service_response(
            self,
            lambda data: services.budget_plan_decide(
                actor=request.user,
                plan=plan,
                minute_item=data["minute_item"],
                reference=data["reference"],
                decided_on=data["date"],
            ),
            input_serializer=MinutesSerializer,
            output=self._detail,
        )


# --- allocation keys (G26) -------------------------------------------------------------------


class WeightSerializer(serializers.Serializer):
    department = serializers.SlugRelatedField(slug_field="code", queryset=OrgUnit.objects.all())
    weight = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0)


class AllocationKeySerializer(serializers.ModelSerializer):
    system_name = serializers.CharField(source="system.name", read_only=True)
    weights = serializers.SerializerMethodField()

    class Meta:
        model = AllocationKey
        fields = [
            "id",
            "system",
            "system_name",
            "basis",
            "valid_from",
            "note",
            "weights",
            "created_at",
        ]
        read_only_fields = fields

    def get_weights(self, obj) -> list[dict]:
        return [
            {"department": w.department.code, "weight": str(w.weight)} for w in obj.weights.all()
        ]


class ShareSerializer(serializers.Serializer):
    department = serializers.CharField(source="department.code")
    weight = serializers.DecimalField(max_digits=12, decimal_places=2)
    share = serializers.DecimalField(
        max_digits=16, decimal_places=2, allow_null=True, help_text="Andel i kronor (öre)"
    )


class SharesSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    cost = serializers.DecimalField(
        max_digits=16, decimal_places=2, allow_null=True, help_text="Systemets kostnad året"
    )
    sum = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)
    rows = ShareSerializer(many=True)


class AllocationKeyDetailSerializer(AllocationKeySerializer):
    shares = serializers.SerializerMethodField(
        help_text="Förvaltningarnas andelar av systemets kostnad för ?year= (i år om inget "
        "anges), största rest i öre: summan är kostnaden exakt (G26)."
    )

    class Meta(AllocationKeySerializer.Meta):
        fields = [*AllocationKeySerializer.Meta.fields, "shares"]
        read_only_fields = fields

    @extend_schema_field(SharesSerializer)
    def get_shares(self, obj) -> dict:
        return SharesSerializer(key_shares(obj, self.context["year"])).data


class AllocationKeyCreateSerializer(serializers.Serializer):
    system = serializers.PrimaryKeyRelatedField(queryset=System.objects.all())
    basis = serializers.ChoiceField(choices=AllocationKey.Basis.choices)
    valid_from = serializers.IntegerField(**YEAR)
    weights = WeightSerializer(many=True)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


@extend_schema_view(
    list=extend_schema(summary="Fördelningsnycklar för kommungemensamma system (G26)"),
    retrieve=extend_schema(
        summary="En fördelningsnyckel med förvaltningarnas andelar av ett års kostnad",
        parameters=[OpenApiParameter("year", int, description="året (i år om inget anges)")],
    ),
    create=extend_schema(
        summary="Fastställ en fördelningsnyckel från ett år (G26)",
        request=AllocationKeyCreateSerializer,
        responses={
            201: AllocationKeyDetailSerializer,
            400: ErrorSerializer,
            403: ErrorSerializer,
            409: ErrorSerializer,
        },
    ),
)
class AllocationKeyViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """No update or delete: a key is changed by a new key from a year (append-only)."""

    serializer_class = AllocationKeySerializer
    queryset = AllocationKey.objects.none()
    filterset_class = AllocationKeyFilterSet

    def get_serializer_class(self):
        if self.action in ("retrieve", "create"):
            return AllocationKeyDetailSerializer
        return AllocationKeySerializer

    def get_serializer_context(self):
        context = super().get_serializer_context()
        year = int_param(self.request.query_params.get("year")) if self.request else None
        context["year"] = year if year and 2000 <= year <= 2100 else statement.this_year()
        return context

    def get_queryset(self):
        require_perm(self.request.user, "finance.view_allocations")
        return selectors.allocation_key_list(user=self.request.user)

    def filter_queryset(self, queryset):
        # ``year`` chooses the keys in force on the list, the year of the shares on a key.
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    def create(self, request, *args, **kwargs):
        require_perm(request.user, "finance.manage_allocation")
        return service_response(
            self,
            lambda data: services.allocation_key_create(
                actor=request.user,
                system=data["system"],
                basis=data["basis"],
                valid_from=data["valid_from"],
                weights=[(w["department"], w["weight"]) for w in data["weights"]],
                note=data["note"],
            ),
            input_serializer=AllocationKeyCreateSerializer,
            output=lambda key: self.get_serializer(self.get_queryset().get(pk=key.pk)).data,
            status_code=status.HTTP_201_CREATED,
        )


# --- department costs and budgets (G24–G27) ----------------------------------------------------


class CostQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(required=False, help_text="Året (i år om inget anges)", **YEAR)
    department = serializers.SlugRelatedField(
        slug_field="code",
        queryset=OrgUnit.objects.all(),
        required=False,
        help_text="Förvaltningens kod; utan: alla förvaltningar användaren får se.",
    )


class DepartmentCostSerializer(serializers.Serializer):
    department = serializers.CharField(help_text="Förvaltningens kod")
    year = serializers.IntegerField()
    source = serializers.ChoiceField(choices=Source.choices, help_text="Raden i sammanställningen")
    rule = serializers.CharField(
        help_text="G24 hyra, G25 egna system, G26 andelar, G27 delfinansiering"
    )
    system = serializers.IntegerField(allow_null=True, help_text="Systemet (id), för G25 och G26")
    asset_type = serializers.CharField(allow_null=True, help_text="Utrustningstypens kod, för G24")
    case = serializers.IntegerField(allow_null=True, help_text="Ärendet (id), för G27")
    label = serializers.CharField(help_text="System, utrustningstyp eller ärende")
    reference = serializers.CharField(allow_blank=True, help_text="Diarienummer för G27")
    amount = serializers.DecimalField(
        max_digits=16,
        decimal_places=2,
        help_text="Kronor: positivt är en kostnad, negativt erhållen delfinansiering (G27).",
    )


def cost_rows(statements) -> list[dict]:
    return [
        {
            "department": s.department.code,
            "year": s.year,
            "source": row.source,
            "rule": statement.Line(row.source).rule,
            "system": row.system_id,
            "asset_type": row.asset_type or None,
            "case": row.case_id,
            "label": row.label,
            "reference": row.reference,
            "amount": row.signed_amount,
        }
        for s in statements
        for row in s.rows()
    ]


@extend_schema(
    summary="Förvaltningarnas IT-kostnader per rad (G24–G27)",
    description="En rad per utrustningstyp (hyra ur reskontran, G24), eget system (G25), "
    "andel av ett kommungemensamt system (G26) och beviljad delfinansiering (G27). "
    "En förvaltningsekonom ser sin egen förvaltning; en förvaltning utanför det användaren "
    "får se svarar 404.",
    parameters=[CostQuerySerializer],
    responses={
        200: DepartmentCostSerializer(many=True),
        400: ErrorSerializer,
        403: ErrorSerializer,
        404: ErrorSerializer,
    },
)
class DepartmentCostView(GenericAPIView):
    serializer_class = DepartmentCostSerializer
    filter_backends: list = []

    def get(self, request):
        require_perm(request.user, "finance.view_statements")
        query = CostQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        year = query.validated_data.get("year") or statement.this_year()
        department = query.validated_data.get("department")
        units = selectors.statement_departments(user=request.user)
        if department is not None:
            units = units.filter(pk=department.pk)
            if not units.exists():
                raise Http404
        statements, _allocation = statement.build(
            list(units), year, detail=True, whole_allocation=False
        )
        rows = cost_rows(statements)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(DepartmentCostSerializer(page, many=True).data)


class DepartmentBudgetSerializer(serializers.ModelSerializer):
    department = serializers.SlugRelatedField(slug_field="code", queryset=OrgUnit.objects.all())
    source = serializers.ChoiceField(choices=Source.choices)
    year = serializers.IntegerField(**YEAR)
    amount = serializers.DecimalField(max_digits=14, decimal_places=0, min_value=0)

    class Meta:
        model = DepartmentBudget
        fields = ["id", "department", "year", "source", "amount", "updated_at"]
        read_only_fields = ["id", "updated_at"]
        validators = []  # posting a line again changes it; the service decides


@extend_schema_view(
    list=extend_schema(
        summary="Förvaltningarnas IT-budgetar per rad",
        parameters=[
            OpenApiParameter("year", int),
            OpenApiParameter("department", str, description="förvaltningens kod"),
        ],
    ),
    create=extend_schema(
        summary="Ange förvaltningens budget för en rad och ett år (ändrar en befintlig)",
        responses={201: DepartmentBudgetSerializer, 400: ErrorSerializer, 403: ErrorSerializer},
    ),
)
class DepartmentBudgetViewSet(
    mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    serializer_class = DepartmentBudgetSerializer
    queryset = DepartmentBudget.objects.none()
    filter_backends: list = []

    def get_queryset(self):
        require_perm(self.request.user, "finance.view_statements")
        ids = statement_ids(self.request.user)
        qs = DepartmentBudget.objects.select_related("department").order_by(
            "department__name", "year", "source", "pk"
        )
        if ids is not None:
            qs = qs.filter(department_id__in=ids)
        params = self.request.query_params
        year = int_param(params.get("year"))
        if year:
            qs = qs.filter(year=year)
        if params.get("department"):
            qs = qs.filter(department__code=params["department"])
        return qs

    def create(self, request, *args, **kwargs):
        return service_response(
            self,
            lambda data: services.department_budget_set(actor=request.user, **data),
            status_code=status.HTTP_201_CREATED,
        )
