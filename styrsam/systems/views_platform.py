"""G20: the IT platform's one network and one telephone number, companies included."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from styrsam.core.access import require_perm
from styrsam.core.errors import ServiceError

from . import selectors, services
from .forms import ConnectionForm


@login_required
def platform_compliance(request):
    require_perm(request.user, "systems.view_system")
    platform = selectors.it_platform()
    rows = selectors.platform_connection_rows(user=request.user, platform=platform)
    gaps = [r for r in rows if not r.compliant]
    context = {
        "platform": platform,
        "rows": rows,
        "gaps": gaps,
        "companies_with_gaps": [r for r in gaps if r.unit.kind == "company"],
    }
    return render(request, "systems/platform_compliance.html", context)


@login_required
@require_POST
def platform_connection(request, pk: int):
    system = selectors.system_get(user=request.user, pk=pk)
    require_perm(request.user, "systems.manage_platform")
    form = ConnectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Välj en enhet."))
        return redirect("systems:system_detail", pk=pk)
    try:
        services.platform_connection_set(actor=request.user, system=system, **form.cleaned_data)
    except ServiceError as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(
            request,
            _("Anslutningen för %(u)s har sparats.") % {"u": form.cleaned_data["unit"].name},
        )
    return redirect("systems:system_detail", pk=pk)
