"""G21 / issue 4: a step records who, when, a comment and an attachment. The attachment comes
through the page or the API (multipart), is checked by one rule (size) for both, and is only
downloadable by users who may see the case, never from a guessable MEDIA_URL path."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.test import RequestFactory
from django.urls import reverse

from styrsam.cases import attachments, services
from styrsam.cases.models import CaseStep
from styrsam.cases.views import step_attachment
from styrsam.core.models import AuditEntry
from tests.vocab import c

from .conftest import report

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 offert fran inkopscentralen"
STEP = c("procurement_contacted")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def case(actors):
    return report(actors["owner"])


def upload(name="offert.pdf", content=PDF, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def files_in(root):
    return [p for p in root.rglob("*") if p.is_file()]


def step_of(case, code=STEP) -> CaseStep:
    return CaseStep.objects.get(case=case, code=code)


def with_attachment(case, actor):
    services.case_complete_step(
        actor=actor, case=case, step=STEP, comment="Offert bifogad", attachment=upload()
    )
    return step_of(case)


def body_of(response) -> bytes:
    return b"".join(response.streaming_content)


def test_g21_attachment_limit_is_20_mb():
    assert attachments.MAX_ATTACHMENT_BYTES == 20 * 1024 * 1024


@pytest.mark.rule("G21")
def test_g21_step_completed_with_attachment_through_api(actors, case, api_client, _media):
    api_client.force_authenticate(actors["strategist"])
    response = api_client.post(
        f"/api/v1/cases/{case.pk}/steps/{STEP}/complete/",
        {"comment": "Offert bifogad", "attachment": upload()},
        format="multipart",
    )
    assert response.status_code == 200, response.json()
    data = next(s for s in response.json()["steps"] if s["code"] == STEP)
    assert data["done"] is True
    assert data["completed_by"] == "strateg"
    assert data["comment"] == "Offert bifogad"
    assert data["attachment_name"] == "offert.pdf"
    # a permission-checked download address, not a MEDIA_URL path
    assert data["attachment"] == (
        f"http://testserver/api/v1/cases/{case.pk}/steps/{STEP}/attachment/"
    )
    assert "/media/" not in data["attachment"]
    step = step_of(case)
    assert step.attachment.read() == PDF
    assert len(files_in(_media)) == 1
    audit = AuditEntry.objects.filter(action="case.step_complete").latest("id")
    assert audit.after["attachment"] == step.attachment.name

    # the address in the representation serves the file to whoever may see the case
    download = api_client.get(data["attachment"])
    assert download.status_code == 200
    assert body_of(download) == PDF
    assert download["Content-Disposition"].startswith("attachment")
    assert "offert.pdf" in download["Content-Disposition"]

    # steps without an attachment say null
    other = next(s for s in response.json()["steps"] if s["code"] == c("need_reported"))
    assert other["attachment"] is None
    assert other["attachment_name"] == ""


@pytest.mark.rule("G21")
def test_g21_step_completed_through_api_with_json_still_works(actors, case, api_client, _media):
    api_client.force_authenticate(actors["strategist"])
    response = api_client.post(
        f"/api/v1/cases/{case.pk}/steps/{STEP}/complete/", {"comment": "ok"}, format="json"
    )
    assert response.status_code == 200, response.json()
    data = next(s for s in response.json()["steps"] if s["code"] == STEP)
    assert data["done"] is True
    assert data["attachment"] is None
    assert files_in(_media) == []


@pytest.mark.rule("G21")
def test_g21_too_large_attachment_refused_through_api(
    actors, case, api_client, monkeypatch, _media
):
    monkeypatch.setattr(attachments, "MAX_ATTACHMENT_BYTES", 1024)
    api_client.force_authenticate(actors["strategist"])
    response = api_client.post(
        f"/api/v1/cases/{case.pk}/steps/{STEP}/complete/",
        {"comment": "För stor", "attachment": upload(content=b"x" * 1025)},
        format="multipart",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "attachment_too_large"
    assert body["field"] == "attachment"
    assert "för stor" in body["detail"]
    # nothing half-written: the step stays open, no file, no audit entry
    step = step_of(case)
    assert step.completed_at is None
    assert step.comment == ""
    assert not step.attachment
    assert files_in(_media) == []
    assert not AuditEntry.objects.filter(action="case.step_complete").exists()


@pytest.mark.rule("G21")
def test_g21_too_large_attachment_refused_on_page(actors, case, client, monkeypatch, _media):
    monkeypatch.setattr(attachments, "MAX_ATTACHMENT_BYTES", 1024)
    client.force_login(actors["strategist"])
    response = client.post(
        reverse("cases:step_complete", args=[case.pk, STEP]),
        {"comment": "För stor", "attachment": upload(content=b"x" * 1025)},
    )
    assert response.status_code == 400
    assert "Bilagan är för stor" in response.content.decode()
    assert step_of(case).completed_at is None
    assert files_in(_media) == []


@pytest.mark.rule("G21")
def test_g21_attachment_uploaded_and_downloaded_through_page(actors, case, client, employee):
    client.force_login(actors["strategist"])
    response = client.post(
        reverse("cases:step_complete", args=[case.pk, STEP]),
        {"comment": "Offert bifogad", "attachment": upload()},
    )
    assert response.status_code == 302
    step = step_of(case)
    url = reverse("cases:step_attachment", args=[case.pk, step.pk])

    # any staff member may see the case, so may download its attachments
    client.force_login(employee)
    page = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert f'href="{url}"' in page
    assert step.attachment.url not in page  # no public media path on the page
    download = client.get(url)
    assert download.status_code == 200
    assert body_of(download) == PDF
    assert download["Content-Disposition"] == 'attachment; filename="offert.pdf"'
    assert "no-store" in download["Cache-Control"]


@pytest.mark.rule("G21")
def test_g21_attachment_download_refused_for_outsider(actors, case, client, api_client):
    step = with_attachment(case, actors["strategist"])
    url = reverse("cases:step_attachment", args=[case.pk, step.pk])

    # not logged in: to the login page, never the file
    response = client.get(url)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
    assert api_client.get(f"/api/v1/cases/{case.pk}/steps/{STEP}/attachment/").status_code == 401

    # the media path is not served at all
    assert client.get(step.attachment.url).status_code == 404

    # a deactivated account may no longer see the case: 404, as if it did not exist
    former = actors["head"]
    former.is_active = False
    former.save()
    request = RequestFactory().get(url)
    request.user = former
    with pytest.raises(Http404):
        step_attachment(request, pk=case.pk, step_pk=step.pk)
    api_client.force_authenticate(former)
    response = api_client.get(f"/api/v1/cases/{case.pk}/steps/{STEP}/attachment/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.rule("G21")
def test_g21_attachment_download_404_for_wrong_case_or_step(actors, case, client):
    step = with_attachment(case, actors["strategist"])
    other_case = report(actors["owner"], title="Annat ärende")
    client.force_login(actors["owner"])
    # the step belongs to another case
    assert (
        client.get(reverse("cases:step_attachment", args=[other_case.pk, step.pk])).status_code
        == 404
    )
    # a step without an attachment
    empty = step_of(case, c("need_reported"))
    assert client.get(reverse("cases:step_attachment", args=[case.pk, empty.pk])).status_code == 404
    # the stored file has gone missing
    step.attachment.storage.delete(step.attachment.name)
    assert client.get(reverse("cases:step_attachment", args=[case.pk, step.pk])).status_code == 404


def test_g21_api_schema_documents_multipart_attachment(actors, client):
    client.force_login(actors["strategist"])
    schema = client.get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/cases/{id}/steps/{step}/complete/"]["post"]
    content = operation["requestBody"]["content"]
    assert "application/json" in content
    ref = content["multipart/form-data"]["schema"]["$ref"].rsplit("/", 1)[-1]
    props = schema["components"]["schemas"][ref]["properties"]
    assert props["attachment"]["format"] == "binary"
    assert "comment" in props
    assert "/api/v1/cases/{id}/steps/{step}/attachment/" in schema["paths"]
