from django.utils.translation import gettext_lazy as _

from styrsam.core.registry import NavItem, StyrsamAppConfig


class GuidelineConfig(StyrsamAppConfig):
    name = "styrsam.guideline"
    label = "guideline"
    verbose_name = _("Riktlinje och policy")
    navigation = [
        NavItem("guideline:policy", _("Riktlinje"), "guideline.view_policy", 110),
    ]
    audit_actions = {
        "policy.load": _("Policy laddad"),
        "policy.draft": _("Policyutkast sparat"),
        "policy.adopt": _("Policyversion antagen"),
        "policy.activate": _("Policyversion började gälla"),
    }

    def ready(self) -> None:
        super().ready()
        from styrsam.core.registry import register_page_context, set_todo_context

        from .policy import PolicyNames, get_policy

        def active_policy(request):
            policy = get_policy()
            return {
                "active_policy_label": policy.name
                + (f" (v{policy.version})" if policy.version else ""),
                # whom to ask for access (403 page): the policy's coordinating role (G02)
                "coordinator_name": policy.coordinator_name(),
                # the policy's roles and groups in page texts (issue 21)
                "policy_names": PolicyNames(policy),
            }

        register_page_context(active_policy)
        set_todo_context(lambda user: get_policy())
        # The date window of the policy (limits.date_window) bounds every date (core.bounds).
        from styrsam.core.bounds import set_date_window_provider

        set_date_window_provider(lambda: get_policy().date_window())
