"""REST API of the self-assessment's rounds (G30): /api/v1/assessment-rounds/ with
…/assignments/, …/answers/, …/compile/, …/send/, …/results/ and …/result-file/."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from styrsam.core.access import require_perm
from styrsam.core.api import service_response
from styrsam.core.errors import ValidationFailed
from styrsam.core.params import int_param
from styrsam.meetings.models import Meeting
from styrsam.organisation.models import OrgUnit

from .. import selectors, services
from ..lists import RoundFilterSet
from ..models import (
    Answer,
    Area,
    AssessmentRound,
    Assignment,
    Indicator,
    Instrument,
    ScaleLevel,
)
from ..resultfile import result_file
from ..results import round_results, trend
from .common import municipality_name, refusals

User = get_user_model()


class RoundSerializer(serializers.ModelSerializer):
    instrument_code = serializers.CharField(source="instrument.code", read_only=True)
    answered = serializers.IntegerField(read_only=True)
    expected = serializers.IntegerField(read_only=True)
    meeting = serializers.IntegerField(
        source="agenda_item.meeting_id", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = AssessmentRound
        fields = [
            "id",
            "year",
            "instrument",
            "instrument_code",
            "deadline",
            "status",
            "answered",
            "expected",
            "compiled_at",
            "agenda_item",
            "meeting",
            "sent_at",
        ]
        read_only_fields = ["status", "compiled_at", "agenda_item", "sent_at"]


class RoundOpenSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2200)
    instrument = serializers.PrimaryKeyRelatedField(queryset=Instrument.objects.all())
    deadline = serializers.DateField()
    units = serializers.SlugRelatedField(
        slug_field="code",
        queryset=OrgUnit.objects.filter(is_active=True),
        many=True,
        required=False,
        help_text="Förvaltningar som får alla områden tilldelade.",
    )


class AssignmentSerializer(serializers.ModelSerializer):
    area = serializers.CharField(source="area.code")
    unit = serializers.CharField(source="unit.code", allow_null=True, default=None)
    person = serializers.CharField(source="person.username", allow_null=True, default=None)
    answered = serializers.IntegerField()
    expected = serializers.IntegerField()

    class Meta:
        model = Assignment
        fields = ["id", "area", "unit", "person", "answered", "expected", "reminded_on"]


class AssignmentAddSerializer(serializers.Serializer):
    area = serializers.CharField(help_text="Områdets kod i instrumentet.")
    unit = serializers.SlugRelatedField(
        slug_field="code",
        queryset=OrgUnit.objects.filter(is_active=True),
        required=False,
        allow_null=True,
    )
    person = serializers.SlugRelatedField(
        slug_field="username",
        queryset=User.objects.filter(is_active=True),
        required=False,
        allow_null=True,
    )


class AnswerInSerializer(serializers.Serializer):
    indicator = serializers.CharField(help_text="Indikatorns kod.")
    level = serializers.CharField(help_text="Nivåns kod på indikatorns skala.")
    comment = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    evidence = serializers.ListField(
        child=serializers.CharField(max_length=500), required=False, max_length=20
    )


class AnswersSaveSerializer(serializers.Serializer):
    assignment = serializers.IntegerField(min_value=1)
    answers = AnswerInSerializer(many=True)


class AnswerSerializer(serializers.ModelSerializer):
    assignment = serializers.IntegerField(source="assignment_id")
    indicator = serializers.CharField(source="indicator.code")
    level = serializers.CharField(source="level.code")
    answered_by = serializers.CharField(
        source="answered_by.username", allow_null=True, default=None
    )

    class Meta:
        model = Answer
        fields = [
            "assignment",
            "indicator",
            "level",
            "comment",
            "evidence",
            "answered_by",
            "locked",
            "updated_at",
        ]


class SendSerializer(serializers.Serializer):
    meeting = serializers.PrimaryKeyRelatedField(queryset=Meeting.objects.all())


class LevelCountSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    value = serializers.FloatField(allow_null=True)
    count = serializers.IntegerField()


class IndicatorResultSerializer(serializers.Serializer):
    code = serializers.CharField()
    text = serializers.CharField(source="indicator.text")
    score = serializers.FloatField(allow_null=True)
    answers = serializers.IntegerField()
    levels = LevelCountSerializer(many=True)


class AreaResultSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    score = serializers.FloatField(allow_null=True)
    answered = serializers.IntegerField()
    expected = serializers.IntegerField()
    indicators = IndicatorResultSerializer(many=True)


class RespondentResultSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="Förvaltningen (eller personen) som besvarade.")
    score = serializers.FloatField(allow_null=True)
    scores = serializers.DictField(child=serializers.FloatField(allow_null=True))


class TrendPointSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    round = serializers.IntegerField(source="round_id")
    score = serializers.FloatField(allow_null=True)
    areas = serializers.DictField(child=serializers.FloatField(allow_null=True))


class RoundResultsSerializer(serializers.Serializer):
    round = serializers.IntegerField(source="round.pk")
    status = serializers.CharField(source="round.status")
    score = serializers.FloatField(allow_null=True)
    answered = serializers.IntegerField()
    expected = serializers.IntegerField()
    areas = AreaResultSerializer(many=True)
    respondents = RespondentResultSerializer(many=True)
    trend = TrendPointSerializer(many=True)


@extend_schema_view(
    list=extend_schema(summary="Självskattningar per år (G30), med framsteg"),
    retrieve=extend_schema(summary="En självskattning"),
    create=extend_schema(
        summary="Öppna årets självskattning (samordnaren)",
        request=RoundOpenSerializer,
        responses={201: RoundSerializer, **refusals(400, 403, 409)},
    ),
)
class RoundViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """POST …/assignments/, …/answers/, …/compile/, …/send/ run the round; GET …/results/ and
    …/result-file/ give its result."""

    serializer_class = RoundSerializer
    queryset = AssessmentRound.objects.none()
    filterset_class = RoundFilterSet

    def get_queryset(self):
        require_perm(self.request.user, "followup.view_rounds")
        return selectors.round_list(user=self.request.user)

    def _out(self, assessment):
        return self.get_serializer(self.get_queryset().get(pk=assessment.pk)).data

    def create(self, request, *args, **kwargs):
        require_perm(request.user, "followup.run_rounds")
        return service_response(
            self,
            lambda data: services.round_open(actor=request.user, **data),
            input_serializer=RoundOpenSerializer,
            output=self._out,
            status_code=status.HTTP_201_CREATED,
        )

    @extend_schema(
        methods=["GET"],
        summary="Områdenas tilldelningar med framsteg",
        request=None,
        responses=AssignmentSerializer(many=True),
    )
    @extend_schema(
        methods=["POST"],
        summary="Tilldela ett område en förvaltning eller en person (G30)",
        request=AssignmentAddSerializer,
        responses={201: AssignmentSerializer, **refusals(400, 403, 409)},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def assignments(self, request, pk=None):
        assessment = self.get_object()
        if request.method == "GET":
            rows = selectors.round_assignments(assessment)
            return Response(AssignmentSerializer(rows, many=True).data)
        require_perm(request.user, "followup.run_rounds")

        def add(data):
            area = Area.objects.filter(
                instrument_id=assessment.instrument_id, code=data["area"]
            ).first()
            if area is None:
                raise ValidationFailed(_("Okänt område i instrumentet."), field="area")
            return services.assignment_add(
                actor=request.user,
                assessment=assessment,
                area=area,
                unit=data.get("unit"),
                person=data.get("person"),
            )

        return service_response(
            self,
            add,
            input_serializer=AssignmentAddSerializer,
            output=lambda a: (
                AssignmentSerializer(selectors.round_assignments(assessment).get(pk=a.pk)).data
            ),
            status_code=status.HTTP_201_CREATED,
        )

    @extend_schema(
        methods=["GET"],
        summary="Svar i ett uppdrag",
        parameters=[OpenApiParameter("assignment", int, required=True)],
        request=None,
        responses={200: AnswerSerializer(many=True), **refusals(400, 404)},
    )
    @extend_schema(
        methods=["POST"],
        summary="Besvara indikatorer i ett uppdrag (den som uppdraget gäller, G30)",
        request=AnswersSaveSerializer,
        responses={200: AnswerSerializer(many=True), **refusals(400, 403, 409)},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def answers(self, request, pk=None):
        assessment = self.get_object()
        if request.method == "GET":
            number = int_param(request.query_params.get("assignment"))
            if number is None:
                raise ValidationFailed(_("Ange uppdragets id (assignment)."), field="assignment")
            assignment = selectors.assignment_get(user=request.user, pk=number)
            if assignment.round_id != assessment.pk:
                raise Http404
            answers = selectors.assignment_answers(assignment).values()
            return Response(AnswerSerializer(answers, many=True).data)

        def save(data):
            assignment = selectors.assignment_get(user=request.user, pk=data["assignment"])
            if assignment.round_id != assessment.pk:
                raise Http404
            indicators = {
                i.code: i
                for i in Indicator.objects.filter(area_id=assignment.area_id).select_related(
                    "scale"
                )
            }
            items = []
            for item in data["answers"]:
                indicator = indicators.get(item["indicator"])
                if indicator is None:
                    raise ValidationFailed(
                        _("Okänd indikator i området: %(c)s") % {"c": item["indicator"][:60]},
                        code="wrong_indicator",
                        field="indicator",
                    )
                level = ScaleLevel.objects.filter(
                    scale_id=indicator.scale_id, code=item["level"]
                ).first()
                items.append({**item, "indicator": indicator, "level": level})
            return services.answers_save(actor=request.user, assignment=assignment, answers=items)

        return service_response(
            self,
            save,
            input_serializer=AnswersSaveSerializer,
            output=lambda saved: (
                AnswerSerializer(
                    Answer.objects.filter(pk__in=[a.pk for a in saved]).select_related(
                        "indicator", "level", "answered_by"
                    ),
                    many=True,
                ).data
            ),
        )

    @extend_schema(
        summary="Sammanställ: låser alla svar (G30)",
        request=None,
        responses={200: RoundSerializer, **refusals(403, 409)},
    )
    @action(detail=True, methods=["post"])
    def compile(self, request, pk=None):
        assessment = services.round_compile(actor=request.user, assessment=self.get_object())
        return Response(self._out(assessment))

    @extend_schema(
        summary="Lägg resultatet på styrgruppens föredragningslista (G30)",
        request=SendSerializer,
        responses={200: RoundSerializer, **refusals(400, 403, 409)},
    )
    @action(detail=True, methods=["post"])
    def send(self, request, pk=None):
        assessment = self.get_object()
        return service_response(
            self,
            lambda data: services.round_send(
                actor=request.user, assessment=assessment, meeting=data["meeting"]
            ),
            input_serializer=SendSerializer,
            output=lambda _item: self._out(assessment),
        )

    @extend_schema(
        summary="Resultat per område, indikator och förvaltning, med utvecklingen över åren",
        request=None,
        responses=RoundResultsSerializer,
    )
    @action(detail=True, methods=["get"])
    def results(self, request, pk=None):
        assessment = self.get_object()
        results = round_results(assessment)
        results.trend = trend(assessment)
        return Response(RoundResultsSerializer(results).data)

    @extend_schema(
        summary="Anonymiserad resultatfil i det öppna formatet (för jämförelser)",
        request=None,
        responses={200: OpenApiTypes.OBJECT},
        description="Formatet och dess JSON Schema: docs/formats/self-assessment-result.md.",
    )
    @action(detail=True, methods=["get"], url_path="result-file")
    def result_file(self, request, pk=None):
        return Response(result_file(self.get_object(), municipality=municipality_name()))
