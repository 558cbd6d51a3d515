"""The public register under /publikt/ and /api/public/documents/: no login, no cookie,
cacheable, and nothing unadopted ever shown (G28, G29)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from styrsam.documents import services
from styrsam.documents.models import DocumentVersion


def _get(url, **params):
    response = Client().get(url, params)
    assert not response.cookies, f"{url} set cookies {list(response.cookies)}"
    return response


@pytest.mark.rule("G28")
def test_g28_register_lists_published_document_without_login(published):
    response = _get(reverse("documents:public_register"))
    assert response.status_code == 200
    body = response.content.decode()
    assert published.document.title in body
    assert published.decision_reference in body
    assert '<html lang="sv">' in body
    assert response["Cache-Control"] == "public, max-age=300"


@pytest.mark.rule("G29")
def test_g29_nothing_unadopted_is_public(draft, strategist, member, director):
    urls = [
        reverse("documents:public_document", args=[draft.document_id]),
        reverse("documents:public_version", args=[draft.document_id, 1]),
        reverse("documents:public_version_pdf", args=[draft.document_id, 1]),
        reverse("documents:public_compare", args=[draft.document_id]),
        reverse("public-document-detail", args=[draft.document_id]),
    ]
    for url in urls:
        assert _get(url).status_code == 404, url
    assert draft.document.title not in _get(reverse("documents:public_register")).content.decode()
    assert _get(reverse("public-document-list")).json()["count"] == 0
    assert draft.document.title not in _get(reverse("documents:public_feed")).content.decode()


@pytest.mark.rule("G29")
def test_g29_adopted_but_unpublished_or_intranet_only_is_not_public(adopted, editor):
    services.version_publish(actor=editor, version=adopted, channel="intranet")
    assert _get(reverse("documents:public_document", args=[adopted.document_id])).status_code == 404
    assert _get(reverse("public-document-list")).json()["count"] == 0


@pytest.mark.rule("G28")
def test_g28_draft_of_next_version_stays_hidden(published, strategist):
    v2 = services.version_create(actor=strategist, document=published.document)
    services.version_update_text(actor=strategist, version=v2, text="HEMLIGT UTKAST")
    body = _get(reverse("documents:public_document", args=[published.document_id])).content
    assert b"HEMLIGT" not in body
    assert (
        _get(reverse("documents:public_version", args=[published.document_id, 2])).status_code
        == 404
    )
    data = _get(reverse("public-document-detail", args=[published.document_id])).json()
    assert [v["number"] for v in data["versions"]] == [1]


@pytest.mark.rule("G28")
def test_g28_versions_and_comparison(published, strategist, member, director, editor):
    from styrsam.cases.services import consultation_close
    from tests.documents.conftest import TEXT

    v2 = services.version_create(actor=strategist, document=published.document)
    services.version_update_text(
        actor=strategist,
        version=v2,
        text=TEXT.replace("samordnar", "samordnar och leder") + "\nNytt stycke.\n",
    )
    import datetime

    from django.utils import timezone

    services.version_consult(
        actor=strategist, version=v2, deadline=timezone.localdate() + datetime.timedelta(days=3)
    )
    v2.refresh_from_db()
    consultation_close(
        actor=strategist,
        consultation=v2.consultation,
        early_close_reason="Svaren lämnades vid mötet.",
    )
    services.version_adopt(actor=director, version=v2)
    services.version_publish(actor=editor, version=v2, channel="public")
    pk = published.document_id
    body = _get(reverse("documents:public_document", args=[pk])).content.decode()
    assert "Version 2" in body or ">2<" in body
    assert reverse("documents:public_version", args=[pk, 1]) in body
    old = _get(reverse("documents:public_version", args=[pk, 1])).content.decode()
    assert "tidigare version" in old
    compare = _get(reverse("documents:public_compare", args=[pk]), fran=1, till=2)
    assert compare.status_code == 200
    text = compare.content.decode()
    assert "Ändrat" in text and "Tillagt" in text
    api = _get(reverse("public-document-detail", args=[pk])).json()
    assert [v["number"] for v in api["versions"]] == [2, 1]


def test_search_feed_sitemap_pdf(published):
    pk = published.document_id
    assert (
        published.document.title
        in _get(reverse("documents:public_register"), q="samordnar").content.decode()
    )
    assert (
        "Inga styrdokument" in _get(reverse("documents:public_register"), q="zzzz").content.decode()
    )
    feed = _get(reverse("documents:public_feed"))
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert published.document.title in feed.content.decode()
    sitemap = _get(reverse("documents:public_sitemap"))
    assert reverse("documents:public_document", args=[pk]) in sitemap.content.decode()
    pdf = _get(reverse("documents:public_version_pdf", args=[pk, 1]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_public_api_list_and_detail(published):
    data = _get(reverse("public-document-list")).json()
    assert data["count"] == 1
    row = data["results"][0]
    assert row["decision_reference"] == published.decision_reference
    assert row["current_version"] == 1
    detail = _get(reverse("public-document-detail", args=[row["id"]])).json()
    assert detail["versions"][0]["text"] == published.text
    assert _get(reverse("public-document-detail", args=[999999])).status_code == 404


def test_public_pages_refuse_post(published):
    response = Client().post(reverse("documents:public_register"))
    assert response.status_code == 405


def test_repealed_document_leaves_register(published, director):
    services.version_repeal(actor=director, version=published)
    assert _get(reverse("public-document-list")).json()["count"] == 0
    assert (
        _get(reverse("documents:public_document", args=[published.document_id])).status_code == 404
    )
    assert DocumentVersion.objects.get(pk=published.pk).status == "repealed"
