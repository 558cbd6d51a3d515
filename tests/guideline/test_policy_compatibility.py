"""Safe policy changes (issue 21): loading a version that lacks codes the data uses is refused,
naming them, unless a rename table maps them; with the table the data follows the new codes.
A case whose type the active policy no longer knows is still shown, never a 500."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from styrsam.cases import services as case_services
from styrsam.cases.models import Case, CaseStep
from styrsam.cli import main
from styrsam.core.errors import Conflict, ValidationFailed
from styrsam.core.models import AuditEntry
from styrsam.demo.vocabulary import ANDRA_CODES, KOMMUNER
from styrsam.guideline.compatibility import parse_renames
from styrsam.guideline.models import PolicyVersion
from styrsam.guideline.policy import get_policy
from styrsam.guideline.services import policy_load
from styrsam.organisation.models import GovernanceGroup, RoleAssignment
from tests.factories import MembershipFactory, OrgUnitFactory, person_with_role

pytestmark = pytest.mark.django_db
ANDRA = KOMMUNER["andra"].policy_file


@pytest.fixture
def in_use(policy):
    """Data of the default policy: a strategist, a steering-group member, an open case."""
    unit = OrgUnitFactory(kind="department", code="vof")
    strategist = person_with_role("it_strategist", username="strateg")
    owner = person_with_role("system_owner", unit=unit, username="agare")
    steering = GovernanceGroup.objects.get(code="steering")
    MembershipFactory(group=steering, person=strategist)
    case = case_services.case_report(
        actor=owner, case_type="business_system_change", title="Nytt system", reporting_unit=unit
    )
    return {"strategist": strategist, "owner": owner, "case": case}


def _renames() -> dict[str, str]:
    return dict(ANDRA_CODES)


@pytest.mark.default_policy(
    "migrates the default policy's data to Andrakommun's policy (ANDRA_CODES)"
)
@pytest.mark.rule("G29")
def test_g29_a_policy_lacking_codes_in_use_is_refused_naming_them(in_use):
    versions = PolicyVersion.objects.count()
    with pytest.raises(Conflict) as info:
        policy_load(actor=None, text=ANDRA.read_text(encoding="utf-8"), source="andra")
    error = info.value
    assert error.code == "policy_codes_in_use" and error.status == 409
    missing = error.extra["missing_codes"]
    assert {"it_strategist", "system_owner"} <= set(missing["roles"])
    assert missing["groups"] == ["steering"]
    assert missing["case_types"] == ["business_system_change"]
    assert "it_strategist" in error.detail and "steering" in error.detail
    # nothing written: the default policy is still the active one
    assert PolicyVersion.objects.count() == versions
    assert "it_strategist" in get_policy().role_codes()
    assert RoleAssignment.objects.filter(role="it_strategist").count() == 1


@pytest.mark.default_policy(
    "migrates the default policy's data to Andrakommun's policy (ANDRA_CODES)"
)
@pytest.mark.rule("G29")
def test_g29_a_partial_rename_table_names_what_is_still_missing(in_use):
    renames = {"it_strategist": "digitaliseringsstrateg", "steering": "fel_kod"}
    with pytest.raises(Conflict) as info:
        policy_load(actor=None, text=ANDRA.read_text(encoding="utf-8"), renames=renames)
    missing = info.value.extra["missing_codes"]
    assert "it_strategist" not in missing["roles"]
    assert missing["groups"] == ["steering"]  # mapped to a code the new policy lacks


@pytest.mark.default_policy(
    "migrates the default policy's data to Andrakommun's policy (ANDRA_CODES)"
)
@pytest.mark.rule("G29")
def test_g29_with_a_rename_table_the_data_follows_the_new_codes(in_use, client):
    policy_load(
        actor=None, text=ANDRA.read_text(encoding="utf-8"), source="andra", renames=_renames()
    )
    assert get_policy().name == "Riktlinje för digitalisering i Andrakommun"
    assert RoleAssignment.objects.filter(role="digitaliseringsstrateg").count() == 1
    assert not RoleAssignment.objects.filter(role="it_strategist").exists()
    council = GovernanceGroup.objects.get(code="digitaliseringsradet")
    assert council.memberships.get().person == in_use["strategist"]
    assert not GovernanceGroup.objects.filter(code="steering").exists()
    case = Case.objects.get(pk=in_use["case"].pk)
    assert case.case_type == "verksamhetslosning"
    performers = {r for s in CaseStep.objects.filter(case=case) for r in s.performer_roles}
    assert "digitaliseringsstrateg" in performers and "it_strategist" not in performers
    entry = AuditEntry.objects.filter(action="policy.load").order_by("-pk").first()
    assert entry.after["renames"]["roles"]["it_strategist"] == "digitaliseringsstrateg"
    # the renamed strategist coordinates under the new policy
    client.force_login(in_use["strategist"])
    assert client.get("/grupper/digitaliseringsradet/").status_code == 200
    assert client.get(f"/arenden/{case.pk}/").status_code == 200


def test_a_rename_must_be_old_equals_new():
    assert parse_renames("a=b\nc = d, e=f") == {"a": "b", "c": "d", "e": "f"}
    with pytest.raises(ValidationFailed) as info:
        parse_renames(["it_strategist"])
    assert info.value.code == "rename_invalid"


@pytest.mark.default_policy(
    "migrates the default policy's data to Andrakommun's policy (ANDRA_CODES)"
)
@pytest.mark.rule("G29")
def test_g29_policy_load_command_refuses_then_loads_with_renames(in_use, capsys):
    assert main(["policy", "load", str(ANDRA)]) == 1
    err = capsys.readouterr().err
    assert "inget har laddats" in err and "it_strategist" in err and "steering" in err
    assert "it_strategist" in get_policy().role_codes()
    args = [f"--rename={old}={new}" for old, new in _renames().items()]
    assert main(["policy", "load", str(ANDRA), *args]) == 0
    # G29: a later file is a draft that keeps its rename table until it is adopted
    draft = PolicyVersion.objects.get(status=PolicyVersion.Status.DRAFT)
    assert draft.renames == _renames()
    assert "it_strategist" in get_policy().role_codes()
    _adopt(draft)
    assert get_policy().name == "Riktlinje för digitalisering i Andrakommun"
    assert RoleAssignment.objects.filter(role="digitaliseringsstrateg").count() == 1


def _adopt(draft):
    from django.utils import timezone

    from styrsam.guideline.services import adopt_policy_version

    director = person_with_role("municipal_director", username="direktor")
    adopt_policy_version(actor=director, version=draft, effective_date=timezone.localdate())


@pytest.mark.default_policy(
    "migrates the default policy's data to Andrakommun's policy (ANDRA_CODES)"
)
@pytest.mark.rule("G29")
def test_g29_policy_page_refuses_with_the_codes_and_loads_with_the_table(in_use, client):
    client.force_login(in_use["strategist"])

    def upload(renames):
        return client.post(
            reverse("guideline:policy"),
            {
                "file": SimpleUploadedFile("andra.yaml", ANDRA.read_bytes()),
                "renames": renames,
            },
        )

    refused = upload("")
    assert refused.status_code == 409
    assert "it_strategist" in refused.content.decode()
    assert "it_strategist" in get_policy().role_codes()
    bad = upload("it_strategist")
    assert bad.status_code == 400
    table = "\n".join(f"{old}={new}" for old, new in _renames().items())
    assert upload(table).status_code == 302
    draft = PolicyVersion.objects.get(status=PolicyVersion.Status.DRAFT)
    assert draft.renames == _renames()
    _adopt(draft)
    assert "digitaliseringsstrateg" in get_policy().role_codes()


@pytest.mark.default_policy(
    "migrates the default policy's data to Andrakommun's policy (ANDRA_CODES)"
)
def test_a_decided_case_of_a_type_the_policy_lacks_is_still_shown(in_use, client):
    Case.objects.filter(pk=in_use["case"].pk).update(status=Case.Status.DECIDED)
    renames = {k: v for k, v in _renames().items() if k != "business_system_change"}
    policy_load(actor=None, text=ANDRA.read_text(encoding="utf-8"), renames=renames)
    assert Case.objects.get(pk=in_use["case"].pk).case_type == "business_system_change"
    client.force_login(in_use["owner"])
    response = client.get(f"/arenden/{in_use['case'].pk}/")
    assert response.status_code == 200
    assert client.get("/arenden/").status_code == 200
