"""The policy in the API: the policy in force (``GET /api/v1/policy/``) and its versions: the
coordinator posts a draft, anyone on staff reads a version with what it changes rule by rule,
the adopting role adopts it (G29). Same services as the policy page."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from styrsam.core.access import require_perm
from styrsam.core.api import service_response

from . import selectors, services
from .diff import policy_diff
from .forms import MAX_POLICY_BYTES
from .models import PolicyVersion
from .policy import get_policy


class PolicyView(APIView):
    """The active policy as JSON (the guideline as data)."""

    @extend_schema(summary="Gällande policy", responses=OpenApiTypes.OBJECT)
    def get(self, request):
        require_perm(request.user, "guideline.view_policy")
        policy = get_policy()
        return Response({"version": policy.version, "policy": policy.data})


class PolicyChangeSerializer(serializers.Serializer):
    rule = serializers.CharField()
    section = serializers.CharField()
    path = serializers.CharField()
    kind = serializers.ChoiceField(choices=["added", "removed", "changed"])
    before = serializers.CharField()
    after = serializers.CharField()


class PolicyVersionSerializer(serializers.ModelSerializer):
    in_force = serializers.SerializerMethodField()
    changes = serializers.SerializerMethodField()

    class Meta:
        model = PolicyVersion
        fields = [
            "number",
            "name",
            "source",
            "sha256",
            "status",
            "in_force",
            "effective_date",
            "decision_number",
            "decision_text",
            "adopted_by",
            "adopted_at",
            "loaded_by",
            "loaded_at",
            "changes",
        ]
        read_only_fields = fields

    def _in_force(self):
        if "in_force" not in self.context:
            self.context["in_force"] = selectors.active_policy_version(user=None)
        return self.context["in_force"]

    def get_in_force(self, obj) -> bool:
        current = self._in_force()
        return bool(current and current.pk == obj.pk)

    @extend_schema_field(PolicyChangeSerializer(many=True))
    def get_changes(self, obj) -> list[dict]:
        current = self._in_force()
        if current is None or current.pk == obj.pk:
            return []
        return [
            PolicyChangeSerializer(change).data for change in policy_diff(current.data, obj.data)
        ]


class PolicyDraftSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=MAX_POLICY_BYTES, trim_whitespace=False)
    source = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)


class PolicyAdoptSerializer(serializers.Serializer):
    effective_date = serializers.DateField()
    decision_text = serializers.CharField(
        max_length=5000, required=False, default="", allow_blank=True
    )


@extend_schema_view(
    retrieve=extend_schema(
        summary="En policyversion och vad den ändrar mot den gällande, regel för regel (G29)"
    ),
    create=extend_schema(
        summary="Ladda en ny policyfil som utkast (samordnaren, G29)",
        request=PolicyDraftSerializer,
        responses={201: PolicyVersionSerializer},
    ),
)
class PolicyVersionViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = PolicyVersionSerializer
    lookup_field = "number"
    lookup_value_regex = r"\d+"
    filter_backends: list = []

    def get_queryset(self):
        return selectors.policy_versions(user=self.request.user).defer(None)

    def get_object(self):
        require_perm(self.request.user, "guideline.view_policy")
        version = selectors.policy_version(
            user=self.request.user, number=int(self.kwargs["number"])
        )
        if version is None:
            raise Http404
        return version

    def create(self, request):
        require_perm(request.user, "guideline.view_policy")
        require_perm(request.user, "guideline.load_policy")
        return service_response(
            self,
            lambda data: services.policy_draft(actor=request.user, **data),
            input_serializer=PolicyDraftSerializer,
            output=lambda version: PolicyVersionSerializer(version).data,
            status_code=status.HTTP_201_CREATED,
        )

    @extend_schema(
        summary="Anta en policyversion: den roll policyn anger (guidelines.adopted_by, G29)",
        request=PolicyAdoptSerializer,
        responses=PolicyVersionSerializer,
    )
    @action(detail=True, methods=["post"])
    def adopt(self, request, number=None):
        version = self.get_object()
        return service_response(
            self,
            lambda data: services.adopt_policy_version(actor=request.user, version=version, **data),
            input_serializer=PolicyAdoptSerializer,
            output=lambda v: PolicyVersionSerializer(v).data,
        )
