from __future__ import annotations

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from styrsam.core.formats import lower_first
from styrsam.core.pickers import PickerField
from styrsam.guideline.policy import get_policy
from styrsam.organisation.models import GovernanceGroup, OrgUnit
from styrsam.systems.pickers import SYSTEMS

from .attachments import MAX_ATTACHMENT_BYTES
from .models import Case, ConsultationResponse, Decision, body_name


class DateInput(forms.DateInput):
    input_type = "date"


class CaseReportForm(forms.Form):
    case_type = forms.ChoiceField(label=_("Vad gäller anmälan?"))
    title = forms.CharField(label=_("Rubrik"), max_length=200)
    description = forms.CharField(
        label=_("Beskriv behovet"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    system = PickerField(
        SYSTEMS,
        label=_("Befintligt system som berörs"),
        required=False,
        help_text=_("Lämna tomt om anmälan gäller ett nytt system."),
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
    successor_name = forms.CharField(
        label=_("Efterträdare (nytt system som ersätter det befintliga)"),
        max_length=200,
        required=False,
        help_text=_(
            "Vid byte av ett kommungemensamt system: välj det befintliga systemet ovan och ange "
            "det nya här. Kommunen har bara ett system av varje slag (G18): beslutet registrerar "
            "efterträdaren som planerat och sätter det befintliga i avveckling."
        ),
    )
    handover_date = forms.DateField(
        label=_("Föreslaget överlämningsdatum"),
        required=False,
        widget=DateInput,
        help_text=_("När efterträdaren tar över (G18)."),
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

    def __init__(self, *args, case_types=None, case_type: str | None = None, **kwargs):
        """``case_types``: the types the user may report (all if omitted); ``case_type``: the
        chosen one, whose fields alone are shown (the type itself then travels hidden)."""
        super().__init__(*args, **kwargs)
        policy = get_policy()
        codes = list(case_types) if case_types is not None else policy.case_type_codes()
        self.fields["case_type"].choices = [(code, case_type_label(policy, code)) for code in codes]
        self.fields["common_kind"].choices = [("", _("– ingen –")), *policy.common_kind_choices()]
        self.chosen_type = case_type if case_type in codes else None
        if self.chosen_type:
            self.fields["case_type"].widget = forms.HiddenInput()
            self.initial["case_type"] = self.chosen_type
            for name in self.fields_not_for(policy, self.chosen_type):
                del self.fields[name]

    @staticmethod
    def fields_not_for(policy, case_type: str) -> list[str]:
        """The fields a type of case does not use, from the policy: a system only where the
        type registers one (G21, G23), its kind only for common systems (G19), an amount only
        where the type carries one (G27), affected departments only where the case is
        forwarded to them (G03)."""
        unused = []
        category = policy.registers_system(case_type)
        if not category:
            unused += ["system", "proposed_system_name", "common_kind"]
        elif not policy.category_one_per_kind(category):
            unused.append("common_kind")
        if not policy.carries_amount(case_type):
            unused.append("amount_requested")
        if policy.forwarding_step(case_type) is None:
            unused.append("affected_units")
        return unused


def case_type_label(policy, code: str) -> str:
    ct = policy.case_type(code)
    return f"{ct['name']} ({ct['rule']})" if ct.get("rule") else ct["name"]


class StepCompleteForm(forms.Form):
    comment = forms.CharField(
        label=_("Kommentar"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    attachment = forms.FileField(label=_("Bilaga"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachment"].help_text = gettext_now("Högst %(max)s.") % {
            "max": filesizeformat(MAX_ATTACHMENT_BYTES)
        }


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
    early_close_reason = forms.CharField(
        label=_("Skäl att avsluta före sista svarsdag"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Krävs när sista svarsdag inte har passerat och ledamöter inte har svarat."),
    )


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Beslut"), choices=Decision.Outcome.choices)
    text = forms.CharField(label=_("Beslutstext"), widget=forms.Textarea(attrs={"rows": 4}))
    conditions = forms.CharField(
        label=_("Villkor"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    body = forms.ChoiceField(
        label=_("Beslutande organ"),
        choices=Decision.Body.choices,
        initial=Decision.Body.STEERING_GROUP,
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
    decided_on = forms.DateField(
        label=_("Beslutsdatum"),
        required=False,
        widget=DateInput,
        help_text=_(
            "Dagens datum om det lämnas tomt; får inte ligga i framtiden. Ett beslut i "
            "protokollet får mötets datum."
        ),
    )
    handover_date = forms.DateField(
        label=_("Överlämningsdatum"),
        required=False,
        widget=DateInput,
        help_text=_("Vid byte av system: när efterträdaren tar över (G18)."),
    )

    def __init__(self, *args, case: Case | None = None, **kwargs):
        """For ``case``: the bodies named as the policy names them for its type (the deciding
        group, and the escalation role if the type may be lifted, G29); the amount only for
        a type that carries one (G27)."""
        super().__init__(*args, **kwargs)
        policy = get_policy()
        if case is None or not policy.has_case_type(case.case_type):
            return
        normal = Decision.Body.STEERING_GROUP
        choices = [(normal, body_name(normal, case.case_type, policy))]
        role = policy.escalation_role(case.case_type)
        if role:
            lifted = Decision.Body.MUNICIPAL_DIRECTOR
            choices.append((lifted, body_name(lifted, case.case_type, policy)))
            named = {"role": lower_first(policy.role_name(role))}
            self.fields["escalation_reason"].label = (
                gettext_now("Skäl för att %(role)s beslutar") % named
            )
            self.fields["escalation_reason"].help_text = (
                gettext_now("Krävs när beslutet lyfts till %(role)s (G21, G29).") % named
            )
        else:
            del self.fields["escalation_reason"]
        self.fields["body"].choices = choices
        if not policy.carries_amount(case.case_type):
            del self.fields["amount_granted"]
        if case.successor_name:
            self.fields["handover_date"].initial = case.handover_date
        else:
            del self.fields["handover_date"]


class CorrectionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Rättat beslut"), choices=Decision.Outcome.choices)
    text = forms.CharField(label=_("Beslutstext"), widget=forms.Textarea(attrs={"rows": 4}))
    conditions = forms.CharField(
        label=_("Villkor"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    amount_granted = forms.DecimalField(
        label=_("Beviljat belopp (kr)"), required=False, min_value=0, decimal_places=0
    )
    decided_on = forms.DateField(
        label=_("Beslutsdatum"),
        required=False,
        widget=DateInput,
        help_text=_("Dagens datum om det lämnas tomt; får inte ligga i framtiden."),
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
