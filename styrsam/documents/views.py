"""Staff pages of governing documents: the list, a document with its versions, the draft's
text beside the consultation answers, and the buttons of each role (G12, G13, G28, G29)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from styrsam.core.access import require_perm
from styrsam.core.actions import button_action, form_action
from styrsam.core.audit import history_for_many
from styrsam.core.params import int_param
from styrsam.guideline.policy import PolicyNames, get_policy

from . import attachments, pdf, selectors, services, text
from .forms import (
    AdoptForm,
    AttachmentForm,
    ConsultForm,
    DetailsForm,
    DocumentForm,
    NewVersionForm,
    PolicyDraftForm,
    PublishForm,
    TextForm,
)
from .lists import DocumentList

document_list = DocumentList.page_view()
document_export = DocumentList.export_view()


@login_required
def document_create(request):
    require_perm(request.user, "documents.draft_documents")
    form = DocumentForm(request.POST or None, initial={"owner": request.user.pk})

    def show(form, status=200):
        return render(request, "documents/document_form.html", {"form": form}, status=status)

    if request.method != "POST":
        return show(form)
    return form_action(
        request,
        form,
        lambda data: services.document_create(actor=request.user, **data),
        success_url=lambda d: d.get_absolute_url(),
        success_message=_("Styrdokumentet är skapat som utkast."),
        render=show,
    )


def _render(request, document, *, forms=None, status=200):
    versions = list(selectors.versions_of(document))
    number = int_param(request.GET.get("version"))
    shown = next((v for v in versions if v.number == number), versions[0] if versions else None)
    working = next((v for v in versions if v.status in v.WORKING_STATUSES), None)
    forms = forms or {}
    user = request.user
    compare_with = next((v for v in versions if shown and v.number < shown.number), None)
    context = {
        "document": document,
        "versions": versions,
        "shown": shown,
        "working": working,
        "html": text.render(shown.text) if shown else "",
        "responses": selectors.consultation_responses(shown) if shown else [],
        "changes": text.compare(compare_with.text, shown.text, context=False)
        if compare_with
        else None,
        "compare_with": compare_with,
        "can_draft": user.has_perm("documents.draft_documents"),
        "can_adopt": user.has_perm("documents.adopt_documents"),
        "can_publish": user.has_perm("documents.publish_documents"),
        "text_form": forms.get("text")
        or TextForm(initial={"text": working.text, "change_note": working.change_note})
        if working
        else None,
        "consult_form": forms.get("consult") or ConsultForm(),
        "adopt_form": forms.get("adopt") or AdoptForm(),
        "publish_form": forms.get("publish") or PublishForm(),
        "version_form": forms.get("version") or NewVersionForm(),
        "attachment_form": forms.get("attachment") or AttachmentForm(),
        "policy_form": forms.get("policy")
        or PolicyDraftForm(
            initial={"policy_version": working.policy_draft_id if working else None}
        ),
        "can_edit": user.has_perm("documents.draft_documents") or document.owner_id == user.pk,
        "history": history_for_many([document, *versions])[:100]
        if request.GET.get("flik") == "historik"
        else None,
        "tab": request.GET.get("flik", "text"),
        # a refusal is shown once, at the top (the form it came from may not be on the page)
        "error_form": next(iter(forms.values()), None),
    }
    return render(request, "documents/document_detail.html", context, status=status)


@login_required
def document_detail(request, pk: int):
    return _render(request, selectors.document_get(user=request.user, pk=pk))


@login_required
def document_edit(request, pk: int):
    """The document's details: title, kind, owner, review date (the owner or the drafting
    role) and whether it is the e-government guideline (the drafting role); the same service
    as the API's PATCH."""
    document = selectors.document_get(user=request.user, pk=pk)
    may_draft = services.may_draft(request.user)
    if not (may_draft or document.owner_id == request.user.pk):
        require_perm(request.user, "documents.draft_documents")
    initial = {
        "title": document.title,
        "kind": document.kind,
        "owner": document.owner_id,
        "review_date": document.review_date,
        "is_policy_guideline": document.is_policy_guideline,
    }
    form = DetailsForm(
        request.POST or None,
        initial=initial,
        may_mark_guideline=may_draft,
        owner_id=document.owner_id,
    )

    def show(form, status=200):
        return render(
            request,
            "documents/document_edit.html",
            {"form": form, "document": document},
            status=status,
        )

    if request.method != "POST":
        return show(form)
    return form_action(
        request,
        form,
        lambda data: services.document_update(actor=request.user, document=document, **data),
        success_url=document.get_absolute_url(),
        success_message=_("Uppgifterna är sparade."),
        render=show,
    )


