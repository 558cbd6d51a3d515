from django.utils.translation import gettext_lazy as _

from styrsam.core.registry import HomeSection, NavItem, StyrsamAppConfig


def _role_name(code: str) -> str:
    from styrsam.guideline.policy import get_policy

    return get_policy().role_name(code)


def _home_roles(request) -> dict:
    """The start page's line "Dina roller": the names of the user's roles in the policy."""
    from styrsam.guideline.policy import get_policy

    from .roles import roles_of

    policy = get_policy()
    return {
        "role_names": sorted({policy.role_name(role) for role, _unit in roles_of(request.user)})
    }


def _home_groups(request) -> dict:
    """The start page's "Dina grupper": the user's memberships in the policy's groups."""
    from .selectors import own_memberships

    return {"my_memberships": own_memberships(user=request.user)}


def _municipality_name(request) -> dict:
    """Every page's frame: the municipality's name (kept in the cache, issue 18)."""
    from .selectors import municipality_name

    return {"municipality_name": municipality_name()}


class OrganisationConfig(StyrsamAppConfig):
    name = "styrsam.organisation"
    label = "organisation"
    verbose_name = _("Organisation")
    navigation = [
        NavItem("organisation:group_list", _("Grupper"), "organisation.view_organisation", 10),
        NavItem("organisation:unit_list", _("Organisation"), "organisation.view_organisation", 20),
        NavItem("organisation:person_list", _("Personer"), "organisation.view_organisation", 30),
    ]
    audit_actions = {
        "committee.create": _("Nämnd skapad"),
        "committee.update": _("Nämnd ändrad"),
        "group.create": _("Grupp skapad"),
        "group.rename": _("Grupp omdöpt"),
        "membership.add": _("Ledamot tillagd"),
        "membership.end": _("Medlemskap avslutat"),
        "municipality.set": _("Kommunens namn angivet"),
        "org_unit.create": _("Enhet skapad"),
        "org_unit.update": _("Enhet ändrad"),
        "organisation.import": _("Organisation importerad"),
        "person.create": _("Person skapad"),
        "person.update": _("Person ändrad"),
        "role.assign": _("Roll tilldelad"),
        "role.end": _("Roll avslutad"),
    }
    audit_values = {"organisation.roleassignment.role": _role_name}
    home_sections = [
        HomeSection("roles", "organisation/_home_roles.html", _home_roles, order=-10),
        HomeSection("groups", "organisation/_home_groups.html", _home_groups, order=10),
    ]

    def ready(self) -> None:
        super().ready()
        from django.db.models.signals import post_delete, post_save

        from styrsam.core.registry import register_page_context
        from styrsam.guideline.hooks import codes_in_use, codes_renamed, policy_activated

        from . import policy_codes
        from .models import Municipality
        from .selectors import municipality_name_forget
        from .services import groups_sync_from_policy

        register_page_context(_municipality_name)
        post_save.connect(municipality_name_forget, sender=Municipality)
        post_delete.connect(municipality_name_forget, sender=Municipality)
        from .pickers import register as register_pickers

        register_pickers()
        policy_activated.connect(groups_sync_from_policy)
        codes_in_use.connect(policy_codes.codes_in_use)
        codes_renamed.connect(policy_codes.codes_renamed)
