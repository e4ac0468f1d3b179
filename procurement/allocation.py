"""Largest-remainder (Hamilton) split of an amount in cents, exact to the cent.

Each recipient first gets the floor of its fair share total × weight / Σweights; the cents left
over (fewer than the number of recipients) go one each to the largest remainders. Ties are broken
by the order of the keys given, so a re-run with the same input gives the same split. Integer
arithmetic only: no float ever touches money.
"""

from collections.abc import Hashable, Mapping
from decimal import Decimal


class AllocationError(ValueError):
    pass


def to_cents(amount: Decimal) -> int:
    cents = Decimal(amount) * 100
    if cents != cents.to_integral_value():
        raise AllocationError("The amount has fractions of a cent.")
    return int(cents)


def largest_remainder(total_cents: int, weights: Mapping[Hashable, int]) -> dict[Hashable, int]:
    if total_cents < 0:
        raise AllocationError("The amount cannot be negative.")
    if any(w < 0 for w in weights.values()):
        raise AllocationError("A customer count cannot be negative.")
    weight_sum = sum(weights.values())
    if weight_sum == 0:
        raise AllocationError("The customer counts add up to zero: nothing to split by.")
    floors, remainders = {}, []
    for order, (key, weight) in enumerate(weights.items()):
        quotient, remainder = divmod(total_cents * weight, weight_sum)
        floors[key] = quotient
        remainders.append((-remainder, order, key))
    left = total_cents - sum(floors.values())
    for _neg_remainder, _order, key in sorted(remainders)[:left]:
        floors[key] += 1
    return floors


def split_amount(amount: Decimal, weights: Mapping[Hashable, int]) -> dict[Hashable, Decimal]:
    cents = largest_remainder(to_cents(amount), weights)
    return {key: (Decimal(c) / 100).quantize(Decimal("0.01")) for key, c in cents.items()}
