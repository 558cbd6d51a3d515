"""Pages of the organisation: groups with their composition, units and people. Thin: reads
come from selectors, writes from services, refusals from ServiceError."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from styrsam.core.access import require_perm
from styrsam.core.audit import history_for
from styrsam.core.errors import ServiceError
from styrsam.core.exports import MAX_ROWS, dated_filename, table_response
from styrsam.core.htmx import render_page
from styrsam.core.paging import paginate
from styrsam.core.params import int_param
from styrsam.guideline.policy import get_policy

from . import selectors, services
from .composition import group_composition
from .forms import MembershipAddForm, RoleAssignForm
from .models import Membership, OrgUnit, RoleAssignment


@login_required
def group_list(request):
    require_perm(request.user, "organisation.view_organisation")
    policy = get_policy()
    groups = [g for g in selectors.group_list(user=request.user) if g.code in policy.groups]
    rows = [{"group": g, "policy": policy.group(g.code)} for g in groups]
    return render(request, "organisation/group_list.html", {"rows": rows})


@login_required
def group_detail(request, code: str):
    require_perm(request.user, "organisation.view_organisation")
    policy = get_policy()
    group = selectors.group_get(user=request.user, code=code)
    if code not in policy.groups:
        return render(request, "organisation/group_retired.html", {"group": group}, status=404)
    form = MembershipAddForm()
    error = None
    can_manage = request.user.has_perm("organisation.manage_memberships")
    if request.method == "POST":
        require_perm(request.user, "organisation.manage_memberships")
        form = MembershipAddForm(request.POST)
        if form.is_valid():
            try:
                services.membership_add(actor=request.user, group=group, **form.cleaned_data)
            except ServiceError as exc:
                error = exc
            else:
                messages.success(request, _("Medlemmen har lagts till."))
                return redirect("organisation:group_detail", code=code)
    report = group_composition(group=group, policy=policy)
    tab = request.GET.get("flik", "sammansattning")
    context = {
        "group": group,
        "gp": policy.group(code),
        "report": report,
        "form": form,
        "error": error,
        "can_manage": can_manage,
        "tab": tab,
        "history": history_for(group)[:200] if tab == "historik" else None,
        "membership_history": _membership_history(group) if tab == "historik" else None,
    }
    return render(
        request,
        "organisation/group_detail.html",
        context,
        status=400 if error or form.errors else 200,
    )


def _membership_history(group):
    from styrsam.core.models import AuditEntry

    ids = [str(pk) for pk in Membership.objects.filter(group=group).values_list("pk", flat=True)]
    return AuditEntry.objects.filter(
        object_type="organisation.membership", object_id__in=ids
    ).select_related("actor")[:200]


@login_required
@require_POST
def membership_end(request, pk: int):
    require_perm(request.user, "organisation.manage_memberships")
    membership = get_object_or_404(Membership.objects.select_related("group", "person"), pk=pk)
    try:
        services.membership_end(actor=request.user, membership=membership)
    except ServiceError as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(
            request,
            _("Medlemskapet för %(name)s har avslutats.")
            % {"name": membership.person.get_full_name()},
        )
    return redirect("organisation:group_detail", code=membership.group.code)


@login_required
def unit_list(request):
    require_perm(request.user, "organisation.view_organisation")
    kind = request.GET.get("typ") or None
    if kind not in OrgUnit.Kind.values:
        kind = None
    q = request.GET.get("q", "").strip()
    units = selectors.org_unit_list(user=request.user, kind=kind, q=q)
    context = {"kinds": OrgUnit.Kind.choices, "kind": kind, "q": q, **paginate(request, units)}
    context["committees"] = selectors.committee_list(user=request.user)
    return render(request, "organisation/unit_list.html", context)


def _person_filters(request, policy) -> tuple[str, str | None, int | None]:
    q = request.GET.get("q", "").strip()
    role = request.GET.get("roll") or None
    if role not in policy.role_codes():
        role = None
    return q, role, int_param(request.GET.get("enhet") or None)


@login_required
def person_list(request):
    require_perm(request.user, "organisation.view_organisation")
    policy = get_policy()
    q, role, unit = _person_filters(request, policy)
    people = selectors.person_list(user=request.user, q=q, role=role, unit=unit)
    context = {
        "q": q,
        "role": role,
        "unit": unit,
        "role_choices": policy.role_choices(),
        "policy": policy,
        **paginate(request, people),
    }
    return render_page(
        request, "organisation/person_list.html", context, partial="organisation/_person_table.html"
    )


@login_required
def person_export(request, fmt: str):
    """The people of the list page (same filters) as Excel."""
    require_perm(request.user, "organisation.view_organisation")
    policy = get_policy()
    q, role, unit = _person_filters(request, policy)
    people = selectors.person_list(user=request.user, q=q, role=role, unit=unit)[:MAX_ROWS]

    def roles(person) -> str:
        return ", ".join(
            policy.role_name(a.role) + (f" ({a.unit.name})" if a.unit_id else "")
            for a in person.active_roles
        )

    def row(person) -> list:
        profile = getattr(person, "profile", None)  # None for a user without a profile
        return [
            person.get_full_name() or person.username,
            person.username,
            profile.title if profile else "",
            profile.unit.name if profile and profile.unit_id else "",
            roles(person),
        ]

    rows = (row(p) for p in people)
    headers = [_("Namn"), _("Användarnamn"), _("Titel"), _("Enhet"), _("Roller")]
    return table_response(
        fmt, dated_filename("personer"), headers, rows, title=_("Personer"), formats=("xlsx",)
    )


@login_required
def person_detail(request, pk: int):
    require_perm(request.user, "organisation.view_organisation")
    policy = get_policy()
    person = selectors.person_get(user=request.user, pk=pk)
    can_manage = request.user.has_perm("organisation.manage_roles")
    form = RoleAssignForm(role_choices=policy.role_choices())
    error = None
    if request.method == "POST":
        require_perm(request.user, "organisation.manage_roles")
        form = RoleAssignForm(request.POST, role_choices=policy.role_choices())
        if form.is_valid():
            try:
                services.role_assign(actor=request.user, person=person, **form.cleaned_data)
            except ServiceError as exc:
                error = exc
            else:
                messages.success(request, _("Rollen har lagts till."))
                return redirect("organisation:person_detail", pk=pk)
    context = {
        "person": person,
        "policy": policy,
        "roles": [(policy.role_name(a.role), a) for a in person.active_roles],
        "form": form,
        "error": error,
        "can_manage": can_manage,
        "history": history_for(person)[:100],
    }
    return render(
        request,
        "organisation/person_detail.html",
        context,
        status=400 if error or form.errors else 200,
    )


@login_required
@require_POST
def role_end(request, pk: int):
    require_perm(request.user, "organisation.manage_roles")
    assignment = get_object_or_404(RoleAssignment, pk=pk)
    try:
        services.role_end(actor=request.user, assignment=assignment)
    except ServiceError as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(request, _("Rollen har avslutats."))
    return redirect("organisation:person_detail", pk=assignment.person_id)
