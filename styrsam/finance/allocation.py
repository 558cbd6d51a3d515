"""Sharing a cost out in öre so that no öre is lost or invented (G26). Pure functions: no
database, so the property tests can run them over any keys and costs.

The rule (largest remainder, Hamilton's method):

1. the cost ``C`` in öre and each department's weight ``w_i`` (an integer: users,
   employees, licences, 1 for equal shares, or a percentage in hundredths) with ``W = Σ w_i``;
2. each department first gets ``⌊C·w_i / W⌋`` öre;
3. the öre left over (fewer than the number of departments) go one each to the departments
   with the largest remainders ``C·w_i mod W``; equal remainders go in the order the weights
   are given — callers give them sorted by department code, so the tie-break is
   deterministic and the same on every run and database.

Hence: the shares sum exactly to ``C``; no share is negative for ``C ≥ 0``; each share
differs from its exact proportion ``C·w_i / W`` by less than one öre. A negative cost (a
credit) is shared as its absolute value and negated. The same function shares the IT
platform's cost over the systems (by users) for the systems' total cost.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from decimal import ROUND_HALF_UP, Decimal

ORE = Decimal("0.01")
HUNDRED = Decimal(100)


def to_ore(amount: Decimal | int) -> int:
    """Kronor → whole öre (half up)."""
    return int((Decimal(amount) * HUNDRED).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def from_ore(ore: int) -> Decimal:
    return (Decimal(ore) / HUNDRED).quantize(ORE)


def weight_units(weight: Decimal | int) -> int:
    """A weight as an integer: weights carry at most two decimals (percentages), so
    hundredths keep every weight exact."""
    return to_ore(weight)


def _whole(weights: Sequence[tuple[Hashable, int]]) -> int:
    """The sum of ``weights``; ``ValueError`` when a weight is negative or none is positive."""
    if any(w < 0 for _k, w in weights):
        raise ValueError("negative weight")
    whole = sum(w for _k, w in weights)
    if whole <= 0:
        raise ValueError("no positive weight")
    return whole


def largest_remainder(total: int, weights: Sequence[tuple[Hashable, int]]) -> dict[Hashable, int]:
    """Share ``total`` öre over ``weights`` ((key, non-negative integer weight), in tie-break
    order). Raises ``ValueError`` when no weight is positive or a weight is negative."""
    whole = _whole(weights)
    if total < 0:
        return {k: -v for k, v in largest_remainder(-total, weights).items()}
    shares: dict[Hashable, int] = {}
    remainders: list[tuple[int, int, Hashable]] = []
    for position, (key, weight) in enumerate(weights):
        floor, remainder = divmod(total * weight, whole)
        shares[key] = floor
        remainders.append((-remainder, position, key))
    left = total - sum(shares.values())
    for _r, _p, key in sorted(remainders)[:left]:
        shares[key] += 1
    return shares


def largest_remainder_of(total: int, weights: Sequence[tuple[Hashable, int]], key) -> int:
    """``largest_remainder(total, weights)[key]`` without sharing out the others: one pass of
    integer arithmetic and no sort. ``key``'s öre left over are decided by how many weights
    rank before it (a larger remainder, or an equal one given earlier). One system's share of
    the IT platform is asked over every system in use (issue 18: thousands of weights)."""
    whole = _whole(weights)
    if total < 0:
        return -largest_remainder_of(-total, weights, key)
    floors = 0
    remainders = []
    mine = None
    for position, (k, weight) in enumerate(weights):
        floor, remainder = divmod(total * weight, whole)
        floors += floor
        remainders.append(remainder)
        if k == key:  # keys are unique (as every caller's)
            mine = (floor, remainder, position)
    if mine is None:
        raise KeyError(key)
    floor, remainder, position = mine
    before = sum(
        1 for p, r in enumerate(remainders) if r > remainder or (r == remainder and p < position)
    )
    return floor + (1 if before < total - floors else 0)


def allocate(amount: Decimal | int, weights: Sequence[tuple[Hashable, Decimal | int]]) -> dict:
    """Share ``amount`` kronor over ``weights`` (Decimal weights allowed): the shares in
    kronor with two decimals (öre), summing exactly to ``amount``."""
    ore = largest_remainder(to_ore(amount), [(k, weight_units(w)) for k, w in weights])
    return {k: from_ore(v) for k, v in ore.items()}


def allocate_to(
    amount: Decimal | int, weights: Sequence[tuple[Hashable, Decimal | int]], wanted
) -> dict:
    """The shares of the ``wanted`` keys only, each exactly ``allocate(amount, weights)[k]``:
    the remainders are ranked over every weight (a share depends on all of them), but only
    the wanted shares are turned into kronor (a department's statement needs its own)."""
    ore = largest_remainder(to_ore(amount), [(k, weight_units(w)) for k, w in weights])
    return {k: from_ore(v) for k, v in ore.items() if k in wanted}
