from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from .models import Membership, OrgUnit

User = get_user_model()


class PersonByUsernameField(forms.CharField):
    """A person chosen by username: scales to 50,000 staff where a <select> would not."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        try:
            return User.objects.get(username=value.strip(), is_active=True)
        except User.DoesNotExist as exc:
            raise forms.ValidationError(
                _("Ingen aktiv person har användarnamnet %(u)s.") % {"u": value}
            ) from exc


def _active_units():
    return OrgUnit.objects.filter(is_active=True).order_by("kind", "name")


class MembershipAddForm(forms.Form):
    person = PersonByUsernameField(
        label=_("Person (användarnamn)"),
        help_text=_("Sök fram användarnamnet under Personer."),
    )
    function = forms.ChoiceField(
        label=_("Funktion"), choices=Membership.Function.choices, initial=Membership.Function.MEMBER
    )
    represents = forms.ModelChoiceField(
        label=_("Representerar enhet"),
        queryset=_active_units(),
        required=False,
        empty_label=_("– ingen –"),
    )
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
    unit = forms.ModelChoiceField(
        label=_("För enhet"),
        queryset=_active_units(),
        required=False,
        empty_label=_("– hela kommunen –"),
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
