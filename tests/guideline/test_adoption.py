"""G29: a new policy version is a draft until the role the policy names (the municipal
director by default) adopts it with a registered decision and an effective date; the policy in
force changes only on that date. Same services through the page, the API and the CLI."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from styrsam.core.errors import Conflict, NotAllowed, ValidationFailed
from styrsam.core.models import AuditEntry
from styrsam.guideline.models import PolicyVersion
from styrsam.guideline.policy import clear_policy_cache, get_policy
from styrsam.guideline.services import (
    activate_due_policy,
    adopt_policy_version,
    policy_draft,
    policy_load,
)
from styrsam.guideline.tasks import activate_due_policy_task
from styrsam.organisation.models import GovernanceGroup
from tests.vocab import c

from .policytext import suite_meetings_min, with_group

pytestmark = [pytest.mark.django_db, pytest.mark.rule("G29")]

TODAY = timezone.localdate


def changed_text(text: str, n: int = 8) -> str:
    """The suite's policy with another minimum of steering-group meetings a year (8 differs
    from both policies' minimum, and both allow it)."""
    return with_group(text, "steering", meetings_min=n)


@pytest.fixture
def draft(it_strategist, suite_text):
    return policy_draft(actor=it_strategist, text=changed_text(suite_text), source="ny.yaml")


def test_g29_a_draft_changes_nothing_until_adopted(draft):
    assert (draft.status, draft.is_active, draft.number) == ("draft", False, 2)
    assert get_policy().version == 1
    assert get_policy().group(c("steering")).meetings_min == suite_meetings_min()
    entry = AuditEntry.objects.get(action="policy.draft", object_id=str(draft.pk))
    assert entry.rule == "G29"


def test_g29_the_coordinator_may_not_install_a_policy_at_once(it_strategist, suite_text):
    with pytest.raises(NotAllowed) as info:
        policy_load(actor=it_strategist, text=changed_text(suite_text))
    assert info.value.rule == "G29"
    assert PolicyVersion.objects.count() == 1
    assert get_policy().group(c("steering")).meetings_min == suite_meetings_min()


def test_g29_only_the_coordinator_prepares_a_draft(plain_user, municipal_director, suite_text):
    for person in (plain_user, municipal_director):
        with pytest.raises(NotAllowed):
            policy_draft(actor=person, text=changed_text(suite_text))
    assert PolicyVersion.objects.count() == 1


def test_g29_the_municipal_director_adopts_with_a_number_effective_today(draft, municipal_director):
    version = adopt_policy_version(
        actor=municipal_director,
        version=draft,
        effective_date=TODAY(),
        decision_text="Riktlinjen fastställs.",
    )
    year = TODAY().year
    assert version.decision_number == f"RL {year}/1"
    assert (version.status, version.adopted_by, version.effective_date) == (
        "adopted",
        municipal_director,
        TODAY(),
    )
    assert list(PolicyVersion.objects.filter(is_active=True)) == [version]
    assert get_policy().version == 2
    assert get_policy().group(c("steering")).meetings_min == 8
    assert AuditEntry.objects.filter(action="policy.adopt", object_id=str(version.pk)).exists()
    assert AuditEntry.objects.filter(action="policy.activate").count() == 1


def test_g29_numbers_follow_each_other(it_strategist, municipal_director, suite_text):
    numbers = []
    for n in (7, 6):
        version = policy_draft(actor=it_strategist, text=changed_text(suite_text, n))
        adopt_policy_version(actor=municipal_director, version=version, effective_date=TODAY())
        numbers.append(PolicyVersion.objects.get(pk=version.pk).decision_number)
    year = TODAY().year
    assert numbers == [f"RL {year}/1", f"RL {year}/2"]


@pytest.mark.parametrize("who", ["it_strategist", "plain_user", "superuser"])
def test_g29_nobody_else_adopts(draft, who, request):
    actor = request.getfixturevalue(who)
    with pytest.raises(NotAllowed) as info:
        adopt_policy_version(actor=actor, version=draft, effective_date=TODAY())
    assert info.value.rule == "G29"
    draft.refresh_from_db()
    assert (draft.status, draft.decision_number, draft.is_active) == ("draft", "", False)
    assert get_policy().version == 1


def test_g29_the_system_does_not_adopt(draft):
    with pytest.raises(NotAllowed):
        adopt_policy_version(actor=None, version=draft, effective_date=TODAY())


