import pytest


@pytest.mark.rule("G13")
def test_g13_the_policy_creates_its_groups(policy):
    from styrsam.organisation.models import GovernanceGroup

    assert set(GovernanceGroup.objects.values_list("code", flat=True)) == set(policy.groups)


@pytest.mark.rule("G13")
@pytest.mark.default_policy("the default policy's four groups and its steering group's 10-12")
def test_g13_default_policy_creates_the_four_groups(policy):
    from styrsam.organisation.models import GovernanceGroup

    assert set(GovernanceGroup.objects.values_list("code", flat=True)) == {
        "steering",
        "preparatory",
        "system_owners",
        "financing",
    }
    assert policy.group("steering").meetings_min == 10
    assert policy.group("steering").meetings_max == 12


def test_home_requires_login(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert "/logga-in/" in response["Location"]


def test_home_renders_for_it_strategist(client, it_strategist):
    client.force_login(it_strategist)
    response = client.get("/")
    assert response.status_code == 200
    assert "Att göra" in response.content.decode()
