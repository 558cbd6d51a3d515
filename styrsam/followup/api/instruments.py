"""REST API of the self-assessment's instruments and comparisons (G30):
/api/v1/assessment-instruments/ and /api/v1/assessment-comparisons/."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets

from styrsam.core.access import require_perm
from styrsam.core.api import service_response

from .. import selectors, services
from ..lists import ComparisonFilterSet, InstrumentFilterSet
from ..models import (
    Area,
    Comparison,
    Indicator,
    Instrument,
    ScaleLevel,
)
from .common import FileUploadSerializer, refusals

User = get_user_model()


class LevelSerializer(serializers.ModelSerializer):
    value = serializers.FloatField(allow_null=True)

    class Meta:
        model = ScaleLevel
        fields = ["code", "label", "description", "value"]


class ScaleSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    levels = LevelSerializer(many=True)


class IndicatorSerializer(serializers.ModelSerializer):
    scale = serializers.CharField(source="scale.code")

    class Meta:
        model = Indicator
        fields = ["code", "text", "guidance", "scale"]


class AreaSerializer(serializers.ModelSerializer):
    indicators = IndicatorSerializer(many=True)

    class Meta:
        model = Area
        fields = ["code", "name", "description", "indicators"]


class InstrumentSerializer(serializers.ModelSerializer):
    areas = AreaSerializer(many=True, read_only=True)
    scales = ScaleSerializer(many=True, read_only=True)

    class Meta:
        model = Instrument
        fields = [
            "id",
            "code",
            "version",
            "name",
            "description",
            "source",
            "created_at",
            "scales",
            "areas",
        ]


@extend_schema_view(
    list=extend_schema(summary="Självskattningsinstrument (G30)"),
    retrieve=extend_schema(summary="Ett instrument med områden, indikatorer och skalor"),
    create=extend_schema(
        summary="Ladda ett instrument från fil (samordnaren)",
        request=FileUploadSerializer,
        responses={201: InstrumentSerializer, **refusals(400, 403, 409)},
        description="`text` är filens innehåll (YAML eller JSON, docs/formats/instrument.md). "
        "Ett ogiltigt instrument ger 400 `invalid_instrument` med `problems`: varje fel med rad.",
    ),
)
class InstrumentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = InstrumentSerializer
    queryset = Instrument.objects.none()
    filterset_class = InstrumentFilterSet

    def get_queryset(self):
        require_perm(self.request.user, "followup.view_instruments")
        return selectors.instrument_list(user=self.request.user).prefetch_related(
            Prefetch("scales__levels", queryset=ScaleLevel.objects.order_by("order")),
            Prefetch(
                "areas__indicators",
                queryset=Indicator.objects.select_related("scale").order_by("order"),
            ),
        )

    def create(self, request, *args, **kwargs):
        require_perm(request.user, "followup.load_instrument")
        return service_response(
            self,
            lambda data: services.instrument_load(
                actor=request.user, raw=data["text"], source=data.get("source", "")
            ),
            input_serializer=FileUploadSerializer,
            output=lambda instrument: (
                self.get_serializer(self.get_queryset().get(pk=instrument.pk)).data
            ),
            status_code=status.HTTP_201_CREATED,
        )


class ComparisonSerializer(serializers.ModelSerializer):
    class Meta:
        model = Comparison
        fields = [
            "id",
            "municipality",
            "year",
            "instrument_code",
            "instrument_version",
            "instrument_name",
            "score",
            "data",
            "created_at",
        ]


@extend_schema_view(
    list=extend_schema(summary="Andra kommuners resultat att jämföra med"),
    retrieve=extend_schema(summary="En jämförelse"),
    create=extend_schema(
        summary="Importera en annan kommuns resultatfil (det öppna formatet)",
        request=FileUploadSerializer,
        responses={201: ComparisonSerializer, **refusals(400, 403, 409)},
    ),
    destroy=extend_schema(summary="Ta bort en jämförelse", responses={204: None, **refusals(403)}),
)
class ComparisonViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ComparisonSerializer
    queryset = Comparison.objects.none()
    filterset_class = ComparisonFilterSet

    def get_queryset(self):
        require_perm(self.request.user, "followup.view_rounds")
        return selectors.comparison_list(user=self.request.user)

    def create(self, request, *args, **kwargs):
        require_perm(request.user, "followup.run_rounds")
        return service_response(
            self,
            lambda data: services.comparison_import(
                actor=request.user, raw=data["text"], source=data.get("source", "")
            ),
            input_serializer=FileUploadSerializer,
            output=lambda c: self.get_serializer(c).data,
            status_code=status.HTTP_201_CREATED,
        )

    def perform_destroy(self, instance):
        services.comparison_delete(actor=self.request.user, comparison=instance)
