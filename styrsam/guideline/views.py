from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from styrsam.core.access import require_perm
from styrsam.core.paging import paginate

from . import selectors
from .policy import get_policy
from .services import policy_load
from .validation import PolicyInvalid


class PolicyUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Policyfil (YAML)"),
        help_text=gettext_lazy("Filen kontrolleras först; vid fel laddas ingenting."),
    )

    def clean_file(self):
        f = self.cleaned_data["file"]
        if f.size > 1_000_000:
            raise forms.ValidationError(_("Filen är för stor (högst 1 MB)."))
        try:
            return f.read().decode("utf-8")
        except UnicodeDecodeError as exc:
            raise forms.ValidationError(_("Filen måste vara UTF-8-kodad text.")) from exc


@login_required
def policy_page(request):
    require_perm(request.user, "guideline.view_policy")
    can_load = request.user.has_perm("guideline.load_policy")
    form = PolicyUploadForm()
    problems = None
    status = 200
    if request.method == "POST":
        require_perm(request.user, "guideline.load_policy")
        form = PolicyUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                version = policy_load(
                    actor=request.user,
                    text=form.cleaned_data["file"],
                    source=request.FILES["file"].name,
                )
            except PolicyInvalid as exc:
                problems = exc.problems
                status = 400
            else:
                messages.success(request, _("Policyn %(v)s är nu gällande.") % {"v": version})
                return redirect("guideline:policy")
        else:
            status = 400
    policy = get_policy()
    context = {
        "policy": policy,
        "active": selectors.active_policy_version(user=request.user),
        "form": form,
        "problems": problems,
        "can_load": can_load,
        "show_text": request.GET.get("visa") == "fil",
        **paginate(request, selectors.policy_versions(user=request.user), per_page=20),
    }
    return render(request, "guideline/policy.html", context, status=status)
