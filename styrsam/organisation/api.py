"""REST API of the organisation: /api/v1/org-units, committees, people, groups, memberships."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from styrsam.core.access import require_perm
from styrsam.core.params import int_param
from styrsam.guideline.policy import get_policy

from . import selectors, services
from .composition import group_composition
from .models import Committee, GovernanceGroup, Membership, OrgUnit

User = get_user_model()


class CommitteeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Committee
        fields = ["id", "code", "name", "is_executive"]


class OrgUnitSerializer(serializers.ModelSerializer):
    committee = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = OrgUnit
        fields = ["id", "code", "name", "kind", "committee", "is_active"]


class RoleSerializer(serializers.Serializer):
    role = serializers.CharField()
    unit = serializers.CharField(source="unit.code", allow_null=True, default=None)


class PersonSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="get_full_name")
    title = serializers.SerializerMethodField()
    unit = serializers.CharField(source="profile.unit.code", default=None, allow_null=True)
    roles = RoleSerializer(source="active_roles", many=True)

    class Meta:
        model = User
        fields = ["id", "username", "name", "email", "title", "unit", "roles"]

    def get_title(self, obj) -> str:
        # A user made with createsuperuser or in the admin has no profile: "" as documented.
        profile = getattr(obj, "profile", None)
        return profile.title if profile is not None else ""


class GroupSerializer(serializers.ModelSerializer):
    rule = serializers.SerializerMethodField()
    meetings_per_year = serializers.SerializerMethodField()
    member_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = GovernanceGroup
        fields = ["id", "code", "name", "rule", "meetings_per_year", "member_count"]

    def get_rule(self, obj) -> str:
        return get_policy().group(obj.code).rule if obj.code in get_policy().groups else ""

    def get_meetings_per_year(self, obj) -> dict:
        policy = get_policy()
        if obj.code not in policy.groups:
            return {}
        gp = policy.group(obj.code)
        return {"min": gp.meetings_min, "max": gp.meetings_max}


class RequirementSerializer(serializers.Serializer):
    label = serializers.CharField()
    kind = serializers.CharField()
    satisfied = serializers.BooleanField()
    filled_by = serializers.ListField(child=serializers.CharField())
    rule = serializers.CharField()


class MembershipSerializer(serializers.ModelSerializer):
    group = serializers.SlugRelatedField(slug_field="code", queryset=GovernanceGroup.objects.all())
    person = serializers.SlugRelatedField(
        slug_field="username", queryset=User.objects.filter(is_active=True)
    )
    represents = serializers.SlugRelatedField(
        slug_field="code",
        queryset=OrgUnit.objects.filter(is_active=True),
        required=False,
        allow_null=True,
    )

    class Meta:
        model = Membership
        fields = [
            "id",
            "group",
            "person",
            "function",
            "represents",
            "appointed_by_chair_role",
            "start_date",
            "end_date",
        ]
        read_only_fields = ["start_date", "end_date"]


class ReadOnlyOrganisation(viewsets.ReadOnlyModelViewSet):
    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        require_perm(request.user, "organisation.view_organisation")


@extend_schema_view(list=extend_schema(summary="Nämnder"))
class CommitteeViewSet(ReadOnlyOrganisation):
    serializer_class = CommitteeSerializer

    def get_queryset(self):
        return selectors.committee_list(user=self.request.user)


@extend_schema_view(
    list=extend_schema(
        summary="Organisationsenheter",
        parameters=[OpenApiParameter("kind", enum=OrgUnit.Kind.values), OpenApiParameter("q", str)],
    )
)
class OrgUnitViewSet(ReadOnlyOrganisation):
    serializer_class = OrgUnitSerializer

    def get_queryset(self):
        params = self.request.query_params
        kind = params.get("kind") if params.get("kind") in OrgUnit.Kind.values else None
        return selectors.org_unit_list(user=self.request.user, kind=kind, q=params.get("q"))


@extend_schema_view(
    list=extend_schema(
        summary="Personer", parameters=[OpenApiParameter("q", str), OpenApiParameter("role", str)]
    )
)
class PersonViewSet(ReadOnlyOrganisation):
    serializer_class = PersonSerializer

    def get_queryset(self):
        params = self.request.query_params
        return selectors.person_list(
            user=self.request.user, q=params.get("q"), role=params.get("role")
        )


class GroupViewSet(ReadOnlyOrganisation):
    serializer_class = GroupSerializer
    queryset = GovernanceGroup.objects.none()  # the schema's model; requests use get_queryset
    lookup_field = "code"

    def get_queryset(self):
        return selectors.group_list(user=self.request.user).filter(
            code__in=list(get_policy().groups)
        )

    @extend_schema(summary="Sammansättning mot policyn", responses=RequirementSerializer(many=True))
    @action(detail=True)
    def composition(self, request, code=None):
        report = group_composition(group=self.get_object(), policy=get_policy())
        return Response(RequirementSerializer(report.requirements, many=True).data)


@extend_schema_view(
    list=extend_schema(
        summary="Aktiva medlemskap",
        parameters=[OpenApiParameter("group", str), OpenApiParameter("person", int)],
    )
)
class MembershipViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Create adds a member (IT strategist); POST .../end/ ends the membership."""

    serializer_class = MembershipSerializer
    queryset = Membership.objects.none()  # the schema's model; requests use get_queryset

    def get_queryset(self):
        require_perm(self.request.user, "organisation.view_organisation")
        params = self.request.query_params
        return selectors.membership_list(
            user=self.request.user,
            group=params.get("group"),
            person=int_param(params.get("person")),
        )

    def create(self, request, *args, **kwargs):
        require_perm(request.user, "organisation.manage_memberships")
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        membership = services.membership_add(actor=request.user, **serializer.validated_data)
        return Response(self.get_serializer(membership).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=MembershipSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        require_perm(request.user, "organisation.manage_memberships")
        membership = services.membership_end(actor=request.user, membership=self.get_object())
        return Response(self.get_serializer(membership).data)
