"""REST API of governing documents.

- ``/api/v1/documents/`` (staff, authenticated): the list (filters of the staff list), a
  document with its versions, create, and the workflow as actions on a version —
  ``text``, ``consult`` (G14, G28), ``adopt`` and ``repeal`` (only the adopting role, G29),
  ``publish`` (the communications roles, G12) — plus ``new-version`` and ``compare``.
- ``/api/public/documents/`` (no authentication, read only): the public register — only
  adopted versions published on the public website (G28, G29)."""

from __future__ import annotations

import json

from django.contrib.auth import get_user_model
from django.http import Http404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from styrsam.core.api import MAX_PAGE_SIZE, ErrorSerializer, service_response
from styrsam.core.params import int_param
from styrsam.guideline.models import PolicyVersion

from . import attachments, selectors, services, text
from .lists import DocumentFilterSet
from .models import Attachment, Document, DocumentVersion, Publication


def refusals(*statuses: int) -> dict:
    return dict.fromkeys(statuses, ErrorSerializer)


class PublicationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Publication
        fields = ["channel", "published_at"]


class AttachmentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="Hämta filen (för den som får läsa den).")

    class Meta:
        model = Attachment
        fields = ["id", "name", "content_type", "size", "url"]

    def get_url(self, obj) -> str:
        url = reverse(
            "document-attachment",
            kwargs={"pk": obj.version.document_id, "version": obj.version.number, "file": obj.pk},
        )
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class VersionSerializer(serializers.ModelSerializer):
    decision_reference = serializers.CharField(read_only=True)
    consultation = serializers.IntegerField(source="consultation_id", read_only=True)
    publications = PublicationSerializer(many=True, read_only=True)
    policy_draft = serializers.SerializerMethodField(
        help_text="Policyfilens version som antas med denna version av riktlinjen (G29)."
    )
    attachments = AttachmentSerializer(many=True, read_only=True)

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_policy_draft(self, obj) -> int | None:
        return obj.policy_draft.number if obj.policy_draft_id else None

    class Meta:
        model = DocumentVersion
        fields = [
            "number",
            "status",
            "text",
            "change_note",
            "consultation",
            "adopted_on",
            "effective_date",
            "decision_reference",
            "repealed_on",
            "publications",
            "policy_draft",
            "attachments",
        ]


class DocumentSerializer(serializers.ModelSerializer):
    owner = serializers.PrimaryKeyRelatedField(queryset=get_user_model().objects.all())
    latest_number = serializers.IntegerField(read_only=True, allow_null=True)
    latest_status = serializers.CharField(read_only=True, allow_null=True)

    class Meta:
        model = Document
        fields = [
            "id",
            "kind",
            "title",
            "owner",
            "review_date",
            "is_policy_guideline",
            "latest_number",
            "latest_status",
        ]


class DocumentDetailSerializer(DocumentSerializer):
    versions = serializers.SerializerMethodField()

    class Meta(DocumentSerializer.Meta):
        fields = [*DocumentSerializer.Meta.fields, "versions"]

    @extend_schema_field(VersionSerializer(many=True))
    def get_versions(self, obj) -> list[dict]:
        return VersionSerializer(selectors.versions_of(obj), many=True, context=self.context).data


class DocumentCreateSerializer(DocumentSerializer):
    text = serializers.CharField(required=False, allow_blank=True, max_length=services.MAX_TEXT)

    class Meta(DocumentSerializer.Meta):
        fields = ["kind", "title", "owner", "review_date", "is_policy_guideline", "text"]


class TextSerializer(serializers.Serializer):
    text = serializers.CharField(allow_blank=True, max_length=services.MAX_TEXT)
    change_note = serializers.CharField(required=False, allow_blank=True, max_length=500)


class ConsultSerializer(serializers.Serializer):
    deadline = serializers.DateField(
        help_text="Sista svarsdag för den grupp som remissen går till (G14)."
    )
    question = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class AdoptSerializer(serializers.Serializer):
    effective_date = serializers.DateField(
        required=False, allow_null=True, help_text="Gäller från; utelämnat: beslutsdagen."
    )


class VersionPolicyDraftSerializer(serializers.Serializer):
    policy_version = serializers.SlugRelatedField(
        slug_field="number",
        queryset=PolicyVersion.objects.filter(status=PolicyVersion.Status.DRAFT),
        allow_null=True,
        help_text="Numret på ett utkast till policyfilen; null tar bort kopplingen (G29).",
    )


class AttachmentUploadSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text="Högst 20 MB; pdf, docx, xlsx, pptx, odt, ods, odp, png, jpg, txt eller csv."
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


class PublishSerializer(serializers.Serializer):
    channel = serializers.ChoiceField(choices=Publication.Channel.choices)


class NewVersionSerializer(serializers.Serializer):
    change_note = serializers.CharField(required=False, allow_blank=True, max_length=500)


class ChangeSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=text.CHANGE_KINDS)
    old = serializers.CharField()
    new = serializers.CharField()


class VersionComparisonSerializer(serializers.Serializer):
    old = serializers.IntegerField(help_text="Versionen det jämförs från.")
    new = serializers.IntegerField(help_text="Versionen det jämförs till.")
    added = serializers.IntegerField()
    removed = serializers.IntegerField()
    changed = serializers.IntegerField()
    changes = ChangeSerializer(many=True)


def comparison(old: DocumentVersion, new: DocumentVersion, *, context: bool = False) -> dict:
    changes = text.compare(old.text, new.text, context=context)
    return {
        "old": old.number,
        "new": new.number,
        **text.summary(changes),
        "changes": [{"kind": c.kind, "old": c.old, "new": c.new} for c in changes],
    }


COMPARE_PARAMS = [
    OpenApiParameter("from", int, description="Från version (standard: den näst senaste)."),
    OpenApiParameter("to", int, description="Till version (standard: den senaste)."),
]


def _pick(versions: list, request) -> tuple[DocumentVersion, DocumentVersion]:
    numbers = [v.number for v in versions]
    if not numbers:
        raise Http404
    new_n = int_param(request.query_params.get("to")) or numbers[0]
    old_n = int_param(request.query_params.get("from")) or (
        numbers[1] if len(numbers) > 1 else numbers[0]
    )
    by_number = {v.number: v for v in versions}
    if new_n not in by_number or old_n not in by_number:
        raise Http404
    return by_number[old_n], by_number[new_n]


VERSION_PARAM = OpenApiParameter(
    "version", int, OpenApiParameter.PATH, description="Versionens nummer."
)


