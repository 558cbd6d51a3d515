from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from styrsam.core.pickers import PickerField
from styrsam.organisation.forms import PersonByUsernameField
from styrsam.systems.models import System
from styrsam.systems.pickers import SYSTEMS

from .models import CatalogueItem


class OrderForm(forms.Form):
    department = forms.ModelChoiceField(label=_("Förvaltning"), queryset=None, empty_label=None)
    for_person = PersonByUsernameField(
        label=_("Till person"),
        required=False,
        help_text=_("Lämna tomt om beställningen gäller dig själv."),
    )
    quantity = forms.IntegerField(label=_("Antal"), min_value=1, max_value=500, initial=1)
    note = forms.CharField(
        label=_("Meddelande till kundservice"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments


class AnswerForm(forms.Form):
    comment = forms.CharField(label=_("Kommentar"), required=False, max_length=300)


class FulfilForm(forms.Form):
    delivery_date = forms.DateField(
        label=_("Leveransdatum"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, order, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delivery_date"].initial = timezone.localdate()
        self.rented = order.item.rented
        if self.rented:
            for i in range(1, order.quantity + 1):
                self.fields[f"tag_{i}"] = forms.CharField(
                    label=_("Inventarienummer %(i)s") % {"i": i}, max_length=40
                )
                self.fields[f"serial_{i}"] = forms.CharField(
                    label=_("Serienummer %(i)s") % {"i": i}, max_length=80, required=False
                )
        self.quantity = order.quantity

    def clean(self):
        """``assets``: the delivered units of a rented article, as ``order_fulfil`` takes them."""
        data = super().clean()
        if self.rented and not self.errors:
            data["assets"] = [
                {"tag": data[f"tag_{i}"], "serial_number": data.get(f"serial_{i}", "")}
                for i in range(1, self.quantity + 1)
            ]
        else:
            data["assets"] = []
        return data


class CatalogueItemForm(forms.ModelForm):
    # a picker, not a select of every system (3,000 at Stockholm's size: the form took a
    # quarter of a second; issue 18); any system of the register is accepted, as before
    system = PickerField(
        SYSTEMS,
        queryset=System.objects.select_related("owner_unit").order_by("name", "pk"),
        label=_("System"),
        required=False,
    )

    class Meta:
        model = CatalogueItem
        fields = list(CatalogueItem.AUDITED_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