def _version_action(request, pk, number, form_class, key, service, message):
    document = selectors.document_get(user=request.user, pk=pk)
    version = selectors.version_get(document, number)
    form = form_class(request.POST)
    url = reverse("documents:document_detail", args=[pk]) + f"?version={number}"
    return form_action(
        request,
        form,
        lambda data: service(actor=request.user, version=version, **data),
        success_url=url,
        success_message=message,
        render=lambda form, status: _render(request, document, forms={key: form}, status=status),
    )


@login_required
@require_POST
def version_text(request, pk: int, number: int):
    return _version_action(
        request,
        pk,
        number,
        TextForm,
        "text",
        services.version_update_text,
        _("Texten är sparad."),
    )


@login_required
@require_POST
def version_consult(request, pk: int, number: int):
    return _version_action(
        request,
        pk,
        number,
        ConsultForm,
        "consult",
        services.version_consult,
        _("Versionen är skickad på remiss till %(group)s.")
        % {"group": PolicyNames(get_policy()).consulted_group},
    )


@login_required
@require_POST
def version_adopt(request, pk: int, number: int):
    return _version_action(
        request,
        pk,
        number,
        AdoptForm,
        "adopt",
        services.version_adopt,
        _("Versionen är fastställd."),
    )


@login_required
@require_POST
def version_publish(request, pk: int, number: int):
    return _version_action(
        request,
        pk,
        number,
        PublishForm,
        "publish",
        services.version_publish,
        _("Versionen är publicerad."),
    )


@login_required
@require_POST
def version_repeal(request, pk: int, number: int):
    from django import forms as dj_forms

    return _version_action(
        request,
        pk,
        number,
        dj_forms.Form,
        "repeal",
        services.version_repeal,
        _("Versionen är upphävd och tas bort ur det publika registret."),
    )


@login_required
@require_POST
def version_policy(request, pk: int, number: int):
    return _version_action(
        request,
        pk,
        number,
        PolicyDraftForm,
        "policy",
        services.version_set_policy_draft,
        _("Policyfilen är knuten till versionen."),
    )


@login_required
@require_POST
def attachment_add(request, pk: int, number: int):
    document = selectors.document_get(user=request.user, pk=pk)
    version = selectors.version_get(document, number)
    form = AttachmentForm(request.POST, request.FILES)
    url = reverse("documents:document_detail", args=[pk]) + f"?version={number}"
    return form_action(
        request,
        form,
        lambda data: attachments.attachment_add(
            actor=request.user, version=version, file=data["file"]
        ),
        success_url=url,
        success_message=lambda a: _("Bilagan %(name)s är tillagd.") % {"name": a.name},
        render=lambda form, status: _render(
            request, document, forms={"attachment": form}, status=status
        ),
    )


@login_required
@require_POST
def attachment_remove(request, pk: int, number: int, attachment: int):
    document = selectors.document_get(user=request.user, pk=pk)
    version = selectors.version_get(document, number)
    found = selectors.attachment_get(version, attachment)
    url = reverse("documents:document_detail", args=[pk]) + f"?version={number}"
    return button_action(
        request,
        lambda: attachments.attachment_remove(actor=request.user, attachment=found),
        success_url=url,
        success_message=_("Bilagan är borttagen."),
    )


@login_required
def attachment_download(request, pk: int, number: int, attachment: int):
    document = selectors.document_get(user=request.user, pk=pk)
    version = selectors.version_get(document, number)
    return attachments.attachment_response(user=request.user, version=version, pk=attachment)


@login_required
@require_POST
def version_create(request, pk: int):
    document = selectors.document_get(user=request.user, pk=pk)
    form = NewVersionForm(request.POST)
    return form_action(
        request,
        form,
        lambda data: services.version_create(actor=request.user, document=document, **data),
        success_url=lambda v: (
            reverse("documents:document_detail", args=[pk]) + f"?version={v.number}"
        ),
        success_message=_("En ny version är påbörjad."),
        render=lambda form, status: _render(
            request, document, forms={"version": form}, status=status
        ),
    )


@login_required
def version_pdf(request, pk: int, number: int):
    document = selectors.document_get(user=request.user, pk=pk)
    version = selectors.version_get(document, number)
    return pdf.response(version)
