"""Events of the guideline app that higher apps react to (``styrsam.core.hooks``)."""

from styrsam.core.hooks import Hook

policy_activated = Hook(
    "policy_activated",
    "A policy version became the active one: send(actor=, policy=) inside the load's "
    "transaction. The organisation app mirrors the policy's groups on it.",
)
