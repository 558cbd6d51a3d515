"""No query per row: the staff list, the API list, the public register, its API and the feed
cost the same for 1 and for 50 documents."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from styrsam.documents import services
from styrsam.documents.models import DocumentVersion, Publication
from tests.documents.conftest import TEXT


def _make(start, n, strategist, director, editor):
    for i in range(start, start + n):
        doc = services.document_create(
            actor=strategist, kind="regel", title=f"Regel {i}", owner=strategist, text=TEXT
        )
        version = doc.versions.get()
        # straight to published: the counts are about reading, not the workflow
        DocumentVersion.objects.filter(pk=version.pk).update(
            status="published",
            adopted_by=director,
            adopted_on="2026-01-01",
            decision_year=2026,
            decision_number=i + 1,
        )
        Publication.objects.create(version=version, channel="public", published_by=editor)


def _counts(client, api_client) -> dict[str, int]:
    out = {}
    for url in (
        reverse("documents:document_list"),
        reverse("documents:public_register"),
        reverse("documents:public_feed"),
        reverse("documents:public_sitemap"),
        "/api/v1/documents/",
        "/api/public/documents/",
    ):
        c = api_client if url.startswith("/api/") else client
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(url).status_code == 200, url
        out[url] = len(ctx.captured_queries)
    return out


def test_counts_are_the_same_for_1_and_50_documents(
    client, api_client, strategist, director, editor
):
    client.force_login(strategist)
    api_client.force_authenticate(strategist)
    _make(0, 1, strategist, director, editor)
    _counts(client, api_client)  # warm-up: what a page keeps in the cache (the municipality)
    one = _counts(client, api_client)
    _make(1, 49, strategist, director, editor)
    assert _counts(client, api_client) == one
