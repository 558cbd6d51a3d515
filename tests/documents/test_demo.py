"""The demo shows governing documents in every state: the municipality's own guideline
adopted and published (two versions), an information-security rule on consultation and an
IT-use rule awaiting the director (G12, G28, G29)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from styrsam.demo.loader import load_demo
from styrsam.documents.models import Document, DocumentVersion, public_versions
from styrsam.meetings.models import AgendaItem

pytestmark = pytest.mark.django_db


@pytest.mark.rule("G28")
@pytest.mark.rule("G29")
def test_g28_demo_has_documents_in_every_state():
    load_demo()
    by_title = {d.title: d for d in Document.objects.all()}
    guideline = by_title["Riktlinje för styrning av e-förvaltning och IT"]
    assert [v.status for v in guideline.versions.order_by("number")] == ["published", "published"]
    security = by_title["Regel för informationssäkerhet"].versions.get()
    assert security.status == "consultation" and security.consultation.is_open
    it_use = by_title["Regel för IT-användning"].versions.get()
    assert it_use.status == "consultation" and not it_use.consultation.is_open
    assert AgendaItem.objects.filter(case=it_use.consultation.case).exists()
    assert set(public_versions().values_list("document__title", flat=True)) == {guideline.title}
    assert DocumentVersion.objects.filter(decision_number__isnull=False).count() == 2
    body = Client().get(reverse("documents:public_register")).content.decode()
    assert guideline.title in body and "informationssäkerhet" not in body
