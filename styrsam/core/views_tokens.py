"""The user's own API token on their person page: see when it expires, renew, revoke."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .tokens import token_issue, token_revoke


@login_required
@require_POST
def api_token_renew(request):
    """Issues a new token and shows it once (it is not kept in a message cookie)."""
    token = token_issue(actor=request.user, user=request.user)
    response = render(request, "core/api_token_created.html", {"token": token})
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def api_token_revoke(request):
    if token_revoke(actor=request.user, user=request.user):
        messages.success(request, _("Din API-token har återkallats."))
    else:
        messages.info(request, _("Du hade ingen API-token."))
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("home")
