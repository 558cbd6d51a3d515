"""Forms of the register. Choices of category, kind and financing come from the policy."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from styrsam.guideline.policy import Policy
from styrsam.organisation.forms import PersonByUsernameField
from styrsam.organisation.models import OrgUnit

from .models import System, SystemCost
from .services import REGISTER_FIELDS

User = get_user_model()
MAX_IMPORT_BYTES = 10 * 1024 * 1024


def _units():
    return OrgUnit.objects.filter(is_active=True).order_by("kind", "name")


class PeopleByUsernameField(forms.CharField):
    """Several people by username, separated by commas or spaces."""

    def clean(self, value):
        value = super().clean(value)
        names = [n for n in (value or "").replace(",", " ").split() if n]
        people = list(User.objects.filter(username__in=names, is_active=True))
        missing = sorted(set(names) - {p.username for p in people})
        if missing:
            raise forms.ValidationError(
                _("Ingen aktiv person har användarnamnet %(u)s.") % {"u": ", ".join(missing)}
            )
        return people


class SystemForm(forms.Form):
    name = forms.CharField(label=_("Namn"), max_length=200)
    description = forms.CharField(label=_("Beskrivning"), widget=forms.Textarea, required=False)
    category = forms.ChoiceField(label=_("Kategori"))
    common_kind = forms.ChoiceField(
        label=_("Typ av kommungemensamt system"),
        required=False,
        help_text=_("Bara för kommungemensamma system: ett av varje slag (G18, G19)."),
    )
    owner_unit = forms.ModelChoiceField(label=_("Ägande förvaltning"), queryset=_units())
    owner = PersonByUsernameField(label=_("Systemägare (användarnamn)"), required=False)
    manager = PersonByUsernameField(
        label=_("Systemansvarig (användarnamn)"),
        required=False,
        help_text=_("Kan sitta på IT-enheten (G10)."),
    )
    representatives = PeopleByUsernameField(
        label=_("Systemrepresentanter (användarnamn, kommaseparerade)"), required=False
    )
    using_units = forms.ModelMultipleChoiceField(
        label=_("Användande enheter"), queryset=_units(), required=False
    )
    lifecycle = forms.ChoiceField(label=_("Livscykel"), choices=System.Lifecycle.choices)
    criticality = forms.ChoiceField(
        label=_("Kritikalitet"),
        choices=System.Criticality.choices,
        help_text=_(
            "Ägare till större och verksamhetskritiska system ingår i systemägargruppen (G15)."
        ),
    )
    vendor = forms.CharField(label=_("Leverantör"), max_length=200, required=False)
    contract_end = forms.DateField(
        label=_("Avtalet löper ut"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    user_count = forms.IntegerField(label=_("Antal användare"), min_value=0, required=False)
    financing_principle = forms.ChoiceField(
        label=_("Finansieringsprincip"),
        help_text=_("Verksamhetssystem: förvaltningen själv (G25). Kommungemensamma: G26."),
    )

    def __init__(self, *args, policy: Policy, may_change_register: bool = True, **kwargs):
        """``may_change_register`` False (the system owner): owner, owning department,
        category, common kind and criticality are shown but not editable; the coordinator
        changes them (issue 11)."""
        super().__init__(*args, **kwargs)
        if not may_change_register:
            for name in REGISTER_FIELDS:
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Ändras av IT-strategen.")
        self.fields["category"].choices = policy.system_category_choices()
        self.fields["common_kind"].choices = [("", _("– inget –")), *policy.common_kind_choices()]
        self.fields["financing_principle"].choices = [
            (code, p["name"]) for code, p in policy.financing_principles().items()
        ]

    @classmethod
    def initial_from(cls, system: System) -> dict:
        return {
            "name": system.name,
            "description": system.description,
            "category": system.category,
            "common_kind": system.common_kind,
            "owner_unit": system.owner_unit_id,
            "owner": system.owner.username if system.owner else "",
            "manager": system.manager.username if system.manager else "",
            "representatives": ", ".join(u.username for u in system.representatives.all()),
            "using_units": [u.pk for u in system.using_units.all()],
            "lifecycle": system.lifecycle,
            "criticality": system.criticality,
            "vendor": system.vendor,
            "contract_end": system.contract_end,
            "user_count": system.user_count,
            "financing_principle": system.financing_principle,
        }


class CostForm(forms.Form):
    year = forms.IntegerField(label=_("År"), min_value=1990, max_value=2100)
    licence = forms.DecimalField(
        label=SystemCost.Kind.LICENCE.label, min_value=0, decimal_places=0, required=False
    )
    operation = forms.DecimalField(
        label=SystemCost.Kind.OPERATION.label, min_value=0, decimal_places=0, required=False
    )
    support = forms.DecimalField(
        label=SystemCost.Kind.SUPPORT.label, min_value=0, decimal_places=0, required=False
    )


class ConnectionForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Enhet"), queryset=_units())
    connected_to_network = forms.BooleanField(
        label=_("Ansluten till det gemensamma nätet"), required=False
    )
    reachable_via_common_number = forms.BooleanField(
        label=_("Nås via kommunens gemensamma telefonnummer"), required=False
    )
    note = forms.CharField(label=_("Kommentar"), max_length=300, required=False)


class ImportForm(forms.Form):
    """The system import's upload (Excel .xlsx or CSV, at most ``MAX_IMPORT_BYTES``)."""

    file = forms.FileField(
        label=_("Fil (Excel .xlsx eller CSV)"),
        help_text=_("Första raden ska vara kolumnrubrikerna i mallen."),
    )

    def clean_file(self):
        f = self.cleaned_data["file"]
        if not f.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Välj en fil som slutar på .xlsx eller .csv."))
        if f.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("Filen är större än 10 MB."))
        return f
