"""Consistency between lead inspectors: how far each lead's grades stand from what their schools' context
predicts, shrunk towards the rest so that a lead with few inspections is not named by chance.

The method, in the order it runs (the page and the README say it in words):
1. Each published inspection's *residual* is the mean, over its area grades, of the grade's rank minus the mean
   rank every published inspection under the same framework gave that area in schools of the same phase and
   free-school-meals band (the context's prediction).
2. A lead's raw difference is the mean residual of the inspections they led, less the mean of all leads' (so a
   framework graded harder overall moves no one).
3. A random-effects model: raw difference = true difference + noise of variance σ²/n, true differences spread
   with variance τ² (DerSimonian–Laird's moment estimate; σ² pooled within leads). The shrunk estimate is the
   raw difference times τ²/(τ² + σ²/n), with its 95% interval: few inspections, much shrinking.
4. A lead is named only when (a) they led at least MIN_INSPECTIONS, (b) the chance of a raw difference this
   large with no real difference, after Benjamini–Hochberg's correction for the number of leads compared, is
   under FALSE_DISCOVERY_RATE, and (c) the shrunk 95% interval leaves out 0.
"""

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from fairinspect.core.formatting import count

MIN_INSPECTIONS = 5
FALSE_DISCOVERY_RATE = 0.05
Z_95 = 1.959964


@dataclass(frozen=True)
class LeadEstimate:
    lead_code: str
    inspections: int
    raw: float
    shrunk: float
    low: float
    high: float
    p_value: float
    adjusted_p: float
    named: bool
    why: str


@dataclass(frozen=True)
class Consistency:
    leads: list[LeadEstimate]
    within_sd: float  # σ: how much one lead's inspections vary around their own mean
    between_sd: float  # τ: how much leads truly differ, as estimated
    inspections: int

    @property
    def named(self) -> list[LeadEstimate]:
        return [lead for lead in self.leads if lead.named]


def _two_sided_p(z: float) -> float:
    return math.erfc(abs(z) / math.sqrt(2))


def _benjamini_hochberg(p_values: list[float]) -> list[float]:
    """Adjusted p-values (q-values), in the order given."""
    m = len(p_values)
    order = sorted(range(m), key=lambda i: p_values[i])
    adjusted = [1.0] * m
    running = 1.0
    for position in range(m - 1, -1, -1):
        i = order[position]
        running = min(running, p_values[i] * m / (position + 1))
        adjusted[i] = running
    return adjusted


def _in_words(lead: str, n: int, raw: float, shrunk: float, low: float, high: float, p: float, q: float, named: bool,
              leads: int) -> str:  # fmt: skip
    direction = "above" if raw > 0 else "below"
    said = (
        f"Over {count(n, 'inspection')} their grades average {abs(raw):.2f} of a grade {direction} what their schools' "
        f"context predicts, relative to other leads; shrunk for the number of inspections, {shrunk:+.2f} "
        f"(95% interval {low:+.2f} to {high:+.2f})."
    )
    if n < MIN_INSPECTIONS:
        return f"{said} Too few inspections to say: a lead is named only after {MIN_INSPECTIONS}."
    chance = f"A difference this large would arise by chance with no real difference {p:.2g} of the time"
    if named:
        return f"{said} {chance}, which stays unlikely ({q:.2g}) after allowing for the {leads} leads compared."
    if q >= FALSE_DISCOVERY_RATE:
        return f"{said} {chance}; allowing for the {leads} leads compared ({q:.2g}), that may well be chance."
    return f"{said} {chance}, but the shrunk interval includes no difference at all."


def estimate(residuals: Iterable[tuple[str, float]]) -> Consistency:
    """Each lead's estimate from (lead code, residual) per inspection they led."""
    by_lead: dict[str, list[float]] = defaultdict(list)
    for lead, residual in residuals:
        by_lead[lead].append(residual)
    total = sum(len(values) for values in by_lead.values())
    if not by_lead:
        return Consistency([], 0.0, 0.0, 0)
    means = {lead: sum(values) / len(values) for lead, values in by_lead.items()}
    within_df = total - len(by_lead)
    if within_df >= 2:
        sigma2 = sum((r - means[lead]) ** 2 for lead, values in by_lead.items() for r in values) / within_df
    else:
        everyone = [r for values in by_lead.values() for r in values]
        mean = sum(everyone) / len(everyone)
        sigma2 = sum((r - mean) ** 2 for r in everyone) / max(len(everyone) - 1, 1)
    sigma2 = max(sigma2, 1e-9)
    weights = {lead: len(values) / sigma2 for lead, values in by_lead.items()}
    sum_w = sum(weights.values())
    centre = sum(weights[lead] * means[lead] for lead in by_lead) / sum_w
    q_stat = sum(weights[lead] * (means[lead] - centre) ** 2 for lead in by_lead)
    denominator = sum_w - sum(w * w for w in weights.values()) / sum_w
    tau2 = max(0.0, (q_stat - (len(by_lead) - 1)) / denominator) if denominator > 0 else 0.0
    leads = sorted(by_lead)
    raws = [means[lead] - centre for lead in leads]
    p_values = [_two_sided_p(raw / math.sqrt(sigma2 / len(by_lead[lead]))) for lead, raw in zip(leads, raws, strict=True)]
    # Only leads with enough inspections are candidates to be named, so only they count in the correction.
    candidates = [i for i, lead in enumerate(leads) if len(by_lead[lead]) >= MIN_INSPECTIONS]
    adjusted = dict(zip(candidates, _benjamini_hochberg([p_values[i] for i in candidates]), strict=True))
    estimates = []
    for i, lead in enumerate(leads):
        n = len(by_lead[lead])
        shrink = tau2 / (tau2 + sigma2 / n) if tau2 > 0 else 0.0
        shrunk = shrink * raws[i]
        sd = math.sqrt(shrink * sigma2 / n)
        low, high = shrunk - Z_95 * sd, shrunk + Z_95 * sd
        q = adjusted.get(i, 1.0)
        named = n >= MIN_INSPECTIONS and q < FALSE_DISCOVERY_RATE and (low > 0 or high < 0)
        why = _in_words(lead, n, raws[i], shrunk, low, high, p_values[i], q, named, len(candidates))
        estimates.append(LeadEstimate(lead, n, raws[i], shrunk, low, high, p_values[i], q, named, why))
    estimates.sort(key=lambda e: (not e.named, -abs(e.shrunk), e.lead_code))
    return Consistency(estimates, math.sqrt(sigma2), math.sqrt(tau2), total)
