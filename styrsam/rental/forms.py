from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from styrsam.cases.services.decisions import minute_item_reference as meeting_reference
from styrsam.meetings.models import MinuteItem
from styrsam.organisation.forms import PersonByUsernameField

from .models import AssetType
from .money import month_error, parse_month

DATE = forms.DateInput(attrs={"type": "date"})


class MonthField(forms.CharField):
    """A month written ÅÅÅÅ-MM, cleaned to its first day; empty is ``None`` unless required.
    The run form and the month filters of the ledger (page and API) use it."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Månad (ÅÅÅÅ-MM)"))
        kwargs.setdefault("widget", forms.TextInput(attrs={"placeholder": "2026-09"}))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return None
        month = parse_month(value)
        if month is None:
            raise forms.ValidationError(month_error(), code="invalid_month")
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
    user = PersonByUsernameField(label=_("Användare"), required=False)
    start_date = forms.DateField(label=_("Hyrs från"), widget=DATE)

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments


class TransferForm(forms.Form):
    to_department = forms.ModelChoiceField(label=_("Till förvaltning"), queryset=None)
    date = forms.DateField(label=_("Från och med"), widget=DATE)
    user = PersonByUsernameField(label=_("Ny användare"), required=False)

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


class MinuteItemField(forms.ModelChoiceField):
    """A § of the minutes. The choices are the deciding group's recent §; any § is accepted
    here so that the service refuses one of another group with its rule (G16)."""

    def label_from_instance(self, obj) -> str:
        return f"{meeting_reference(obj)}: {obj.title}"

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return MinuteItem.objects.select_related("meeting__group").get(pk=int(value))
        except (TypeError, ValueError, MinuteItem.DoesNotExist) as exc:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from exc


class RentDecisionForm(forms.Form):
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)
    minute_item = MinuteItemField(
        label=_("Paragraf i protokollet"),
        queryset=MinuteItem.objects.none(),
        required=False,
        empty_label=_("Ingen paragraf i Styrsam – ange referens och datum"),
    )
    reference = forms.CharField(
        label=_("Beslutsreferens"),
        max_length=200,
        required=False,
        help_text=_(
            "Bara för beslut utan paragraf i Styrsam, t.ex. Finansieringsgruppen 2025-10-15 § 7."
        ),
    )
    decided_on = forms.DateField(
        label=_("Beslutsdatum"),
        widget=DATE,
        required=False,
        help_text=_(
            "Bara för beslut utan paragraf (tomt = i dag); med paragraf gäller mötets datum."
        ),
    )

    def __init__(self, *args, minute_items, group_name: str = "", **kwargs):
        # shares its page with RentLevelForm, which has a "year" too: ids of their own
        kwargs.setdefault("auto_id", "id_decision_%s")
        super().__init__(*args, **kwargs)
        field = self.fields["minute_item"]
        field.queryset = minute_items
        field.help_text = _(
            "Paragrafer ur protokollen för %(group)s i år och förra året. Referens och "
            "beslutsdatum tas från mötet."
        ) % {"group": group_name or _("den beslutande gruppen")}
        if group_name:  # the example in the words of the policy's deciding group (issue 21)
            self.fields["reference"].help_text = _(
                "Bara för beslut utan paragraf i Styrsam, t.ex. %(group)s 2025-10-15 § 7."
            ) % {"group": group_name}


class BudgetForm(forms.Form):
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)
    amount = forms.DecimalField(
        label=_("Budget (kr)"), min_value=0, max_digits=14, decimal_places=2
    )


class AssetTypeForm(forms.Form):
    """An asset type (set-up, issue 21): its code, name and whether it is in use."""

    code = forms.SlugField(
        label=_("Kod"), max_length=40, help_text=_("Kort och stabil, t.ex. dator (a–z, 0–9, -, _).")
    )
    name = forms.CharField(label=_("Namn"), max_length=120)
    is_active = forms.BooleanField(
        label=_("Aktiv"), required=False, initial=True, help_text=_("Ny utrustning kan ha typen.")
    )
