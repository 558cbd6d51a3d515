"""Policy versions: a new file is a draft that the coordinator prepares; the role the policy
names adopts it (G29) with a registered decision and an effective date; on that date it becomes
the policy in force. Every version is kept; an adopted one never changes."""

from __future__ import annotations

import datetime
import hashlib

import rules
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from styrsam.core.audit import audit_record
from styrsam.core.errors import Conflict, NotAllowed, ValidationFailed
from styrsam.core.models import next_number

from .compatibility import check_and_rename, refuse_unmapped
from .hooks import policy_activated, policy_adopting
from .models import PolicyVersion
from .policy import Policy, clear_policy_cache, get_policy
from .selectors import due_policy_version
from .validation import validate_policy

ADOPTION_SERIES = "policy_adoption"  # core.Sequence key of the adoption decisions' numbers


def _is_person(actor) -> bool:
    return bool(getattr(actor, "is_authenticated", False))


def _next_version_number() -> int:
    return (PolicyVersion.objects.aggregate(n=Max("number"))["n"] or 0) + 1


@transaction.atomic
def policy_load(
    *, actor, text: str, source: str = "", renames: dict[str, str] | None = None
) -> PolicyVersion:
    """Install ``text`` as the policy in force at once, without adoption in Styrsam: for the
    system only (``actor=None``: the first policy of an installation, the demo, tests), since
    the guideline was adopted before Styrsam held it. A person prepares a draft instead
    (:func:`policy_draft`). Invalid text raises PolicyInvalid and nothing is written. Loading
    the same text as the active version changes nothing. A version lacking codes the data uses
    is refused (409) unless ``renames`` ({old: new}) maps them; the data is then moved to the
    new codes (compatibility.py)."""
    if _is_person(actor):
        raise NotAllowed(
            _("En ny policy blir ett utkast som antas av %(role)s (G29).")
            % {"role": _adopting_role_name()},
            code="policy_needs_adoption",
            rule="G29",
        )
    data = validate_policy(text)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    current = PolicyVersion.objects.select_for_update().filter(is_active=True).first()
    if current and current.sha256 == digest:
        return current
    number = _next_version_number()
    applied = check_and_rename(Policy(data), renames or {})
    if current:
        PolicyVersion.objects.filter(pk=current.pk).update(is_active=False)
    version = PolicyVersion.objects.create(
        number=number,
        name=data["name"],
        source=source[:500],
        text=text,
        data=data,
        sha256=digest,
        loaded_by=None,
        is_active=True,
        status=PolicyVersion.Status.ADOPTED,
        effective_date=timezone.localdate(),
        adopted_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action="policy.load",
        obj=version,
        before={"active_version": current.number if current else None},
        after={"active_version": number, "source": source, "sha256": digest}
        | ({"renames": applied} if applied else {}),
        rule="G29",
    )
    _activated(actor, version)
    return version


def _activated(actor, version: PolicyVersion) -> None:
    # Higher apps react (the organisation mirrors the policy's groups).
    policy_activated.send(actor=actor, policy=Policy(version.data, version.number))
    transaction.on_commit(clear_policy_cache)
    clear_policy_cache()


def _adopting_role_name() -> str:
    policy = get_policy()
    role = policy.adopting_role()
    return policy.role_name(role) if role else _("den roll policyn anger")


@transaction.atomic
def policy_draft(
    *, actor, text: str, source: str = "", renames: dict[str, str] | None = None
) -> PolicyVersion:
    """A new policy file as a draft (G29): prepared by the coordinator (the IT strategist), or
    by the system (``styrsam policy load``). It changes nothing until adopted. The same text as
    an existing draft or the version in force gives that version back. A draft lacking codes
    the data uses is refused at once (409, naming them) unless ``renames`` maps them; the table
    is kept with the draft and applied when the version takes effect."""
    if _is_person(actor) and not rules.has_perm("guideline.load_policy", actor):
        raise NotAllowed(
            _("Bara samordnaren (%(role)s) förbereder en ny policyversion (G29).")
            % {"role": get_policy().coordinator_name()},
            rule="G29",
        )
    data = validate_policy(text)
    refuse_unmapped(Policy(data), renames or {})
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    PolicyVersion.objects.select_for_update().filter(is_active=True).first()  # one at a time
    same = PolicyVersion.objects.filter(
        Q(status=PolicyVersion.Status.DRAFT) | Q(is_active=True), sha256=digest
    ).first()
    if same:
        return same
    version = PolicyVersion.objects.create(
        number=_next_version_number(),
        name=data["name"],
        source=source[:500],
        text=text,
        data=data,
        sha256=digest,
        loaded_by=actor if _is_person(actor) else None,
        status=PolicyVersion.Status.DRAFT,
        renames=renames or {},
    )
    audit_record(
        actor=actor,
        action="policy.draft",
        obj=version,
        before=None,
        after={"version": version.number, "source": source, "sha256": digest}
        | ({"renames": renames} if renames else {}),
        rule="G29",
    )
    return version