def test_g29_effective_date_in_the_past_is_refused(draft, municipal_director):
    with pytest.raises(ValidationFailed) as info:
        adopt_policy_version(
            actor=municipal_director,
            version=draft,
            effective_date=TODAY() - dt.timedelta(days=1),
        )
    assert (info.value.field, info.value.code) == ("effective_date", "effective_date_past")
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_g29_adopting_twice_is_a_conflict(draft, municipal_director):
    adopt_policy_version(actor=municipal_director, version=draft, effective_date=TODAY())
    with pytest.raises(Conflict):
        adopt_policy_version(actor=municipal_director, version=draft, effective_date=TODAY())


def test_g29_the_policy_changes_on_the_effective_date(draft, municipal_director, monkeypatch):
    later = TODAY() + dt.timedelta(days=10)
    adopt_policy_version(actor=municipal_director, version=draft, effective_date=later)
    assert get_policy().version == 1
    assert PolicyVersion.objects.get(is_active=True).number == 1
    assert activate_due_policy_task() == {"active_version": 1}  # not yet

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: later)
    clear_policy_cache()
    assert get_policy().version == 2  # read by date, before the task runs
    assert activate_due_policy_task() == {"active_version": 2}
    assert PolicyVersion.objects.get(is_active=True).number == 2
    assert activate_due_policy() == PolicyVersion.objects.get(number=2)  # idempotent
    assert AuditEntry.objects.filter(action="policy.activate").count() == 1


def test_g29_an_adopted_policy_that_renames_a_group_renames_it_on_activation(
    policy, it_strategist, municipal_director, suite_text
):
    old_name = policy.group_name(c("steering"))
    text = with_group(suite_text, "steering", name="Styrgruppen för digitalisering")
    version = policy_draft(actor=it_strategist, text=text)
    assert GovernanceGroup.objects.get(code=c("steering")).name == old_name
    adopt_policy_version(actor=municipal_director, version=version, effective_date=TODAY())
    assert GovernanceGroup.objects.get(code=c("steering")).name == "Styrgruppen för digitalisering"


def test_g29_the_same_draft_twice_is_one_draft(draft, it_strategist, suite_text):
    again = policy_draft(actor=it_strategist, text=changed_text(suite_text))
    assert again == draft
    assert PolicyVersion.objects.count() == 2


# The page


