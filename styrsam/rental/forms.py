from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from styrsam.organisation.forms import PersonByUsernameField

from .models import AssetType
from .money import parse_month

DATE = forms.DateInput(attrs={"type": "date"})


class MonthField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Månad (ÅÅÅÅ-MM)"))
        kwargs.setdefault("widget", forms.TextInput(attrs={"placeholder": "2026-09"}))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        month = parse_month(value)
        if month is None:
            raise forms.ValidationError(_("Ange månaden som ÅÅÅÅ-MM, t.ex. 2026-09."))
        return month


class RentRunForm(forms.Form):
    month = MonthField()


class AssetRegisterForm(forms.Form):
    asset_type = forms.ModelChoiceField(
        label=_("Typ"), queryset=AssetType.objects.filter(is_active=True)
    )
    tag = forms.CharField(label=_("Inventarienummer"), max_length=40)
    serial_number = forms.CharField(label=_("Serienummer"), max_length=80, required=False)
    model = forms.CharField(label=_("Modell"), max_length=120, required=False)
    department = forms.ModelChoiceField(label=_("Förvaltning"), queryset=None)
    user = PersonByUsernameField(label=_("Användare (användarnamn)"), required=False)
    start_date = forms.DateField(label=_("Hyrs från"), widget=DATE)

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments


class TransferForm(forms.Form):
    to_department = forms.ModelChoiceField(label=_("Till förvaltning"), queryset=None)
    date = forms.DateField(label=_("Från och med"), widget=DATE)
    user = PersonByUsernameField(label=_("Ny användare (användarnamn)"), required=False)

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_department"].queryset = departments


class ReturnForm(forms.Form):
    end_date = forms.DateField(label=_("Sista hyresdag"), widget=DATE)


class RentLevelForm(forms.Form):
    asset_type = forms.ModelChoiceField(
        label=_("Typ"), queryset=AssetType.objects.filter(is_active=True)
    )
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)
    monthly_amount = forms.DecimalField(
        label=_("Månadshyra (kr)"), min_value=0, max_digits=10, decimal_places=2
    )


class RentDecisionForm(forms.Form):
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)
    reference = forms.CharField(
        label=_("Beslutsreferens"),
        max_length=200,
        help_text=_("T.ex. Finansieringsgruppen 2026-10-14 § 5."),
    )
    decided_on = forms.DateField(label=_("Beslutsdatum"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].initial = timezone.localdate()


class BudgetForm(forms.Form):
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)
    amount = forms.DecimalField(
        label=_("Budget (kr)"), min_value=0, max_digits=14, decimal_places=2
    )
