"""REST API of cases: /api/v1/cases, /consultations, /decisions (read only), /notifications.

Writes go through the services; a refusal comes back as JSON with its code and rule, e.g.
409 ``{"code": "steps_missing", "rule": "G21", "missing_steps": [...]}``.
"""

from __future__ import annotations

import json

from django.contrib.auth import get_user_model
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from styrsam.core.access import require_perm
from styrsam.core.api import ErrorSerializer, service_response
from styrsam.core.parsers import JSONParser
from styrsam.organisation.models import GovernanceGroup, OrgUnit
from styrsam.systems.models import System

from . import selectors, services
from .attachments import MAX_ATTACHMENT_BYTES, attachment_response
from .lists import (
    CaseFilterSet,
    ConsultationFilterSet,
    DecisionFilterSet,
    NotificationFilterSet,
)
from .models import Case, CaseStep, Consultation, ConsultationResponse, Decision, Notification

User = get_user_model()


class StepSerializer(serializers.ModelSerializer):
    completed_by = serializers.SlugRelatedField(
        slug_field="username",
        read_only=True,
        allow_null=True,
        help_text="Den som utförde steget; null för ett steg som inte är utfört.",
    )
    required = serializers.BooleanField(source="is_required", read_only=True)
    done = serializers.BooleanField(source="is_done", read_only=True)
    blocks_decision = serializers.BooleanField(source="is_open_required", read_only=True)
    attachment = serializers.SerializerMethodField(
        help_text="Adress för att hämta stegets bilaga (för den som får se ärendet); null utan "
        "bilaga."
    )
    attachment_name = serializers.CharField(read_only=True)

    class Meta:
        model = CaseStep
        fields = [
            "code",
            "name",
            "position",
            "performer_roles",
            "consultation_group",
            "when_needed",
            "needed",
            "needed_reason",
            "required",
            "done",
            "blocks_decision",
            "completed_by",
            "completed_at",
            "comment",
            "attachment",
            "attachment_name",
        ]

    def get_attachment(self, obj) -> str | None:
        if not obj.attachment:
            return None
        url = reverse("case-step-attachment", kwargs={"pk": obj.case_id, "step": obj.code})
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class CaseSerializer(serializers.ModelSerializer):
    type = serializers.CharField(source="case_type")
    registration_number = serializers.CharField(read_only=True)
    reporter = serializers.SlugRelatedField(slug_field="username", read_only=True)
    reporting_unit = serializers.SlugRelatedField(
        slug_field="code",
        queryset=OrgUnit.objects.filter(is_active=True),
        required=False,
        allow_null=True,
    )
    system = serializers.PrimaryKeyRelatedField(
        queryset=System.objects.all(), required=False, allow_null=True
    )
    affected_units = serializers.SlugRelatedField(
        slug_field="code",
        queryset=OrgUnit.objects.filter(is_active=True),
        many=True,
        required=False,
    )
    steps = StepSerializer(many=True, read_only=True)

    class Meta:
        model = Case
        fields = [
            "id",
            "registration_number",
            "type",
            "title",
            "description",
            "system",
            "proposed_system_name",
            "common_kind",
            "successor_name",
            "handover_date",
            "reporter",
            "reporting_unit",
            "affected_units",
            "status",
            "amount_requested",
            "amount_granted",
            "created_at",
            "steps",
        ]
        read_only_fields = ["status", "amount_granted", "created_at"]


class StepCompleteSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class StepCompleteUploadSerializer(StepCompleteSerializer):
    """multipart/form-data: the comment and an optional attachment."""

    attachment = serializers.FileField(
        required=False,
        help_text=f"Bilaga till steget, högst {MAX_ATTACHMENT_BYTES // 2**20} MB "
        "(större: 400 attachment_too_large).",
    )


class _FileRenderer(BaseRenderer):
    """Lets a download answer any Accept header; errors are still JSON."""

    media_type = "*/*"
    format = "file"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, bytes):
            return data
        return json.dumps(data).encode()


