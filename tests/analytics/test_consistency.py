"""The consistency estimate on simulated data: no lead is named by chance, and a lead who truly differs is named
once they have led enough inspections to tell."""

import random

from fairinspect.analytics.consistency import MIN_INSPECTIONS, estimate


def simulate(seed: int, leads: int = 150, effects: dict[str, float] | None = None, sizes: dict[str, int] | None = None):
    """Residuals of inspections by `leads` leads (1 to 60 inspections each), noise of sd 0.7 of a grade, plus
    each lead's true effect."""
    rng = random.Random(seed)
    effects, sizes = effects or {}, sizes or {}
    rows = []
    for number in range(leads):
        lead = f"L{number:03d}"
        n = sizes.get(lead, rng.choice([1, 2, 3, 4, 6, 10, 20, 40, 60]))
        rows += [(lead, effects.get(lead, 0.0) + rng.gauss(0, 0.7)) for _ in range(n)]
    return rows


def test_with_no_real_differences_almost_no_lead_is_named():
    named = [lead.lead_code for seed in range(40) for lead in estimate(simulate(seed)).named]

    # 40 simulated inspectorates of 150 leads each: with the correction, a false name is rare (well under one
    # inspectorate in ten names anyone).
    assert len(named) <= 4, named


def test_a_lead_with_few_inspections_is_never_named_however_extreme():
    rows = simulate(1, sizes={"L000": 2, "L001": 4}) + [("L000", -3.0), ("L000", -3.0), ("L001", 3.0)]

    result = {lead.lead_code: lead for lead in estimate(rows).leads}

    assert not result["L000"].named and not result["L001"].named
    assert f"named only after {MIN_INSPECTIONS}" in result["L000"].why


def test_a_lead_who_truly_differs_is_named_with_why():
    rows = simulate(2, effects={"L007": -0.8, "L008": -0.8}, sizes={"L007": 40, "L008": 3})

    result = {lead.lead_code: lead for lead in estimate(rows).leads}

    assert result["L007"].named
    assert result["L007"].high < 0
    assert "below what their schools' context predicts" in result["L007"].why
    assert "after allowing for the" in result["L007"].why
    assert not result["L008"].named


def test_shrinking_pulls_small_leads_further_towards_no_difference():
    rows = simulate(3, effects={"L001": 0.6, "L002": 0.6}, sizes={"L001": 60, "L002": 6})
    result = {lead.lead_code: lead for lead in estimate(rows).leads}

    small, large = result["L002"], result["L001"]
    assert abs(small.shrunk / small.raw) < abs(large.shrunk / large.raw)
    assert small.high - small.low > large.high - large.low


def test_no_data_no_leads():
    assert estimate([]).leads == []
