"""REST API of the register: /api/v1/systems/ (list, create, retrieve, update).

Retrieve adds the system's cases and decisions (G17) as short summaries, only those the user
may read; the list leaves them out to stay lean.

The same services as the pages; a G18 refusal is HTTP 409 {"code": "common_kind_taken",
"detail", "rule": "G18"} through the shared exception handler."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from styrsam.cases.models import Case, Decision
from styrsam.core.access import require_perm
from styrsam.core.api import ErrorSerializer
from styrsam.organisation.models import OrgUnit

from . import selectors, services
from .models import System, SystemCost
from .selectors import SystemFilter

User = get_user_model()


class CostSerializer(serializers.ModelSerializer):
    class Meta:
        model = SystemCost
        fields = ["year", "kind", "amount"]


class SystemSerializer(serializers.ModelSerializer):
    owner_unit = serializers.SlugRelatedField(
        slug_field="code", queryset=OrgUnit.objects.filter(is_active=True)
    )
    owner = serializers.SlugRelatedField(
        slug_field="username",
        queryset=User.objects.filter(is_active=True),
        required=False,
        allow_null=True,
    )
    manager = serializers.SlugRelatedField(
        slug_field="username",
        queryset=User.objects.filter(is_active=True),
        required=False,
        allow_null=True,
    )
    representatives = serializers.SlugRelatedField(
        slug_field="username",
        queryset=User.objects.filter(is_active=True),
        many=True,
        required=False,
    )
    using_units = serializers.SlugRelatedField(
        slug_field="code",
        queryset=OrgUnit.objects.filter(is_active=True),
        many=True,
        required=False,
    )
    common_kind = serializers.CharField(required=False, allow_blank=True)
    financing_principle = serializers.CharField(required=False, allow_blank=True)
    costs = serializers.SerializerMethodField(
        help_text="Årliga kostnader; null för den som inte får se dem."
    )

    class Meta:
        model = System
        fields = [
            "id",
            "name",
            "description",
            "category",
            "common_kind",
            "owner_unit",
            "owner",
            "manager",
            "representatives",
            "using_units",
            "lifecycle",
            "criticality",
            "vendor",
            "contract_end",
            "user_count",
            "financing_principle",
            "costs",
            "updated_at",
        ]
        read_only_fields = ["updated_at"]
        # uniqueness and G18 are the service's to judge, with its own message
        validators = []
        extra_kwargs = {"name": {"validators": []}}

    def get_costs(self, obj) -> list[dict] | None:
        request = self.context.get("request")
        if request is None or not request.user.has_perm("systems.view_costs", obj):
            return None
        return CostSerializer(obj.costs.all(), many=True).data


class SystemCaseSummarySerializer(serializers.ModelSerializer):
    type = serializers.CharField(source="case_type", help_text="Ärendetyp (policyns kod)")
    type_name = serializers.CharField(help_text="Ärendetypens namn i policyn")
    registration_number = serializers.CharField()
    waiting_for = serializers.SerializerMethodField(
        help_text="Koder för de steg ärendet väntar på, ['decision'] när det är klart för "
        "beslut, tom lista när det är beslutat eller avslutat."
    )

    class Meta:
        model = Case
        fields = [
            "id",
            "registration_number",
            "type",
            "type_name",
            "title",
            "status",
            "waiting_for",
        ]
        read_only_fields = fields

    def get_waiting_for(self, obj) -> list[str]:
        if obj.status == Case.Status.READY:
            return ["decision"]
        return [step.code for step in obj.blocking_steps]


class SystemDecisionSummarySerializer(serializers.ModelSerializer):
    registration_number = serializers.CharField(
        source="case.registration_number", help_text="Ärendets diarienummer"
    )

    class Meta:
        model = Decision
        fields = [
            "id",
            "case",
            "registration_number",
            "decided_at",
            "outcome",
            "body",
            "meeting_reference",
            "corrects",
        ]
        read_only_fields = fields


class SystemDetailSerializer(SystemSerializer):
    """One system with its cases and decisions (G17): only those the user may read,
    newest first."""

    cases = serializers.SerializerMethodField(
        help_text="Ärenden om systemet som användaren får läsa, det senaste först."
    )
    decisions = serializers.SerializerMethodField(
        help_text="Beslut om systemet (rättelser inräknade) som användaren får läsa, "
        "det senaste först."
    )

    class Meta(SystemSerializer.Meta):
        fields = [*SystemSerializer.Meta.fields, "cases", "decisions"]

    def _user(self):
        request = self.context.get("request")
        return getattr(request, "user", None)

    @extend_schema_field(SystemCaseSummarySerializer(many=True))
    def get_cases(self, obj):
        user = self._user()
        if user is None:
            return []
        cases = selectors.system_cases(user=user, system=obj)
        return SystemCaseSummarySerializer(cases, many=True).data

    @extend_schema_field(SystemDecisionSummarySerializer(many=True))
    def get_decisions(self, obj):
        user = self._user()
        if user is None:
            return []
        decisions = selectors.system_decisions(user=user, system=obj)
        return SystemDecisionSummarySerializer(decisions, many=True).data


FILTER_PARAMETERS = [
    OpenApiParameter("category", str, description="Policyns kategori, t.ex. common, business"),
    OpenApiParameter("common_kind", str, description="Typ av kommungemensamt system (G19)"),
    OpenApiParameter("owner_unit", str, description="Kod för ägande förvaltning, t.ex. vof"),
    OpenApiParameter("lifecycle", enum=System.Lifecycle.values),
    OpenApiParameter("criticality", enum=System.Criticality.values),
    OpenApiParameter("vendor", str),
    OpenApiParameter(
        "contract_end_before",
        OpenApiTypes.DATE,
        description="Avtal som löper ut före dagen (ÅÅÅÅ-MM-DD); ett ogiltigt datum ignoreras.",
    ),
    OpenApiParameter("q", str, description="Sök i namn, beskrivning och leverantör"),
]
G18_CONFLICT = OpenApiResponse(
    ErrorSerializer,
    description="Refused by the guideline, e.g. a second common system of a kind (G18).",
    examples=[
        OpenApiExample(
            "G18",
            value={
                "code": "common_kind_taken",
                "detail": "Kommunen har redan ett kommungemensamt system av typen "
                "ekonomisystem: Raindance. …",
                "rule": "G18",
            },
        )
    ],
)


@extend_schema_view(
    list=extend_schema(summary="Systemförteckningen", parameters=FILTER_PARAMETERS),
    retrieve=extend_schema(
        summary="Ett system, med dess ärenden och beslut",
        responses={200: SystemDetailSerializer, 404: ErrorSerializer},
    ),
    create=extend_schema(
        summary="Registrera system",
        responses={201: SystemSerializer, 400: ErrorSerializer, 409: G18_CONFLICT},
    ),
    update=extend_schema(
        summary="Ändra system (ägaren eller IT-strategen)",
        responses={200: SystemSerializer, 403: ErrorSerializer, 409: G18_CONFLICT},
    ),
    partial_update=extend_schema(
        summary="Ändra delar av ett system (ägaren eller IT-strategen)",
        responses={200: SystemSerializer, 403: ErrorSerializer, 409: G18_CONFLICT},
    ),
)
class SystemViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = SystemSerializer
    queryset = System.objects.none()  # for the schema; requests use get_queryset()

    def get_serializer_class(self):
        if self.action == "retrieve":
            return SystemDetailSerializer
        return SystemSerializer

    def get_queryset(self):
        require_perm(self.request.user, "systems.view_system")
        filters = SystemFilter.from_params(self.request.query_params)
        qs = selectors.system_list(user=self.request.user, filters=filters)
        return qs.prefetch_related("representatives", "using_units", "costs")

    def create(self, request, *args, **kwargs):
        require_perm(request.user, "systems.add_system")
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        system = services.system_register(actor=request.user, **serializer.validated_data)
        system = self.get_queryset().get(pk=system.pk)
        return Response(self.get_serializer(system).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        system = self.get_object()
        require_perm(request.user, "systems.change_system", system)
        partial = kwargs.pop("partial", False)
        serializer = self.get_serializer(system, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        services.system_update(actor=request.user, system=system, **serializer.validated_data)
        system = self.get_queryset().get(pk=system.pk)
        return Response(self.get_serializer(system).data)
