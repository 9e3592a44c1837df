"""What the figures group schools by besides phase, region and type: bands of the share of pupils eligible for
free school meals and of the number of pupils. Fixed bands, so that a figure and the open data agree."""

from decimal import Decimal

UNKNOWN = "Unknown"
# (upper bound, exclusive; label), in order.
FSM_BANDS = ((10, "Under 10%"), (20, "10% to 19.9%"), (30, "20% to 29.9%"), (40, "30% to 39.9%"), (None, "40% or more"))
SIZE_BANDS = ((101, "Up to 100"), (251, "101 to 250"), (501, "251 to 500"), (1001, "501 to 1,000"), (None, "Over 1,000"))


def _band(value, bands) -> str:
    if value is None:
        return UNKNOWN
    for upper, label in bands:
        if upper is None or value < upper:
            return label
    raise AssertionError("the last band has no upper bound")


def fsm_band(percentage: Decimal | float | None) -> str:
    return _band(percentage, FSM_BANDS)


def size_band(pupils: int | None) -> str:
    return _band(pupils, SIZE_BANDS)


def band_order(bands) -> list[str]:
    return [label for _, label in bands] + [UNKNOWN]
