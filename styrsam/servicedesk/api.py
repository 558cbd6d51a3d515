"""REST API of the service desk: /api/v1/catalogue and /api/v1/orders with approve, reject,
fulfil and cancel actions (G07)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from styrsam.core.access import require_perm
from styrsam.organisation.models import OrgUnit

from . import selectors, services
from .models import CatalogueItem, Order

User = get_user_model()


class CatalogueItemSerializer(serializers.ModelSerializer):
    asset_type = serializers.SlugRelatedField(slug_field="code", read_only=True)
    system = serializers.CharField(source="system.name", read_only=True, default=None)

    class Meta:
        model = CatalogueItem
        fields = [
            "id",
            "name",
            "kind",
            "description",
            "rented",
            "asset_type",
            "system",
            "price",
            "is_active",
        ]


@extend_schema_view(
    list=extend_schema(summary="Katalogen", parameters=[OpenApiParameter("kind", str)])
)
class CatalogueViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CatalogueItemSerializer
    queryset = CatalogueItem.objects.none()

    def get_queryset(self):
        require_perm(self.request.user, "servicedesk.view_catalogue")
        kind = self.request.query_params.get("kind")
        return selectors.catalogue_list(
            user=self.request.user, kind=kind if kind in CatalogueItem.Kind.values else None
        )


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
    list=extend_schema(
        summary="Beställningar som du är part i (IT-enheten ser alla)",
        parameters=[OpenApiParameter("status", enum=Order.Status.values)],
    )
)
class OrderViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = OrderSerializer
    queryset = Order.objects.none()

    def get_queryset(self):
        status_ = self.request.query_params.get("status")
        return selectors.order_list(
            user=self.request.user, status=status_ if status_ in Order.Status.values else None
        )

    def get_object(self):
        return selectors.order_get(user=self.request.user, pk=int(self.kwargs["pk"]))

    def create(self, request, *args, **kwargs):
        require_perm(request.user, "servicedesk.place_order")
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data["for_person"] = data.get("for_person") or request.user
        order = services.order_create(actor=request.user, **data)
        return Response(self.get_serializer(order).data, status=status.HTTP_201_CREATED)

    def _respond(self, order):
        return Response(
            self.get_serializer(selectors.order_get(user=self.request.user, pk=order.pk)).data
        )

    @extend_schema(request=CommentSerializer, responses=OrderSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        body = CommentSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        order = services.order_approve(
            actor=request.user, order=self.get_object(), **body.validated_data
        )
        return self._respond(order)

    @extend_schema(request=CommentSerializer, responses=OrderSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        body = CommentSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        order = services.order_reject(
            actor=request.user, order=self.get_object(), **body.validated_data
        )
        return self._respond(order)

    @extend_schema(request=CommentSerializer, responses=OrderSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        body = CommentSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        order = services.order_cancel(
            actor=request.user, order=self.get_object(), **body.validated_data
        )
        return self._respond(order)

    @extend_schema(request=FulfilSerializer, responses=OrderSerializer)
    @action(detail=True, methods=["post"])
    def fulfil(self, request, pk=None):
        body = FulfilSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        order = services.order_fulfil(
            actor=request.user, order=self.get_object(), **body.validated_data
        )
        return self._respond(order)
