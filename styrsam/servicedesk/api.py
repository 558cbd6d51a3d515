"""REST API of the service desk: /api/v1/catalogue (written by the IT unit) and /api/v1/orders
with approve, reject, fulfil and cancel actions (G07)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.http import Http404
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action

from styrsam.core.access import require_perm
from styrsam.core.api import ErrorSerializer, service_response
from styrsam.core.imports import ImportAPIView, ImportCountsSerializer, ImportRequestSerializer
from styrsam.core.params import int_param
from styrsam.organisation.models import OrgUnit
from styrsam.rental.models import AssetType
from styrsam.systems.models import System

from . import selectors, services
from .importing import RULE as IMPORT_RULE
from .importing import import_catalogue
from .lists import CatalogueFilterSet, OrderFilterSet
from .models import CatalogueItem, Order

User = get_user_model()


class CatalogueItemSerializer(serializers.ModelSerializer):
    """One article of the catalogue. Written by the IT unit (policy
    ``orders.catalogue_managed_by``, G07) through ``services.catalogue_item_save``, the same
    function as the page for editing an article; its checks (a rented article names an asset
    type, G08; a system permission names a system of the register; a unique name) answer here
    too."""

    asset_type = serializers.SlugRelatedField(
        slug_field="code",
        queryset=AssetType.objects.all(),
        required=False,
        allow_null=True,
        help_text="Utrustningstypens kod; krävs för en hyrd artikel (G08).",
    )
    system = serializers.SlugRelatedField(
        slug_field="name",
        queryset=System.objects.all(),
        required=False,
        allow_null=True,
        help_text="Systemets namn i systemförteckningen; krävs för en systembehörighet.",
    )

    class Meta:
        model = CatalogueItem
        fields = ["id", *CatalogueItem.AUDITED_FIELDS]
        # The service decides whether the name is taken (409 name_taken), as for the page.
        extra_kwargs = {"name": {"validators": []}}


_CATALOGUE_ERRORS = {
    400: OpenApiResponse(
        ErrorSerializer,
        description="Ogiltiga uppgifter, t.ex. en hyrd artikel utan utrustningstyp (G08) "
        "eller en systembehörighet utan system.",
        examples=[
            OpenApiExample(
                "G08",
                value={
                    "code": "invalid",
                    "detail": "Hyrd utrustning måste ha en utrustningstyp (G08).",
                    "rule": "G08",
                    "field": "asset_type",
                },
            )
        ],
    ),
    403: OpenApiResponse(
        ErrorSerializer,
        description="Katalogen förvaltas av de roller som policyn anger "
        "(orders.catalogue_managed_by, G07).",
        examples=[
            OpenApiExample(
                "G07",
                value={
                    "code": "permission_denied",
                    "detail": "Katalogen förvaltas av IT-enheten.",
                    "rule": "G07",
                },
            )
        ],
    ),
    409: OpenApiResponse(ErrorSerializer, description="Namnet är upptaget (name_taken)."),
}


@extend_schema_view(
    list=extend_schema(summary="Katalogen"),
    retrieve=extend_schema(
        summary="En artikel i katalogen",
        responses={200: CatalogueItemSerializer, 404: ErrorSerializer},
    ),
    create=extend_schema(
        summary="Lägg till en artikel (IT-enheten, G07)",
        responses={201: CatalogueItemSerializer, **_CATALOGUE_ERRORS},
    ),
    update=extend_schema(
        summary="Ändra en artikel (IT-enheten, G07)",
        description="En artikel som beställts tas aldrig bort; sätt is_active till false så "
        "går den inte längre att beställa.",
        responses={
            200: CatalogueItemSerializer,
            404: ErrorSerializer,
            **_CATALOGUE_ERRORS,
        },
    ),
    partial_update=extend_schema(
        summary="Ändra delar av en artikel, t.ex. inaktivera den (IT-enheten, G07)",
        description='{"is_active": false} tar artikeln ur beställningsbar katalog; '
        "befintliga beställningar behåller den.",
        responses={
            200: CatalogueItemSerializer,
            404: ErrorSerializer,
            **_CATALOGUE_ERRORS,
        },
    ),
)
class CatalogueViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Read by every member of staff; written by the IT unit through the same service as the
    page. There is no DELETE: orders refer to articles, so an article is made inactive."""

    serializer_class = CatalogueItemSerializer
    queryset = CatalogueItem.objects.none()
    # the page's filters (lists.py): kind, and include_inactive for the catalogue's managers
    filterset_class = CatalogueFilterSet

    def _manages(self) -> bool:
        return self.request.user.has_perm("servicedesk.manage_catalogue")

    def get_queryset(self):
        require_perm(self.request.user, "servicedesk.view_catalogue")
        return selectors.catalogue_list(user=self.request.user, include_inactive=self._manages())

    def get_object(self):
        require_perm(self.request.user, "servicedesk.view_catalogue")
        pk = int_param(self.kwargs["pk"])  # the router lets any segment through
        if pk is None:
            raise Http404
        return selectors.catalogue_get(
            user=self.request.user, pk=pk, include_inactive=self._manages()
        )

    def _output(self, item) -> dict:
        item = selectors.catalogue_get(user=self.request.user, pk=item.pk, include_inactive=True)
        return self.get_serializer(item).data

    def create(self, request, *args, **kwargs):
        services.require_catalogue_manager(actor=request.user)  # 403 before any validation
        return service_response(
            self,
            lambda data: services.catalogue_item_save(actor=request.user, **data),
            output=self._output,
            status_code=status.HTTP_201_CREATED,
        )

    def update(self, request, *args, **kwargs):
        services.require_catalogue_manager(actor=request.user)
        item = self.get_object()
        return service_response(
            self,
            lambda data: services.catalogue_item_save(actor=request.user, item=item, **data),
            instance=item,
            partial=kwargs.pop("partial", False),
            output=self._output,
        )