class StepNeededSerializer(serializers.Serializer):
    needed = serializers.BooleanField()
    reason = serializers.CharField()


class DecideSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Decision.Outcome.choices)
    text = serializers.CharField()
    conditions = serializers.CharField(required=False, allow_blank=True, default="")
    body = serializers.ChoiceField(
        choices=Decision.Body.choices,
        default=Decision.Body.STEERING_GROUP,
        help_text="steering_group: gruppen som policyn låter besluta ärendetypen; "
        "municipal_director: ärendetypens lyfta beslutsfattare (G29).",
    )
    escalation_reason = serializers.CharField(required=False, allow_blank=True, default="")
    amount_granted = serializers.DecimalField(
        max_digits=12, decimal_places=0, required=False, allow_null=True, default=None
    )
    meeting_reference = serializers.CharField(required=False, allow_blank=True, default="")
    decided_on = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Beslutsdatum för ett beslut utanför protokoll (delegerat, eskaleringsrollens); "
        "i dag om det utelämnas, aldrig i framtiden.",
    )
    handover_date = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Vid byte av kommungemensamt system: när efterträdaren tar över (G18); "
        "ärendets föreslagna datum om det utelämnas.",
    )


class CorrectSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Decision.Outcome.choices)
    text = serializers.CharField()
    conditions = serializers.CharField(required=False, allow_blank=True, default="")
    escalation_reason = serializers.CharField(required=False, allow_blank=True, default="")
    amount_granted = serializers.DecimalField(
        max_digits=12, decimal_places=0, required=False, allow_null=True, default=None
    )
    decided_on = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Beslutsdatum; i dag om det utelämnas, aldrig i framtiden.",
    )


class ForwardSerializer(serializers.Serializer):
    groups = serializers.SlugRelatedField(
        slug_field="code", queryset=GovernanceGroup.objects.all(), many=True
    )
    units = serializers.SlugRelatedField(
        slug_field="code", queryset=OrgUnit.objects.all(), many=True, required=False, default=list
    )
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class ConsultationOpenSerializer(serializers.Serializer):
    step = serializers.CharField()
    deadline = serializers.DateField()
    question = serializers.CharField(required=False, allow_blank=True, default="")


class ConsultationResponseSerializer(serializers.ModelSerializer):
    member = serializers.SlugRelatedField(slug_field="username", read_only=True)
    late = serializers.BooleanField(read_only=True)

    class Meta:
        model = ConsultationResponse
        fields = ["id", "member", "position", "text", "answered_at", "late"]
        read_only_fields = ["answered_at"]


class ConsultationSerializer(serializers.ModelSerializer):
    step = serializers.CharField(source="step.code", read_only=True)
    group = serializers.SlugRelatedField(slug_field="code", read_only=True)
    opened_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    closed_by = serializers.SlugRelatedField(
        slug_field="username",
        read_only=True,
        allow_null=True,
        help_text="Den som stängde remissen; null så länge den är öppen.",
    )
    responses = ConsultationResponseSerializer(many=True, read_only=True)

    class Meta:
        model = Consultation
        fields = [
            "id",
            "case",
            "step",
            "group",
            "question",
            "deadline",
            "opened_by",
            "opened_at",
            "closed_by",
            "closed_at",
            "summary",
            "early_close_reason",
            "responses",
        ]


class CloseSerializer(serializers.Serializer):
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    early_close_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Krävs när remissen avslutas före sista svarsdag och ledamöter inte har "
        "svarat (G14).",
    )


