"""Forms of the staff pages. Validation beyond types is the services' (one message, G-rule)."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from styrsam.organisation.roles import active_assignments

from .models import Document, Publication


def _people():
    User = get_user_model()
    ids = active_assignments().values("person_id")
    return User.objects.filter(is_active=True, pk__in=ids).order_by("first_name", "last_name")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Slag"), choices=Document.Kind.choices)
    title = forms.CharField(label=_("Rubrik"), max_length=200)
    owner = PersonChoiceField(
        label=_("Dokumentägare"),
        queryset=None,
        help_text=_("Påminns inför revideringsdatumet."),
    )
    review_date = forms.DateField(
        label=_("Revideras senast"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    text = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=_(
            "Rubriker med #, ## och ###; tomrad mellan stycken; punktlistor med -. "
            "HTML visas som text."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _people()


class TextForm(forms.Form):
    text = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 24}),
        help_text=DocumentForm.base_fields["text"].help_text,
    )
    change_note = forms.CharField(label=_("Vad som ändrats"), max_length=500, required=False)


class ConsultForm(forms.Form):
    deadline = forms.DateField(
        label=_("Svar senast"), widget=forms.DateInput(attrs={"type": "date"})
    )
    question = forms.CharField(
        label=_("Frågeställning"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class AdoptForm(forms.Form):
    effective_date = forms.DateField(
        label=_("Gäller från"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Tomt: från beslutsdagen."),
    )


class PublishForm(forms.Form):
    channel = forms.ChoiceField(label=_("Kanal"), choices=Publication.Channel.choices)


class NewVersionForm(forms.Form):
    change_note = forms.CharField(label=_("Vad som ska ändras"), max_length=500, required=False)
