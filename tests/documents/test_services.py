"""The workflow of governing documents: draft → consultation → adoption → publication →
review reminder (G12, G13, G14, G28, G29)."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from styrsam.cases.models import Case, Consultation, Notification
from styrsam.core.errors import Conflict, NotAllowed, ValidationFailed
from styrsam.core.models import AuditEntry
from styrsam.documents import services, text
from styrsam.documents.models import Document, DocumentVersion, Publication, public_versions
from tests.factories import UserFactory, person_with_role
from tests.vocab import c

Status = DocumentVersion.Status


@pytest.mark.rule("G13")
def test_g13_only_the_drafting_role_creates_a_document(policy, plain_user):
    with pytest.raises(NotAllowed) as exc:
        services.document_create(actor=plain_user, kind="regel", title="X", owner=plain_user)
    assert exc.value.status == 403
    assert exc.value.rule == "G13"
    assert not Document.objects.exists()


@pytest.mark.rule("G13")
def test_g13_strategist_drafts_a_document_with_version_1(document, strategist):
    version = document.versions.get()
    assert (version.number, version.status) == (1, Status.DRAFT)
    assert AuditEntry.objects.filter(action="document.create").count() == 1


def test_bad_input_is_refused_with_its_field(strategist):
    with pytest.raises(ValidationFailed) as exc:
        services.document_create(actor=strategist, kind="lag", title="X", owner=strategist)
    assert exc.value.field == "kind"
    with pytest.raises(ValidationFailed) as exc:
        services.document_create(actor=strategist, kind="regel", title=" ", owner=strategist)
    assert exc.value.field == "title"
    assert not Document.objects.exists()


@pytest.mark.rule("G28")
def test_g28_consultation_reuses_the_cases_remiss_in_the_preparatory_group(on_consultation):
    assert on_consultation.status == Status.CONSULTATION
    consultation = on_consultation.consultation
    assert consultation.group.code == c("preparatory")
    assert consultation.case.case_type == c("governing_document")
    assert consultation.is_open


@pytest.mark.rule("G14")
def test_g14_text_is_frozen_while_on_consultation(on_consultation, strategist):
    with pytest.raises(Conflict) as exc:
        services.version_update_text(actor=strategist, version=on_consultation, text="Nytt")
    assert exc.value.status == 409
    on_consultation.refresh_from_db()
    assert "Syfte" in on_consultation.text


@pytest.mark.rule("G29")
def test_g29_only_the_adopting_role_adopts(consulted, strategist, editor, plain_user):
    for user in (strategist, editor, plain_user):
        with pytest.raises(NotAllowed) as exc:
            services.version_adopt(actor=user, version=consulted)
        assert exc.value.status == 403
        assert exc.value.rule == "G29"
    consulted.refresh_from_db()
    assert consulted.status == Status.CONSULTATION
    assert consulted.decision_number is None


@pytest.mark.rule("G29")
def test_g29_director_adopts_with_a_decision_number(adopted, director):
    assert adopted.status == Status.ADOPTED
    assert adopted.adopted_by == director
    assert adopted.decision_reference == f"SD {timezone.localdate().year}/1"
    assert AuditEntry.objects.filter(action="document.adopt", rule="G29").count() == 1


@pytest.mark.rule("G29")
def test_g29_no_adoption_while_consultation_is_open(on_consultation, director):
    with pytest.raises(Conflict) as exc:
        services.version_adopt(actor=director, version=on_consultation)
    assert exc.value.status == 409
    on_consultation.refresh_from_db()
    assert on_consultation.adopted_on is None


@pytest.mark.rule("G29")
def test_g29_a_draft_cannot_be_adopted_without_consultation(draft, director):
    with pytest.raises(Conflict):
        services.version_adopt(actor=director, version=draft)
    assert DocumentVersion.objects.get(pk=draft.pk).status == Status.DRAFT


@pytest.mark.rule("G29")
def test_g29_database_refuses_adopted_status_without_decision(draft):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentVersion.objects.filter(pk=draft.pk).update(status=Status.PUBLISHED)


@pytest.mark.rule("G12")
def test_g12_only_communications_roles_publish(adopted, strategist, director):
    for user in (strategist, director):
        with pytest.raises(NotAllowed) as exc:
            services.version_publish(actor=user, version=adopted, channel="public")
        assert exc.value.status == 403
        assert exc.value.rule == "G12"
    assert not Publication.objects.exists()


@pytest.mark.rule("G12")
def test_g12_communications_director_and_communicator_publish(adopted, policy, department):
    """Every role the policy lets publish may (the default policy: the communications director,
    the web editor and the communicator; Andrakommun's: its kommunikationschef); the director
    and the last of them publish on the two channels."""
    publishers = policy.data["capabilities"]["publish_documents"]
    assert c("communications_director") in publishers
    people = []
    for n, role in enumerate(publishers):
        scoped = policy.data["roles"][role].get("scope") == "unit"
        person = person_with_role(role, unit=department if scoped else None, username=f"pub{n}")
        assert services.may_publish(person), role
        people.append(person)
    services.version_publish(actor=people[0], version=adopted, channel="intranet")
    services.version_publish(actor=people[-1], version=adopted, channel="public")
    assert set(adopted.publications.values_list("channel", flat=True)) == {"intranet", "public"}


@pytest.mark.rule("G29")
def test_g29_nothing_unadopted_is_ever_published(draft, on_consultation, editor):
    for version in (draft, on_consultation):
        with pytest.raises(Conflict) as exc:
            services.version_publish(actor=editor, version=version, channel="public")
        assert exc.value.status == 409
        assert exc.value.rule == "G29"
    assert not Publication.objects.exists()
    assert not public_versions().exists()


@pytest.mark.rule("G28")
def test_g28_published_version_is_public_and_unique_per_channel(published, editor):
    assert published.status == Status.PUBLISHED
    assert list(public_versions()) == [published]
    with pytest.raises(Conflict):
        services.version_publish(actor=editor, version=published, channel="public")
    assert Publication.objects.count() == 1


@pytest.mark.rule("G28")
def test_g28_a_new_version_starts_from_the_text_and_needs_its_own_adoption(
    published, strategist, editor
):
    v2 = services.version_create(
        actor=strategist, document=published.document, change_note="Ny roll"
    )
    assert (v2.number, v2.status, v2.text) == (2, Status.DRAFT, published.text)
    with pytest.raises(Conflict):
        services.version_create(actor=strategist, document=published.document)
    services.version_update_text(actor=strategist, version=v2, text=published.text + "\nMer.")
    with pytest.raises(Conflict):
        services.version_publish(actor=editor, version=v2, channel="public")
    assert list(public_versions()) == [published]


@pytest.mark.rule("G29")
def test_g29_adopted_text_cannot_change(adopted, strategist):
    with pytest.raises(Conflict) as exc:
        services.version_update_text(actor=strategist, version=adopted, text="Annat")
    assert exc.value.rule == "G29"


@pytest.mark.rule("G29")
def test_g29_repeal_by_director_only(published, director, strategist):
    with pytest.raises(NotAllowed):
        services.version_repeal(actor=strategist, version=published)
    services.version_repeal(actor=director, version=published)
    published.refresh_from_db()
    assert published.status == Status.REPEALED


def test_policy_without_document_case_type_refuses_consultation(draft, strategist, settings):
    from styrsam.guideline.policy import get_policy

    policy = get_policy()
    policy.data["guidelines"].pop("case_type", None)
    with pytest.raises(Conflict) as exc:
        services.version_consult(
            actor=strategist, version=draft, deadline=timezone.localdate(), question=""
        )
    assert exc.value.code == "no_consultation_case_type"
    assert not Case.objects.exists()
    assert not Consultation.objects.exists()


@pytest.mark.rule("G28")
def test_g28_owner_is_reminded_once_before_review(document, strategist):
    today = timezone.localdate()
    Document.objects.filter(pk=document.pk).update(review_date=today + datetime.timedelta(days=20))
    mail.outbox.clear()
    assert services.remind_reviews(today) == [document.pk]
    assert services.remind_reviews(today) == []
    assert (
        Notification.objects.filter(recipient=strategist, text__contains="revideras").count() == 1
    )


def test_reminder_skips_documents_far_from_review(document):
    assert services.remind_reviews(timezone.localdate()) == []


def test_markdown_is_rendered_safely():
    html = str(text.render("# Rubrik\n\n<script>alert(1)</script> [x](javascript:alert(1))"))
    assert "<h2>Rubrik</h2>" in html
    assert "<script>" not in html
    assert 'href="javascript' not in html


def test_compare_finds_added_removed_changed():
    old = "# A\n\nEtt stycke.\n\nTas bort."
    new = "# A\n\nEtt ändrat stycke.\n\nNytt stycke.\n\n- punkt"
    summary = text.summary(text.compare(old, new))
    assert summary["changed"] >= 1
    assert summary["added"] >= 1
    assert sum(summary.values()) >= 2


def test_other_user_cannot_edit_document(document):
    other = UserFactory(username="annan")
    with pytest.raises(NotAllowed):
        services.document_update(actor=other, document=document, title="Ny")


@pytest.mark.rule("G28")
def test_g28_review_reminder_task_runs_from_the_schedule(document, strategist):
    from styrsam.documents.tasks import remind_reviews
    from styrsam.schedule import PERIODIC_TASKS

    assert "documents.remind_reviews" in PERIODIC_TASKS
    Document.objects.filter(pk=document.pk).update(
        review_date=timezone.localdate() + datetime.timedelta(days=5)
    )
    assert remind_reviews.apply().get() == [document.pk]
    assert remind_reviews.apply().get() == []


@pytest.mark.rule("G13")
def test_g13_after_consultation_the_case_is_ready_for_the_steering_group(consulted):
    case = consulted.consultation.case
    case.refresh_from_db()
    assert case.status == Case.Status.READY
    from styrsam.guideline.policy import get_policy

    assert get_policy().deciding_group(case.case_type) == c("steering")


@pytest.mark.rule("G29")
def test_g29_start_page_tells_director_editor_and_owner(consulted, director, editor, strategist):
    from styrsam.documents.todos import todos
    from styrsam.guideline.policy import get_policy

    policy = get_policy()
    assert [t.rule for t in todos(director, policy)] == ["G29"]
    assert todos(editor, policy) == []
    services.version_adopt(actor=director, version=consulted)
    assert [t.rule for t in todos(editor, policy)] == ["G12"]
    assert todos(director, policy) == []
    Document.objects.filter(pk=consulted.document_id).update(review_date=timezone.localdate())
    assert [t.rule for t in todos(strategist, policy)] == ["G28"]
