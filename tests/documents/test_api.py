"""The staff API /api/v1/documents/ (G12, G13, G28, G29)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from styrsam.documents.models import Document, DocumentVersion, Publication


def _url(pk=None, tail=""):
    return f"/api/v1/documents/{pk}/{tail}" if pk else "/api/v1/documents/"


@pytest.mark.rule("G28")
def test_g28_whole_flow_through_the_api(api_client, strategist, member, director, editor):
    from styrsam.cases.services import consultation_close

    api_client.force_authenticate(strategist)
    response = api_client.post(
        _url(),
        {"kind": "riktlinje", "title": "Riktlinje", "owner": strategist.pk, "text": "# A\n\nText."},
        format="json",
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert response.json()["versions"][0]["status"] == "draft"
    deadline = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
    response = api_client.post(
        _url(pk, "versions/1/consult/"), {"deadline": deadline}, format="json"
    )
    assert response.status_code == 200, response.json()
    version = DocumentVersion.objects.get(document_id=pk)
    consultation_close(
        actor=strategist,
        consultation=version.consultation,
        early_close_reason="Svaren lämnades vid mötet.",
    )

    response = api_client.post(_url(pk, "versions/1/adopt/"), {}, format="json")
    assert response.status_code == 403
    assert response.json()["rule"] == "G29"

    api_client.force_authenticate(director)
    response = api_client.post(_url(pk, "versions/1/adopt/"), {}, format="json")
    assert response.status_code == 200
    assert response.json()["decision_reference"].startswith("SD ")

    response = api_client.post(
        _url(pk, "versions/1/publish/"), {"channel": "public"}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["rule"] == "G12"
    assert not Publication.objects.exists()

    api_client.force_authenticate(editor)
    response = api_client.post(
        _url(pk, "versions/1/publish/"), {"channel": "public"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["status"] == "published"

    api_client.force_authenticate(strategist)
    response = api_client.post(_url(pk, "new-version/"), {"change_note": "X"}, format="json")
    assert response.status_code == 201
    response = api_client.post(
        _url(pk, "versions/2/text/"), {"text": "# A\n\nNy text."}, format="json"
    )
    assert response.status_code == 200
    response = api_client.get(_url(pk, "compare/"))
    assert response.status_code == 200
    assert response.json()["changed"] == 1


@pytest.mark.rule("G29")
def test_g29_unadopted_cannot_be_published_via_api(api_client, draft, editor):
    api_client.force_authenticate(editor)
    response = api_client.post(
        _url(draft.document_id, "versions/1/publish/"), {"channel": "public"}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["rule"] == "G29"
    assert not Publication.objects.exists()


def test_bad_input_gives_400_not_500(api_client, strategist, draft):
    api_client.force_authenticate(strategist)
    response = api_client.post(_url(), {"kind": "lag", "title": "", "owner": 0}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    response = api_client.post(
        _url(draft.document_id, "versions/1/consult/"), {"deadline": "x"}, format="json"
    )
    assert response.status_code == 400
    assert _url(draft.document_id, "versions/99/text/")
    response = api_client.post(
        _url(draft.document_id, "versions/99/text/"), {"text": "x"}, format="json"
    )
    assert response.status_code == 404
    assert Document.objects.count() == 1


def test_list_and_retrieve(api_client, plain_user, published):
    api_client.force_authenticate(plain_user)
    response = api_client.get(_url(), {"kind": "riktlinje"})
    assert response.status_code == 200
    assert response.json()["count"] == 1
    detail = api_client.get(_url(published.document_id))
    assert detail.json()["versions"][0]["publications"][0]["channel"] == "public"


def test_patch_changes_review_date_and_resets_reminder(
    api_client, strategist, document, plain_user
):
    import datetime

    from django.utils import timezone

    new = (timezone.localdate() + datetime.timedelta(days=100)).isoformat()
    api_client.force_authenticate(plain_user)
    response = api_client.patch(_url(document.pk), {"review_date": new}, format="json")
    assert response.status_code == 403
    api_client.force_authenticate(strategist)
    response = api_client.patch(_url(document.pk), {"review_date": new}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["review_date"] == new
    response = api_client.patch(_url(document.pk), {"review_date": "2001-01-01"}, format="json")
    assert response.status_code == 400
    document.refresh_from_db()
    assert document.review_date.isoformat() == new
