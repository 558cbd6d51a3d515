"""Personas and data of governing documents (G12, G13, G28, G29).

- ``strategist`` (drafts, G13), ``director`` (adopts, G29), ``editor`` (web editor, publishes,
  G12), ``member``: a preparatory-group member who answers the consultation (G14).
- ``draft``: a guideline's first version, a draft; ``on_consultation``: sent on consultation;
  ``consulted``: its consultation answered and closed; ``adopted``: adopted by the director;
  ``published``: published on the public website."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from styrsam.cases.services import consultation_close, consultation_respond
from styrsam.documents import services
from styrsam.organisation.models import GovernanceGroup
from tests.factories import MembershipFactory, UserFactory, person_with_role
from tests.vocab import c

TEXT = """# Syfte

Riktlinjen beskriver hur kommunen styr e-förvaltningen.

# Roller

- IT-strategen samordnar.
- Kommundirektören fastställer.
"""


@pytest.fixture
def strategist(policy):
    return person_with_role(c("it_strategist"), username="strateg", first_name="Stina")


@pytest.fixture
def director(policy):
    return person_with_role(c("municipal_director"), username="kd", first_name="Karin")


@pytest.fixture
def editor(policy):
    """The default policy's web editor; a policy without one (Andrakommun): the last role that
    publishes documents (G12)."""
    publishers = policy.roles_with("publish_documents")
    role = "web_editor" if "web_editor" in publishers else publishers[-1]
    return person_with_role(role, username="webb", first_name="Wilma")


@pytest.fixture
def member(policy):
    user = UserFactory(username="ledamot", first_name="Lars")
    MembershipFactory(group=GovernanceGroup.objects.get(code=c("preparatory")), person=user)
    return user


@pytest.fixture
def document(strategist):
    return services.document_create(
        actor=strategist,
        kind="riktlinje",
        title="Riktlinje för e-förvaltning",
        owner=strategist,
        text=TEXT,
        review_date=timezone.localdate() + datetime.timedelta(days=365),
    )


@pytest.fixture
def draft(document):
    return document.versions.get()


@pytest.fixture
def on_consultation(draft, strategist, member):
    return services.version_consult(
        actor=strategist,
        version=draft,
        deadline=timezone.localdate() + datetime.timedelta(days=14),
        question="Synpunkter?",
    )


@pytest.fixture
def consulted(on_consultation, strategist, member):
    consultation_respond(
        actor=member, consultation=on_consultation.consultation, position="supports", text="Bra."
    )
    consultation_close(
        actor=strategist,
        consultation=on_consultation.consultation,
        early_close_reason="Svaren lämnades vid mötet.",
    )
    on_consultation.refresh_from_db()
    return on_consultation


@pytest.fixture
def adopted(consulted, director):
    return services.version_adopt(actor=director, version=consulted)


@pytest.fixture
def published(adopted, editor):
    services.version_publish(actor=editor, version=adopted, channel="public")
    adopted.refresh_from_db()
    return adopted
