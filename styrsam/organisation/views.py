"""Pages of the organisation: groups with their composition, units and people.

Thin: the lists are declared in ``lists.py``; reads come from selectors, writes from services
through the kit's ``form_action``/``button_action`` (a refusal is shown once, on the form)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from styrsam.core.access import may, require_perm
from styrsam.core.actions import button_action, edit_form_page, form_action
from styrsam.core.audit import history_for_many
from styrsam.core.imports import SpreadsheetImport
from styrsam.guideline.policy import get_policy

from . import selectors, services
from .composition import group_composition
from .forms import (
    CommitteeForm,
    MembershipAddForm,
    MembershipEndForm,
    OrgUnitForm,
    RoleAssignForm,
)
from .importing import COLUMNS as IMPORT_COLUMNS
from .importing import import_organisation
from .lists import GroupList, OrgUnitList, PersonList, person_name
from .models import Committee, Membership, OrgUnit, RoleAssignment
from .roles import grantable_roles, may_grant

group_list = GroupList.page_view()
unit_list = OrgUnitList.page_view()
person_list = PersonList.page_view()
person_export = PersonList.export_view()


def _render_group(request, group, *, form=None, status: int = 200):
    policy = get_policy()
    gp = policy.group(group.code)
    tab = request.GET.get("flik", "sammansattning")
    can_manage = may(request.user, "organisation.manage_memberships")
    context = {
        "group": group,
        "gp": gp,
        "report": group_composition(group=group, policy=policy),
        "form": (form or MembershipAddForm(group_policy=gp, policy=policy)) if can_manage else None,
        "can_manage": can_manage,
        "tab": tab,
        "history_shows_object": True,
        "membership_history": (
            history_for_many([group, *Membership.objects.filter(group=group).only("pk")])[:200]
            if tab == "historik"
            else None
        ),
    }
    return render(request, "organisation/group_detail.html", context, status=status)


@login_required
def group_detail(request, code: str):
    require_perm(request.user, "organisation.view_organisation")
    policy = get_policy()
    group = selectors.group_get(user=request.user, code=code)
    if code not in policy.groups:
        return render(request, "organisation/group_retired.html", {"group": group}, status=404)
    if request.method != "POST":
        return _render_group(request, group)
    require_perm(request.user, "organisation.manage_memberships")
    form = MembershipAddForm(request.POST, group_policy=policy.group(code), policy=policy)
    return form_action(
        request,
        form,
        lambda data: services.membership_add(actor=request.user, group=group, **data),
        success_url=reverse("organisation:group_detail", args=[code]),
        success_message=_("Medlemmen har lagts till."),
        render=lambda form, status: _render_group(request, group, form=form, status=status),
    )


@login_required
def membership_end(request, pk: int):
    """A page asking for the last day before a membership ends (GET), then the end (POST)."""
    require_perm(request.user, "organisation.manage_memberships")
    membership = get_object_or_404(Membership.objects.select_related("group", "person"), pk=pk)
    group_url = reverse("organisation:group_detail", args=[membership.group.code])
    if membership.end_date is not None:
        # ended already: back to the group with the service's own answer (409 "already ended")
        if request.method != "POST":
            return redirect(group_url)
        return button_action(
            request,
            lambda: services.membership_end(actor=request.user, membership=membership),
            success_url=group_url,
        )
    data = request.POST if request.method == "POST" else None  # an empty POST: today
    form = MembershipEndForm(data)

    def show(form, status=200):
        return render(
            request,
            "organisation/membership_end.html",
            {"form": form, "membership": membership, "name": person_name(membership.person)},
            status=status,
        )

    if request.method != "POST":
        return show(form)
    return form_action(
        request,
        form,
        lambda data: services.membership_end(
            actor=request.user, membership=membership, end_date=data["end_date"]
        ),
        success_url=group_url,
        success_message=_("Medlemskapet för %(name)s har avslutats.")
        % {"name": person_name(membership.person)},
        render=show,
    )


def _render_person(request, person, *, form=None, status: int = 200):
    policy = get_policy()
    user = request.user
    # who may give which role (the policy's grants); nobody gives or ends a role of their own
    grantable = grantable_roles(user) if user.pk != person.pk else {}
    can_manage = bool(grantable) and user.has_perm("organisation.manage_roles")
    assignments = selectors.role_history(user=user, person=person)
    context = {
        "person": person,
        "roles": [
            (policy.role_name(a.role), a, may_grant(user, a.role, a.unit_id) and can_manage)
            for a in person.active_roles
        ],
        "role_history": [(policy.role_name(a.role), a) for a in assignments],
        "form": (form or RoleAssignForm(policy=policy, roles=grantable)) if can_manage else None,
        "can_manage": can_manage,
        # the person's own entries and their role grants and ends (who gave, who ended)
        "history": history_for_many([person, *assignments]).order_by("-at", "-id")[:100],
        "history_shows_object": True,
    }
    return render(request, "organisation/person_detail.html", context, status=status)


@login_required
def person_detail(request, pk: int):
    require_perm(request.user, "organisation.view_organisation")
    person = selectors.person_get(user=request.user, pk=pk)
    if request.method != "POST":
        return _render_person(request, person)
    require_perm(request.user, "organisation.manage_roles")
    form = RoleAssignForm(request.POST, policy=get_policy(), roles=grantable_roles(request.user))
    return form_action(
        request,
        form,
        lambda data: services.role_assign(actor=request.user, person=person, **data),
        success_url=reverse("organisation:person_detail", args=[pk]),
        success_message=_("Rollen har lagts till."),
        render=lambda form, status: _render_person(request, person, form=form, status=status),
    )


@login_required
@require_POST
def role_end(request, pk: int):
    require_perm(request.user, "organisation.manage_roles")
    assignment = get_object_or_404(RoleAssignment, pk=pk)
    return button_action(
        request,
        lambda: services.role_end(actor=request.user, assignment=assignment),
        success_url=reverse("organisation:person_detail", args=[assignment.person_id]),
        success_message=_("Rollen har avslutats."),
    )


# --- set-up (issue 21): committees, units, and the import of the organisation ------------


@login_required
def committee_create(request):
    require_perm(request.user, "organisation.manage_organisation")
    return edit_form_page(
        request,
        CommitteeForm(request.POST or None),
        lambda data: services.committee_create(actor=request.user, **data),
        title=_("Ny nämnd"),
        cancel_url=reverse("organisation:unit_list"),
        success_url=reverse("organisation:unit_list"),
        success_message=lambda c: _("Nämnden %(name)s är skapad.") % {"name": c.name},
    )


@login_required
def committee_edit(request, pk: int):
    require_perm(request.user, "organisation.manage_organisation")
    committee = get_object_or_404(Committee, pk=pk)
    initial = {f: getattr(committee, f) for f in ("code", "name", "is_executive")}
    return edit_form_page(
        request,
        CommitteeForm(request.POST or None, initial=initial),
        lambda data: services.committee_update(actor=request.user, committee=committee, **data),
        title=_("Ändra nämnden %(name)s") % {"name": committee.name},
        cancel_url=reverse("organisation:unit_list"),
        success_url=reverse("organisation:unit_list"),
        success_message=_("Nämnden är sparad."),
    )


@login_required
def unit_create(request):
    require_perm(request.user, "organisation.manage_organisation")
    form = OrgUnitForm(request.POST or None)
    del form.fields["is_active"]
    return edit_form_page(
        request,
        form,
        lambda data: services.org_unit_create(actor=request.user, **data),
        title=_("Ny enhet"),
        cancel_url=reverse("organisation:unit_list"),
        success_url=reverse("organisation:unit_list"),
        success_message=lambda u: _("Enheten %(name)s är skapad.") % {"name": u.name},
    )


@login_required
def unit_edit(request, pk: int):
    require_perm(request.user, "organisation.manage_organisation")
    unit = get_object_or_404(OrgUnit, pk=pk)
    initial = {f: getattr(unit, f) for f in ("code", "name", "kind", "committee", "is_active")}
    return edit_form_page(
        request,
        OrgUnitForm(request.POST or None, initial=initial),
        lambda data: services.org_unit_update(actor=request.user, unit=unit, **data),
        title=_("Ändra enheten %(name)s") % {"name": unit.name},
        cancel_url=reverse("organisation:unit_list"),
        success_url=reverse("organisation:unit_list"),
        success_message=_("Enheten är sparad."),
    )


def _import_done(result) -> str:
    return _(
        "Importen är klar: %(p)s nya personer, %(u)s ändrade, %(r)s nya roller, "
        "%(e)s nya enheter, %(c)s nya nämnder."
    ) % {
        "p": result.created["people"],
        "u": result.updated["people"],
        "r": result.created["roles"],
        "e": result.created["units"],
        "c": result.created["committees"],
    }


ORGANISATION_IMPORT = SpreadsheetImport(
    key="organisation_import",
    permission="organisation.manage_organisation",
    run=import_organisation,
    columns=IMPORT_COLUMNS,
    title=gettext_lazy("Importera organisationen"),
    intro=gettext_lazy(
        "Ladda upp ett utdrag ur HR- eller personalsystemet eller AD: en rad per person, med "
        "enhet och roller. Nämnder och enheter som inte finns skapas. Alla rader kontrolleras "
        "först och visas som förhandsvisning; finns ett enda fel sparas ingenting. Personer "
        "matchas på användarnamn: samma fil en gång till ändrar ingenting, ändrade namn "
        "uppdateras. Roller läggs till, aldrig avslutas, och bara roller som policyn låter dig "
        "ge."
    ),
    preview=[
        (gettext_lazy("Nämnder"), "committees", None),
        (gettext_lazy("Enheter"), "units", "units"),
        (gettext_lazy("Personer"), "people", "people"),
        (gettext_lazy("Roller"), "roles", None),
    ],
    done=_import_done,
    url_name="organisation:organisation_import",
    template_url_name="organisation:organisation_import_template",
    success_url_name="organisation:unit_list",
    template_name="organisationsmall",
)
organisation_import = ORGANISATION_IMPORT.page_view()
organisation_import_template = ORGANISATION_IMPORT.template_view()
