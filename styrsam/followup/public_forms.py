"""The citizens' forms (G31): consent and a survey's answers. No CSRF token: the public pages
are protected by the personal link itself (see ``views/public.py``)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import PanelMember, Question, Survey


class ConsentForm(forms.Form):
    consent = forms.BooleanField(
        label=_("Jag har läst texten ovan och samtycker till att vara med i panelen."),
        error_messages={
            "required": _("Kryssa i rutan för att samtycka. Utan samtycke sparas inget.")
        },
    )
    age_group = forms.ChoiceField(label=_("Åldersgrupp"), required=False)
    district = forms.ChoiceField(label=_("Kommundel där du bor"), required=False)

    def __init__(self, *args, panel, **kwargs):
        super().__init__(*args, **kwargs)
        not_given = ("", _("Vill inte uppge"))
        if panel.asks_age_group:
            self.fields["age_group"].choices = [not_given, *PanelMember.AgeGroup.choices]
        else:
            del self.fields["age_group"]
        if panel.asks_district:
            self.fields["district"].choices = [not_given, *[(d, d) for d in panel.districts]]
        else:
            del self.fields["district"]


class SurveyAnswerForm(forms.Form):
    """One field per question, named ``q<id>``: radio buttons, check boxes, a scale of radio
    buttons or a text area."""

    def __init__(self, *args, survey: Survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(survey.questions.order_by("order", "id").prefetch_related("options"))
        required = {"required": _("Besvara frågan.")}
        for question in self.questions:
            common = {
                "label": question.text,
                "required": question.required,
                "help_text": question.help_text,
                "error_messages": required,
            }
            name = f"q{question.pk}"
            if question.kind == Question.Kind.SINGLE:
                field = forms.TypedChoiceField(
                    choices=[(o.pk, o.label) for o in question.options.all()],
                    coerce=int,
                    widget=forms.RadioSelect,
                    **common,
                )
            elif question.kind == Question.Kind.MULTIPLE:
                field = forms.TypedMultipleChoiceField(
                    choices=[(o.pk, o.label) for o in question.options.all()],
                    coerce=int,
                    widget=forms.CheckboxSelectMultiple,
                    **common,
                )
            elif question.kind == Question.Kind.SCALE:
                field = forms.TypedChoiceField(
                    choices=[(v, str(v)) for v in question.scale_values],
                    coerce=int,
                    widget=forms.RadioSelect,
                    **common,
                )
            else:
                field = forms.CharField(
                    widget=forms.Textarea(attrs={"rows": 4}), max_length=5000, **common
                )
            field.question = question
            self.fields[name] = field

    def answers(self) -> dict[int, object]:
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") for q in self.questions}

    def grouped(self):
        """(question, bound field) in order, for the template."""
        return [(q, self[f"q{q.pk}"]) for q in self.questions]