def test_g29_draft_page_shows_the_changes_and_the_director_adopts(
    client, draft, municipal_director
):
    client.force_login(municipal_director)
    page = client.get(f"/riktlinje/version/{draft.number}/")
    assert page.status_code == 200
    content = page.content.decode()
    assert f"groups.{c('steering')}.meetings_per_year.min" in content
    assert "Utkast" in content and 'name="effective_date"' in content
    response = client.post(
        f"/riktlinje/version/{draft.number}/anta/",
        {"effective_date": TODAY().isoformat(), "decision_text": "Fastställs."},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "adopted" and draft.is_active
    assert "Fastställs." in client.get(response["Location"]).content.decode()


def test_g29_the_coordinator_sees_no_adoption_form_and_is_refused(client, draft, it_strategist):
    client.force_login(it_strategist)
    page = client.get(f"/riktlinje/version/{draft.number}/").content.decode()
    assert 'name="effective_date"' not in page
    response = client.post(
        f"/riktlinje/version/{draft.number}/anta/", {"effective_date": TODAY().isoformat()}
    )
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_g29_a_past_date_on_the_page_is_shown_on_its_field(client, draft, municipal_director):
    client.force_login(municipal_director)
    response = client.post(
        f"/riktlinje/version/{draft.number}/anta/",
        {"effective_date": (TODAY() - dt.timedelta(days=3)).isoformat()},
    )
    assert response.status_code == 400
    assert response.context["form"].has_error("effective_date")
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_g29_policy_page_lists_the_draft_awaiting_adoption(client, policy, draft, plain_user):
    client.force_login(plain_user)
    content = client.get("/riktlinje/").content.decode()
    assert "/riktlinje/version/2/" in content
    adopter = policy.role_name(c("municipal_director"))
    assert f"väntar på att {adopter} antar det" in content


def test_unknown_version_is_404(client, plain_user):
    client.force_login(plain_user)
    assert client.get("/riktlinje/version/99/").status_code == 404


# The API


def test_g29_api_draft_then_adopt(api_client, it_strategist, municipal_director, suite_text):
    api_client.force_authenticate(it_strategist)
    response = api_client.post(
        "/api/v1/policy-versions/",
        {"text": changed_text(suite_text), "source": "api.yaml"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["number"], body["status"], body["in_force"]) == (2, "draft", False)
    paths = {change["path"] for change in body["changes"]}
    assert paths == {f"groups.{c('steering')}.meetings_per_year.min"}
    assert body["changes"][0]["rule"] == "G13"

    refused = api_client.post(
        "/api/v1/policy-versions/2/adopt/", {"effective_date": TODAY().isoformat()}, format="json"
    )
    assert refused.status_code == 403
    assert refused.json()["rule"] == "G29"

    api_client.force_authenticate(municipal_director)
    past = api_client.post(
        "/api/v1/policy-versions/2/adopt/",
        {"effective_date": (TODAY() - dt.timedelta(days=1)).isoformat()},
        format="json",
    )
    assert past.status_code == 400
    assert past.json()["code"] == "effective_date_past"
    adopted = api_client.post(
        "/api/v1/policy-versions/2/adopt/", {"effective_date": TODAY().isoformat()}, format="json"
    )
    assert adopted.status_code == 200, adopted.json()
    assert adopted.json()["status"] == "adopted"
    assert adopted.json()["in_force"] is True
    again = api_client.post(
        "/api/v1/policy-versions/2/adopt/", {"effective_date": TODAY().isoformat()}, format="json"
    )
    assert again.status_code == 409
    assert api_client.get("/api/v1/policy/").json()["version"] == 2


def test_g29_api_plain_user_cannot_post_a_draft(api_client, plain_user, suite_text):
    api_client.force_authenticate(plain_user)
    response = api_client.post(
        "/api/v1/policy-versions/", {"text": changed_text(suite_text)}, format="json"
    )
    assert response.status_code == 403
    assert PolicyVersion.objects.count() == 1


def test_g29_api_invalid_policy_is_400(api_client, it_strategist):
    api_client.force_authenticate(it_strategist)
    response = api_client.post(
        "/api/v1/policy-versions/", {"text": "name: [oavslutad\n"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "policy_invalid"
    assert PolicyVersion.objects.count() == 1


def test_api_version_needs_login_and_404s(api_client, plain_user):
    assert api_client.get("/api/v1/policy-versions/1/").status_code == 401
    api_client.force_authenticate(plain_user)
    assert api_client.get("/api/v1/policy-versions/1/").json()["in_force"] is True
    assert api_client.get("/api/v1/policy-versions/99/").status_code == 404


# The CLI


def test_g29_cli_load_after_the_first_makes_a_draft(capsys, policy, tmp_path, suite_text):
    from styrsam.cli import main

    path = tmp_path / "ny.yaml"
    path.write_text(changed_text(suite_text), encoding="utf-8")
    assert main(["policy", "load", str(path)]) == 0
    assert "saved as a draft" in capsys.readouterr().out
    assert PolicyVersion.objects.get(number=2).status == "draft"
    assert get_policy().version == 1


def test_g29_upload_page_makes_a_draft(client, it_strategist, suite_text):
    client.force_login(it_strategist)
    upload = SimpleUploadedFile("p.yaml", changed_text(suite_text).encode(), "application/x-yaml")
    response = client.post("/riktlinje/", {"file": upload})
    assert response.status_code == 302
    assert get_policy().version == 1


# The demo


@pytest.mark.default_policy("the demo prepares its draft revision of the default policy only")
def test_g29_demo_has_a_draft_awaiting_the_directors_adoption(policy, client):
    from styrsam.demo import guideline, organisation
    from styrsam.demo.loader import DemoContext

    ctx = DemoContext()
    organisation.load(ctx)
    guideline.load(ctx)
    draft = PolicyVersion.objects.get(status="draft")
    assert draft.loaded_by.username == "anna"
    assert get_policy().version == 1
    client.force_login(type(draft.loaded_by).objects.get(username="lars"))
    response = client.get(f"/riktlinje/version/{draft.number}/")
    assert response.status_code == 200, response
    page = response.content.decode()
    assert 'name="effective_date"' in page
    assert "groups.steering.meetings_per_year.min" in page
