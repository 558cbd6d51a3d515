"""REST API of the organisation: /api/v1/org-units, committees, people, groups, memberships."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action

from styrsam.core.access import require_perm
from styrsam.core.api import service_response
from styrsam.core.imports import ImportAPIView, ImportCountsSerializer, ImportRequestSerializer
from styrsam.guideline.policy import get_policy

from . import selectors, services
from .composition import group_composition
from .importing import RULE, import_organisation
from .lists import (
    CommitteeFilterSet,
    GroupFilterSet,
    MembershipFilterSet,
    OrgUnitFilterSet,
    PersonFilterSet,
    RoleAssignmentFilterSet,
)
from .models import Committee, GovernanceGroup, Membership, OrgUnit, RoleAssignment

User = get_user_model()


class CommitteeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Committee
        fields = ["id", *Committee.AUDITED_FIELDS]
        extra_kwargs = {"code": {"validators": []}, "name": {"validators": []}}


class OrgUnitSerializer(serializers.ModelSerializer):
    committee = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Committee.objects.all(),
        required=False,
        allow_null=True,
        help_text="Nämndens kod.",
    )

    class Meta:
        model = OrgUnit
        fields = ["id", *OrgUnit.AUDITED_FIELDS]
        # a taken code or name is the service's to judge (409 code_taken, name_taken)
        validators = []
        extra_kwargs = {
            "code": {"validators": []},
            "name": {"validators": []},
            "is_active": {"required": False},
        }

    def get_fields(self):
        fields = super().get_fields()
        view = self.context.get("view")
        if getattr(view, "action", None) == "create":
            fields["is_active"].read_only = True  # a new unit is active
        return fields


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


class MembershipEndSerializer(serializers.Serializer):
    end_date = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="Sista dag i gruppen (ÅÅÅÅ-MM-DD); utan den i dag. Inte före startdagen.",
    )


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
        fields = ["id", *Membership.AUDITED_FIELDS]
        read_only_fields = ["start_date", "end_date"]
        # one active seat per person and group is the service's to judge (409 already_member)
        validators = []


class ReadOnlyOrganisation(viewsets.ReadOnlyModelViewSet):
    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        require_perm(request.user, "organisation.view_organisation")


class ManagedOrganisation(
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ReadOnlyOrganisation,
):
    """Read by everyone; created and changed (POST, PATCH) by the coordinating role
    (``organisation.manage_organisation``, issue 21), through the audited services."""

    http_method_names = ["get", "post", "patch", "head", "options"]
    create_service = None
    update_service = None
    object_name = ""

    def _detail(self, obj):
        return self.get_serializer(obj).data

    def create(self, request, *args, **kwargs):
        require_perm(request.user, "organisation.manage_organisation")
        service = type(self).create_service
        return service_response(
            self,
            lambda data: service(actor=request.user, **data),
            output=self._detail,
            status_code=status.HTTP_201_CREATED,
        )

    def partial_update(self, request, *args, **kwargs):
        require_perm(request.user, "organisation.manage_organisation")
        obj = self.get_object()
        service = type(self).update_service
        return service_response(
            self,
            lambda data: service(actor=request.user, **{self.object_name: obj}, **data),
            output=self._detail,
            instance=obj,
            partial=True,
        )


@extend_schema_view(
    list=extend_schema(summary="Nämnder"),
    create=extend_schema(summary="Ny nämnd (samordnaren)"),
    partial_update=extend_schema(summary="Ändra nämnd (samordnaren)"),
)
class CommitteeViewSet(ManagedOrganisation):
    serializer_class = CommitteeSerializer
    queryset = Committee.objects.none()  # the schema's model; requests use get_queryset
    filterset_class = CommitteeFilterSet
    create_service = staticmethod(services.committee_create)
    update_service = staticmethod(services.committee_update)
    object_name = "committee"

    def get_queryset(self):
        return selectors.committee_list(user=self.request.user)


@extend_schema_view(
    list=extend_schema(summary="Organisationsenheter"),
    create=extend_schema(summary="Ny enhet (samordnaren)"),
    partial_update=extend_schema(summary="Ändra enhet (samordnaren)"),
)
class OrgUnitViewSet(ManagedOrganisation):
    serializer_class = OrgUnitSerializer
    queryset = OrgUnit.objects.none()
    filterset_class = OrgUnitFilterSet  # the page's filters (lists.py), in the schema
    create_service = staticmethod(services.org_unit_create)
    update_service = staticmethod(services.org_unit_update)
    object_name = "unit"

    def get_queryset(self):
        return selectors.org_unit_list(user=self.request.user, with_people_count=False)


@extend_schema_view(list=extend_schema(summary="Personer"))
class PersonViewSet(ReadOnlyOrganisation):
    serializer_class = PersonSerializer
    queryset = User.objects.none()
    filterset_class = PersonFilterSet

    def get_queryset(self):
        return selectors.person_list(user=self.request.user)


@extend_schema_view(list=extend_schema(summary="Riktlinjens grupper"))
class GroupViewSet(ReadOnlyOrganisation):
    serializer_class = GroupSerializer
    queryset = GovernanceGroup.objects.none()
    filterset_class = GroupFilterSet
    lookup_field = "code"

    def get_queryset(self):
        return selectors.policy_group_list(user=self.request.user, policy=get_policy())

    @extend_schema(summary="Sammansättning mot policyn", responses=RequirementSerializer(many=True))
    @action(detail=True, filterset_class=None)
    def composition(self, request, code=None):
        report = group_composition(group=self.get_object(), policy=get_policy())
        # Paginated as the schema (and every other list) promises.
        page = self.paginate_queryset(report.requirements)
        return self.get_paginated_response(RequirementSerializer(page, many=True).data)


@extend_schema_view(
    list=extend_schema(summary="Aktiva medlemskap"),
    create=extend_schema(summary="Lägg till ledamot (samordnaren)"),
)
class MembershipViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Create adds a member (the coordinator); POST .../end/ ends the membership."""

    serializer_class = MembershipSerializer
    queryset = Membership.objects.none()  # the schema's model; requests use get_queryset
    filterset_class = MembershipFilterSet

    def get_queryset(self):
        require_perm(self.request.user, "organisation.view_organisation")
        return selectors.membership_list(user=self.request.user)

    def create(self, request, *args, **kwargs):
        require_perm(request.user, "organisation.manage_memberships")
        return service_response(
            self,
            lambda data: services.membership_add(actor=request.user, **data),
            status_code=status.HTTP_201_CREATED,
        )

    @extend_schema(
        summary="Avsluta medlemskapet",
        request=MembershipEndSerializer,
        responses=MembershipSerializer,
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def end(self, request, pk=None):
        require_perm(request.user, "organisation.manage_memberships")
        membership = self.get_object()
        return service_response(
            self,
            lambda data: services.membership_end(
                actor=request.user, membership=membership, end_date=data.get("end_date")
            ),
            input_serializer=MembershipEndSerializer,
        )


class RoleAssignmentSerializer(serializers.ModelSerializer):
    person = serializers.SlugRelatedField(
        slug_field="username", queryset=User.objects.filter(is_active=True)
    )
    role = serializers.CharField(max_length=60, help_text="Rollens kod i policyn.")
    unit = serializers.SlugRelatedField(
        slug_field="code",
        queryset=OrgUnit.objects.filter(is_active=True),
        required=False,
        allow_null=True,
    )

    class Meta:
        model = RoleAssignment
        fields = ["id", *RoleAssignment.AUDITED_FIELDS]
        read_only_fields = ["end_date"]
        extra_kwargs = {"start_date": {"required": False}}


@extend_schema_view(
    list=extend_schema(summary="Rolltilldelningar (även avslutade)"),
    create=extend_schema(summary="Ge en roll (den som policyn låter ge rollen)"),
)
class RoleAssignmentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Who holds and has held which role. Create gives a role, POST .../end/ ends it: only a
    role the policy lets one of the caller's roles grant (``grants``), never one's own
    (403 ``may_not_grant``, ``own_role``)."""

    serializer_class = RoleAssignmentSerializer
    queryset = RoleAssignment.objects.none()  # the schema's model; requests use get_queryset
    filterset_class = RoleAssignmentFilterSet

    def get_queryset(self):
        require_perm(self.request.user, "organisation.view_organisation")
        return selectors.role_assignment_list(user=self.request.user)

    def create(self, request, *args, **kwargs):
        require_perm(request.user, "organisation.manage_roles")
        return service_response(
            self,
            lambda data: services.role_assign(actor=request.user, **data),
            status_code=status.HTTP_201_CREATED,
        )

    @extend_schema(summary="Avsluta rollen", request=None, responses=RoleAssignmentSerializer)
    @action(detail=True, methods=["post"], filterset_class=None)
    def end(self, request, pk=None):
        require_perm(request.user, "organisation.manage_roles")
        assignment = self.get_object()
        return service_response(
            self,
            lambda _data: services.role_end(actor=request.user, assignment=assignment),
            input_serializer=serializers.Serializer,
        )


# --- the import of the organisation (issue 21) ---------------------------------------------


class OrganisationImportSerializer(ImportRequestSerializer):
    file = serializers.FileField(
        help_text="Excel (.xlsx) eller CSV, en rad per person: användarnamn, namn, e-post, "
        "titel, enhet, enhetsnamn, enhetstyp, nämnd, roll."
    )


class OrganisationImportView(ImportAPIView):
    """Import committees, units, people and their roles from an HR/AD extract. All or
    nothing: a file with an error saves nothing (400, the errors per row); ``dry_run`` checks
    without saving. Importing the same file again changes nothing."""

    serializer_class = OrganisationImportSerializer
    permission = "organisation.manage_organisation"
    rule = RULE
    run = staticmethod(import_organisation)

    @extend_schema(
        summary="Importera organisationen (samordnaren)",
        request={"multipart/form-data": OrganisationImportSerializer},
        # 400: the error shape, ``errors`` the problems per row: {"3": [{"column", "message"}]}
        responses={200: ImportCountsSerializer},
    )
    def post(self, request):
        return super().post(request)
