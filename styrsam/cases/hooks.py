"""Events of the cases app that higher apps take part in (``styrsam.core.hooks``)."""

from styrsam.core.hooks import Hook

minute_decision_check = Hook(
    "minute_decision_check",
    "A decision is about to be recorded from a § of a group's minutes: send(actor=, "
    "minute_item=) inside the decision's transaction. The meetings app refuses (raises) unless "
    "the actor runs that meeting (its convener or secretary).",
)
