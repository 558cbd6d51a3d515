from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# Only areas that work are listed; an app adds itself by adding a line here.
NAVIGATION = [
    ("home", _("Start"), None),
    ("organisation:group_list", _("Grupper"), "organisation.view_organisation"),
    ("organisation:unit_list", _("Organisation"), "organisation.view_organisation"),
    ("organisation:person_list", _("Personer"), "organisation.view_organisation"),
    ("systems:system_list", _("System"), "systems.view_system"),
    ("cases:case_open", _("Ärenden"), "cases.view_case"),
    ("cases:decision_list", _("Beslut"), "cases.view_decision"),
    ("meetings:meeting_list", _("Möten"), "meetings.view_meetings"),
    ("servicedesk:catalogue", _("Kundservice"), "servicedesk.view_catalogue"),
    ("rental:asset_list", _("Hyrd utrustning"), "rental.view_assets"),
    ("rental:invoice", _("Hyra"), "rental.view_ledger"),
    ("guideline:policy", _("Riktlinje"), "guideline.view_policy"),
]


def styrsam(request):
    user = getattr(request, "user", None)
    items = []
    if user is not None and user.is_authenticated:
        current = request.resolver_match.view_name if request.resolver_match else ""
        for name, label, perm in NAVIGATION:
            if perm and not user.has_perm(perm):
                continue
            try:
                url = reverse(name)
            except NoReverseMatch:
                continue
            section = name.split(":")[0]
            active = current == name or (
                ":" in name
                and current.startswith(section + ":")
                and current.split(":")[1].split("_")[0] == name.split(":")[1].split("_")[0]
            )
            items.append({"url": url, "label": label, "active": active})
    context = {"nav_items": items}
    if user is not None and user.is_authenticated:
        from styrsam.guideline.policy import get_policy
        from styrsam.organisation.models import Municipality

        policy = get_policy()
        label = policy.name + (f" (v{policy.version})" if policy.version else "")
        context["active_policy_label"] = label
        context["municipality_name"] = (
            Municipality.objects.values_list("name", flat=True).first() or ""
        )
    return context
