"""Editing a document's details on its page: title, kind, owner, review date — what the API's
PATCH allows, through the same service (``document_update``), audited (G28)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from styrsam.core.models import AuditEntry
from tests.vocab import c

pytestmark = pytest.mark.rule("G28")


def _form(document, **changes):
    data = {
        "title": document.title,
        "kind": document.kind,
        "owner": document.owner_id,
        "review_date": document.review_date.isoformat() if document.review_date else "",
    }
    data.update(changes)
    return data


def test_g28_strategist_edits_the_details(client, document, strategist, member):
    from tests.factories import person_with_role

    new_owner = person_with_role(c("it_strategist"), username="strateg2", first_name="Sven")
    client.force_login(strategist)
    url = f"/styrdokument/{document.pk}/uppgifter/"
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="is_policy_guideline"' in page.content.decode()
    review = timezone.localdate() + datetime.timedelta(days=400)
    response = client.post(
        url,
        _form(
            document,
            title="Riktlinje för digitalisering",
            kind="regel",
            owner=new_owner.pk,
            review_date=review.isoformat(),
        ),
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert (document.title, document.kind, document.owner, document.review_date) == (
        "Riktlinje för digitalisering",
        "regel",
        new_owner,
        review,
    )
    entry = AuditEntry.objects.get(action="document.update")
    assert set(entry.after) == {"title", "kind", "owner", "review_date"}


def test_the_owner_edits_but_may_not_mark_the_guideline(client, document, strategist):
    from styrsam.documents import services
    from tests.factories import UserFactory

    owner = UserFactory(username="agare")
    document = services.document_update(actor=strategist, document=document, owner=owner)
    client.force_login(owner)
    url = f"/styrdokument/{document.pk}/uppgifter/"
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="is_policy_guideline"' not in page.content.decode()
    response = client.post(url, _form(document, title="Ny rubrik", is_policy_guideline="on"))
    assert response.status_code == 302
    document.refresh_from_db()
    assert (document.title, document.owner, document.is_policy_guideline) == (
        "Ny rubrik",
        owner,
        False,
    )


def test_a_plain_user_may_not_edit(client, document, plain_user):
    client.force_login(plain_user)
    url = f"/styrdokument/{document.pk}/uppgifter/"
    assert client.get(url).status_code == 403
    assert client.post(url, _form(document, title="Kapat")).status_code == 403
    document.refresh_from_db()
    assert document.title == "Riktlinje för e-förvaltning"
    assert not AuditEntry.objects.filter(action="document.update").exists()


def test_a_past_review_date_is_refused_on_its_field(client, document, strategist):
    client.force_login(strategist)
    url = f"/styrdokument/{document.pk}/uppgifter/"
    past = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(url, _form(document, title="Ändrad", review_date=past.isoformat()))
    assert response.status_code == 400
    assert "Revideringsdatumet måste ligga framåt i tiden." in response.content.decode()
    assert 'value="Ändrad"' in response.content.decode()  # what was typed is kept
    document.refresh_from_db()
    assert document.title == "Riktlinje för e-förvaltning"


def test_an_overdue_review_date_left_as_it_is_does_not_block_other_changes(
    client, document, strategist
):
    from styrsam.documents.models import Document

    overdue = timezone.localdate() - datetime.timedelta(days=3)
    Document.objects.filter(pk=document.pk).update(review_date=overdue)
    document.refresh_from_db()
    client.force_login(strategist)
    response = client.post(f"/styrdokument/{document.pk}/uppgifter/", _form(document, title="X"))
    assert response.status_code == 302
    document.refresh_from_db()
    assert (document.title, document.review_date) == ("X", overdue)


def test_api_patch_takes_the_same_fields(api_client, document, strategist):
    api_client.force_authenticate(strategist)
    response = api_client.patch(
        f"/api/v1/documents/{document.pk}/",
        {"title": "Via API", "kind": "anvisning"},
        format="json",
    )
    assert response.status_code == 200
    assert (response.json()["title"], response.json()["kind"]) == ("Via API", "anvisning")
