"""REST API of citizen panels (G31): /api/v1/panels/, /api/v1/panel-members/ and
/api/v1/surveys/ (results at …/results/).

Only whoever runs a panel reaches it (others: 404; no panel at all: 403). Citizens never use
the API: they answer through their personal links. No endpoint shows who gave an answer in an
anonymous survey: results are counts and free texts in random order, and a member's register
extract holds only their answers to surveys that are not anonymous."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from styrsam.core.access import require_perm
from styrsam.core.api import service_response
from styrsam.core.lists import IdFilter
from styrsam.organisation.models import OrgUnit

from .. import selectors, services
from ..lists import MemberFilterSet, PanelFilterSet
from ..models import Panel, PanelMember
from .common import refusals


class PanelSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(
        slug_field="code",
        queryset=OrgUnit.objects.filter(is_active=True),
        required=False,
        allow_null=True,
        help_text="Förvaltningen som driver panelen; null: hela kommunen (samordnaren).",
    )
    districts = serializers.ListField(
        child=serializers.CharField(max_length=100), required=False, max_length=50
    )
    active_members = serializers.IntegerField(read_only=True)
    survey_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Panel
        fields = [
            "id",
            "name",
            "purpose",
            "unit",
            "retention_months",
            "asks_age_group",
            "asks_district",
            "districts",
            "controller_contact",
            "is_active",
            "active_members",
            "survey_count",
        ]
        extra_kwargs = {"name": {"validators": []}}


class InviteSerializer(serializers.Serializer):
    emails = serializers.ListField(child=serializers.CharField(max_length=254), max_length=1000)


class InviteResultSerializer(serializers.Serializer):
    invited = serializers.IntegerField()
    skipped = serializers.IntegerField()


def _panel_out(view, panel):
    return PanelSerializer(selectors.panel_get(user=view.request.user, pk=panel.pk)).data


@extend_schema_view(
    list=extend_schema(summary="Medborgarpaneler (G31) som du driver"),
    retrieve=extend_schema(summary="En medborgarpanel"),
    create=extend_schema(
        summary="Starta en medborgarpanel",
        responses={201: PanelSerializer, **refusals(400, 403, 409)},
    ),
    partial_update=extend_schema(
        summary="Ändra en panel (ändamål, lagringstid och uppgifter bara innan någon har samtyckt)",
        responses={200: PanelSerializer, **refusals(400, 403, 409)},
    ),
)
class PanelViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = PanelSerializer
    queryset = Panel.objects.none()
    filterset_class = PanelFilterSet
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        require_perm(self.request.user, "followup.view_panels")
        return selectors.panel_list(user=self.request.user)

    def create(self, request, *args, **kwargs):
        require_perm(request.user, "followup.add_panel")
        return service_response(
            self,
            lambda data: services.panel_create(
                actor=request.user, **{k: v for k, v in data.items() if k != "is_active"}
            ),
            output=lambda panel: _panel_out(self, panel),
            status_code=status.HTTP_201_CREATED,
        )

    def partial_update(self, request, *args, **kwargs):
        panel = self.get_object()
        return service_response(
            self,
            lambda data: services.panel_update(
                actor=request.user, panel=panel, **{k: v for k, v in data.items() if k != "unit"}
            ),
            instance=panel,
            partial=True,
            output=lambda p: _panel_out(self, p),
        )

    @extend_schema(
        summary="Bjud in med e-post: var och en samtycker själv via sin personliga länk (G31)",
        request=InviteSerializer,
        responses={200: InviteResultSerializer, **refusals(400, 409)},
    )
    @action(detail=True, methods=["post"])
    def invite(self, request, pk=None):
        panel = self.get_object()
        return service_response(
            self,
            lambda data: services.members_invite(
                actor=request.user, panel=panel, emails=data["emails"]
            ),
            input_serializer=InviteSerializer,
            output=lambda result: InviteResultSerializer(result).data,
        )


class MemberSerializer(serializers.ModelSerializer):
    answered = serializers.IntegerField(read_only=True, help_text="Antal besvarade enkäter.")

    class Meta:
        model = PanelMember
        fields = [
            "id",
            "panel",
            "email",
            "status",
            "age_group",
            "district",
            "invited_at",
            "consented_at",
            "retain_until",
            "answered",
        ]


class MemberFilterSetWithPanel(MemberFilterSet):
    panel = IdFilter(field_name="panel_id", label="Panelens id")

    class Meta(MemberFilterSet.Meta):
        pass


class RegisterExtractAnswerSerializer(serializers.Serializer):
    survey = serializers.CharField()
    submitted_at = serializers.CharField()
    question = serializers.CharField()
    answer = serializers.CharField()


class RegisterExtractSurveySerializer(serializers.Serializer):
    survey = serializers.CharField()
    anonymous = serializers.BooleanField()
    sent_at = serializers.CharField()
    answered = serializers.BooleanField()


class RegisterExtractSerializer(serializers.Serializer):
    panel = serializers.CharField()
    purpose = serializers.CharField()
    controller_contact = serializers.CharField()
    email = serializers.CharField()
    status = serializers.CharField()
    age_group = serializers.CharField(allow_null=True)
    district = serializers.CharField(allow_null=True)
    invited_at = serializers.CharField(allow_null=True)
    consented_at = serializers.CharField(allow_null=True)
    consent_language = serializers.CharField(allow_null=True)
    consent_text = serializers.CharField(allow_null=True)
    retain_until = serializers.CharField()
    surveys = RegisterExtractSurveySerializer(many=True)
    answers = RegisterExtractAnswerSerializer(many=True)
    anonymous_answers_note = serializers.CharField()


@extend_schema_view(
    list=extend_schema(summary="Medlemmar i paneler du driver (personuppgifter)"),
    retrieve=extend_schema(summary="En panelmedlem"),
    destroy=extend_schema(
        summary="Radera en medlem på begäran; anonyma svar finns kvar (G31)",
        responses={204: None, **refusals(403, 404)},
    ),
)
class MemberViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = MemberSerializer
    queryset = PanelMember.objects.none()
    filterset_class = MemberFilterSetWithPanel

    def get_queryset(self):
        require_perm(self.request.user, "followup.view_panels")
        return selectors.member_list(user=self.request.user)

    def perform_destroy(self, instance):
        services.member_erase(actor=self.request.user, member=instance)

    @extend_schema(
        summary="Registerutdrag: allt medlemmen har lämnat (GDPR art. 15)",
        request=None,
        responses=RegisterExtractSerializer,
    )
    @action(detail=True, methods=["get"], url_path="register-extract")
    def register_extract(self, request, pk=None):
        data = services.member_export(actor=request.user, member=self.get_object())
        return Response(RegisterExtractSerializer(data).data)
