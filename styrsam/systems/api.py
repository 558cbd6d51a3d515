"""REST API of the register: /api/v1/systems/ (list, create, retrieve, update).

Retrieve adds the system's cases and decisions (G17) as short summaries, only those the user
may read; the list leaves them out to stay lean.

The same services as the pages; a G18 refusal is HTTP 409 {"code": "common_kind_taken",
"detail", "rule": "G18"} through the shared exception handler."""

from __future__ import annotations

import functools

from django.contrib.auth import get_user_model
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action

from styrsam.core.access import require_perm
from styrsam.core.api import ErrorSerializer, HistoryEntrySerializer, service_response
from styrsam.core.audit import history_for, readable_history
from styrsam.organisation.models import OrgUnit

from . import selectors, services
from .hooks import system_sections
from .lists import SystemFilterSet
from .models import System, SystemCost, SystemMessage
from .services import messages as message_services
from .services.messages import MAX_BODY, MAX_SUBJECT

User = get_user_model()


class CostSerializer(serializers.ModelSerializer):
    class Meta:
        model = SystemCost
        fields = ["year", "kind", "amount"]


@functools.cache
def _cost_serializer() -> CostSerializer:
    return CostSerializer()


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
        # one serializer for every row of every request (issue 18: a new one per row made the
        # garbage collector pause a page of 50 systems); its fields are read-only
        to_representation = _cost_serializer().to_representation
        return [to_representation(cost) for cost in obj.costs.all()]


class SystemDetailSerializer(SystemSerializer):
    """One system with what other apps register about it (``hooks.SystemSection``), e.g. its
    cases and decisions (G17): only what the user may read, newest first."""

    class Meta(SystemSerializer.Meta):
        fields = list(SystemSerializer.Meta.fields)

    def get_fields(self):
        fields = super().get_fields()
        for section in system_sections():
            if section.api_field is not None:
                fields[section.key] = section.api_field()
        return fields


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
    list=extend_schema(summary="Systemförteckningen"),
    retrieve=extend_schema(
        summary="Ett system, med dess ärenden och beslut",
        responses={200: SystemDetailSerializer, 404: ErrorSerializer},
    ),
    create=extend_schema(
        summary="Registrera system",
        responses={201: SystemSerializer, 400: ErrorSerializer, 409: G18_CONFLICT},
    ),
    update=extend_schema(
        summary="Ändra system (ägaren eller samordnaren)",
        responses={200: SystemSerializer, 403: ErrorSerializer, 409: G18_CONFLICT},
    ),
    partial_update=extend_schema(
        summary="Ändra delar av ett system (ägaren eller samordnaren)",
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
    filterset_class = SystemFilterSet  # the page's filters (lists.py), in the schema

    def get_serializer_class(self):
        if self.action == "retrieve":
            return SystemDetailSerializer
        return SystemSerializer

    def get_queryset(self):
        require_perm(self.request.user, "systems.view_system")
        qs = selectors.system_list(user=self.request.user)
        return qs.prefetch_related("representatives", "using_units", "costs")

    def _detail(self, system):
        return self.get_serializer(self.get_queryset().get(pk=system.pk)).data

    def create(self, request, *args, **kwargs):
        require_perm(request.user, "systems.add_system")
        return service_response(
            self,
            lambda data: services.system_register(actor=request.user, **data),
            output=self._detail,
            status_code=status.HTTP_201_CREATED,
        )

    def update(self, request, *args, **kwargs):
        system = self.get_object()
        require_perm(request.user, "systems.change_system", system)
        return service_response(
            self,
            lambda data: services.system_update(actor=request.user, system=system, **data),
            instance=system,
            partial=kwargs.pop("partial", False),
            output=self._detail,
        )

    @extend_schema(
        summary="Systemets historik (det läsaren får se, fält för fält)",
        responses=HistoryEntrySerializer(many=True),
    )
    @action(detail=True, filterset_class=None)
    def history(self, request, pk=None):
        """The audit entries of the system, newest first. Cost amounts are null (and named
        in ``hidden_fields``) for a reader who may not read the system's costs, as in
        ``costs`` of the system itself (issue 11)."""
        system = self.get_object()
        page = self.paginate_queryset(history_for(system).order_by("-at", "-id"))
        entries = readable_history(page, user=request.user, objects=[system])
        return self.get_paginated_response(HistoryEntrySerializer(entries, many=True).data)


# --- information to the system owners and representatives (G15) ----------------------------


class SystemMessageSerializer(serializers.ModelSerializer):
    """A message to the system owners and representatives (G15). ``systems`` empty: all of
    them. ``read_at`` is the reader's own reading (null: unread, or not a recipient)."""

    subject = serializers.CharField(allow_blank=True, max_length=MAX_SUBJECT)
    body = serializers.CharField(allow_blank=True, max_length=MAX_BODY)
    systems = serializers.SlugRelatedField(
        slug_field="name",
        queryset=System.objects.all(),
        many=True,
        required=False,
        help_text="Systemens namn; tomt eller utelämnat: alla systemägare och representanter.",
    )
    sender = serializers.SlugRelatedField(slug_field="username", read_only=True)
    read_at = serializers.DateTimeField(read_only=True, allow_null=True)
    recipient_count = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = SystemMessage
        fields = [
            "id",
            "subject",
            "body",
            "systems",
            "sender",
            "created_at",
            "read_at",
            "recipient_count",
        ]
        read_only_fields = ["created_at"]


@extend_schema_view(
    list=extend_schema(summary="Meddelanden till systemägare som läsaren fått (G15)"),
    retrieve=extend_schema(summary="Ett meddelande till systemägare (G15)"),
    create=extend_schema(
        summary="Skicka information till systemägare och systemrepresentanter (samordnaren, G15)",
        responses={201: SystemMessageSerializer, 403: ErrorSerializer, 409: ErrorSerializer},
    ),
)
class SystemMessageViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = SystemMessageSerializer
    queryset = SystemMessage.objects.none()  # for the schema; requests use get_queryset()

    def get_queryset(self):
        require_perm(self.request.user, "systems.view_system")
        return selectors.messages_for(user=self.request.user).prefetch_related("systems")

    def _detail(self, message):
        return self.get_serializer(self.get_queryset().get(pk=message.pk)).data

    def create(self, request, *args, **kwargs):
        require_perm(request.user, "systems.send_message")
        return service_response(
            self,
            lambda data: message_services.system_message_send(actor=request.user, **data),
            output=self._detail,
            status_code=status.HTTP_201_CREATED,
        )

    @extend_schema(
        summary="Markera ett mottaget meddelande som läst",
        request=None,
        responses={200: SystemMessageSerializer, 403: ErrorSerializer},
    )
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        message = self.get_object()
        return service_response(
            self,
            lambda data: (
                message_services.system_message_mark_read(
                    actor=request.user, message=message
                ).message
            ),
            data={},
            input_serializer=serializers.Serializer,
            output=self._detail,
        )
