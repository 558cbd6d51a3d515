"""Attachments of a document version: uploaded through one service by the page and the API
(multipart), size and type limits, stored through Django's storage, downloaded by staff, on
the public site only for a published version; frozen once adopted (G28, G29)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from styrsam.core.errors import Conflict, NotAllowed, ValidationFailed
from styrsam.core.models import AuditEntry
from styrsam.documents import attachments
from styrsam.documents.models import Attachment

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def pdf(name="bilaga.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.mark.rule("G28")
def test_g28_strategist_attaches_a_file_to_a_draft(draft, strategist, media):
    attachment = attachments.attachment_add(actor=strategist, version=draft, file=pdf())
    assert (attachment.name, attachment.content_type, attachment.size) == (
        "bilaga.pdf",
        "application/pdf",
        len(PDF),
    )
    assert (media / attachment.file.name).read_bytes() == PDF
    entry = AuditEntry.objects.get(action="document.attachment_add")
    assert entry.after["attachment"] == "bilaga.pdf"


def test_too_large_is_refused_and_nothing_is_stored(draft, strategist, media, monkeypatch):
    monkeypatch.setattr(attachments, "MAX_ATTACHMENT_BYTES", 10)
    with pytest.raises(ValidationFailed) as exc:
        attachments.attachment_add(actor=strategist, version=draft, file=pdf())
    assert (exc.value.status, exc.value.code, exc.value.field) == (
        400,
        "attachment_too_large",
        "file",
    )
    assert not Attachment.objects.exists()
    assert not any(media.rglob("*.pdf"))


@pytest.mark.parametrize(
    "name,content",
    [
        ("program.exe", b"MZ\x90\x00"),
        ("skript.pdf", b"#!/bin/sh\nrm -rf /\n"),  # renamed: its first bytes are not a PDF
        ("sida.html", b"<script>alert(1)</script>"),
        ("data.txt", b"\x00\x01\x02binary"),
    ],
)
def test_a_kind_of_file_not_accepted_is_refused(draft, strategist, media, name, content):
    with pytest.raises(ValidationFailed) as exc:
        attachments.attachment_add(
            actor=strategist, version=draft, file=SimpleUploadedFile(name, content)
        )
    assert (exc.value.status, exc.value.code) == (400, "attachment_type")
    assert not Attachment.objects.exists()
    assert not any(p.is_file() for p in media.rglob("*"))


@pytest.mark.rule("G13")
def test_g13_only_the_drafting_role_attaches(draft, director, plain_user):
    for user in (director, plain_user):
        with pytest.raises(NotAllowed) as exc:
            attachments.attachment_add(actor=user, version=draft, file=pdf())
        assert exc.value.status == 403
    assert not Attachment.objects.exists()


@pytest.mark.rule("G29")
def test_g29_an_adopted_versions_attachments_are_frozen(adopted, strategist):
    with pytest.raises(Conflict) as exc:
        attachments.attachment_add(actor=strategist, version=adopted, file=pdf())
    assert (exc.value.status, exc.value.code) == (409, "version_adopted")
    assert not Attachment.objects.exists()


@pytest.mark.rule("G14")
def test_g14_no_new_attachment_while_on_consultation(on_consultation, strategist):
    with pytest.raises(Conflict) as exc:
        attachments.attachment_add(actor=strategist, version=on_consultation, file=pdf())
    assert (exc.value.status, exc.value.rule) == (409, "G14")
    assert not Attachment.objects.exists()


def test_remove_from_a_draft(draft, strategist, django_capture_on_commit_callbacks, media):
    attachment = attachments.attachment_add(actor=strategist, version=draft, file=pdf())
    path = media / attachment.file.name
    with django_capture_on_commit_callbacks(execute=True):
        attachments.attachment_remove(actor=strategist, attachment=attachment)
    assert not Attachment.objects.exists()
    assert not path.exists()
    assert AuditEntry.objects.filter(action="document.attachment_remove").count() == 1


def test_page_uploads_and_staff_download(client, draft, strategist, plain_user):
    client.force_login(strategist)
    url = f"/styrdokument/{draft.document_id}/v/1/bilagor/"
    response = client.post(url, {"file": pdf("Bilaga 1 – karta.pdf")})
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.name == "Bilaga 1 – karta.pdf"
    page = client.get(draft.document.get_absolute_url())
    assert "Bilaga 1 – karta.pdf" in page.content.decode()

    client.force_login(plain_user)  # every member of staff reads governing documents
    download = client.get(attachment.get_absolute_url())
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert "no-store" in download["Cache-Control"]


def test_page_refusal_is_shown_on_the_field(client, draft, strategist):
    client.force_login(strategist)
    url = f"/styrdokument/{draft.document_id}/v/1/bilagor/"
    response = client.post(url, {"file": SimpleUploadedFile("x.exe", b"MZ")})
    assert response.status_code == 400
    assert "Filtypen tas inte emot" in response.content.decode()
    assert not Attachment.objects.exists()


def test_anonymous_gets_no_staff_download(client, draft, strategist):
    attachment = attachments.attachment_add(actor=strategist, version=draft, file=pdf())
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 302  # to the login page
    assert "/login" in response["Location"] or "logga-in" in response["Location"]


def test_api_uploads_multipart_and_downloads(api_client, draft, strategist):
    api_client.force_authenticate(strategist)
    base = f"/api/v1/documents/{draft.document_id}/versions/1/attachments/"
    response = api_client.post(base, {"file": pdf()}, format="multipart")
    assert response.status_code == 201
    body = response.json()
    assert (body["name"], body["size"]) == ("bilaga.pdf", len(PDF))
    download = api_client.get(body["url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    detail = api_client.get(f"/api/v1/documents/{draft.document_id}/").json()
    assert detail["versions"][0]["attachments"][0]["name"] == "bilaga.pdf"


def test_api_refusal_is_json(api_client, draft, strategist):
    api_client.force_authenticate(strategist)
    base = f"/api/v1/documents/{draft.document_id}/versions/1/attachments/"
    response = api_client.post(
        base, {"file": SimpleUploadedFile("a.exe", b"MZ")}, format="multipart"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "attachment_type"
    assert not Attachment.objects.exists()


@pytest.mark.rule("G28")
def test_g28_public_download_only_for_a_published_version(
    client, consulted, strategist, director, editor
):
    from styrsam.documents import services

    # attached after the consultation closed, before adoption
    attachment = attachments.attachment_add(actor=strategist, version=consulted, file=pdf())
    public_url = attachment.get_public_url()
    assert client.get(public_url).status_code == 404  # not adopted
    services.version_adopt(actor=director, version=consulted)
    assert client.get(public_url).status_code == 404  # adopted, not published
    services.version_publish(actor=editor, version=consulted, channel="intranet")
    assert client.get(public_url).status_code == 404  # the intranet only
    services.version_publish(actor=editor, version=consulted, channel="public")
    response = client.get(public_url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "sessionid" not in response.cookies and "csrftoken" not in response.cookies
    page = client.get(f"/publikt/styrdokument/{consulted.document_id}/")
    assert public_url in page.content.decode()
    api = client.get(f"/api/public/documents/{consulted.document_id}/").json()
    assert api["versions"][0]["attachments"][0]["url"].endswith(public_url)
