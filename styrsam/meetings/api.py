"""REST API of meetings: /api/v1/meetings, agenda-items, minute-items, company-meetings and
/api/v1/compliance/?year=YYYY. Writes go through the same services as the pages
(``core.api.service_response``: input serializer → service → output serializer); the lists
filter with the pages' FilterSets (``lists.py``), so every filter is in the schema and an
invalid value answers 400."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from styrsam.cases.models import Case, Decision
from styrsam.core.access import require_perm
from styrsam.core.api import ErrorSerializer, service_response
from styrsam.core.errors import ValidationFailed
from styrsam.core.params import int_param
from styrsam.guideline.policy import get_policy
from styrsam.organisation.models import GovernanceGroup, OrgUnit

from . import selectors, services
from .compliance import companies_without_meeting, group_compliance
from .lists import (
    AgendaItemFilterSet,
    CompanyMeetingFilterSet,
    MeetingFilterSet,
    MinuteItemFilterSet,
)
from .models import AgendaItem, CompanyMeeting, Meeting, MinuteItem

User = get_user_model()


@extend_schema_field(
    {
        "type": "string",
        "pattern": r"^\d{2}:\d{2}(:\d{2})?$",
        "example": "09:00:00",
        "description": "Lokal tid (Europe/Stockholm), TT:MM eller TT:MM:SS, utan tidszon.",
    }
)
class LocalTimeField(serializers.TimeField):
    """A wall-clock time of the meeting's day, sent as "09:00:00" (no UTC offset). The schema
    says so instead of OpenAPI's format "time", which demands an RFC 3339 offset."""


class MeetingSerializer(serializers.ModelSerializer):
    group = serializers.SlugRelatedField(slug_field="code", queryset=GovernanceGroup.objects.all())
    convener = serializers.SlugRelatedField(slug_field="username", read_only=True)
    chair = serializers.SlugRelatedField(slug_field="username", read_only=True)
    secretary = serializers.SlugRelatedField(
        slug_field="username",
        queryset=User.objects.filter(is_active=True),
        required=False,
        allow_null=True,
    )
    minutes_locked = serializers.BooleanField(read_only=True)

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.TimeField: LocalTimeField,
    }

    class Meta:
        model = Meeting
        fields = ["id", *Meeting.AUDITED_FIELDS, "agenda_sent_at", "minutes_locked"]
        read_only_fields = ["status", "agenda_sent_at"]


