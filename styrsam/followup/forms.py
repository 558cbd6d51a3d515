"""Forms of the follow-up's staff pages (G30, G31). The citizens' forms are in ``public_forms``."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from styrsam.guideline.policy import PolicyNames, get_policy
from styrsam.organisation.forms import PersonByUsernameField, UnitField
from styrsam.organisation.models import OrgUnit

from . import access
from .fileformat import FileInvalid
from .instruments import MAX_INSTRUMENT_BYTES, validate_instrument
from .models import Area, Instrument, Panel, Question
from .resultfile import MAX_RESULT_BYTES, validate_result_file

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _units():
    return OrgUnit.objects.filter(is_active=True).order_by("kind", "name")


def lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class UploadForm(forms.Form):
    """A YAML or JSON file, read as bytes and checked by ``validator`` before any service
    runs: ``problems`` then lists every problem of the file with its line."""

    max_bytes = MAX_INSTRUMENT_BYTES
    validator = staticmethod(validate_instrument)
    file = forms.FileField(label=_("Fil (YAML eller JSON)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.problems = []

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.max_bytes:
            raise forms.ValidationError(
                _("Filen är för stor (högst %(k)s kB).") % {"k": self.max_bytes // 1024}
            )
        raw = upload.read()
        try:
            self.validator(raw)
        except FileInvalid as exc:
            self.problems = exc.problems
            raise forms.ValidationError(
                _("Filen är ogiltig (%(n)s fel); ingenting har laddats.") % {"n": len(exc.problems)}
            ) from exc
        return raw


class InstrumentUploadForm(UploadForm):
    file = forms.FileField(
        label=_("Instrumentfil (YAML eller JSON)"),
        help_text=_(
            "Filen kontrolleras först; vid fel laddas ingenting och varje fel anger sin rad."
        ),
    )


class ComparisonImportForm(UploadForm):
    max_bytes = MAX_RESULT_BYTES
    validator = staticmethod(validate_result_file)
    file = forms.FileField(
        label=_("Resultatfil från en annan kommun (JSON)"),
        help_text=_(
            "Det öppna formatet för resultat av självskattningen; innehåller inga personuppgifter."
        ),
    )


class RoundOpenForm(forms.Form):
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2200)
    instrument = forms.ModelChoiceField(
        label=_("Instrument"), queryset=Instrument.objects.order_by("name", "-version")
    )
    deadline = forms.DateField(label=_("Sista svarsdag"), widget=DATE)
    units = forms.ModelMultipleChoiceField(
        label=_("Tilldela alla områden till förvaltningarna"),
        queryset=_units().filter(kind=OrgUnit.Kind.DEPARTMENT),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year
        # the policy's answering group (issue 21), read when the form is made
        self.fields["units"].help_text = _(
            "Varje förvaltnings ledamot i %(group)s besvarar områdena (G30). "
            "Fler tilldelningar kan göras efteråt."
        ) % {"group": PolicyNames(get_policy()).self_assessment_group}


class AssignmentForm(forms.Form):
    area = forms.ModelChoiceField(label=_("Område"), queryset=Area.objects.none())
    unit = UnitField(label=_("Förvaltning"), required=False)
    person = PersonByUsernameField(
        label=_("eller person"),
        required=False,
    )

    def __init__(self, *args, instrument: Instrument, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].help_text = _("En ledamot i %(group)s (G30).") % {
            "group": PolicyNames(get_policy()).self_assessment_group
        }
        self.fields["area"].queryset = instrument.areas.order_by("order")


class SendForm(forms.Form):
    meeting = forms.ModelChoiceField(
        label=_("Möte"),
        queryset=None,
        help_text=_("Ett planerat möte i gruppen som resultatet ska till (G30)."),
    )

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings


class AnswerForm(forms.Form):
    """One level, comment and evidence links per indicator of the assigned area. A level left
    empty keeps the indicator unanswered."""

    def __init__(self, *args, indicators, answers: dict, disabled: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        for indicator in indicators:
            answer = answers.get(indicator.pk)
            levels = list(indicator.scale.levels.all())
            self.fields[f"level_{indicator.pk}"] = forms.TypedChoiceField(
                label=indicator.text,
                choices=[(lvl.pk, lvl.label) for lvl in levels],
                coerce=int,
                required=False,
                widget=forms.RadioSelect,
                initial=answer.level_id if answer else None,
                disabled=disabled,
            )
            self.fields[f"comment_{indicator.pk}"] = forms.CharField(
                label=_("Kommentar"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=answer.comment if answer else "",
                disabled=disabled,
                max_length=5000,
            )
            self.fields[f"evidence_{indicator.pk}"] = forms.CharField(
                label=_("Underlag (en länk per rad)"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial="\n".join(answer.evidence) if answer else "",
                disabled=disabled,
                max_length=6000,
            )

    def rows(self):
        """(indicator, level field, comment field, evidence field) for the template."""
        for indicator in self.indicators:
            yield (
                indicator,
                self[f"level_{indicator.pk}"],
                self[f"comment_{indicator.pk}"],
                self[f"evidence_{indicator.pk}"],
            )

    def answers(self) -> list[dict]:
        levels = {
            lvl.pk: lvl for indicator in self.indicators for lvl in indicator.scale.levels.all()
        }
        out = []
        for indicator in self.indicators:
            level = self.cleaned_data.get(f"level_{indicator.pk}")
            if level in (None, ""):
                continue
            out.append(
                {
                    "indicator": indicator,
                    "level": levels.get(level),
                    "comment": self.cleaned_data.get(f"comment_{indicator.pk}", ""),
                    "evidence": lines(self.cleaned_data.get(f"evidence_{indicator.pk}", "")),
                }
            )
        return out


# --- citizen panels (G31) --------------------------------------------------------------------


class PanelForm(forms.Form):
    name = forms.CharField(label=_("Namn"), max_length=200)
    purpose = forms.CharField(
        label=_("Ändamål"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Varför uppgifterna samlas in. Medlemmarna samtycker till just detta (G31)."),
    )
    unit = UnitField(
        label=_("Förvaltning som driver panelen"),
        required=False,
    )
    retention_months = forms.IntegerField(
        label=_("Lagringstid (månader)"), min_value=1, max_value=60, initial=24
    )
    asks_age_group = forms.BooleanField(label=_("Fråga efter åldersgrupp"), required=False)
    asks_district = forms.BooleanField(label=_("Fråga efter kommundel"), required=False)
    districts = forms.CharField(
        label=_("Kommundelar (en per rad)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    controller_contact = forms.CharField(
        label=_("Kontakt för personuppgiftsfrågor"),
        max_length=200,
        help_text=_("T.ex. kommunens dataskyddsombud: dataskydd@kommun.se"),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # who runs a panel of which unit is the service's to say (403 ``not_panel_manager``,
        # as in the API), not an unknown choice of the form (400) (issue 11 item 10, G31); one
        # who runs the panels of her own units names one of them
        units = access.panel_units(user) if user is not None else None
        if units is not None:
            self.fields["unit"].required = True
        self.fields["unit"].help_text = _(
            "Lämna tomt för en panel för hela kommunen (%(role)s)."
        ) % {"role": get_policy().coordinator_name()}

    @classmethod
    def initial_from(cls, panel: Panel) -> dict:
        return {
            "name": panel.name,
            "purpose": panel.purpose,
            "unit": panel.unit_id,
            "retention_months": panel.retention_months,
            "asks_age_group": panel.asks_age_group,
            "asks_district": panel.asks_district,
            "districts": "\n".join(panel.districts),
            "controller_contact": panel.controller_contact,
        }

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data["districts"] = lines(data.get("districts", ""))
        return data


class InviteForm(forms.Form):
    emails = forms.CharField(
        label=_("E-postadresser (en per rad)"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Var och en får en personlig länk och blir medlem först när de själva har "
            "samtyckt (G31)."
        ),
    )


class SurveyForm(forms.Form):
    title = forms.CharField(label=_("Rubrik"), max_length=200)
    introduction = forms.CharField(
        label=_("Inledning"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    anonymous = forms.BooleanField(
        label=_("Anonym enkät"),
        required=False,
        initial=True,
        help_text=_("Svaren sparas utan någon koppling till medlemmen."),
    )
    closes_on = forms.DateField(label=_("Sista svarsdag"), widget=DATE)


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Frågetyp"), choices=Question.Kind.choices)
    text = forms.CharField(label=_("Fråga"), max_length=500)
    help_text = forms.CharField(label=_("Hjälptext"), max_length=500, required=False)
    required = forms.BooleanField(label=_("Obligatorisk"), required=False)
    options = forms.CharField(
        label=_("Svarsalternativ (ett per rad)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("För frågor med ett eller flera svarsalternativ."),
    )
    scale_min = forms.IntegerField(
        label=_("Skalans lägsta värde"), min_value=0, max_value=10, initial=1
    )
    scale_max = forms.IntegerField(
        label=_("Skalans högsta värde"), min_value=0, max_value=10, initial=5
    )
    scale_min_label = forms.CharField(
        label=_("Text vid lägsta värdet"), max_length=100, required=False
    )
    scale_max_label = forms.CharField(
        label=_("Text vid högsta värdet"), max_length=100, required=False
    )

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data["options"] = lines(data.get("options", ""))
        return data
