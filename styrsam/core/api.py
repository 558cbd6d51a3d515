"""API plumbing: pagination and errors as JSON ``{"code", "detail", "rule"}`` (convention 6)."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.core.validators import ProhibitNullCharactersValidator, RegexValidator
from django.db import DataError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import ServiceError

logger = logging.getLogger(__name__)


class ErrorSerializer(serializers.Serializer):
    """The JSON of every refusal (DEVELOPERS.md), for the OpenAPI schema's error responses."""

    code = serializers.CharField(help_text="Stabil kod för felet, t.ex. common_kind_taken.")
    detail = serializers.CharField(help_text="Felet beskrivet för användaren, på svenska.")
    rule = serializers.CharField(required=False, help_text="Riktlinjens regel, t.ex. G18.")
    field = serializers.CharField(
        required=False, help_text="Fältet i anropet som felet gäller, med anropets namn."
    )
    errors = serializers.DictField(
        required=False, help_text="Vid code invalid: felen per fält i anropet."
    )


class HistoryEntrySerializer(serializers.Serializer):
    """One entry of an object's history (the audit log), as the reader may read it
    (``core.audit.readable_history``): a value they may not read is null and its key is in
    ``hidden_fields``."""

    at = serializers.DateTimeField()
    actor = serializers.SerializerMethodField()
    action = serializers.CharField()
    action_label = serializers.SerializerMethodField()
    object = serializers.CharField(source="object_repr")
    before = serializers.JSONField(allow_null=True)
    after = serializers.JSONField(allow_null=True)
    hidden_fields = serializers.ListField(child=serializers.CharField(), default=list)
    rule = serializers.CharField()

    def get_actor(self, entry) -> str | None:
        return entry.actor.get_username() if entry.actor_id else None

    def get_action_label(self, entry) -> str:
        from .audit_labels import action_label

        return str(action_label(entry.action))


# The largest page an API client may ask for (``?page_size=``; issue 18: 500 rows took 388 ms
# and paused the garbage collector). A client wanting more pages on with ``next``.
MAX_PAGE_SIZE = 100


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE


def _flatten(detail) -> str:
    if isinstance(detail, list):
        return " ".join(_flatten(d) for d in detail)
    if isinstance(detail, dict):
        return " ".join(f"{k}: {_flatten(v)}" for k, v in detail.items())
    return str(detail)


def _request_field(field: str, context) -> str:
    """The name the request uses for a service's ``field``.

    A service names its parameters (``case_type``); a serializer may give the same value
    another name in the API (``type = CharField(source="case_type")``). The error must name the
    field the client sent, so the view's serializer translates it back. Custom actions read
    their own input serializers, whose field names are the services' names."""
    view = context.get("view")
    if getattr(view, "serializer_class", None) is None or getattr(view, "action", "create") not in {
        "create",
        "update",
        "partial_update",
    }:
        return field
    for name, serializer_field in view.get_serializer().fields.items():
        if serializer_field.source == field and not serializer_field.read_only:
            return name
    return field


def exception_handler(exc, context):
    if isinstance(exc, ServiceError):
        data = exc.as_dict()
        if exc.field:
            data["field"] = _request_field(exc.field, context)
        return Response(data, status=exc.status)
    if isinstance(exc, Http404):
        return Response({"code": "not_found", "detail": _("Hittades inte.")}, status=404)
    if isinstance(exc, DataError):
        # The database refused a value of the request before storing or comparing it: on
        # PostgreSQL a NUL byte in a search, a filter or a slug ("?q=%00", {"group": "a\x00"}).
        # That is invalid input (400), not a fault of the server (500).
        logger.warning("API request refused by the database: %s", exc)
        reason = ProhibitNullCharactersValidator.message if "NUL" in str(exc) else None
        detail = _("Ogiltiga uppgifter: %(d)s") % {"d": reason or RegexValidator.message}
        return Response({"code": "invalid", "detail": detail}, status=400)
    if isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {
            "code": "invalid",
            "detail": _("Ogiltiga uppgifter: %(d)s") % {"d": _flatten(exc.detail)},
            "errors": exc.detail,
        }
        response.status_code = status.HTTP_400_BAD_REQUEST
    elif isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        response.data = {
            "code": codes if isinstance(codes, str) else "error",
            "detail": _flatten(exc.detail),
        }
    return response


def service_response(
    view,
    service,
    *,
    input_serializer=None,
    data=None,
    output=None,
    status_code: int = status.HTTP_200_OK,
    instance=None,
    partial: bool = False,
) -> Response:
    """The one API pattern (convention 15): input serializer → service → output serializer.

    ``input_serializer`` (a class; default the view's serializer) validates the request body
    with DRF's validation left on (400 with the field errors); ``service(validated_data)`` runs
    the write, and its ``ServiceError`` becomes the JSON error through the exception handler;
    ``output(result)`` gives the response body (default: the view's serializer of the result).

        def create(self, request):
            return service_response(
                self,
                lambda data: services.system_register(actor=request.user, **data),
                output=lambda system: self.get_serializer(self.get_queryset().get(pk=system.pk)).data,
                status_code=201,
            )
    """
    serializer_class = input_serializer or view.get_serializer_class()
    context = view.get_serializer_context()
    serializer = serializer_class(
        instance,
        data=view.request.data if data is None else data,
        partial=partial,
        context=context,
    )
    serializer.is_valid(raise_exception=True)
    result = service(serializer.validated_data)
    if output is None:
        body = view.get_serializer(result).data if result is not None else None
    else:
        body = output(result)
    return Response(body, status=status_code)
