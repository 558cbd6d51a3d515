"""factory_boy factories shared by all test modules."""

from __future__ import annotations

import datetime

import factory
from django.contrib.auth import get_user_model

from styrsam.organisation.models import (
    Committee,
    GovernanceGroup,
    Membership,
    OrgUnit,
    Profile,
    RoleAssignment,
)

from .vocab import c

User = get_user_model()


class _Translated(factory.django.DjangoModelFactory):
    """A factory whose code fields are written in the default policy's words and stored as the
    suite's policy's codes (tests/vocab.py): ``_translated`` names the fields."""

    _translated: tuple[str, ...] = ()

    class Meta:
        abstract = True

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        for name in cls._translated:
            if isinstance(kwargs.get(name), str):
                kwargs[name] = c(kwargs[name])
        return kwargs


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee

    code = factory.Sequence(lambda n: f"n{n}")
    name = factory.Sequence(lambda n: f"Nämnd {n}")


class OrgUnitFactory(_Translated):
    _translated = ("code",)

    class Meta:
        model = OrgUnit

    code = factory.Sequence(lambda n: f"unit{n}")
    name = factory.Sequence(lambda n: f"Förvaltning {n}")
    kind = OrgUnit.Kind.DEPARTMENT
    committee = factory.SubFactory(CommitteeFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    first_name = factory.Faker("first_name", locale="sv_SE")
    last_name = factory.Faker("last_name", locale="sv_SE")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.se")
    password = factory.django.Password("test-losenord-1")

    @factory.post_generation
    def profile(obj, create, extracted, **kwargs):  # noqa: N805 - factory_boy hook
        if create:
            Profile.objects.create(user=obj, unit=kwargs.get("unit"), title=kwargs.get("title", ""))


class RoleAssignmentFactory(_Translated):
    _translated = ("role",)

    class Meta:
        model = RoleAssignment

    person = factory.SubFactory(UserFactory)
    role = "it_strategist"
    unit = None
    start_date = datetime.date(2024, 1, 1)


class GroupFactory(_Translated):
    _translated = ("code",)

    class Meta:
        model = GovernanceGroup
        django_get_or_create = ("code",)

    code = "steering"
    name = "IT-styrgruppen"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    group = factory.SubFactory(GroupFactory)
    person = factory.SubFactory(UserFactory)
    function = Membership.Function.MEMBER
    start_date = datetime.date(2024, 1, 1)


def person_with_role(role: str, unit: OrgUnit | None = None, **kwargs):
    """A user holding ``role`` (a default policy's word, tests/vocab.py; for ``unit`` when the
    role is unit-scoped)."""
    user = UserFactory(**kwargs)
    RoleAssignmentFactory(person=user, role=role, unit=unit)
    return user


class SystemFactory(_Translated):
    """A business system (G22) of a department, financed by the department (G25)."""

    _translated = ("common_kind",)

    class Meta:
        model = "systems.System"

    name = factory.Sequence(lambda n: f"Verksamhetssystem {n}")
    category = "business"
    common_kind = ""
    owner_unit = factory.SubFactory(OrgUnitFactory)
    owner = factory.SubFactory(UserFactory)
    lifecycle = "in_use"
    criticality = "normal"
    vendor = "Leverantör AB"
    financing_principle = "department_own"


class SystemCostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "systems.SystemCost"

    system = factory.SubFactory(SystemFactory)
    year = 2026
    kind = "licence"
    amount = 100000


# --- rental and service desk (issue 6) ---


class AssetTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "rental.AssetType"
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"typ{n}")
    name = factory.Sequence(lambda n: f"Utrustningstyp {n}")


class RentedAssetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "rental.RentedAsset"

    asset_type = factory.SubFactory(AssetTypeFactory)
    model = "Bärbar dator 14″"
    tag = factory.Sequence(lambda n: f"INV-{n:06d}")
    department = factory.SubFactory(OrgUnitFactory)
    start_date = datetime.date(2026, 1, 1)


class RentLevelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "rental.RentLevel"

    asset_type = factory.SubFactory(AssetTypeFactory)
    year = 2026
    monthly_amount = 300


class CatalogueItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "servicedesk.CatalogueItem"

    name = factory.Sequence(lambda n: f"Artikel {n}")
    kind = "other"
    description = "Beskrivning på svenska"
    price = 0


def replace_active_policy_data(data: dict):
    """Make a new adopted version holding ``data`` the active policy (an adopted version is
    never edited, issue 11), as an installation that stored it would have it."""
    from django.utils import timezone

    from styrsam.guideline.models import PolicyVersion
    from styrsam.guideline.policy import clear_policy_cache

    current = PolicyVersion.objects.get(is_active=True)
    PolicyVersion.objects.filter(pk=current.pk).update(is_active=False)
    version = PolicyVersion.objects.create(
        number=current.number + 1,
        name=current.name,
        source="test",
        text=current.text,
        data=data,
        sha256=f"test-{current.number + 1}",
        is_active=True,
        status=PolicyVersion.Status.ADOPTED,
        effective_date=timezone.localdate(),
    )
    clear_policy_cache()
    return version
