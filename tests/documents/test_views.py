"""Staff pages of governing documents (G12, G13, G28, G29)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from styrsam.documents.models import Document, DocumentVersion


def test_list_and_detail_for_staff(client, published, plain_user):
    client.force_login(plain_user)
    response = client.get(reverse("documents:document_list"))
    assert response.status_code == 200
    assert published.document.title in response.content.decode()
    detail = client.get(reverse("documents:document_detail", args=[published.document_id]))
    assert detail.status_code == 200
    body = detail.content.decode()
    assert published.decision_reference in body
    assert "Bra." in body  # the consultation answer beside the text
    assert "Fastställ versionen" not in body
    pdf = client.get(reverse("documents:version_pdf", args=[published.document_id, 1]))
    assert pdf.content.startswith(b"%PDF")


def test_anonymous_is_sent_to_login(client, published):
    response = client.get(reverse("documents:document_list"))
    assert response.status_code == 302


@pytest.mark.rule("G13")
def test_g13_strategist_creates_and_sends_on_consultation(client, strategist, member):
    client.force_login(strategist)
    response = client.post(
        reverse("documents:document_create"),
        {
            "kind": "regel",
            "title": "Regel för IT-användning",
            "owner": strategist.pk,
            "text": "# A\n\nB",
        },
    )
    assert response.status_code == 302
    document = Document.objects.get()
    deadline = timezone.localdate() + datetime.timedelta(days=10)
    response = client.post(
        reverse("documents:version_consult", args=[document.pk, 1]),
        {"deadline": deadline.isoformat(), "question": "Synpunkter?"},
    )
    assert response.status_code == 302
    assert document.versions.get().status == DocumentVersion.Status.CONSULTATION


@pytest.mark.rule("G13")
def test_g13_plain_user_cannot_create(client, plain_user):
    client.force_login(plain_user)
    assert client.get(reverse("documents:document_create")).status_code == 403
    response = client.post(
        reverse("documents:document_create"),
        {"kind": "regel", "title": "X", "owner": plain_user.pk},
    )
    assert response.status_code == 403
    assert not Document.objects.exists()


@pytest.mark.rule("G29")
def test_g29_adoption_form_refuses_the_strategist(client, consulted, strategist):
    client.force_login(strategist)
    response = client.post(reverse("documents:version_adopt", args=[consulted.document_id, 1]), {})
    assert response.status_code == 403
    assert "fastställer och upphäver styrdokument" in response.content.decode()
    consulted.refresh_from_db()
    assert consulted.status == DocumentVersion.Status.CONSULTATION


@pytest.mark.rule("G29")
def test_g29_director_adopts_and_g12_editor_publishes(client, consulted, director, editor):
    client.force_login(director)
    response = client.post(reverse("documents:version_adopt", args=[consulted.document_id, 1]), {})
    assert response.status_code == 302
    client.force_login(editor)
    response = client.post(
        reverse("documents:version_publish", args=[consulted.document_id, 1]), {"channel": "public"}
    )
    assert response.status_code == 302
    consulted.refresh_from_db()
    assert consulted.status == DocumentVersion.Status.PUBLISHED


def test_bad_date_keeps_the_form(client, draft, strategist):
    client.force_login(strategist)
    response = client.post(
        reverse("documents:version_consult", args=[draft.document_id, 1]),
        {"deadline": "2001-01-01"},
    )
    assert response.status_code == 400
    assert DocumentVersion.objects.get(pk=draft.pk).status == DocumentVersion.Status.DRAFT
