"""Forms of the project pages. They validate shape only; the services judge the rules."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from styrsam.core.pickers import MultiPickerField
from styrsam.guideline.policy import get_policy
from styrsam.meetings.models import Meeting
from styrsam.organisation.forms import PersonByUsernameField
from styrsam.organisation.models import Committee, OrgUnit
from styrsam.systems.pickers import SYSTEMS

from . import selectors
from .models import Activity, Light, Project, origin_label

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
User = get_user_model()


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


def _people():
    return User.objects.filter(is_active=True).order_by("last_name", "first_name", "pk")


class GoalChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.plan.committee.name} {obj.plan.year}: {obj.number} {obj.title}"


class ActivityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.plan.department.name} {obj.plan.year}: {obj.title}"


class ProjectForm(forms.Form):
    name = forms.CharField(label=_("Namn"), max_length=200)
    description = forms.CharField(
        label=_("Beskrivning"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    department = forms.ModelChoiceField(
        label=_("Förvaltning (driver och betalar projektet, G01)"), queryset=OrgUnit.objects.none()
    )
    origin = forms.ChoiceField(
        label=_("Ursprung"),
        choices=[c for c in Project.Origin.choices if c[0] != Project.Origin.NOTIFICATION],
    )
    phase = forms.ChoiceField(
        label=_("Fas"),
        choices=[
            c
            for c in Project.Phase.choices
            if c[0] not in (Project.Phase.FINISHED, Project.Phase.STOPPED)
        ],
    )
    # pickers (core/pickers.py): every active person or system in a <select> rendered 60,000
    # people twice and 3,000 systems on each project form (issue 18)
    owner = PersonByUsernameField(label=_("Projektägare"), required=False)
    manager = PersonByUsernameField(label=_("Projektledare"), required=False)
    goal = GoalChoiceField(label=_("Mål i uppdragsplan"), queryset=None, required=False)
    activity = ActivityChoiceField(
        label=_("Aktivitet i verksamhetsplan"), queryset=Activity.objects.none(), required=False
    )
    systems = MultiPickerField(SYSTEMS, label=_("Berörda system"), required=False)
    planned_start = forms.DateField(label=_("Planerad start"), required=False, widget=DATE)
    planned_end = forms.DateField(label=_("Planerat slut"), required=False, widget=DATE)
    budget = forms.DecimalField(
        label=_("Budget (kr)"), required=False, min_value=0, max_digits=14, decimal_places=0
    )
    funding = forms.ChoiceField(label=_("Finansiering"), choices=Project.Funding.choices)

    def __init__(self, *args, departments=None, edit: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["origin"].choices = [
            (code, origin_label(code)) for code, _label in self.fields["origin"].choices
        ]
        self.fields["origin"].help_text = _(
            "En förvaltnings anmälan (G03) blir ett projekt när %(role)s vidarebefordrar den."
        ) % {"role": get_policy().coordinator_name()}
        self.fields["department"].queryset = (
            departments
            if departments is not None
            else OrgUnit.objects.filter(is_active=True).order_by("name")
        )
        self.fields["goal"].queryset = selectors.goal_choices()
        self.fields["activity"].queryset = Activity.objects.select_related(
            "plan", "plan__department"
        ).order_by("-plan__year", "plan__department__name", "pk")
        if edit:
            for name in ("department", "origin", "phase"):
                del self.fields[name]
            self.fields["actual_start"] = forms.DateField(
                label=_("Faktisk start"), required=False, widget=DATE
            )
            self.fields["actual_end"] = forms.DateField(
                label=_("Faktiskt slut"), required=False, widget=DATE
            )


class PhaseForm(forms.Form):
    phase = forms.ChoiceField(label=_("Ny fas"), choices=Project.Phase.choices)
    on = forms.DateField(label=_("Datum"), required=False, widget=DATE, help_text=_("Tomt: i dag."))

    def __init__(self, *args, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if choices is not None:
            self.fields["phase"].choices = choices


class MeetingField(forms.ModelChoiceField):
    """A meeting. The choices are the planned meetings that take reports; any meeting is
    accepted here so that the service answers one no longer planned with its rule (G14:
    403 for who does not report on the project, 409 for who does), as the API does."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return Meeting.objects.select_related("group").get(pk=int(value))
        except (TypeError, ValueError, Meeting.DoesNotExist) as exc:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from exc


class ReportForm(forms.Form):
    meeting = MeetingField(label=_("Inför möte"), queryset=Meeting.objects.none())
    light = forms.ChoiceField(
        label=_("Trafikljus"), choices=Light.choices, widget=forms.RadioSelect
    )
    progress = forms.CharField(
        label=_("Lägesbeskrivning"), widget=forms.Textarea(attrs={"rows": 3})
    )
    next_steps = forms.CharField(
        label=_("Nästa steg"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    risks = forms.CharField(
        label=_("Risker"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, meetings=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = (
            meetings if meetings is not None else Meeting.objects.none()
        )


class StaffingForm(forms.Form):
    person = PersonChoiceField(label=_("Person vid IT-enheten"), queryset=User.objects.none())
    percent = forms.IntegerField(label=_("Andel av arbetstiden (%)"), min_value=1, max_value=100)
    start = forms.DateField(label=_("Från"), widget=DATE)
    end = forms.DateField(label=_("Till"), widget=DATE)
    role = forms.CharField(label=_("Uppgift"), required=False, max_length=200)

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people if people is not None else _people()


class MissionPlanForm(forms.Form):
    page_title, saved_message = _("Ny uppdragsplan"), _("Uppdragsplanen är registrerad.")
    committee = forms.ModelChoiceField(label=_("Nämnd"), queryset=Committee.objects.none())
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Rubrik"), max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = Committee.objects.order_by("-is_executive", "name")


class GoalForm(forms.Form):
    number = forms.CharField(label=_("Nummer"), max_length=20)
    title = forms.CharField(label=_("Mål"), max_length=300)
    description = forms.CharField(
        label=_("Beskrivning"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class GoalImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excelfil med målen"),
        help_text=_("Kolumnerna Nummer, Mål och Beskrivning; första raden är rubrikerna."),
    )


class OperationalPlanForm(forms.Form):
    page_title, saved_message = _("Ny verksamhetsplan"), _("Verksamhetsplanen är registrerad.")
    department = forms.ModelChoiceField(label=_("Förvaltning"), queryset=OrgUnit.objects.none())
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Rubrik"), max_length=200)

    def __init__(self, *args, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = (
            departments
            if departments is not None
            else OrgUnit.objects.filter(is_active=True).order_by("name")
        )


class ActivityForm(forms.Form):
    goal = GoalChoiceField(label=_("Mål i uppdragsplan"), queryset=None)
    title = forms.CharField(label=_("Aktivitet"), max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = selectors.goal_choices()
