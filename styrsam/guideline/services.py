"""Loading a policy file: validate, keep every version, make the new one active."""

from __future__ import annotations

import hashlib

from django.db import transaction
from django.db.models import Max

from styrsam.core.audit import audit_record

from .compatibility import check_and_rename
from .hooks import policy_activated
from .models import PolicyVersion
from .policy import Policy, clear_policy_cache
from .validation import validate_policy


@transaction.atomic
def policy_load(
    *, actor, text: str, source: str = "", renames: dict[str, str] | None = None
) -> PolicyVersion:
    """Validate ``text`` and make it the active policy. Invalid text raises PolicyInvalid and
    nothing is written. Loading the same text as the active version changes nothing. A version
    lacking codes the data uses is refused (409) unless ``renames`` ({old: new}) maps them; the
    data is then moved to the new codes (compatibility.py)."""
    data = validate_policy(text)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    current = PolicyVersion.objects.select_for_update().filter(is_active=True).first()
    if current and current.sha256 == digest:
        return current
    number = (PolicyVersion.objects.aggregate(n=Max("number"))["n"] or 0) + 1
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
        loaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        is_active=True,
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
    # Higher apps react (the organisation mirrors the policy's groups).
    policy_activated.send(actor=actor, policy=Policy(data, number))
    transaction.on_commit(clear_policy_cache)
    clear_policy_cache()
    return version