class AgendaItemSerializer(serializers.ModelSerializer):
    meeting = serializers.PrimaryKeyRelatedField(queryset=Meeting.objects.all())
    presenter = serializers.SlugRelatedField(
        slug_field="username",
        queryset=User.objects.filter(is_active=True),
        required=False,
        allow_null=True,
    )
    case = serializers.PrimaryKeyRelatedField(
        queryset=Case.objects.all(), required=False, allow_null=True
    )
    case_number = serializers.CharField(
        source="case.registration_number", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = AgendaItem
        fields = ["id", *AgendaItem.AUDITED_FIELDS, "case_number"]
        read_only_fields = ["order"]
        extra_kwargs = {"title": {"required": False}}


class MinuteItemSerializer(serializers.ModelSerializer):
    meeting = serializers.PrimaryKeyRelatedField(queryset=Meeting.objects.all())
    group = serializers.SlugRelatedField(slug_field="code", read_only=True)
    agenda_item = serializers.PrimaryKeyRelatedField(
        queryset=AgendaItem.objects.all(), required=False, allow_null=True
    )
    corrects = serializers.PrimaryKeyRelatedField(
        queryset=MinuteItem.objects.all(), required=False, allow_null=True
    )
    case = serializers.PrimaryKeyRelatedField(
        queryset=Case.objects.all(), required=False, allow_null=True
    )
    case_number = serializers.CharField(
        source="case.registration_number", read_only=True, allow_null=True, default=None
    )
    decision_outcome = serializers.ChoiceField(
        choices=Decision.Outcome.choices, required=False, allow_blank=True
    )
    amount_granted = serializers.DecimalField(
        max_digits=12,
        decimal_places=0,
        required=False,
        allow_null=True,
        write_only=True,
        help_text="Beviljat belopp vid delfinansiering (G27); sparas i ärendets beslut.",
    )
    case_decision = serializers.SerializerMethodField(
        help_text="Id för ärendets beslut som paragrafen registrerade (G13)."
    )

    class Meta:
        model = MinuteItem
        fields = [
            "id",
            "meeting",
            "group",
            "year",
            "number",
            "agenda_item",
            "title",
            "text",
            "decision",
            "case",
            "case_number",
            "decision_outcome",
            "amount_granted",
            "case_decision",
            "corrects",
            "locked",
        ]
        read_only_fields = ["year", "number", "locked"]
        extra_kwargs = {"title": {"required": False}}

    def get_case_decision(self, obj) -> int | None:
        decision = getattr(obj, "case_decision", None) if obj.case_id else None
        return decision.pk if decision else None


class MinuteItemUpdateSerializer(serializers.Serializer):
    """What a § that is not yet approved may change (PUT and PATCH alike)."""

    title = serializers.CharField(max_length=300, required=False)
    text = serializers.CharField(required=False, allow_blank=True)
    decision = serializers.CharField(required=False, allow_blank=True)


class CompanyMeetingSerializer(serializers.ModelSerializer):
    company = serializers.SlugRelatedField(
        slug_field="code", queryset=OrgUnit.objects.filter(kind=OrgUnit.Kind.COMPANY)
    )
    held_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = CompanyMeeting
        fields = ["id", *CompanyMeeting.AUDITED_FIELDS]


class GroupComplianceSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField(source="group.name")
    rule = serializers.CharField()
    held = serializers.IntegerField()
    planned = serializers.IntegerField()
    min = serializers.IntegerField()
    max = serializers.IntegerField()
    status = serializers.ChoiceField(choices=["on_track", "at_risk", "breached", "over"])


class CompanySerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class ComplianceSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    groups = GroupComplianceSerializer(many=True)
    companies_without_meeting = CompanySerializer(many=True)


@extend_schema_view(list=extend_schema(summary="Möten"))
class MeetingViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Create plans a meeting (the convener per policy); POST .../held/, .../cancel/,
    .../send/, .../approve/ run the workflow."""

    serializer_class = MeetingSerializer
    queryset = Meeting.objects.none()
    filterset_class = MeetingFilterSet  # the meetings page's filters (lists.py)

    def get_queryset(self):
        require_perm(self.request.user, "meetings.view_meetings")
        return selectors.meeting_list(user=self.request.user)

    def _plan(self, data):
        require_perm(self.request.user, "meetings.plan_meeting", data["group"])
        return services.meeting_plan(actor=self.request.user, **data)

    def create(self, request, *args, **kwargs):
        return service_response(self, self._plan, status_code=status.HTTP_201_CREATED)

    def _act(self, fn, **kwargs):
        meeting = fn(actor=self.request.user, meeting=self.get_object(), **kwargs)
        return Response(self.get_serializer(meeting).data)

    @extend_schema(request=None, responses=MeetingSerializer)
    @action(detail=True, methods=["post"])
    def held(self, request, pk=None):
        return self._act(services.meeting_mark_held)

    @extend_schema(request=None, responses=MeetingSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return self._act(services.meeting_cancel)

    @extend_schema(request=None, responses=MeetingSerializer)
    @action(detail=True, methods=["post"])
    def send(self, request, pk=None):
        return self._act(services.agenda_send)

    @extend_schema(
        request=None,
        responses=AgendaItemSerializer(many=True),
        summary="Hämta ärenden som är redo (G13, G14)",
        description="Lägger till en ärendepunkt för varje ärende som är klart för gruppens "
        "beslut eller har en öppen remiss i gruppen och inte redan finns på listan. Svarar med "
        "de punkter som lades till.",
    )
    @action(detail=True, methods=["post"], url_path="add-ready-cases")
    def add_ready_cases(self, request, pk=None):
        items = services.agenda_add_ready_cases(actor=request.user, meeting=self.get_object())
        return Response(AgendaItemSerializer(items, many=True).data)

    @extend_schema(request=None, responses=MeetingSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._act(services.minutes_approve)


def _meeting_of(request, data: dict) -> Meeting:
    """The meeting named in a write's body, as the user may read it (404 outside its group)."""
    return selectors.meeting_get(user=request.user, pk=data.pop("meeting").pk)


@extend_schema_view(list=extend_schema(summary="Punkter på föredragningslistor"))
class AgendaItemViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = AgendaItemSerializer
    queryset = AgendaItem.objects.none()
    filterset_class = AgendaItemFilterSet

    def get_queryset(self):
        return selectors.agenda_item_list(user=self.request.user)

    def _add(self, data):
        data = dict(data)
        meeting = _meeting_of(self.request, data)
        return services.agenda_item_add(actor=self.request.user, meeting=meeting, **data)

    def create(self, request, *args, **kwargs):
        return service_response(self, self._add, status_code=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="Protokollsparagrafer"),
    update=extend_schema(request=MinuteItemUpdateSerializer),
    partial_update=extend_schema(request=MinuteItemUpdateSerializer),
)
class MinuteItemViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """A locked (justerad) § refuses PATCH/PUT with 409 ``minutes_locked``."""

    serializer_class = MinuteItemSerializer
    queryset = MinuteItem.objects.none()
    filterset_class = MinuteItemFilterSet

    def get_queryset(self):
        return selectors.minute_item_list(user=self.request.user)

    def _add(self, data):
        data = dict(data)
        meeting = _meeting_of(self.request, data)
        return services.minute_item_add(
            actor=self.request.user, meeting=meeting, title=data.pop("title", ""), **data
        )

    def create(self, request, *args, **kwargs):
        return service_response(self, self._add, status_code=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        item = self.get_object()
        return service_response(
            self,
            lambda data: services.minute_item_update(actor=request.user, item=item, **data),
            input_serializer=MinuteItemUpdateSerializer,
            partial=True,
        )


@extend_schema_view(list=extend_schema(summary="Bolagsmöten"))
class CompanyMeetingViewSet(
    mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    serializer_class = CompanyMeetingSerializer
    queryset = CompanyMeeting.objects.none()
    filterset_class = CompanyMeetingFilterSet

    def get_queryset(self):
        require_perm(self.request.user, "meetings.view_compliance")
        return selectors.company_meeting_list(user=self.request.user)

    def create(self, request, *args, **kwargs):
        require_perm(request.user, "meetings.record_company_meeting")
        return service_response(
            self,
            lambda data: services.company_meeting_record(actor=request.user, **data),
            status_code=status.HTTP_201_CREATED,
        )


class ComplianceView(APIView):
    @extend_schema(
        summary="Mötesfrekvens per grupp och bolag utan årets möte (G04, G13–G16)",
        parameters=[
            OpenApiParameter(
                "year",
                {"type": "integer", "minimum": selectors.MIN_YEAR, "maximum": selectors.MAX_YEAR},
                description="Kalenderåret; utan parametern innevarande år. Ett år utanför "
                "intervallet (eller något annat än ett heltal) ger 400 invalid.",
            )
        ],
        responses={200: ComplianceSerializer, 400: ErrorSerializer},
    )
    def get(self, request):
        require_perm(request.user, "meetings.view_compliance")
        year = self._year(request.query_params.get("year"))
        policy = get_policy()
        data = {
            "year": year,
            "groups": group_compliance(policy=policy, year=year),
            "companies_without_meeting": companies_without_meeting(policy=policy, year=year),
        }
        return Response(ComplianceSerializer(data).data)

    @staticmethod
    def _year(value: str | None) -> int:
        """The year the whole answer is about: absent means this year; anything else but a
        year within the window is refused (400), not silently replaced by this year."""
        if not value:
            return timezone.localdate().year
        year = int_param(value)
        if year is None or not selectors.MIN_YEAR <= year <= selectors.MAX_YEAR:
            raise ValidationFailed(
                _("Ange året som ett heltal mellan %(min)d och %(max)d.")
                % {"min": selectors.MIN_YEAR, "max": selectors.MAX_YEAR},
                field="year",
            )
        return year
