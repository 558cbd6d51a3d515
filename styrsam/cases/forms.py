from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from styrsam.guideline.policy import get_policy
from styrsam.organisation.models import GovernanceGroup, OrgUnit
from styrsam.systems.models import System

from .models import ConsultationResponse, Decision


class DateInput(forms.DateInput):
    input_type = "date"


class CaseReportForm(forms.Form):
    case_type = forms.ChoiceField(label=_("Vad gäller anmälan?"))
    title = forms.CharField(label=_("Rubrik"), max_length=200)
    description = forms.CharField(
        label=_("Beskriv behovet"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    system = forms.ModelChoiceField(
        label=_("Befintligt system som berörs"),
        queryset=System.objects.exclude(lifecycle="retired").order_by("name"),
        required=False,
        empty_label=_("– inget / nytt system –"),
    )
    proposed_system_name = forms.CharField(
        label=_("Namn på nytt system"),
        max_length=200,
        required=False,
        help_text=_("Vid inköp av nytt system: namnet det registreras med i systemförteckningen."),
    )
    common_kind = forms.ChoiceField(
        label=_("Typ av kommungemensamt system"),
        required=False,
        help_text=_("Bara för kommungemensamma system (G19)."),
    )
    amount_requested = forms.DecimalField(
        label=_("Sökt belopp från centrala medel (kr)"),
        required=False,
        min_value=1,
        decimal_places=0,
        help_text=_("Bara för delfinansiering (G27)."),
    )
    affected_units = forms.ModelMultipleChoiceField(
        label=_("Berörda förvaltningar"),
        queryset=OrgUnit.objects.filter(is_active=True, kind="department").order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("För anmälan av planerat utvecklingsprojekt (G03)."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        policy = get_policy()
        self.fields["case_type"].choices = [
            (code, f"{policy.case_type(code)['name']} ({policy.case_type(code).get('rule', '')})")
            for code in policy.case_type_codes()
        ]
        self.fields["common_kind"].choices = [("", _("– ingen –")), *policy.common_kind_choices()]


class StepCompleteForm(forms.Form):
    comment = forms.CharField(
        label=_("Kommentar"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    attachment = forms.FileField(label=_("Bilaga"), required=False)


class StepNeededForm(forms.Form):
    needed = forms.TypedChoiceField(
        label=_("Behövs steget?"),
        choices=[("1", _("Ja, steget behövs")), ("0", _("Nej, steget behövs inte"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Motivering"), widget=forms.Textarea(attrs={"rows": 2}))


class ConsultationOpenForm(forms.Form):
    deadline = forms.DateField(label=_("Svar senast"), widget=DateInput)
    question = forms.CharField(
        label=_("Frågeställning"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ConsultationResponseForm(forms.Form):
    position = forms.ChoiceField(
        label=_("Ställningstagande"),
        choices=ConsultationResponse.Position.choices,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Remissvar"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class ConsultationCloseForm(forms.Form):
    summary = forms.CharField(
        label=_("Sammanfattning av remissvaren"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Beslut"), choices=Decision.Outcome.choices)
    text = forms.CharField(label=_("Beslutstext"), widget=forms.Textarea(attrs={"rows": 4}))
    conditions = forms.CharField(
        label=_("Villkor"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    body = forms.ChoiceField(
        label=_("Beslutande organ"), choices=Decision.Body.choices, initial="steering_group"
    )
    escalation_reason = forms.CharField(
        label=_("Skäl för att kommundirektören beslutar"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Krävs när beslutet lyfts till kommundirektören (G21, G29)."),
    )
    amount_granted = forms.DecimalField(
        label=_("Beviljat belopp (kr)"),
        required=False,
        min_value=0,
        decimal_places=0,
        help_text=_("Vid delfinansiering (G27)."),
    )
    meeting_reference = forms.CharField(
        label=_("Sammanträde och paragraf"), max_length=200, required=False
    )


class CorrectionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Rättat beslut"), choices=Decision.Outcome.choices)
    text = forms.CharField(label=_("Beslutstext"), widget=forms.Textarea(attrs={"rows": 4}))
    conditions = forms.CharField(
        label=_("Villkor"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    amount_granted = forms.DecimalField(
        label=_("Beviljat belopp (kr)"), required=False, min_value=0, decimal_places=0
    )


class ForwardForm(forms.Form):
    groups = forms.ModelMultipleChoiceField(
        label=_("Beslutande grupper"),
        queryset=GovernanceGroup.objects.order_by("id"),
        widget=forms.CheckboxSelectMultiple,
    )
    units = forms.ModelMultipleChoiceField(
        label=_("Berörda förvaltningar (utöver de anmälda)"),
        queryset=OrgUnit.objects.filter(is_active=True, kind="department").order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    comment = forms.CharField(
        label=_("Kommentar"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
