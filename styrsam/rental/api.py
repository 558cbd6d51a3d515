"""REST API of the rental system: /api/v1/assets, rent-levels, rent-runs, ledger."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import DecimalField, Sum, Value
from django.db.models.functions import Coalesce
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action

from styrsam.core.access import require_perm
from styrsam.core.api import ErrorSerializer, service_response
from styrsam.meetings.models import MinuteItem
from styrsam.organisation.models import OrgUnit

from . import selectors, services
from .lists import (
    AssetFilterSet,
    AssetTypeFilterSet,
    LedgerFilterSet,
    RentLevelFilterSet,
    RentRunFilterSet,
)
from .models import (
    AssetType,
    InvestmentBudget,
    LedgerLine,
    RentDecision,
    RentedAsset,
    RentLevel,
    RentRun,
)
from .money import month_error, parse_month
from .runs import rent_run

User = get_user_model()


@extend_schema_field(
    {"type": "string", "pattern": r"^\d{4}-\d{2}$", "example": "2026-08", "description": "ÅÅÅÅ-MM"}
)
class MonthField(serializers.DateField):
    """A month (stored as its first day), sent as "2026-08": not a date in the schema either."""

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m", **kwargs)


class AssetSerializer(serializers.ModelSerializer):
    asset_type = serializers.SlugRelatedField(slug_field="code", read_only=True)
    department = serializers.SlugRelatedField(slug_field="code", read_only=True)
    user = serializers.SlugRelatedField(
        slug_field="username",
        read_only=True,
        allow_null=True,
        help_text="Personen som har utrustningen; null när den inte är utlånad till en person.",
    )

    class Meta:
        model = RentedAsset
        fields = ["id", *RentedAsset.AUDITED_FIELDS, "transferred_from"]


def _person_field(help_text: str):
    return serializers.SlugRelatedField(
        slug_field="username",
        queryset=User.objects.filter(is_active=True),
        required=False,
        allow_null=True,
        help_text=help_text,
    )


class AssetRegisterSerializer(serializers.Serializer):
    """The page's registration form (``AssetRegisterForm``) as JSON: codes, not ids."""

    asset_type = serializers.SlugRelatedField(
        slug_field="code", queryset=AssetType.objects.filter(is_active=True)
    )
    tag = serializers.CharField(max_length=40, help_text="Inventarienummer.")
    serial_number = serializers.CharField(max_length=80, required=False, allow_blank=True)
    model = serializers.CharField(max_length=120, required=False, allow_blank=True)
    department = serializers.SlugRelatedField(slug_field="code", queryset=OrgUnit.objects.all())
    user = _person_field("Användarnamnet på den som får utrustningen, om en person.")
    start_date = serializers.DateField(help_text="Hyrs från (G24).")


class AssetReturnSerializer(serializers.Serializer):
    end_date = serializers.DateField(help_text="Sista hyresdag.")


class AssetTransferSerializer(serializers.Serializer):
    to_department = serializers.SlugRelatedField(slug_field="code", queryset=OrgUnit.objects.all())
    date = serializers.DateField(help_text="Den nya förvaltningen hyr från och med (G24).")
    user = _person_field("Ny användare, om en person.")


_ASSET_ERRORS = {
    400: ErrorSerializer,
    401: ErrorSerializer,
    403: ErrorSerializer,
    404: ErrorSerializer,
    409: ErrorSerializer,
}


