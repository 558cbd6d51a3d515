"""Permissions of governing documents (loaded by rules' autodiscovery).

Every member of staff reads the governing documents (they govern everyone's work); the
drafting, adopting and publishing roles come from the policy (``services.may_*``)."""

from __future__ import annotations

import rules

from styrsam.organisation.roles import is_staff_member

from . import services


@rules.predicate
def drafts(user) -> bool:
    return services.may_draft(user)


@rules.predicate
def adopts(user) -> bool:
    return services.may_adopt(user)


@rules.predicate
def publishes(user) -> bool:
    return services.may_publish(user)


rules.add_perm("documents.view_documents", is_staff_member)
rules.add_perm("documents.draft_documents", drafts)
rules.add_perm("documents.adopt_documents", adopts)
rules.add_perm("documents.publish_documents", publishes)
