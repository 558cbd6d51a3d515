"""Events of the guideline app that higher apps react to (``styrsam.core.hooks``)."""

from styrsam.core.hooks import Hook

policy_activated = Hook(
    "policy_activated",
    "A policy version became the active one: send(actor=, policy=) inside the load's "
    "transaction. The organisation app mirrors the policy's groups on it.",
)

codes_in_use = Hook(
    "codes_in_use",
    "send() -> each receiver returns {kind: set of codes} that its app's data uses (kinds: "
    "roles, groups, case_types, steps). A new policy version lacking one of them is refused "
    "unless a rename maps it (compatibility.py).",
)

codes_renamed = Hook(
    "codes_renamed",
    "send(renames={kind: {old: new}}) inside the load's transaction, before policy_activated: "
    "the apps move their data to the new version's codes.",
)

policy_adopting = Hook(
    "policy_adopting",
    "send(version=, decision_number=) inside the adoption's transaction, before a draft is "
    "adopted; a receiver raises a ServiceError to refuse. ``decision_number`` is the number of "
    "a decision registered elsewhere that adopts the draft with it (empty: the draft is adopted "
    "on its own). The documents app refuses adopting on its own a draft that belongs to a "
    "version of the guideline document: that version's adoption adopts it (one trail, G29).",
)