@extend_schema_view(
    list=extend_schema(summary="Hyrd utrustning"),
    create=extend_schema(
        summary="Registrera hyrd utrustning (G08, G24)",
        request=AssetRegisterSerializer,
        responses={201: AssetSerializer, **_ASSET_ERRORS},
    ),
)
class AssetViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Rented equipment. Read by those who see the departments' rent; registered, returned and
    transferred by those who manage the rented equipment (``rental.manage_assets``), through
    the same services as the pages, audited."""

    serializer_class = AssetSerializer
    queryset = RentedAsset.objects.none()
    filterset_class = AssetFilterSet  # the page's filters (lists.py), in the schema

    def get_queryset(self):
        require_perm(self.request.user, "rental.view_assets")
        return selectors.asset_list(user=self.request.user)

    def create(self, request, *args, **kwargs):
        require_perm(request.user, "rental.manage_assets")
        return service_response(
            self,
            lambda data: services.asset_register(actor=request.user, **data),
            input_serializer=AssetRegisterSerializer,
            status_code=status.HTTP_201_CREATED,
        )

    @extend_schema(
        summary="Återlämna hyrd utrustning (G24)",
        request=AssetReturnSerializer,
        responses={200: AssetSerializer, **_ASSET_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="return")
    def return_asset(self, request, pk=None):
        asset = self.get_object()
        require_perm(request.user, "rental.manage_assets")
        return service_response(
            self,
            lambda data: services.asset_return(actor=request.user, asset=asset, **data),
            input_serializer=AssetReturnSerializer,
        )

    @extend_schema(
        summary="Överför hyrd utrustning till en annan förvaltning (G24)",
        description="Den gamla förvaltningen hyr till och med dagen före, den nya från datumet; "
        "svaret är den nya hyresposten.",
        request=AssetTransferSerializer,
        responses={201: AssetSerializer, **_ASSET_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def transfer(self, request, pk=None):
        asset = self.get_object()
        require_perm(request.user, "rental.manage_assets")
        return service_response(
            self,
            lambda data: services.asset_transfer(actor=request.user, asset=asset, **data),
            input_serializer=AssetTransferSerializer,
            status_code=status.HTTP_201_CREATED,
        )


class InvestmentBudgetSerializer(serializers.ModelSerializer):
    used = serializers.SerializerMethodField(help_text="Använt av budgeten: inköp (G08).")

    class Meta:
        model = InvestmentBudget
        fields = ["id", "year", "amount", "used"]
        extra_kwargs = {
            "year": {"validators": [], "min_value": 2000, "max_value": 2100},
            "amount": {"min_value": 0},
        }

    @extend_schema_field(serializers.DecimalField(max_digits=14, decimal_places=2))
    def get_used(self, budget) -> str:
        used = getattr(budget, "used_amount", None)  # the list's annotation: no query per row
        if used is None:
            used = services.budget_used(budget)
        return f"{used:.2f}"


@extend_schema_view(
    list=extend_schema(summary="IT-enhetens investeringsbudget per år (G08)"),
    create=extend_schema(
        summary="Sätt årets investeringsbudget (G08; ett beslutat år: G16)",
        description="Sätter budgeten för året i `year`: ny eller ändrad, granskningsloggad.",
        responses={201: InvestmentBudgetSerializer, **_ASSET_ERRORS},
    ),
)
class InvestmentBudgetViewSet(
    mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    serializer_class = InvestmentBudgetSerializer
    queryset = InvestmentBudget.objects.none()

    def get_queryset(self):
        require_perm(self.request.user, "rental.view_budget")
        return InvestmentBudget.objects.annotate(
            used_amount=Coalesce(
                Sum("purchases__amount"),
                Value(Decimal("0")),
                output_field=DecimalField(max_digits=14, decimal_places=2),
            )
        ).order_by("-year")

    def create(self, request, *args, **kwargs):
        require_perm(request.user, "rental.view_budget")
        require_perm(request.user, "rental.manage_budget")
        return service_response(
            self,
            lambda data: services.budget_set(actor=request.user, **data),
            status_code=status.HTTP_201_CREATED,
        )


class AssetTypeSerializer(serializers.ModelSerializer):
    class Meta:
        model = AssetType
        fields = ["id", *AssetType.AUDITED_FIELDS]
        # a taken code or name is the service's to judge (409 code_taken, name_taken)
        extra_kwargs = {
            "code": {"validators": []},
            "name": {"validators": []},
            "is_active": {"required": False},
        }

    def get_fields(self):
        fields = super().get_fields()
        if getattr(self.context.get("view"), "action", None) == "create":
            fields["is_active"].read_only = True  # a new type is in use
        return fields


@extend_schema_view(
    list=extend_schema(summary="Utrustningstyper"),
    create=extend_schema(summary="Ny utrustningstyp (samordnaren, hyresförvaltaren)"),
    partial_update=extend_schema(summary="Ändra utrustningstyp"),
)
class AssetTypeViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The kinds of rented equipment. Read by everyone; created and changed (POST, PATCH) by
    those who manage the rented equipment (``rental.manage_assets``), audited."""

    serializer_class = AssetTypeSerializer
    queryset = AssetType.objects.none()
    filterset_class = AssetTypeFilterSet
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        require_perm(self.request.user, "rental.view_assets")
        return AssetType.objects.order_by("name")

    def create(self, request, *args, **kwargs):
        require_perm(request.user, "rental.manage_assets")
        return service_response(
            self,
            lambda data: services.asset_type_create(actor=request.user, **data),
            status_code=status.HTTP_201_CREATED,
        )

    def partial_update(self, request, *args, **kwargs):
        require_perm(request.user, "rental.manage_assets")
        asset_type = self.get_object()
        return service_response(
            self,
            lambda data: services.asset_type_update(
                actor=request.user, asset_type=asset_type, **data
            ),
            instance=asset_type,
            partial=True,
        )


