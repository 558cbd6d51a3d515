"""A policy without an ``orders`` or ``rental`` section: the built-in fallbacks are written in
the default policy's role codes, and under a policy that renamed its roles they must grant
nothing rather than name roles the municipality does not have (issue 21)."""

from __future__ import annotations

import copy

import pytest

from styrsam.demo.vocabulary import KOMMUNER
from styrsam.guideline.policy import Policy, default_policy_path
from styrsam.guideline.validation import validate_policy


def _without_sections(path) -> Policy:
    data = copy.deepcopy(validate_policy(path.read_text(encoding="utf-8")))
    data.pop("orders", None)
    data.pop("rental", None)
    return Policy(data)


@pytest.mark.rule("G07")
@pytest.mark.rule("G24")
def test_fallbacks_name_only_roles_the_policy_has():
    renamed = _without_sections(KOMMUNER["andra"].policy_file)
    assert renamed.order_fulfil_roles() == []
    assert renamed.catalogue_manager_roles() == []
    assert renamed.rent_decision_roles() == []
    assert renamed.rental_manager_roles() == []


@pytest.mark.rule("G07")
@pytest.mark.rule("G24")
def test_fallbacks_keep_the_default_policys_roles():
    default = _without_sections(default_policy_path())
    assert default.order_fulfil_roles() == ["service_desk"]
    assert default.catalogue_manager_roles() == ["service_desk"]
    assert default.rent_decision_roles() == ["finance_director"]
    assert default.rental_manager_roles() == ["head_of_it_unit"]
