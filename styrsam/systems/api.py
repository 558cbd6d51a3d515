"""REST API of the register: /api/v1/systems/ (list, create, retrieve, update).

The same services as the pages; a G18 refusal is HTTP 409 {"code": "common_kind_taken",
"detail", "rule": "G18"} through the shared exception handler."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from styrsam.core.access import require_perm
from styrsam.organisation.models import OrgUnit

from . import selectors, services
from .models import System, SystemCost
from .selectors import SystemFilter

User = get_user_model()


class CostSerializer(serializers.ModelSerializer):
    class Meta:
        model = SystemCost
        fields = ["year", "kind", "amount"]


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    detail = serializers.CharField()
    rule = serializers.CharField(required=False)


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


FILTER_PARAMETERS = [
    OpenApiParameter("category", str, description="Policyns kategori, t.ex. common, business"),
    OpenApiParameter("common_kind", str, description="Typ av kommungemensamt system (G19)"),
    OpenApiParameter("owner_unit", str, description="Kod för ägande förvaltning, t.ex. vof"),
    OpenApiParameter("lifecycle", enum=System.Lifecycle.values),
    OpenApiParameter("criticality", enum=System.Criticality.values),
    OpenApiParameter("vendor", str),
    OpenApiParameter("contract_end_before", str, description="ÅÅÅÅ-MM-DD"),
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
    retrieve=extend_schema(summary="Ett system"),
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