class RentLevelSerializer(serializers.ModelSerializer):
    asset_type = serializers.SlugRelatedField(slug_field="code", queryset=AssetType.objects.all())
    decision = serializers.CharField(
        source="decision.reference",
        read_only=True,
        allow_null=True,
        default=None,
        help_text="Beslutets referens (G16); null för ett förslag som inte är beslutat.",
    )

    class Meta:
        model = RentLevel
        fields = ["id", *RentLevel.AUDITED_FIELDS, "status", "decision"]
        read_only_fields = ["status"]
        validators = []  # posting a year again redrafts it; the service decides (G16)


G16_REFUSED = OpenApiResponse(
    ErrorSerializer,
    description="Refused by the guideline (G16): the year is already decided, drafts are "
    "missing, or the § is not in the minutes of the group that decides the rent.",
    examples=[
        OpenApiExample(
            "wrong_deciding_group",
            value={
                "code": "wrong_deciding_group",
                "detail": "Styrgruppen 2026-11-12 § 3 är inte en paragraf i protokollet för "
                "Finansieringsgruppen, som beslutar hyran (G16).",
                "rule": "G16",
                "field": "minute_item",
            },
        )
    ],
)


class RentDecisionSerializer(serializers.ModelSerializer):
    minute_item = serializers.PrimaryKeyRelatedField(
        queryset=MinuteItem.objects.select_related("meeting__group"),
        required=False,
        allow_null=True,
        help_text=(
            "Paragrafen (id) i protokollet från den grupp som beslutar hyran enligt policyn "
            "(rental.rent_decided_by, G16). Referens och beslutsdatum tas då från mötet; "
            "utan paragraf krävs reference (beslut före Styrsam)."
        ),
    )
    meeting = serializers.SerializerMethodField(
        help_text="Mötet vars protokoll innehåller beslutet (G16); null för beslut utan paragraf."
    )
    meeting_reference = serializers.SerializerMethodField(
        help_text="Möte och paragraf, t.ex. ”Finansieringsgruppen 2026-10-14 § 12”; null utan paragraf."
    )

    class Meta:
        model = RentDecision
        fields = [
            "id",
            "year",
            "group_code",
            "reference",
            "decided_on",
            "minute_item",
            "meeting",
            "meeting_reference",
        ]
        read_only_fields = ["group_code"]
        extra_kwargs = {
            "reference": {"required": False, "allow_blank": True},
            "decided_on": {"required": False},
        }

    def get_meeting(self, obj) -> int | None:
        return obj.minute_item.meeting_id if obj.minute_item_id else None

    def get_meeting_reference(self, obj) -> str | None:
        return obj.reference if obj.minute_item_id else None


