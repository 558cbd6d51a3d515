"""Forms of the register. Choices of category, kind and financing come from the policy."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from styrsam.core.pickers import MultiPickerField
from styrsam.guideline.policy import Policy
from styrsam.organisation.forms import PeopleField, PersonByUsernameField, UnitField, UnitsField

from .models import System, SystemCost
from .pickers import SYSTEMS
from .services import REGISTER_FIELDS

MAX_IMPORT_BYTES = 10 * 1024 * 1024


class SystemForm(forms.Form):
    name = forms.CharField(label=_("Namn"), max_length=200)
    description = forms.CharField(label=_("Beskrivning"), widget=forms.Textarea, required=False)
    category = forms.ChoiceField(label=_("Kategori"))
    common_kind = forms.ChoiceField(
        label=_("Typ av kommungemensamt system"),
        required=False,
        help_text=_("Bara för kommungemensamma system: ett av varje slag (G18, G19)."),
    )
    owner_unit = UnitField(label=_("Ägande förvaltning"))
    owner = PersonByUsernameField(label=_("Systemägare"), required=False)
    manager = PersonByUsernameField(
        label=_("Systemansvarig"),
        required=False,
        help_text=_("Kan sitta på IT-enheten (G10)."),
    )
    representatives = PeopleField(label=_("Systemrepresentanter"), required=False)
    using_units = UnitsField(label=_("Användande enheter"), required=False)
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
                self.fields[name].help_text = _("Ändras av %(role)s.") % {
                    "role": policy.coordinator_name()
                }
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
            "owner_unit": system.owner_unit,
            "owner": system.owner,
            "manager": system.manager,
            "representatives": list(system.representatives.all()),
            "using_units": list(system.using_units.all()),
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
    unit = UnitField(label=_("Enhet"))
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


class MessageForm(forms.Form):
    """Information to the system owners and representatives (G15)."""

    subject = forms.CharField(label=_("Ämne"), max_length=200)
    body = forms.CharField(label=_("Meddelande"), widget=forms.Textarea, max_length=10000)
    systems = MultiPickerField(
        SYSTEMS,
        label=_("System"),
        required=False,
        help_text=_(
            "Lämna tomt för att skicka till alla systemägare och systemrepresentanter. "
            "Annars får de valda systemens ägare och representanter meddelandet."
        ),
    )
