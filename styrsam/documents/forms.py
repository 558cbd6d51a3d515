"""Forms of the staff pages. Validation beyond types is the services' (one message, G-rule)."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from styrsam.guideline.models import PolicyVersion
from styrsam.organisation.roles import active_assignments

from .attachments import MAX_ATTACHMENT_BYTES, allowed_names
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
    is_policy_guideline = forms.BooleanField(
        label=_("Kommunens riktlinje för e-förvaltning"),
        required=False,
        help_text=_(
            "Riktlinjen själv: en version kan bära ett utkast till policyfilen, som antas när "
            "versionen fastställs (G29)."
        ),
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


class DetailsForm(DocumentForm):
    """The document's details (not its text): the same fields the API's PATCH takes."""

    field_order = ["title", "kind", "owner", "review_date", "is_policy_guideline"]

    def __init__(self, *args, may_mark_guideline: bool = True, owner_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["text"]
        if owner_id is not None:  # the present owner stays choosable without a role
            User = get_user_model()
            self.fields["owner"].queryset = User.objects.filter(
                Q(pk__in=active_assignments().values("person_id")) | Q(pk=owner_id),
                is_active=True,
            ).order_by("first_name", "last_name")
        if not may_mark_guideline:
            del self.fields["is_policy_guideline"]


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Bilaga"),
        help_text=_("Högst %(max)s MB. Filtyper: %(types)s.")
        % {"max": MAX_ATTACHMENT_BYTES // (1024 * 1024), "types": allowed_names()},
    )


class PolicyDraftForm(forms.Form):
    policy_version = forms.ModelChoiceField(
        label=_("Utkast till policyfilen"),
        queryset=PolicyVersion.objects.none(),
        required=False,
        empty_label=_("Ingen policyfil"),
        help_text=_("Antas med samma beslut och från samma datum som versionen (G29)."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["policy_version"].queryset = PolicyVersion.objects.filter(
            status=PolicyVersion.Status.DRAFT
        ).only("pk", "number", "name")


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
