"""Shared pieces of the follow-up's API."""

from __future__ import annotations

from rest_framework import serializers

from styrsam.core.api import ErrorSerializer
from styrsam.organisation.models import Municipality


class FileUploadSerializer(serializers.Serializer):
    text = serializers.CharField(
        trim_whitespace=False,
        max_length=2 * 1024 * 1024,
        help_text="Filens innehåll (YAML eller JSON).",
    )
    source = serializers.CharField(
        required=False, allow_blank=True, max_length=300, help_text="Filens namn."
    )


def municipality_name() -> str:
    return Municipality.objects.values_list("name", flat=True).first() or ""


def refusals(*statuses: int) -> dict:
    """The schema's error responses: ``{400: ErrorSerializer, 409: …}`` for the statuses."""
    return dict.fromkeys(statuses, ErrorSerializer)
