from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from styrsam.cases.models import Case, Decision
from styrsam.cases.pickers import OPEN_CASES
from styrsam.core.pickers import PickerField
from styrsam.organisation.forms import PersonByUsernameField
from styrsam.organisation.models import OrgUnit

from .models import AgendaItem, ProjectStatus


class MeetingCancelForm(forms.Form):
    """Cancelling a meeting: asked on a page of its own (no one-click cancel), with a reason
    that the meeting's history keeps."""

    reason = forms.CharField(
        label=_("Skäl"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Syns i mötets historik."),
    )


class MeetingPlanForm(forms.Form):
    date = forms.DateField(label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(
        label=_("Starttid"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    end_time = forms.TimeField(
        label=_("Sluttid"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    place = forms.CharField(label=_("Plats"), required=False, max_length=200)
    online_link = forms.URLField(
        label=_("Länk till digitalt möte"), required=False, assume_scheme="https"
    )
    secretary = PersonByUsernameField(label=_("Sekreterare"), required=False)


class CaseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return str(obj)


class AgendaItemForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Typ"), choices=AgendaItem.Kind.choices, initial=AgendaItem.Kind.FREE
    )
    title = forms.CharField(
        label=_("Rubrik"),
        max_length=300,
        required=False,
        help_text=_("För en ärendepunkt: ärendets rubrik om du lämnar fältet tomt."),
    )
    # a picker: the open cases are many (870 at twice Stockholm's size, issue 18)
    case = PickerField(
        OPEN_CASES, label=_("Ärende"), required=False, help_text=_("För ärendepunkter.")
    )
    presenter = PersonByUsernameField(label=_("Föredragande"), required=False)
    description = forms.CharField(label=_("Beskrivning"), required=False, widget=forms.Textarea)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "agenda_%s")  # unique ids beside the minute form
        super().__init__(*args, **kwargs)


class MinuteItemForm(forms.Form):
    agenda_item = forms.ModelChoiceField(
        label=_("Punkt på föredragningslistan"),
        queryset=AgendaItem.objects.none(),
        required=False,
        empty_label=_("– ingen –"),
    )
    title = forms.CharField(label=_("Rubrik"), max_length=300, required=False)
    case = CaseChoiceField(
        label=_("Ärende"),
        queryset=Case.objects.none(),
        required=False,
        empty_label=_("– inget –"),
        help_text=_("Ärendena på mötets föredragningslista."),
    )
    text = forms.CharField(label=_("Anteckning"), required=False, widget=forms.Textarea)
    decision_outcome = forms.ChoiceField(
        label=_("Beslut i ärendet"),
        choices=[("", _("– inget beslut i ärendet –")), *Decision.Outcome.choices],
        required=False,
        help_text=_(
            "Bifall, avslag eller återremiss registreras direkt som ärendets beslut och kan "
            "inte ändras efteråt."
        ),
    )
    decision = forms.CharField(label=_("Beslut"), required=False, widget=forms.Textarea)
    amount_granted = forms.DecimalField(
        label=_("Beviljat belopp (kr)"),
        required=False,
        min_value=0,
        decimal_places=0,
        help_text=_("Vid delfinansiering via centrala medel (G27)."),
    )

    def __init__(self, *args, meeting=None, **kwargs):
        kwargs.setdefault("auto_id", "minute_%s")  # unique ids beside the agenda form
        super().__init__(*args, **kwargs)
        if meeting is not None:
            self.fields["agenda_item"].queryset = meeting.agenda_items.all()
            self.fields["case"].queryset = Case.objects.filter(
                agenda_items__meeting=meeting
            ).order_by("year", "number")


class MinuteEditForm(forms.Form):
    title = forms.CharField(label=_("Rubrik"), max_length=300)
    text = forms.CharField(label=_("Anteckning"), required=False, widget=forms.Textarea)
    decision = forms.CharField(label=_("Beslut"), required=False, widget=forms.Textarea)


class AdjusterForm(forms.Form):
    adjuster = forms.ChoiceField(label=_("Justerare"))

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["adjuster"].choices = [
            (str(m.person_id), m.person.get_full_name() or m.person.username) for m in members
        ]


PROJECT_ROWS = 3


class StatusReportForm(forms.Form):
    text = forms.CharField(
        label=_("Status för förvaltningens initierade och pågående projekt"), widget=forms.Textarea
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(1, PROJECT_ROWS + 1):
            self.fields[f"project_{i}"] = forms.CharField(
                label=_("Projekt %(n)s") % {"n": i}, required=False, max_length=200
            )
            self.fields[f"light_{i}"] = forms.ChoiceField(
                label=_("Trafikljus för projekt %(n)s") % {"n": i},
                choices=[("", "–"), *ProjectStatus.Light.choices],
                required=False,
            )

    def projects(self) -> list[dict]:
        rows = []
        for i in range(1, PROJECT_ROWS + 1):
            name = self.cleaned_data.get(f"project_{i}", "").strip()
            if name:
                rows.append({"project": name, "light": self.cleaned_data.get(f"light_{i}")})
        return rows


class CompanyMeetingForm(forms.Form):
    company = forms.ModelChoiceField(
        label=_("Bolag"),
        queryset=OrgUnit.objects.filter(kind=OrgUnit.Kind.COMPANY, is_active=True).order_by("name"),
    )
    date = forms.DateField(
        label=_("Datum"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Ett datum framåt planerar mötet; det räknas som hållet från den dagen."),
    )
    coordination = forms.CharField(label=_("Samordning"), required=False, widget=forms.Textarea)
    needs = forms.CharField(label=_("Fångade behov"), required=False, widget=forms.Textarea)
    projects = forms.CharField(
        label=_("Projekt som bolaget informerats om"), required=False, widget=forms.Textarea
    )