@transaction.atomic
def adopt_policy_version(
    *,
    actor,
    version: PolicyVersion,
    effective_date: datetime.date,
    decision_text: str = "",
    decision_number: str = "",
) -> PolicyVersion:
    """G29: the role the policy names (the municipal director by default) adopts a draft with
    a decision that gets a registration number; the version is in force from
    ``effective_date`` (today or later). The adopted version is frozen. ``decision_number``:
    the draft is adopted by a decision registered elsewhere (the adoption of the guideline
    document's version that carries it), whose number it takes instead of a new one."""
    if not _is_person(actor) or not rules.has_perm("guideline.adopt_policy", actor):
        raise NotAllowed(
            _("Bara %(role)s antar riktlinjen och policyn (G29).")
            % {"role": _adopting_role_name()},
            rule="G29",
        )
    version = PolicyVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != PolicyVersion.Status.DRAFT:
        raise Conflict(
            _("Version %(n)s är redan antagen.") % {"n": version.number},
            code="already_adopted",
            rule="G29",
        )
    today = timezone.localdate()
    if effective_date is None or effective_date < today:
        raise ValidationFailed(
            _("Policyn kan inte gälla från ett datum som har passerat."),
            code="effective_date_past",
            field="effective_date",
            rule="G29",
        )
    policy_adopting.send(version=version, decision_number=decision_number)
    if decision_number:
        version.decision_number = decision_number
    else:
        number = next_number(ADOPTION_SERIES, today.year)
        version.decision_number = f"RL {today.year}/{number}"
    version.status = PolicyVersion.Status.ADOPTED
    version.effective_date = effective_date
    version.adopted_by = actor
    version.adopted_at = timezone.now()
    version.decision_text = (decision_text or "").strip()
    version.save(
        update_fields=[
            "status",
            "effective_date",
            "adopted_by",
            "adopted_at",
            "decision_number",
            "decision_text",
        ]
    )
    audit_record(
        actor=actor,
        action="policy.adopt",
        obj=version,
        before={"status": PolicyVersion.Status.DRAFT},
        after={
            "status": PolicyVersion.Status.ADOPTED,
            "effective_date": effective_date.isoformat(),
            "decision_number": version.decision_number,
        },
        rule="G29",
    )
    if effective_date <= today:
        activate_due_policy(actor=actor)
    return version


@transaction.atomic
def activate_due_policy(*, actor=None) -> PolicyVersion | None:
    """Make the version due today the active one (the daily task ``guideline.activate_due_policy``
    and an adoption effective today). Idempotent: nothing happens when it already is."""
    due = due_policy_version()
    current = PolicyVersion.objects.select_for_update().filter(is_active=True).first()
    if due is None or (current and current.pk == due.pk):
        return current
    applied = check_and_rename(Policy(due.data, due.number), due.renames or {})
    if current:
        PolicyVersion.objects.filter(pk=current.pk).update(is_active=False)
    PolicyVersion.objects.filter(pk=due.pk).update(is_active=True)
    due.is_active = True
    audit_record(
        actor=actor,
        action="policy.activate",
        obj=due,
        before={"active_version": current.number if current else None},
        after={"active_version": due.number, "effective_date": due.effective_date.isoformat()}
        | ({"renames": applied} if applied else {}),
        rule="G29",
    )
    _activated(actor, due)
    return due
