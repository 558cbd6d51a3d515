"""policy_load (the system installing a policy): all-or-nothing, every version kept, exactly
one active (convention 4, 5). A person prepares drafts instead (test_adoption.py, G29)."""

from __future__ import annotations

import pytest

from styrsam.core.models import AuditEntry
from styrsam.guideline.models import PolicyVersion
from styrsam.guideline.policy import get_policy
from styrsam.guideline.services import policy_draft, policy_load
from styrsam.guideline.validation import PolicyInvalid
from styrsam.organisation.models import GovernanceGroup
from tests.vocab import c

from .policytext import replace_once, suite_meetings_min, with_group

STEERING_RANGE = "meetings_per_year: {min: 10, max: 12}"


def test_bad_file_writes_nothing(policy, it_strategist, suite_text):
    versions, entries = PolicyVersion.objects.count(), AuditEntry.objects.count()
    broken = with_group(suite_text, "steering", meetings_min=13)  # above either policy's max
    with pytest.raises(PolicyInvalid):
        policy_draft(actor=it_strategist, text=broken, source="broken.yaml")
    assert PolicyVersion.objects.count() == versions
    assert AuditEntry.objects.count() == entries
    assert get_policy().group(c("steering")).meetings_min == suite_meetings_min()


def test_new_version_keeps_the_old_one(policy, suite_text):
    old = PolicyVersion.objects.get(is_active=True)
    text = with_group(suite_text, "steering", meetings_min=7)
    new = policy_load(actor=None, text=text, source="ny.yaml")
    assert new.number == old.number + 1
    assert PolicyVersion.objects.count() == 2
    assert list(PolicyVersion.objects.filter(is_active=True)) == [new]
    old.refresh_from_db()
    assert old.is_active is False
    assert old.text == suite_text


@pytest.mark.rule("G29")
def test_loading_writes_an_audit_entry(policy, default_text):
    text = replace_once(default_text, STEERING_RANGE, "meetings_per_year: {min: 9, max: 12}")
    version = policy_load(actor=None, text=text)
    entry = AuditEntry.objects.get(action="policy.load", object_id=str(version.pk))
    assert entry.actor is None
    assert entry.before == {"active_version": 1}
    assert entry.after["active_version"] == 2


def test_same_text_twice_adds_nothing(policy, suite_text):
    first = PolicyVersion.objects.get(is_active=True)
    entries = AuditEntry.objects.count()
    again = policy_load(actor=None, text=suite_text)
    assert again == first
    assert PolicyVersion.objects.count() == 1
    assert AuditEntry.objects.count() == entries


@pytest.mark.rule("G13")
def test_the_guideline_is_data_changing_min_changes_the_policy(policy, suite_text):
    assert get_policy().group(c("steering")).meetings_min == suite_meetings_min()
    policy_load(actor=None, text=with_group(suite_text, "steering", meetings_min=7))
    assert get_policy().group(c("steering")).meetings_min == 7
    assert get_policy().version == 2


def test_renamed_group_in_policy_renames_the_group(policy, suite_text):
    text = with_group(suite_text, "steering", name="Styrgruppen för digitalisering")
    policy_load(actor=None, text=text)
    assert GovernanceGroup.objects.get(code=c("steering")).name == "Styrgruppen för digitalisering"
    assert AuditEntry.objects.filter(action="group.rename").count() == 1


def test_without_a_loaded_version_the_file_is_the_policy(db):
    assert PolicyVersion.objects.count() == 0
    policy = get_policy()
    assert policy.version is None
    assert policy.group("financing").meetings_max == 5  # the configured (default) file


def test_an_invalid_policy_is_a_service_refusal(policy, it_strategist, default_text):
    """PolicyInvalid is a ValidationFailed: a page or the API shows it as a 400, never a 500."""
    from styrsam.core.errors import ValidationFailed

    broken = replace_once(default_text, STEERING_RANGE, "meetings_per_year: {min: 13, max: 12}")
    with pytest.raises(ValidationFailed) as info:
        policy_draft(actor=it_strategist, text=broken)
    error = info.value
    assert (error.status, error.code) == (400, "policy_invalid")
    [problem] = error.as_dict()["problems"]
    assert problem["path"] == "groups.steering.meetings_per_year.min"
    assert problem["line"] == error.problems[0].line
