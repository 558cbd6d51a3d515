"""The policy page: the active guideline as data, its versions (``lists.py``) and, for the
coordinator, loading a new file (G29). Writes through the kit's ``form_action``."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.urls import reverse
from django.utils.translation import gettext as _

from styrsam.core.access import require_perm
from styrsam.core.actions import form_action
from styrsam.core.htmx import render_page

from . import selectors, services
from .compatibility import parse_renames
from .forms import PolicyUploadForm
from .lists import PolicyVersionList
from .policy import get_policy


def _render(request, *, form=None, status: int = 200):
    versions = PolicyVersionList(request)
    versions.check_permission()
    can_load = request.user.has_perm("guideline.load_policy")
    form = form or PolicyUploadForm()
    context = {
        **versions.page_context(),
        "policy": get_policy(),
        "active": selectors.active_policy_version(user=request.user),
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
        lambda data: services.policy_load(
            actor=request.user,
            text=data["file"],
            source=request.FILES["file"].name,
            renames=parse_renames(data.get("renames") or ""),
        ),
        success_url=reverse("guideline:policy"),
        success_message=lambda version: _("Policyn %(v)s är nu gällande.") % {"v": version},
        render=lambda form, status: _render(request, form=form, status=status),
    )