class CatalogueImportSerializer(ImportRequestSerializer):
    file = serializers.FileField(
        help_text="Excel (.xlsx) eller CSV, en rad per artikel: namn, slag, beskrivning, hyrs, "
        "utrustningstyp, system, pris, aktiv."
    )


class CatalogueImportView(ImportAPIView):
    """Create and update the catalogue's articles from a spreadsheet. All or nothing: a file
    with an error saves nothing (400, the errors per row); ``dry_run`` checks without saving.
    Articles match on name; importing the same file again changes nothing."""

    serializer_class = CatalogueImportSerializer
    permission = "servicedesk.manage_catalogue"
    rule = IMPORT_RULE
    run = staticmethod(import_catalogue)

    @extend_schema(
        summary="Importera katalogen (IT-enheten, G07)",
        request={"multipart/form-data": CatalogueImportSerializer},
        # 400: the error shape, ``errors`` the problems per row: {"3": [{"column", "message"}]}
        responses={200: ImportCountsSerializer},
    )
    def post(self, request):
        return super().post(request)


class StatusChangeSerializer(serializers.Serializer):
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    at = serializers.DateTimeField()
    comment = serializers.CharField()


class OrderSerializer(serializers.ModelSerializer):
    department = serializers.SlugRelatedField(
        slug_field="code", queryset=OrgUnit.objects.filter(is_active=True)
    )
    item = serializers.PrimaryKeyRelatedField(queryset=CatalogueItem.objects.filter(is_active=True))
    for_person = serializers.SlugRelatedField(
        slug_field="username",
        queryset=User.objects.filter(is_active=True),
        required=False,
        allow_null=True,
    )
    ordered_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    assets = serializers.SlugRelatedField(slug_field="tag", many=True, read_only=True)
    submit = serializers.BooleanField(write_only=True, default=True)

    class Meta:
        model = Order
        fields = [
            "id",
            "department",
            "item",
            "quantity",
            "for_person",
            "ordered_by",
            "note",
            "status",
            "required_approvals",
            "delivery_date",
            "assets",
            "created_at",
            "submit",
        ]
        read_only_fields = ["status", "required_approvals", "delivery_date", "created_at"]


class CommentSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class FulfilAssetSerializer(serializers.Serializer):
    tag = serializers.CharField(max_length=40)
    serial_number = serializers.CharField(max_length=80, required=False, allow_blank=True)
    model = serializers.CharField(max_length=120, required=False, allow_blank=True)


class FulfilSerializer(serializers.Serializer):
    delivery_date = serializers.DateField(required=False)
    assets = FulfilAssetSerializer(many=True, required=False)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


@extend_schema_view(
    list=extend_schema(summary="Beställningar som du är part i (IT-enheten ser alla)")
)
class OrderViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = OrderSerializer
    queryset = Order.objects.none()
    filterset_class = OrderFilterSet  # the order list page's filters (lists.py)

    def get_queryset(self):
        return selectors.order_list(user=self.request.user)

    def get_object(self):
        pk = int_param(self.kwargs["pk"])  # the router lets any segment through: /orders/abc/
        if pk is None:
            raise Http404
        return selectors.order_get(user=self.request.user, pk=pk)

    def create(self, request, *args, **kwargs):
        require_perm(request.user, "servicedesk.place_order")
        return service_response(
            self,
            lambda data: services.order_create(
                actor=request.user, **{**data, "for_person": data.get("for_person") or request.user}
            ),
            status_code=status.HTTP_201_CREATED,
        )

    def _output(self, order) -> dict:
        return self.get_serializer(selectors.order_get(user=self.request.user, pk=order.pk)).data

    def _act(self, service, input_serializer):
        """Run ``service`` on this order with the validated body; answer with the order."""
        return service_response(
            self,
            lambda data: service(actor=self.request.user, order=self.get_object(), **data),
            input_serializer=input_serializer,
            output=self._output,
        )

    @extend_schema(request=CommentSerializer, responses=OrderSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._act(services.order_approve, CommentSerializer)

    @extend_schema(request=CommentSerializer, responses=OrderSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._act(services.order_reject, CommentSerializer)

    @extend_schema(request=CommentSerializer, responses=OrderSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return self._act(services.order_cancel, CommentSerializer)

    @extend_schema(request=FulfilSerializer, responses=OrderSerializer)
    @action(detail=True, methods=["post"])
    def fulfil(self, request, pk=None):
        return self._act(services.order_fulfil, FulfilSerializer)
