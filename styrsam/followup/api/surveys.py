"""REST API of panel surveys (G31): /api/v1/surveys/ with …/questions/, …/send/, …/close/
and …/results/. Results are counts and free texts in random order: never who answered."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from styrsam.core.access import require_perm
from styrsam.core.api import service_response

from .. import selectors, services
from ..lists import SurveyFilterSet
from ..models import Panel, Question, Survey
from ..results import survey_results
from .common import refusals


class QuestionSerializer(serializers.ModelSerializer):
    options = serializers.ListField(
        child=serializers.CharField(max_length=200), required=False, max_length=20
    )

    class Meta:
        model = Question
        fields = [
            "id",
            "order",
            "kind",
            "text",
            "help_text",
            "required",
            "options",
            "scale_min",
            "scale_max",
            "scale_min_label",
            "scale_max_label",
        ]
        read_only_fields = ["order"]
        extra_kwargs = {
            "scale_min": {"min_value": 0, "max_value": 10},
            "scale_max": {"min_value": 0, "max_value": 10},
        }

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["options"] = [{"id": o.pk, "label": o.label} for o in instance.options.all()]
        return data


class OptionOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField()


class QuestionOutSerializer(QuestionSerializer):
    """The schema of a question as answered (options with their ids)."""

    options = OptionOutSerializer(many=True, read_only=True)


class SurveySerializer(serializers.ModelSerializer):
    questions = QuestionOutSerializer(many=True, read_only=True)
    invited = serializers.IntegerField(read_only=True)
    responded = serializers.IntegerField(read_only=True)

    class Meta:
        model = Survey
        fields = [
            "id",
            "panel",
            "title",
            "introduction",
            "anonymous",
            "closes_on",
            "status",
            "sent_at",
            "closed_at",
            "invited",
            "responded",
            "questions",
        ]
        read_only_fields = ["status", "sent_at", "closed_at"]


class SurveyCreateSerializer(serializers.ModelSerializer):
    panel = serializers.PrimaryKeyRelatedField(queryset=Panel.objects.all())
    questions = QuestionSerializer(many=True, required=False)

    class Meta:
        model = Survey
        fields = ["panel", "title", "introduction", "anonymous", "closes_on", "questions"]


class SurveyUpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = Survey
        fields = ["title", "introduction", "anonymous", "closes_on"]


class SendResultSerializer(serializers.Serializer):
    invited = serializers.IntegerField(help_text="Medlemmar som fick sin personliga länk nu.")


class CountRowSerializer(serializers.Serializer):
    label = serializers.CharField()
    count = serializers.IntegerField()
    percent = serializers.FloatField()


class QuestionResultSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="question.pk")
    text = serializers.CharField(source="question.text")
    kind = serializers.CharField(source="question.kind")
    answered = serializers.IntegerField()
    mean = serializers.FloatField(allow_null=True)
    rows = CountRowSerializer(many=True)
    texts = serializers.ListField(
        child=serializers.CharField(), help_text="Fritextsvar, i slumpvis ordning."
    )


class SurveyResultsSerializer(serializers.Serializer):
    survey = serializers.IntegerField(source="survey.pk")
    anonymous = serializers.BooleanField(source="survey.anonymous")
    invited = serializers.IntegerField()
    responses = serializers.IntegerField()
    rate = serializers.FloatField(allow_null=True)
    questions = QuestionResultSerializer(many=True)


def _question_values(data: dict) -> dict:
    return {k: v for k, v in data.items() if k not in {"id", "order"}}


@extend_schema_view(
    list=extend_schema(summary="Enkäter i paneler du driver"),
    retrieve=extend_schema(summary="En enkät med frågor"),
    create=extend_schema(
        summary="Skapa en enkät med frågor (ett val, flera val, skala, fritext)",
        request=SurveyCreateSerializer,
        responses={201: SurveySerializer, **refusals(400, 404)},
    ),
    partial_update=extend_schema(
        summary="Ändra ett utkast",
        request=SurveyUpdateSerializer,
        responses={200: SurveySerializer, **refusals(400, 409)},
    ),
)
class SurveyViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = SurveySerializer
    queryset = Survey.objects.none()
    filterset_class = SurveyFilterSet
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        require_perm(self.request.user, "followup.view_panels")
        return selectors.survey_list(user=self.request.user).prefetch_related("questions__options")

    def _out(self, survey):
        return self.get_serializer(self.get_queryset().get(pk=survey.pk)).data

    def create(self, request, *args, **kwargs):
        def create(data):
            panel = selectors.panel_get(user=request.user, pk=data.pop("panel").pk)
            questions = [_question_values(q) for q in data.pop("questions", [])]
            return services.survey_create(
                actor=request.user, panel=panel, questions=questions, **data
            )

        require_perm(request.user, "followup.view_panels")
        return service_response(
            self,
            create,
            input_serializer=SurveyCreateSerializer,
            output=self._out,
            status_code=status.HTTP_201_CREATED,
        )

    def partial_update(self, request, *args, **kwargs):
        survey = self.get_object()
        return service_response(
            self,
            lambda data: services.survey_update(actor=request.user, survey=survey, **data),
            input_serializer=SurveyUpdateSerializer,
            instance=survey,
            partial=True,
            output=self._out,
        )

    @extend_schema(
        summary="Lägg till en fråga i ett utkast",
        request=QuestionSerializer,
        responses={201: SurveySerializer, **refusals(400, 409)},
    )
    @action(detail=True, methods=["post"])
    def questions(self, request, pk=None):
        survey = self.get_object()
        return service_response(
            self,
            lambda data: services.question_add(
                actor=request.user, survey=survey, **_question_values(data)
            ),
            input_serializer=QuestionSerializer,
            output=lambda _q: self._out(survey),
            status_code=status.HTTP_201_CREATED,
        )

    @extend_schema(
        summary="Skicka enkäten med personliga länkar till medlemmar som har samtyckt (G31)",
        request=None,
        responses={200: SendResultSerializer, **refusals(403, 409)},
    )
    @action(detail=True, methods=["post"])
    def send(self, request, pk=None):
        invited = services.survey_send(actor=request.user, survey=self.get_object())
        return Response({"invited": invited})

    @extend_schema(
        summary="Avsluta enkäten",
        request=None,
        responses={200: SurveySerializer, **refusals(409)},
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        survey = services.survey_close(actor=request.user, survey=self.get_object())
        return Response(self._out(survey))

    @extend_schema(
        summary="Resultat: antal per alternativ, skalans medelvärde och fritextsvar",
        request=None,
        responses=SurveyResultsSerializer,
    )
    @action(detail=True, methods=["get"])
    def results(self, request, pk=None):
        return Response(SurveyResultsSerializer(survey_results(self.get_object())).data)
