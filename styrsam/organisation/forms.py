from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from styrsam.core.pickers import MultiPickerField, PickerField

from .models import Committee, Membership, OrgUnit
from .pickers import PEOPLE, UNITS


class PersonByUsernameField(PickerField):
    """An active person, found by searching names (a combobox) or typed by username: scales
    to 60,000 staff where a <select> would not."""

    default_error_messages = {
        "not_found": _(
            "Ingen aktiv person har användarnamnet %(value)s. Sök på namnet och välj bland "
            "förslagen."
        ),
    }

    def __init__(self, **kwargs):
        super().__init__(PEOPLE, **kwargs)


class PeopleField(MultiPickerField):
    """Several active people (e.g. a system's representatives)."""

    default_error_messages = PersonByUsernameField.default_error_messages

    def __init__(self, **kwargs):
        super().__init__(PEOPLE, **kwargs)


class UnitField(PickerField):
    """An active unit (department, company or staff unit), found by searching its name."""

    def __init__(self, *, kind: str = UNITS, **kwargs):
        kwargs.pop("empty_label", None)
        super().__init__(kind, **kwargs)


class UnitsField(MultiPickerField):
    """Several active units."""

    def __init__(self, *, kind: str = UNITS, **kwargs):
        super().__init__(kind, **kwargs)


class MembershipAddForm(forms.Form):
    person = PersonByUsernameField(label=_("Person"))
    function = forms.ChoiceField(
        label=_("Funktion"), choices=Membership.Function.choices, initial=Membership.Function.MEMBER
    )
    represents = UnitField(label=_("Representerar enhet"), required=False)
    appointed_by_chair_role = forms.BooleanField(
        label=_("Utsedd till ordförande av den som annars är ordförande"), required=False
    )

    def __init__(self, *args, group_policy=None, policy=None, **kwargs):
        """``group_policy``: the group's part of the policy, which names the role that chairs
        it and may appoint someone in its place (G13)."""
        super().__init__(*args, **kwargs)
        chair_role = group_policy.chair_role if group_policy is not None else None
        if chair_role and policy is not None:
            self.fields["appointed_by_chair_role"].label = _(
                "Utsedd till ordförande av den som har rollen %(role)s, i dennes ställe"
            ) % {"role": policy.role_name(chair_role)}


class _OfferedRoleField(forms.ChoiceField):
    """Offers the roles the user may grant; accepts every role of the policy, so that the
    service refuses a role the user may not grant with its reason (403), not as a bad choice."""

    all_codes: set[str] = set()

    def valid_value(self, value) -> bool:
        return value in self.all_codes or super().valid_value(value)


class RoleAssignForm(forms.Form):
    role = _OfferedRoleField(label=_("Roll"))
    unit = UnitField(
        label=_("För enhet"),
        required=False,
        help_text=_("Lämna tomt för hela kommunen."),
    )

    def __init__(self, *args, policy, roles=None, **kwargs):
        """``roles``: the roles the user may grant (``roles.grantable_roles``); the service
        refuses any other, so a forged choice is refused with its reason (403)."""
        super().__init__(*args, **kwargs)
        choices = policy.role_choices()
        self.fields["role"].all_codes = {c for c, _n in choices}
        if roles is not None:
            choices = [(c, n) for c, n in choices if c in roles]
        self.fields["role"].choices = choices


class MembershipEndForm(forms.Form):
    """Ending a membership: the last day, asked for on a page of its own (no one-click end)."""

    end_date = forms.DateField(
        label=_("Sista dag i gruppen"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Lämna tomt för i dag."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["end_date"].initial = timezone.localdate()


# --- set-up (issue 21): units, committees and the import of the organisation --------------


class CommitteeForm(forms.Form):
    code = forms.SlugField(
        label=_("Kod"), max_length=40, help_text=_("Kort och stabil, t.ex. sn (a–z, 0–9, -, _).")
    )
    name = forms.CharField(label=_("Namn"), max_length=200)
    is_executive = forms.BooleanField(label=_("Kommunstyrelsen"), required=False)


class OrgUnitForm(forms.Form):
    code = forms.SlugField(
        label=_("Kod"), max_length=40, help_text=_("Kort och stabil, t.ex. soc (a–z, 0–9, -, _).")
    )
    name = forms.CharField(label=_("Namn"), max_length=200)
    kind = forms.ChoiceField(label=_("Typ"), choices=OrgUnit.Kind.choices)
    # a municipality has a handful of committees: a plain select
    committee = forms.ModelChoiceField(
        label=_("Nämnd"), queryset=Committee.objects.all(), required=False, empty_label="–"
    )
    is_active = forms.BooleanField(label=_("Aktiv"), required=False, initial=True)
