"""Adopting a new version of the guideline itself adopts its policy file: one decision, one
number, one effective date, one trail (G29, issue 15)."""

from __future__ import annotations

import datetime

import pytest
import yaml
from django.utils import timezone

from styrsam.core.errors import Conflict, NotAllowed, ValidationFailed
from styrsam.core.models import AuditEntry
from styrsam.documents import services
from styrsam.documents.models import Document, DocumentVersion
from styrsam.guideline.models import PolicyVersion
from styrsam.guideline.policy import get_policy
from styrsam.guideline.services import adopt_policy_version, policy_draft
from tests.vocab import c, suite_policy_path

pytestmark = pytest.mark.rule("G29")


@pytest.fixture
def guideline_doc(document, strategist):
    return services.document_update(actor=strategist, document=document, is_policy_guideline=True)


@pytest.fixture
def policy_file(strategist):
    """The suite's policy with the steering group meeting at least 8 times a year."""
    data = yaml.safe_load(suite_policy_path().read_text(encoding="utf-8"))
    data["groups"][c("steering")]["meetings_per_year"]["min"] = 8
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    return policy_draft(actor=strategist, text=text, source="riktlinje-v1.yaml")


@pytest.fixture
def carrying(guideline_doc, draft, policy_file, strategist):
    """Version 1 of the guideline carries the policy draft."""
    return services.version_set_policy_draft(
        actor=strategist, version=draft, policy_version=policy_file
    )


def _consult_and_close(version, strategist, member):
    from styrsam.cases.services import consultation_close, consultation_respond

    version = services.version_consult(
        actor=strategist,
        version=version,
        deadline=timezone.localdate() + datetime.timedelta(days=14),
    )
    consultation_respond(
        actor=member, consultation=version.consultation, position="supports", text="Bra."
    )
    consultation_close(actor=strategist, consultation=version.consultation)
    version.refresh_from_db()
    return version


def test_g29_adopting_the_guideline_version_adopts_its_policy_file(
    carrying, policy_file, strategist, member, director
):
    version = _consult_and_close(carrying, strategist, member)
    effective = timezone.localdate() + datetime.timedelta(days=10)

    services.version_adopt(actor=director, version=version, effective_date=effective)

    version.refresh_from_db()
    policy_file.refresh_from_db()
    assert version.status == DocumentVersion.Status.ADOPTED
    assert policy_file.status == PolicyVersion.Status.ADOPTED
    # one decision: the same number and the same effective date
    assert policy_file.decision_number == version.decision_reference
    assert policy_file.effective_date == version.effective_date == effective
    assert policy_file.adopted_by == director
    # in force only from the effective date
    assert get_policy().version == 1
    adopt = AuditEntry.objects.get(action="document.adopt")
    assert adopt.after["policy_version"] == policy_file.number
    assert AuditEntry.objects.filter(action="policy.adopt", object_id=str(policy_file.pk)).exists()


def test_g29_effective_today_the_policy_file_is_in_force_at_once(
    carrying, policy_file, strategist, member, director
):
    version = _consult_and_close(carrying, strategist, member)
    services.version_adopt(actor=director, version=version)
    assert get_policy().version == policy_file.number
    assert get_policy().group(c("steering")).meetings_min == 8


def test_g29_a_policy_draft_of_the_guideline_is_not_adopted_on_its_own(
    carrying, policy_file, director
):
    with pytest.raises(Conflict) as exc:
        adopt_policy_version(
            actor=director, version=policy_file, effective_date=timezone.localdate()
        )
    assert exc.value.status == 409
    assert exc.value.code == "policy_draft_belongs_to_document"
    policy_file.refresh_from_db()
    assert policy_file.status == PolicyVersion.Status.DRAFT
    assert policy_file.decision_number == ""


def test_g29_a_policy_draft_without_a_document_is_still_adopted_on_its_own(policy_file, director):
    adopt_policy_version(actor=director, version=policy_file, effective_date=timezone.localdate())
    policy_file.refresh_from_db()
    assert policy_file.decision_number.startswith("RL ")


def test_g29_only_the_guideline_document_carries_the_policy(draft, policy_file, strategist):
    with pytest.raises(Conflict) as exc:
        services.version_set_policy_draft(
            actor=strategist, version=draft, policy_version=policy_file
        )
    assert (exc.value.status, exc.value.code) == (409, "not_policy_guideline")
    draft.refresh_from_db()
    assert draft.policy_draft_id is None


def test_g29_only_the_drafting_role_links_the_policy(guideline_doc, draft, policy_file, director):
    with pytest.raises(NotAllowed) as exc:
        services.version_set_policy_draft(actor=director, version=draft, policy_version=policy_file)
    assert exc.value.status == 403
    draft.refresh_from_db()
    assert draft.policy_draft_id is None


def test_g29_an_adopted_policy_version_cannot_be_carried(
    guideline_doc, draft, strategist, director
):
    active = PolicyVersion.objects.get(is_active=True)
    with pytest.raises(Conflict) as exc:
        services.version_set_policy_draft(actor=strategist, version=draft, policy_version=active)
    assert (exc.value.status, exc.value.code) == (409, "policy_not_a_draft")
    draft.refresh_from_db()
    assert draft.policy_draft_id is None


def test_g14_the_policy_file_is_frozen_while_on_consultation(carrying, strategist):
    version = services.version_consult(
        actor=strategist,
        version=carrying,
        deadline=timezone.localdate() + datetime.timedelta(days=14),
    )
    with pytest.raises(Conflict) as exc:
        services.version_set_policy_draft(actor=strategist, version=version, policy_version=None)
    assert (exc.value.status, exc.value.rule) == (409, "G14")
    version.refresh_from_db()
    assert version.policy_draft_id is not None


def test_g29_one_guideline_document_and_only_a_riktlinje(guideline_doc, strategist):
    with pytest.raises(Conflict) as exc:
        services.document_create(
            actor=strategist,
            kind="riktlinje",
            title="En annan riktlinje",
            owner=strategist,
            is_policy_guideline=True,
        )
    assert (exc.value.status, exc.value.code) == (409, "policy_guideline_exists")
    with pytest.raises(ValidationFailed) as exc:
        services.document_update(actor=strategist, document=guideline_doc, kind="regel")
    assert exc.value.field == "is_policy_guideline"
    assert Document.objects.count() == 1
    guideline_doc.refresh_from_db()
    assert guideline_doc.kind == "riktlinje"


def test_g29_api_links_the_policy_draft_and_shows_it(
    api_client, guideline_doc, draft, policy_file, strategist
):
    client = api_client
    client.force_authenticate(strategist)
    url = f"/api/v1/documents/{guideline_doc.pk}/versions/1/policy-draft/"
    response = client.post(url, {"policy_version": policy_file.number}, format="json")
    assert response.status_code == 200
    assert response.json()["policy_draft"] == policy_file.number
    detail = client.get(f"/api/v1/documents/{guideline_doc.pk}/").json()
    assert detail["is_policy_guideline"] is True
    assert detail["versions"][0]["policy_draft"] == policy_file.number


def test_g29_page_links_the_policy_draft(client, guideline_doc, draft, policy_file, strategist):
    client.force_login(strategist)
    page = client.get(guideline_doc.get_absolute_url())
    assert b"Policyfilen som antas med versionen" in page.content
    response = client.post(
        f"/styrdokument/{guideline_doc.pk}/v/1/policyfil/",
        {"policy_version": policy_file.pk},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.policy_draft_id == policy_file.pk
