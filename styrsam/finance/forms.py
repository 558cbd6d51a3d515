"""Forms of the finance pages. They validate shape only; the services judge the rules."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from styrsam.core.pickers import PickerField
from styrsam.meetings.models import MinuteItem

from .models import AllocationKey, BudgetKind, Source
from .pickers import SHARED_SYSTEMS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BudgetPlanForm(forms.Form):
    """A draft: the kind, the first year and one amount per year (3–4 years, G16)."""

    kind = forms.ChoiceField(label=_("Budgetslag"), choices=BudgetKind.choices)
    first_year = forms.IntegerField(label=_("Första år"), min_value=2000, max_value=2100)
    note = forms.CharField(
        label=_("Motivering"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, years: int = 4, fixed: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.year_count = years
        if fixed:  # editing a draft: kind and years are the plan's
            del self.fields["kind"]
            del self.fields["first_year"]
        for i in range(years):
            self.fields[f"amount_{i}"] = forms.DecimalField(
                label=_("Belopp år %(n)s (kr)") % {"n": i + 1},
                required=i == 0,
                min_value=0,
                decimal_places=0,
                max_digits=14,
            )

    def amounts(self) -> list:
        values = [self.cleaned_data.get(f"amount_{i}") for i in range(self.year_count)]
        while values and values[-1] is None:
            values.pop()
        return [v if v is not None else 0 for v in values]


class MinutesForm(forms.Form):
    """A group's proposal (G13) or decision (G16): its § or, for one taken before Styrsam,
    a text reference and date."""

    minute_item = forms.ModelChoiceField(
        label=_("Paragraf i protokollet"),
        queryset=MinuteItem.objects.none(),
        required=False,
        empty_label=_("– ingen paragraf (beslut före Styrsam) –"),
    )
    reference = forms.CharField(
        label=_("Referens"),
        required=False,
        max_length=200,
        help_text=_("Bara utan paragraf, t.ex. ”Finansieringsgruppen 2025-10-15 § 7”."),
    )
    date = forms.DateField(label=_("Datum"), required=False, widget=DATE)

    def __init__(self, *args, minute_items=None, prefix=None, group_name: str = "", **kwargs):
        """``group_name``: the group whose § this is, as the policy names it; the reference's
        example is in its words (issue 21: Digitaliseringsrådet, not Finansieringsgruppen)."""
        super().__init__(*args, prefix=prefix, **kwargs)
        if minute_items is not None:
            self.fields["minute_item"].queryset = minute_items
        self.fields["minute_item"].label_from_instance = _minute_label
        if group_name:
            self.fields["reference"].help_text = _(
                "Bara utan paragraf, t.ex. ”%(group)s 2025-10-15 § 7”."
            ) % {"group": group_name}

    def service_kwargs(self, date_name: str) -> dict:
        data = self.cleaned_data
        return {
            "minute_item": data["minute_item"],
            "reference": data["reference"],
            date_name: data["date"],
        }


def _minute_label(item: MinuteItem) -> str:
    meeting = item.meeting
    return f"{meeting.group.name} {meeting.date:%Y-%m-%d} § {item.number}: {item.title}"


class AllocationKeyForm(forms.Form):
    """A key: the system, the basis, the first year and a weight per department (G26)."""

    system = PickerField(SHARED_SYSTEMS, label=_("System"))
    basis = forms.ChoiceField(label=_("Fördelningsgrund"), choices=AllocationKey.Basis.choices)
    valid_from = forms.IntegerField(label=_("Gäller från år"), min_value=2000, max_value=2100)
    note = forms.CharField(label=_("Kommentar"), required=False, max_length=300)

    def __init__(self, *args, systems, units, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("valid_from", timezone.localdate().year)
        super().__init__(*args, **kwargs)
        self.fields["system"].queryset = systems
        self.units = list(units)
        for unit in self.units:
            self.fields[f"w_{unit.pk}"] = forms.DecimalField(
                label=unit.name,
                required=False,
                min_value=0,
                decimal_places=2,
                max_digits=12,
            )

    def main_fields(self):
        return [self[name] for name in ("system", "basis", "valid_from", "note")]

    def weight_fields(self):
        return [self[f"w_{unit.pk}"] for unit in self.units]

    def weights(self) -> list:
        return [(u, self.cleaned_data.get(f"w_{u.pk}")) for u in self.units]


class DepartmentBudgetForm(forms.Form):
    source = forms.ChoiceField(label=_("Rad"), choices=Source.choices)
    amount = forms.DecimalField(
        label=_("Budget (kr)"), min_value=0, decimal_places=0, max_digits=14
    )
