"""Setting up an installation from an empty database (``styrsam init``, issue 21 item 3): the
municipality's own policy (its groups follow), the units the policy names, and the first
account, holding the policy's coordinating role. Every step is skipped when already done, so
running it again changes nothing."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from styrsam.core.errors import Conflict
from styrsam.guideline.models import PolicyVersion
from styrsam.guideline.policy import get_policy
from styrsam.guideline.services import policy_load
from styrsam.guideline.validation import validate_policy

from . import services
from .models import OrgUnit
from .roles import active_assignments

User = get_user_model()


@dataclass
class SetupReport:
    done: list[str] = field(default_factory=list)  # what this run changed
    already: list[str] = field(default_factory=list)  # what was there before

    @property
    def changed(self) -> bool:
        return bool(self.done)


@transaction.atomic
def initialise(
    *,
    policy_text: str,
    source: str,
    admin_username: str,
    admin_email: str = "",
    admin_name: str = "",
    password: str | None = None,
    municipality: str = "",
) -> SetupReport:
    """Load the policy (the first one only: a later one is a draft adopted on the policy
    page, G29), create the units it names, the municipality's name and the first account.
    Raises ``Conflict`` when another policy is already in force. Runs as the system
    (``actor=None``): there is nobody to act yet."""
    report = SetupReport()
    validate_policy(policy_text)  # PolicyInvalid, listed by the command, before any write
    active = PolicyVersion.objects.filter(is_active=True).first()
    if active is None:
        version = policy_load(actor=None, text=policy_text, source=source)
        report.done.append(
            _("Policyn %(name)s är laddad (version %(n)s); dess grupper är skapade.")
            % {"name": version.name, "n": version.number}
        )
    else:
        digest = hashlib.sha256(policy_text.encode("utf-8")).hexdigest()
        if active.sha256 != digest:
            raise Conflict(
                _(
                    "En annan policy gäller redan (version %(n)s, %(name)s). En ny version "
                    "laddas som utkast med ”styrsam policy load” och antas på policysidan."
                )
                % {"n": active.number, "name": active.name},
                code="other_policy_active",
                rule="G29",
            )
        report.already.append(
            _("Policyn %(name)s gäller redan (version %(n)s).")
            % {"name": active.name, "n": active.number}
        )
    policy = get_policy()
    if municipality:
        _m, changed = services.municipality_set(actor=None, name=municipality)
        (report.done if changed else report.already).append(
            _("Kommunens namn: %(name)s.") % {"name": municipality}
        )
    for code, name in policy.unit_codes().items():
        if OrgUnit.objects.filter(code=code).exists():
            report.already.append(_("Enheten %(name)s finns.") % {"name": name})
            continue
        services.org_unit_create(
            actor=None, code=code, name=name, kind=OrgUnit.Kind.STAFF_UNIT, committee=None
        )
        report.done.append(
            _("Enheten %(name)s (%(code)s) är skapad.") % {"name": name, "code": code}
        )
    _first_account(report, policy, admin_username, admin_email, admin_name, password)
    return report


def _first_account(report, policy, username, email, name, password) -> None:
    role = policy.coordinator_roles()[0]
    user = User.objects.filter(username=username).first()
    if user is None:
        first, _sep, last = (name or username).rpartition(" ")
        user = services.person_create(
            actor=None,
            username=username,
            first_name=first,
            last_name=last,
            email=email,
            unit=OrgUnit.objects.filter(code=policy.it_unit_code()).first(),
            password=password,
        )
        user.is_staff = True
        user.save(update_fields=["is_staff"])
        report.done.append(_("Kontot %(u)s är skapat.") % {"u": username})
    else:
        report.already.append(_("Kontot %(u)s finns.") % {"u": username})
    if active_assignments().filter(person=user, role=role).exists():
        report.already.append(
            _("%(u)s har rollen %(role)s.") % {"u": username, "role": policy.role_name(role)}
        )
    else:
        services.role_assign(actor=None, person=user, role=role)
        report.done.append(
            _("%(u)s har fått rollen %(role)s.") % {"u": username, "role": policy.role_name(role)}
        )
