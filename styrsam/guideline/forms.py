from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .validation import PolicyInvalid, validate_policy

MAX_POLICY_BYTES = 1_000_000


class PolicyUploadForm(forms.Form):
    """A policy file to load. The file is checked here, so that a broken file comes back with
    every problem and its line (``problems``) before the service is asked; the service checks
    again and stays the one that decides."""

    file = forms.FileField(
        label=gettext_lazy("Policyfil (YAML)"),
        help_text=gettext_lazy("Filen kontrolleras först; vid fel laddas ingenting."),
    )

    renames = forms.CharField(
        label=gettext_lazy("Omdöpta koder"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Bara om den nya policyn byter namn på koder som används: en per rad, "
            "gammal_kod=ny_kod (t.ex. en roll eller grupp). Utan dem vägras en policy som "
            "saknar koder i bruk."
        ),
    )

    problems = None

    def clean_file(self):
        f = self.cleaned_data["file"]
        if f.size > MAX_POLICY_BYTES:
            raise forms.ValidationError(_("Filen är för stor (högst 1 MB)."))
        try:
            text = f.read().decode("utf-8")
        except UnicodeDecodeError as exc:
            raise forms.ValidationError(_("Filen måste vara UTF-8-kodad text.")) from exc
        try:
            validate_policy(text)
        except PolicyInvalid as exc:
            self.problems = exc.problems
            raise forms.ValidationError(
                _("Filen laddades inte: den har %(n)s fel, se listan ovan.")
                % {"n": len(exc.problems)},
                code="policy_invalid",
            ) from exc
        return text


class AdoptionForm(forms.Form):
    """The adopting role's decision on a draft (G29)."""

    effective_date = forms.DateField(
        label=gettext_lazy("Gäller från"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy("Policyn börjar gälla detta datum (i dag eller senare)."),
    )
    decision_text = forms.CharField(
        label=gettext_lazy("Beslutstext"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
