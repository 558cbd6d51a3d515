"""The policy page: the guideline in force as data, its versions (``lists.py``), for the
coordinator preparing a draft, and a version's page with what it changes, rule by rule, where
the adopting role adopts it (G29). Writes through the kit's ``form_action``."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from styrsam.core.access import may, require_perm
from styrsam.core.actions import form_action
from styrsam.core.htmx import render_page

from . import selectors, services
from .compatibility import parse_renames
from .diff import policy_diff
from .forms import AdoptionForm, PolicyUploadForm
from .lists import PolicyVersionList
from .models import PolicyVersion
from .policy import get_policy


def _render(request, *, form=None, status: int = 200):
    versions = PolicyVersionList(request)
    versions.check_permission()
    can_load = may(request.user, "guideline.load_policy")
    form = form or PolicyUploadForm()
    policy = get_policy()
    context = {
        **versions.page_context(),
        "policy": policy,
        "active": selectors.active_policy_version(user=request.user),
        "drafts": selectors.policy_drafts(user=request.user),
        "adopting_role": policy.role_name(policy.adopting_role() or ""),
        "form": form if can_load else None,
        "problems": form.problems,
        "can_load": can_load,
        "show_text": request.GET.get("visa") == "fil",
    }
    return render_page(request, versions.template, context, partial=versions.partial, status=status)


@login_required
def policy_page(request):
    if request.method != "POST":
        return _render(request)
    require_perm(request.user, "guideline.view_policy")
    require_perm(request.user, "guideline.load_policy")
    return form_action(
        request,
        PolicyUploadForm(request.POST, request.FILES),
        lambda data: services.policy_draft(
            actor=request.user,
            text=data["file"],
            source=request.FILES["file"].name,
            renames=parse_renames(data.get("renames") or ""),
        ),
        success_url=lambda version: reverse("guideline:version", args=[version.number]),
        success_message=lambda version: (
            _("Utkastet %(v)s är sparat. Det gäller först när %(role)s har antagit det.")
            % {"v": version, "role": services._adopting_role_name()}
        ),
        render=lambda form, status: _render(request, form=form, status=status),
    )


def _version(request, number: int) -> PolicyVersion:
    require_perm(request.user, "guideline.view_policy")
    version = selectors.policy_version(user=request.user, number=number)
    if version is None:
        raise Http404
    return version


def _render_version(request, version: PolicyVersion, *, form=None, status: int = 200):
    policy = get_policy()
    in_force = selectors.active_policy_version(user=request.user)
    compare_with = in_force if in_force and in_force.pk != version.pk else None
    may_adopt = version.is_draft and may(request.user, "guideline.adopt_policy")
    if may_adopt and form is None:
        form = AdoptionForm(initial={"effective_date": timezone.localdate()})
    context = {
        "version": version,
        "in_force": in_force,
        "compare_with": compare_with,
        "changes": policy_diff(compare_with.data if compare_with else None, version.data)
        if compare_with
        else [],
        "adopting_role": policy.role_name(policy.adopting_role() or ""),
        "form": form if may_adopt else None,
        "title": _("Policyversion %(n)s") % {"n": version.number},
        "today": timezone.localdate(),
    }
    return render(request, "guideline/version.html", context, status=status)


@login_required
def version_page(request, number: int):
    return _render_version(request, _version(request, number))


@login_required
def version_adopt(request, number: int):
    version = _version(request, number)
    if request.method != "POST":
        return _render_version(request, version)
    return form_action(
        request,
        AdoptionForm(request.POST),
        lambda data: services.adopt_policy_version(actor=request.user, version=version, **data),
        success_url=reverse("guideline:version", args=[number]),
        success_message=lambda v: (
            _("Version %(n)s är antagen (%(nr)s) och gäller från %(date)s.")
            % {"n": v.number, "nr": v.decision_number, "date": v.effective_date.isoformat()}
        ),
        render=lambda form, status: _render_version(request, version, form=form, status=status),
    )