@extend_schema_view(
    list=extend_schema(summary="Styrdokument (riktlinjer, regler, anvisningar)"),
    retrieve=extend_schema(
        summary="Ett styrdokument med dess versioner", responses=DocumentDetailSerializer
    ),
    partial_update=extend_schema(
        summary="Ändra rubrik, slag, dokumentägare eller revideringsdatum",
        request=DocumentSerializer,
        responses={200: DocumentDetailSerializer, **refusals(400, 403)},
    ),
    create=extend_schema(
        summary="Nytt styrdokument med ett första utkast (samordnaren, G13)",
        request=DocumentCreateSerializer,
        responses={201: DocumentDetailSerializer, **refusals(400, 403)},
    ),
)
class DocumentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = DocumentSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]
    queryset = Document.objects.none()
    filterset_class = DocumentFilterSet

    def get_queryset(self):
        return selectors.document_list(user=self.request.user)

    def get_serializer_class(self):
        if self.action == "retrieve":
            return DocumentDetailSerializer
        if self.action == "create":
            return DocumentCreateSerializer
        return DocumentSerializer

    def _detail(self, document):
        return DocumentDetailSerializer(self.get_queryset().get(pk=document.pk)).data

    def create(self, request, *args, **kwargs):
        return service_response(
            self,
            lambda data: services.document_create(actor=request.user, **data),
            output=self._detail,
            status_code=status.HTTP_201_CREATED,
        )

    def partial_update(self, request, *args, **kwargs):
        document = self.get_object()
        return service_response(
            self,
            lambda data: services.document_update(actor=request.user, document=document, **data),
            instance=document,
            partial=True,
            output=self._detail,
        )

    def _version(self, version: str) -> DocumentVersion:
        number = int_param(version)
        if number is None:
            raise Http404
        return selectors.version_get(self.get_object(), number)

    def _version_action(self, version, input_serializer, service):
        v = self._version(version)
        return service_response(
            self,
            lambda data: service(actor=self.request.user, version=v, **data),
            input_serializer=input_serializer,
            output=lambda result: self._version_data(v),
        )

    def _version_data(self, v: DocumentVersion) -> dict:
        return VersionSerializer(
            selectors.version_get(v.document, v.number), context={"request": self.request}
        ).data

    @extend_schema(
        summary="Knyt ett utkast till policyfilen till en version av riktlinjen (G29)",
        description="Bara kommunens riktlinje för e-förvaltning. När versionen fastställs antas "
        "policyutkastet med samma beslutsnummer och samma datum.",
        parameters=[VERSION_PARAM],
        request=VersionPolicyDraftSerializer,
        responses={200: VersionSerializer, **refusals(400, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"], url_path=r"versions/(?P<version>[0-9]+)/policy-draft")
    def policy_draft(self, request, pk=None, version=None):
        v = self._version(version)
        return service_response(
            self,
            lambda data: services.version_set_policy_draft(
                actor=request.user, version=v, policy_version=data["policy_version"]
            ),
            input_serializer=VersionPolicyDraftSerializer,
            output=lambda result: self._version_data(v),
        )

    @extend_schema(
        summary="Lägg till en bilaga till en version under arbete (multipart)",
        parameters=[VERSION_PARAM],
        request={"multipart/form-data": AttachmentUploadSerializer},
        responses={201: AttachmentSerializer, **refusals(400, 403, 404, 409)},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"versions/(?P<version>[0-9]+)/attachments",
        parser_classes=[MultiPartParser],  # the one call here that sends a file
    )
    def add_attachment(self, request, pk=None, version=None):
        v = self._version(version)
        return service_response(
            self,
            lambda data: attachments.attachment_add(
                actor=request.user, version=v, file=data["file"]
            ),
            input_serializer=AttachmentUploadSerializer,
            output=lambda a: AttachmentSerializer(a, context={"request": request}).data,
            status_code=status.HTTP_201_CREATED,
        )

    @extend_schema(
        summary="Hämta en bilaga",
        parameters=[
            VERSION_PARAM,
            OpenApiParameter("file", int, OpenApiParameter.PATH, description="Bilagans id."),
        ],
        responses={
            (200, "application/octet-stream"): OpenApiResponse(
                OpenApiTypes.BINARY, description="Filen, som bilaga (Content-Disposition)."
            ),
            (404, "application/json"): OpenApiResponse(
                ErrorSerializer, description="Ingen sådan bilaga."
            ),
        },
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=r"versions/(?P<version>[0-9]+)/attachments/(?P<file>[0-9]+)",
        url_name="attachment",
        renderer_classes=[JSONRenderer, _FileRenderer],
    )
    def attachment(self, request, pk=None, version=None, file=None):
        v = self._version(version)
        number = int_param(file)
        if number is None:
            raise Http404
        return attachments.attachment_response(user=request.user, version=v, pk=number)

    @extend_schema(
        summary="Påbörja en ny version från den senaste texten (G28)",
        request=NewVersionSerializer,
        responses={201: VersionSerializer, **refusals(400, 403, 409)},
    )
    @action(detail=True, methods=["post"], url_path="new-version")
    def new_version(self, request, pk=None):
        document = self.get_object()
        return service_response(
            self,
            lambda data: services.version_create(actor=request.user, document=document, **data),
            input_serializer=NewVersionSerializer,
            output=self._version_data,
            status_code=status.HTTP_201_CREATED,
        )

    @extend_schema(
        summary="Ändra utkastets text (inte medan remissen pågår, G14)",
        parameters=[VERSION_PARAM],
        request=TextSerializer,
        responses={200: VersionSerializer, **refusals(400, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"], url_path=r"versions/(?P<version>[0-9]+)/text")
    def text(self, request, pk=None, version=None):
        return self._version_action(version, TextSerializer, services.version_update_text)

    @extend_schema(
        summary="Skicka utkastet på remiss till policyns remissgrupp (G14, G28)",
        parameters=[VERSION_PARAM],
        request=ConsultSerializer,
        responses={200: VersionSerializer, **refusals(400, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"], url_path=r"versions/(?P<version>[0-9]+)/consult")
    def consult(self, request, pk=None, version=None):
        return self._version_action(version, ConsultSerializer, services.version_consult)

    @extend_schema(
        summary="Fastställ versionen (bara den fastställande rollen, G29)",
        parameters=[VERSION_PARAM],
        request=AdoptSerializer,
        responses={200: VersionSerializer, **refusals(400, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"], url_path=r"versions/(?P<version>[0-9]+)/adopt")
    def adopt(self, request, pk=None, version=None):
        return self._version_action(version, AdoptSerializer, services.version_adopt)

    @extend_schema(
        summary="Publicera en fastställd version på intranätet eller webbplatsen (G12, G28)",
        parameters=[VERSION_PARAM],
        request=PublishSerializer,
        responses={200: VersionSerializer, **refusals(400, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"], url_path=r"versions/(?P<version>[0-9]+)/publish")
    def publish(self, request, pk=None, version=None):
        return self._version_action(version, PublishSerializer, services.version_publish)

    @extend_schema(
        summary="Upphäv en fastställd version (G29)",
        parameters=[VERSION_PARAM],
        request=None,
        responses={200: VersionSerializer, **refusals(403, 404, 409)},
    )
    @action(detail=True, methods=["post"], url_path=r"versions/(?P<version>[0-9]+)/repeal")
    def repeal(self, request, pk=None, version=None):
        v = self._version(version)
        services.version_repeal(actor=request.user, version=v)
        return Response(self._version_data(v))

    @extend_schema(
        summary="Vad som lagts till, tagits bort och ändrats mellan två versioner",
        parameters=COMPARE_PARAMS,
        responses={200: VersionComparisonSerializer, **refusals(404)},
    )
    @action(detail=True, methods=["get"])
    def compare(self, request, pk=None):
        versions = list(selectors.versions_of(self.get_object()))
        old, new = _pick(versions, request)
        return Response(comparison(old, new))


# --- the public register ---------------------------------------------------------------------


class PublicAttachmentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ["name", "content_type", "size", "url"]

    def get_url(self, obj) -> str:
        return self.context["request"].build_absolute_uri(obj.get_public_url())


class PublicVersionSerializer(serializers.ModelSerializer):
    decision_reference = serializers.CharField(read_only=True)
    html_url = serializers.SerializerMethodField()
    attachments = PublicAttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = DocumentVersion
        fields = [
            "number",
            "status",
            "adopted_on",
            "effective_date",
            "decision_reference",
            "change_note",
            "text",
            "html_url",
            "attachments",
        ]

    def get_html_url(self, obj) -> str:
        return self.context["request"].build_absolute_uri(obj.get_public_url())


class PublicDocumentSerializer(serializers.ModelSerializer):
    current_version = serializers.IntegerField(source="current_number")
    adopted_on = serializers.DateField(source="current_adopted_on")
    effective_date = serializers.DateField(source="current_effective", allow_null=True)
    decision_reference = serializers.SerializerMethodField()
    html_url = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = [
            "id",
            "kind",
            "title",
            "current_version",
            "adopted_on",
            "effective_date",
            "decision_reference",
            "html_url",
        ]

    def get_decision_reference(self, obj) -> str:
        return f"SD {obj.current_decision_year}/{obj.current_decision_number}"

    def get_html_url(self, obj) -> str:
        return self.context["request"].build_absolute_uri(obj.get_public_url())


class PublicDocumentDetailSerializer(serializers.ModelSerializer):
    versions = PublicVersionSerializer(many=True)

    class Meta:
        model = Document
        fields = ["id", "kind", "title", "versions"]


class PublicPagination(PageNumberPagination):
    page_size = 100
    max_page_size = MAX_PAGE_SIZE
    page_size_query_param = "page_size"


@extend_schema_view(
    list=extend_schema(
        summary="Det publika registret: gällande styrdokument (ingen inloggning)",
        parameters=[OpenApiParameter("q", str, description="Sök i rubrik och text.")],
    ),
    retrieve=extend_schema(
        summary="Ett publikt styrdokument med alla publicerade versioner, senaste först",
        responses={200: PublicDocumentDetailSerializer, **refusals(404)},
    ),
)
class PublicDocumentViewSet(viewsets.ReadOnlyModelViewSet):
    """Read only, no authentication, no cookie: only adopted versions published on the
    public website (G28, G29)."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    serializer_class = PublicDocumentSerializer
    queryset = Document.objects.none()
    pagination_class = PublicPagination
    filter_backends: list = []

    def get_queryset(self):
        return selectors.public_documents((self.request.query_params.get("q") or "")[:200])

    def retrieve(self, request, pk=None):
        document, versions = selectors.public_document(pk)
        data = {
            "id": document.pk,
            "kind": document.kind,
            "title": document.title,
            "versions": PublicVersionSerializer(
                versions, many=True, context={"request": request}
            ).data,
        }
        return Response(data)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == 200:
            response["Cache-Control"] = "public, max-age=300"
        return response