class DecisionSerializer(serializers.ModelSerializer):
    case_registration_number = serializers.CharField(
        source="case.registration_number", read_only=True
    )
    body_name = serializers.CharField(
        read_only=True, help_text="Det beslutande organets namn i den aktiva policyn."
    )
    decided_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Decision
        # the fields the case's history records of a decision (Decision.AUDITED_FIELDS; links
        # named without ``_id``), and who, when, where
        fields = [
            "id",
            "case",
            "case_registration_number",
            *(name.removesuffix("_id") for name in Decision.AUDITED_FIELDS),
            "body_name",
            "decided_by",
            "decided_at",
            "meeting",
        ]

    meeting = serializers.SerializerMethodField(
        help_text="Mötet vars protokoll innehåller beslutet (G13); null för beslut utanför möten."
    )

    def get_meeting(self, obj) -> int | None:
        return obj.minute_item.meeting_id if obj.minute_item_id else None


class NotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "text", "url", "case", "created_at", "read_at"]


@extend_schema_view(list=extend_schema(summary="Ärenden"))
class CaseViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Create reports a need (G03, G21, G23, G27); actions move the case along its path. The
    list's filters are those of the case lists' page (``lists.CaseFilterSet``)."""

    serializer_class = CaseSerializer
    queryset = Case.objects.none()
    filterset_class = CaseFilterSet

    def get_queryset(self):
        require_perm(self.request.user, "cases.view_case")
        return selectors.with_steps(selectors.case_list(user=self.request.user))

    def _case(self):
        require_perm(self.request.user, "cases.view_case")
        return selectors.case_get(user=self.request.user, pk=self.kwargs["pk"])

    def _detail(self, case) -> dict:
        case = selectors.case_get(user=self.request.user, pk=case.pk)
        return CaseSerializer(case, context=self.get_serializer_context()).data

    def _run(self, input_serializer, service, *, output=None, status_code=status.HTTP_200_OK):
        """Validate the body with ``input_serializer``, run ``service(case, data)`` on this
        case and answer with the case (or ``output(result)``)."""
        case = self._case()
        return service_response(
            self,
            lambda data: service(case, data),
            input_serializer=input_serializer,
            output=output or (lambda _result: self._detail(case)),
            status_code=status_code,
        )

    def create(self, request, *args, **kwargs):
        require_perm(request.user, "cases.view_case")
        return service_response(
            self,
            lambda data: services.case_report(actor=request.user, **data),
            output=self._detail,
            status_code=status.HTTP_201_CREATED,
        )

    @extend_schema(
        summary="Markera ett steg som utfört",
        description="JSON med `comment`, eller multipart/form-data med `comment` och en "
        "valfri bilaga `attachment` (G21).",
        request={
            "application/json": StepCompleteSerializer,
            "multipart/form-data": StepCompleteUploadSerializer,
        },
        responses=CaseSerializer,
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"steps/(?P<step>[\w-]+)/complete",
        parser_classes=[JSONParser, MultiPartParser],  # the one API call that sends a file
    )
    def complete_step(self, request, pk=None, step=None):
        return self._run(
            StepCompleteUploadSerializer,
            lambda case, data: services.case_complete_step(
                actor=request.user,
                case=case,
                step=step,
                comment=data["comment"],
                attachment=data.get("attachment"),
            ),
        )

    @extend_schema(
        summary="Hämta stegets bilaga",
        description="För den som får se ärendet; annars 404. Adressen står i stegets `attachment`.",
        responses={
            (200, "application/octet-stream"): OpenApiResponse(
                OpenApiTypes.BINARY, description="Filen, som bilaga (Content-Disposition)."
            ),
            (404, "application/json"): OpenApiResponse(
                ErrorSerializer, description="Ingen bilaga, eller ärendet finns inte för dig."
            ),
        },
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=r"steps/(?P<step>[\w-]+)/attachment",
        url_name="step-attachment",
        renderer_classes=[JSONRenderer, _FileRenderer],
    )
    def step_attachment(self, request, pk=None, step=None):
        step_row = selectors.case_step_get(user=request.user, case=pk, code=step)
        return attachment_response(user=request.user, step=step_row)

    @extend_schema(request=StepNeededSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"], url_path=r"steps/(?P<step>[\w-]+)/needed")
    def mark_needed(self, request, pk=None, step=None):
        return self._run(
            StepNeededSerializer,
            lambda case, data: services.case_mark_step_needed(
                actor=request.user, case=case, step=step, **data
            ),
        )

    @extend_schema(request=DecideSerializer, responses={201: DecisionSerializer})
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        return self._run(
            DecideSerializer,
            lambda case, data: services.case_decide(actor=request.user, case=case, **data),
            output=lambda decision: DecisionSerializer(decision).data,
            status_code=status.HTTP_201_CREATED,
        )

    @extend_schema(request=ForwardSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"])
    def forward(self, request, pk=None):
        return self._run(
            ForwardSerializer,
            lambda case, data: services.case_forward(actor=request.user, case=case, **data),
        )

    @extend_schema(request=ConsultationOpenSerializer, responses={201: ConsultationSerializer})
    @action(detail=True, methods=["post"])
    def consultations(self, request, pk=None):
        return self._run(
            ConsultationOpenSerializer,
            lambda case, data: services.consultation_open(actor=request.user, case=case, **data),
            output=lambda consultation: ConsultationSerializer(consultation).data,
            status_code=status.HTTP_201_CREATED,
        )


@extend_schema_view(list=extend_schema(summary="Remisser"))
class ConsultationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ConsultationSerializer
    queryset = Consultation.objects.none()
    filterset_class = ConsultationFilterSet

    def get_queryset(self):
        require_perm(self.request.user, "cases.view_case")
        return selectors.consultation_list(user=self.request.user)

    @extend_schema(
        request=ConsultationResponseSerializer, responses={200: ConsultationResponseSerializer}
    )
    @action(detail=True, methods=["post"])
    def respond(self, request, pk=None):
        consultation = self.get_object()
        return service_response(
            self,
            lambda data: services.consultation_respond(
                actor=request.user, consultation=consultation, **data
            ),
            input_serializer=ConsultationResponseSerializer,
            output=lambda response: ConsultationResponseSerializer(response).data,
        )

    @extend_schema(request=CloseSerializer, responses=ConsultationSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        consultation = self.get_object()
        return service_response(
            self,
            lambda data: services.consultation_close(
                actor=request.user, consultation=consultation, **data
            ),
            input_serializer=CloseSerializer,
            output=lambda closed: (
                ConsultationSerializer(
                    selectors.consultation_get(user=request.user, pk=closed.pk)
                ).data
            ),
        )


@extend_schema_view(list=extend_schema(summary="Beslutsregistret"))
class DecisionViewSet(viewsets.ReadOnlyModelViewSet):
    """Read only: a decision is never changed (PUT/PATCH/DELETE give 405). A correction is a
    new decision: POST /decisions/{id}/correct/. The list's filters are the register's."""

    serializer_class = DecisionSerializer
    queryset = Decision.objects.none()
    filterset_class = DecisionFilterSet

    def get_queryset(self):
        require_perm(self.request.user, "cases.view_decision")
        return selectors.decision_list(user=self.request.user)

    @extend_schema(request=CorrectSerializer, responses={201: DecisionSerializer})
    @action(detail=True, methods=["post"])
    def correct(self, request, pk=None):
        decision = self.get_object()
        return service_response(
            self,
            lambda data: services.decision_correct(actor=request.user, decision=decision, **data),
            input_serializer=CorrectSerializer,
            status_code=status.HTTP_201_CREATED,
        )


@extend_schema_view(list=extend_schema(summary="Min inkorg"))
class NotificationViewSet(viewsets.ReadOnlyModelViewSet):
    """My inbox. POST /notifications/{id}/read/ marks one read."""

    serializer_class = NotificationSerializer
    queryset = Notification.objects.none()
    filterset_class = NotificationFilterSet

    def get_queryset(self):
        return selectors.inbox(user=self.request.user)

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        item = services.notification_mark_read(actor=request.user, notification=self.get_object())
        return Response(NotificationSerializer(item).data)