@extend_schema_view(
    list=extend_schema(summary="Hyresnivåer"),
    create=extend_schema(summary="Föreslå (eller ändra förslag på) hyra för ett år (G16)"),
)
class RentLevelViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """No update or delete: a draft is changed by posting it again; a decided level never."""

    serializer_class = RentLevelSerializer
    queryset = RentLevel.objects.none()
    filterset_class = RentLevelFilterSet

    def get_queryset(self):
        require_perm(self.request.user, "rental.view_rent_levels")
        return selectors.rent_level_list(user=self.request.user)

    def create(self, request, *args, **kwargs):
        return service_response(
            self,
            lambda data: services.rent_level_set(actor=request.user, **data),
            status_code=status.HTTP_201_CREATED,
        )

    @extend_schema(
        summary="Registrera den hyresbeslutande gruppens beslut om årets hyra (G16)",
        description=(
            "Med `minute_item` kopplas beslutet till paragrafen i protokollet från den grupp "
            "som enligt policyn beslutar hyran; en paragraf ur en annan grupps protokoll nekas med 409 "
            "`wrong_deciding_group` (G16)."
        ),
        request=RentDecisionSerializer,
        responses={
            201: RentDecisionSerializer,
            400: ErrorSerializer,
            403: ErrorSerializer,
            409: G16_REFUSED,
        },
    )
    @action(detail=False, methods=["post"])
    def decide(self, request):
        return service_response(
            self,
            lambda data: services.rent_levels_decide(actor=request.user, **data),
            input_serializer=RentDecisionSerializer,
            output=lambda decision: RentDecisionSerializer(decision).data,
            status_code=status.HTTP_201_CREATED,
        )


class RentRunSerializer(serializers.ModelSerializer):
    month = serializers.CharField(help_text="ÅÅÅÅ-MM")

    class Meta:
        model = RentRun
        fields = ["id", "month", "run_at", "lines_added", "amount_added"]
        read_only_fields = ["run_at", "lines_added", "amount_added"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["month"] = instance.month.strftime("%Y-%m")
        return data

    def validate_month(self, value):
        month = parse_month(value)
        if month is None:
            raise serializers.ValidationError(month_error())
        return month


@extend_schema_view(
    list=extend_schema(summary="Hyreskörningar"),
    create=extend_schema(summary="Kör hyran för en månad (idempotent)"),
)
class RentRunViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    serializer_class = RentRunSerializer
    queryset = RentRun.objects.none()
    filterset_class = RentRunFilterSet

    def get_queryset(self):
        require_perm(self.request.user, "rental.run_rent")
        return selectors.rent_run_list(user=self.request.user)

    def create(self, request, *args, **kwargs):
        return service_response(
            self,
            lambda data: rent_run(actor=request.user, month=data["month"]),
            status_code=status.HTTP_201_CREATED,
        )


class LedgerLineSerializer(serializers.ModelSerializer):
    department = serializers.SlugRelatedField(slug_field="code", read_only=True)
    asset_type = serializers.SlugRelatedField(slug_field="code", read_only=True)
    month = MonthField(read_only=True)

    class Meta:
        model = LedgerLine
        fields = [
            "id",
            "month",
            "department",
            "asset_type",
            "kind",
            "asset_count",
            "asset_days",
            "monthly_amount",
            "amount",
            "corrects",
            "run",
        ]


@extend_schema_view(list=extend_schema(summary="Hyresreskontran (append-only)"))
class LedgerViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = LedgerLineSerializer
    queryset = LedgerLine.objects.none()
    filterset_class = LedgerFilterSet  # the ledger page's filters, with ``month`` for ``manad``

    def get_queryset(self):
        require_perm(self.request.user, "rental.view_ledger")
        return selectors.ledger_list(user=self.request.user)
