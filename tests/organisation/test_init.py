"""``styrsam init`` (issue 21 item 3): a municipality starts from an empty database with its
own policy and a first account, without a developer; running it again changes nothing."""

from __future__ import annotations

import pytest

from styrsam.cli import main
from styrsam.core.models import AuditEntry
from styrsam.guideline.models import PolicyVersion
from styrsam.guideline.policy import default_policy_path, get_policy
from styrsam.organisation.models import (
    GovernanceGroup,
    Municipality,
    OrgUnit,
    RoleAssignment,
)
from styrsam.organisation.roles import is_coordinator

ANDRA = default_policy_path().parent / "andra_policy.yaml"


@pytest.fixture
def init_args(tmp_path):
    def args(policy=ANDRA, username="strateg"):
        return [
            "init",
            "--policy",
            str(policy),
            "--admin-username",
            username,
            "--admin-email",
            "strateg@andrakommun.se",
            "--admin-name",
            "Sara Strateg",
            "--kommun",
            "Andrakommun",
        ]

    return args


@pytest.mark.rule("G02")
def test_init_from_an_empty_database(db, init_args, monkeypatch, capsys, django_user_model):
    monkeypatch.setenv("STYRSAM_ADMIN_PASSWORD", "ett-langt-losenord-2026")
    assert not PolicyVersion.objects.exists()
    assert main(init_args()) == 0
    out = capsys.readouterr().out
    assert "Nästa steg" in out
    policy = get_policy()
    assert PolicyVersion.objects.get(is_active=True).source == str(ANDRA)
    assert set(GovernanceGroup.objects.values_list("code", flat=True)) == set(policy.groups)
    assert set(OrgUnit.objects.values_list("code", flat=True)) == set(policy.unit_codes())
    assert Municipality.objects.get().name == "Andrakommun"
    user = django_user_model.objects.get(username="strateg")
    assert user.check_password("ett-langt-losenord-2026")
    assert (user.first_name, user.last_name, user.is_staff, user.is_superuser) == (
        "Sara",
        "Strateg",
        True,
        False,
    )
    assert user.profile.unit.code == policy.it_unit_code()
    assert is_coordinator(user)
    assert RoleAssignment.objects.get(person=user).role == policy.coordinator_roles()[0]
    assert AuditEntry.objects.filter(action="person.create", object_id=str(user.pk)).count() == 1


def test_init_again_changes_nothing_and_says_so(db, init_args, monkeypatch, capsys):
    monkeypatch.setenv("STYRSAM_ADMIN_PASSWORD", "ett-langt-losenord-2026")
    assert main(init_args()) == 0
    capsys.readouterr()
    entries = AuditEntry.objects.count()
    assert main(init_args()) == 0
    out = capsys.readouterr().out
    assert "Ingenting ändrades" in out
    assert AuditEntry.objects.count() == entries
    assert PolicyVersion.objects.count() == 1


def test_init_with_another_policy_in_force_changes_nothing(db, init_args, monkeypatch, capsys):
    monkeypatch.setenv("STYRSAM_ADMIN_PASSWORD", "ett-langt-losenord-2026")
    assert main(init_args()) == 0
    entries = AuditEntry.objects.count()
    assert main(init_args(policy=default_policy_path(), username="annan")) == 1
    assert "En annan policy gäller redan" in capsys.readouterr().err
    assert AuditEntry.objects.count() == entries
    assert PolicyVersion.objects.count() == 1


def test_init_without_a_password_creates_nothing(db, init_args, monkeypatch, capsys):
    monkeypatch.delenv("STYRSAM_ADMIN_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert main(init_args()) == 1
    assert "STYRSAM_ADMIN_PASSWORD" in capsys.readouterr().err
    assert not PolicyVersion.objects.exists()
    assert not AuditEntry.objects.exists()


def test_init_refuses_a_weak_password(db, init_args, monkeypatch, capsys):
    monkeypatch.setenv("STYRSAM_ADMIN_PASSWORD", "123")
    assert main(init_args()) == 1
    assert "Lösenordet" in capsys.readouterr().err
    assert not PolicyVersion.objects.exists()
