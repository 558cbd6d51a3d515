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


class MembershipAddForm(forms.Form):
    person = PersonByUsernameField(
        label=_("Person (användarnamn)"),
        help_text=_("Sök fram användarnamnet under Personer."),
    )
    function = forms.ChoiceField(
        label=_("Funktion"), choices=Membership.Function.choices, initial="member"
    )
    represents = forms.ModelChoiceField(
        label=_("Representerar enhet"),
        queryset=OrgUnit.objects.filter(is_active=True).order_by("kind", "name"),
        required=False,
        empty_label=_("– ingen –"),
    )
    appointed_by_chair_role = forms.BooleanField(
        label=_("Utsedd av kommundirektören som ordförande i dennes ställe"), required=False
    )


class RoleAssignForm(forms.Form):
    role = forms.ChoiceField(label=_("Roll"))
    unit = forms.ModelChoiceField(
        label=_("För enhet"),
        queryset=OrgUnit.objects.filter(is_active=True).order_by("kind", "name"),
        required=False,
        empty_label=_("– hela kommunen –"),
    )

    def __init__(self, *args, role_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = role_choices
