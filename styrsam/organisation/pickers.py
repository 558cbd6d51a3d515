"""What the organisation lets forms pick by searching (``core/pickers.py``): people and units."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from styrsam.core.pickers import PickerSource, register_picker

from .models import OrgUnit

User = get_user_model()

PEOPLE = "personer"
UNITS = "enheter"
DEPARTMENTS = "forvaltningar"


def person_label(person) -> str:
    return person.get_full_name() or person.get_username()


def _person_detail(person) -> str:
    profile = getattr(person, "profile", None)
    unit = getattr(profile, "unit", None) if profile is not None else None
    return unit.name if unit is not None else ""


def active_people(user=None):
    return (
        User.objects.filter(is_active=True)
        .select_related("profile__unit")
        .order_by("last_name", "first_name", "username")
    )


def active_units(user=None):
    return OrgUnit.objects.filter(is_active=True).order_by("kind", "name")


def active_departments(user=None):
    return active_units().filter(kind=OrgUnit.Kind.DEPARTMENT)


def register() -> None:
    register_picker(
        PickerSource(
            kind=PEOPLE,
            queryset=active_people,
            key_field="username",
            search_fields=("first_name", "last_name", "username", "email"),
            label=person_label,
            detail=_person_detail,
            key_name=_("användarnamn"),
            permission="organisation.view_organisation",
        )
    )
    for kind, queryset in ((UNITS, active_units), (DEPARTMENTS, active_departments)):
        register_picker(
            PickerSource(
                kind=kind,
                queryset=queryset,
                key_field="code",
                search_fields=("name", "code"),
                label=lambda unit: unit.name,
                detail=lambda unit: unit.get_kind_display(),
                key_name=_("enhetens kod"),
                permission="organisation.view_organisation",
            )
        )
