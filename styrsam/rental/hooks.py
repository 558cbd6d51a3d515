"""Events of the rental system that higher apps take part in (``styrsam.core.hooks``)."""

from styrsam.core.hooks import Hook

investment_budget_check = Hook(
    "investment_budget_check",
    "The IT unit's investment budget of a year is about to be set (G08): send(year=, amount=) "
    "inside the service's transaction. The finance app refuses (raises Conflict, G16) an "
    "amount other than the investment frame the financing group has decided for that year.",
)
