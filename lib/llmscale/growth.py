"""Growth arithmetic: the data wall, frontier compute growth, and catching up.

Chapter 02 (data wall and compute growth): an exponential frontier-compute trend
``C(y) = C0 g^(y - y0)`` (Epoch AI; Sevilla & Roldan 2024), the dataset a run of ``C``
FLOP uses under a data policy (compute-optimal per Hoffmann et al. 2022, Eq. 4, or a
fixed tokens-per-parameter ratio), the year that dataset reaches a fixed stock of text
(Villalobos et al. 2024's crossing, simplified), wall-clock days and GPU counts of a run,
and conversions between growth factors per year, orders of magnitude per decade and
halving times.

Chapter 03 (catch-up arithmetic): see its section below.

Units: FLOP, tokens, years (decimal), days and months as the names say.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import numpy as np

from . import _checks, catalog
from ._checks import scalar_or_array as _out
from .flops import flop_to_gpu_hours
from .laws import get_preset
from .units import DAYS_PER_MONTH

#: The preset the data-wall defaults use (Hoffmann et al. 2022's printed constants).
REFERENCE_PRESET = "hoffmann2022"


# --- data wall and compute growth (chapter 02) ---

def _growth_factor(name: str, x):
    g = _checks.positive(name, x, nonempty=True)
    if np.any(g <= 1):
        raise ValueError(f"{name}={x!r}: allowed: values > 1 (a factor per year)")
    return g


def decimal_year(date: str) -> float:
    """``"2023-12-06"`` -> 2023.93: the year plus the elapsed fraction of it (365.25-day years)."""
    try:
        d = datetime.date.fromisoformat(date)
    except (ValueError, TypeError):
        raise ValueError(f"date={date!r}: allowed: a date string YYYY-MM-DD") from None
    return d.year + (d.timetuple().tm_yday - 1) / 365.25


def frontier_flop(year, start_flop, start_year, growth_per_year):
    """Frontier training compute ``C(y) = C0 g^(y - y0)`` in FLOP (Epoch AI's exponential trend; Sevilla & Roldan 2024). Vectorised."""
    g = _growth_factor("growth_per_year", growth_per_year)
    return _out(_checks.positive("start_flop", start_flop, nonempty=True)
                * g ** (_checks.finite("year", year, nonempty=True)
                        - _checks.finite("start_year", start_year, nonempty=True)))


def dataset_tokens(flop, tokens_per_param=None, preset=REFERENCE_PRESET):
    """Training tokens a run of ``C`` FLOP uses under a data policy. Vectorised over ``flop`` (and ``tokens_per_param``).

    ``tokens_per_param=None``: the compute-optimal ``D_opt(C)`` of the preset
    (Hoffmann et al. 2022, Eq. 4). A number ``r``: a fixed ratio ``D = r N`` with
    ``C = 6 N D``, so ``D = sqrt(r C / 6)``. Units: tokens.
    """
    c = _checks.positive("flop", flop, nonempty=True)
    if tokens_per_param is None:
        return get_preset(preset).compute_optimal(c)[1]
    r = _checks.positive("tokens_per_param", tokens_per_param, nonempty=True)
    return _out(np.sqrt(r * c / 6.0))


def flop_for_dataset(n_tokens, tokens_per_param=None, preset=REFERENCE_PRESET):
    """The training compute at which a policy's dataset reaches ``n_tokens``; inverse of :func:`dataset_tokens`.

    Compute-optimal: ``C = 6 (D G)^(1/b)``, ``b = alpha/(alpha+beta)`` (Hoffmann Eq. 4).
    Fixed ratio ``r``: ``C = 6 D^2 / r``. Units: FLOP. Vectorised.
    """
    d = _checks.positive("n_tokens", n_tokens, nonempty=True)
    if tokens_per_param is None:
        law = get_preset(preset)
        return _out(6.0 * (d * law.G) ** (1.0 / law.b))
    return _out(6.0 * d ** 2 / _checks.positive("tokens_per_param", tokens_per_param, nonempty=True))


def data_wall_year(stock_tokens, start_flop, start_year, growth_per_year, tokens_per_param=None,
                   preset=REFERENCE_PRESET):
    """Year in which the frontier run's dataset equals the data stock (Villalobos et al. 2024's crossing, simplified).

    ``y = y0 + log(C_wall / C0) / log(g)`` with ``C_wall`` = :func:`flop_for_dataset`
    of the stock, ``C0`` FLOP in year ``y0`` and growth ``g`` per year. The stock is
    held fixed (Villalobos et al. let it grow slowly). Years before ``y0`` mean the
    stock was already exceeded at the start. Vectorised.
    """
    g = _growth_factor("growth_per_year", growth_per_year)
    c_wall = np.asarray(flop_for_dataset(stock_tokens, tokens_per_param, preset))
    return _out(_checks.finite("start_year", start_year, nonempty=True)
                + np.log(c_wall / _checks.positive("start_flop", start_flop, nonempty=True)) / np.log(g))


def frontier_start(as_of: str) -> tuple[str, float, float]:
    """The largest training run known by ``as_of`` (``YYYY-MM-DD``): ``(name, FLOP, decimal year)``.

    Candidates: the ``training_compute_flop`` rows of ``data/scaling_facts.csv`` (Epoch AI
    estimates of undisclosed runs) and the reported compute of ``data/training_runs.csv``
    (all before 2025).
    """
    decimal_year(as_of)  # validates the date
    df = catalog.table("scaling_facts")
    df = df[(df["quantity"] == "training_compute_flop") & (df["date"] <= as_of)]
    best = df.loc[df["value"].idxmax()]
    runs = catalog.table("training_runs").dropna(subset=["reported_compute_flop"])
    if runs["reported_compute_flop"].max() > best["value"]:  # pragma: no cover - not the case in the data
        r = runs.loc[runs["reported_compute_flop"].idxmax()]
        return r["name"], float(r["reported_compute_flop"]), decimal_year(as_of)
    return best["name"].replace(" training compute", ""), float(best["value"]), decimal_year(best["date"])


def largest_dataset(as_of: str) -> tuple[str, float]:
    """The largest known pre-training dataset by ``as_of`` (``YYYY-MM-DD``): ``(name, tokens)``.

    Over ``data/training_runs.csv`` and the ``dataset_tokens`` rows of ``data/scaling_facts.csv``.
    """
    decimal_year(as_of)  # validates the date
    runs = catalog.table("training_runs")
    cands = [(r["name"], float(r["tokens"])) for _, r in runs.iterrows()]
    df = catalog.table("scaling_facts")
    df = df[(df["quantity"] == "dataset_tokens") & (df["date"].fillna("0000") <= as_of)]
    cands += [(r["name"].replace(" pre-training tokens", ""), float(r["value"])) for _, r in df.iterrows()]
    return max(cands, key=lambda t: t[1])


def training_days(flop, n_gpus, peak_flop_per_s, mfu):
    """Wall-clock days to deliver ``flop`` on ``n_gpus`` at ``peak_flop_per_s`` and ``mfu``: ``C / (n peak MFU 86400)``. Vectorised."""
    return _out(np.asarray(flop_to_gpu_hours(flop, peak_flop_per_s, mfu))
                / _checks.positive("n_gpus", n_gpus, nonempty=True) / 24.0)


def gpus_for_run(flop, days, peak_flop_per_s, mfu):
    """Accelerators needed to deliver ``flop`` in ``days`` at ``peak_flop_per_s`` and ``mfu``. Vectorised."""
    return _out(np.asarray(flop_to_gpu_hours(flop, peak_flop_per_s, mfu))
                / (24.0 * _checks.positive("days", days, nonempty=True)))


def annual_factor_from_ooms(orders_of_magnitude, years):
    """Growth factor per year of ``orders_of_magnitude`` over ``years``: ``10^(OOM / years)``. Six per decade is 3.98x. Vectorised."""
    return _out(10.0 ** (_checks.finite("orders_of_magnitude", orders_of_magnitude, nonempty=True)
                         / _checks.positive("years", years, nonempty=True)))


def ooms_per_decade(growth_per_year):
    """Orders of magnitude per decade of a growth factor per year: ``10 log10 g``. 4x per year is 6.02. Vectorised."""
    return _out(10.0 * np.log10(_checks.positive("growth_per_year", growth_per_year, nonempty=True)))


def annual_factor_from_halving(halving_months):
    """Yearly reduction factor of a quantity halving every ``m`` months: ``2^(12/m)`` (Ho et al. 2024: 8 months -> 2.83x). Vectorised."""
    return _out(2.0 ** (12.0 / _checks.positive("halving_months", halving_months, nonempty=True)))


# --- catch-up arithmetic (chapter 03) ---

#: Epoch AI's trend of frontier training compute, about 4x per year (You 2025), the
#: default frontier growth of the catch-up arithmetic.
FRONTIER_GROWTH_PER_YEAR = 4.0


def months_between(start: str, end: str) -> float:
    """Months from ISO date ``start`` to ``end``: ``days / 30.4375`` (Julian-year months).

    Exact day count, unlike differences of :func:`decimal_year` (which restart at each
    new year). ``months_between("2024-12-05", "2025-04-16") = 132 / 30.4375 = 4.34``
    (o1's general availability to o3's release; OpenAI 2024, 2025). Units: months.
    """
    try:
        d0, d1 = datetime.date.fromisoformat(start), datetime.date.fromisoformat(end)
    except (TypeError, ValueError):
        raise ValueError(f"start={start!r}, end={end!r}: allowed: ISO dates 'YYYY-MM-DD'") from None
    return (d1 - d0).days / DAYS_PER_MONTH


def months_per_10x(ratio, months):
    """The months per 10× implied by growing ``ratio``× in ``months``: ``m = months / log10(ratio)``.

    o3 over o1: 10× in 4.34 months is 10× every 4.34 months (You 2025). Units: months.
    Vectorised. Raises for ``ratio <= 1`` (no growth).
    """
    r = _checks.positive("ratio", ratio)
    if np.any(r <= 1):
        raise ValueError(f"ratio={ratio!r}: allowed: values > 1 (growth)")
    return _out(_checks.positive("months", months) / np.log10(r))


def growth_per_year(months_per_10x):
    """Annual growth factor of something that grows 10× every ``m`` months: ``10**(12/m)``.

    10× every 4 months is 1,000× a year (You 2025). Dimensionless; vectorised.
    """
    return _out(10.0 ** (12.0 / _checks.positive("months_per_10x", months_per_10x)))


def gap_closing_oom_per_year(months_per_10x, frontier_growth_per_year=FRONTIER_GROWTH_PER_YEAR):
    """Orders of magnitude per year by which reasoning compute gains on the frontier: ``12/m − log10(g)``.

    Reasoning compute grows 10× every ``m`` months, the frontier ``g×`` a year (You 2025):
    10× every 5 months against 4× a year gains 1.8 OOM a year. Negative where the frontier
    grows faster. Units: orders of magnitude per year. Vectorised.
    """
    m = _checks.positive("months_per_10x", months_per_10x)
    g = _checks.positive("frontier_growth_per_year", frontier_growth_per_year)
    return _out(12.0 / m - np.log10(g))


def catch_up_months(gap_orders_of_magnitude, months_per_10x, frontier_growth_per_year=FRONTIER_GROWTH_PER_YEAR):
    """Months until reasoning compute, ``G`` OOM below the frontier, reaches it.

    ``t* = G / (1/m − log10(g)/12)`` (reasoning grows 10× per ``m`` months, the
    frontier ``g×`` per year; You 2025): 3 OOM at 10× every 5 months against 4× a year
    take 20.0 months (1.67 years). Returns ``inf`` where reasoning compute grows no
    faster than the frontier (it never catches up) and 0 for ``G = 0``.
    Units: months. Vectorised.
    """
    gap = _checks.nonneg("gap_orders_of_magnitude", gap_orders_of_magnitude)
    m = _checks.positive("months_per_10x", months_per_10x)
    g = _checks.positive("frontier_growth_per_year", frontier_growth_per_year)
    if np.any(g < 1):
        raise ValueError(f"frontier_growth_per_year={frontier_growth_per_year!r}: allowed: values >= 1")
    rate = 1.0 / m - np.log10(g) / 12.0                       # OOM per month the gap closes
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.where(rate > 0, gap / np.where(rate > 0, rate, 1.0), np.inf)
    return _out(np.where(gap == 0, 0.0, t))


@dataclass(frozen=True)
class CatchUp:
    """When reasoning compute meets the frontier, and how fast it grows before and after.

    ``months`` is ``inf`` where it never catches up. Growth factors are per year.
    See :func:`catch_up`.
    """

    months: float | np.ndarray
    growth_per_year_before: float | np.ndarray
    growth_per_year_after: float | np.ndarray

    @property
    def years(self):
        """``months / 12``."""
        return _out(np.asarray(self.months) / 12.0)

    @property
    def slowdown(self):
        """How many times slower the annual growth factor becomes at the meeting point.

        ``before / after`` (1 where it never catches up: nothing changes).
        """
        before, after = np.asarray(self.growth_per_year_before), np.asarray(self.growth_per_year_after)
        return _out(np.where(np.isfinite(np.asarray(self.months)), before / after, 1.0))


def catch_up(gap_orders_of_magnitude, months_per_10x, frontier_growth_per_year=FRONTIER_GROWTH_PER_YEAR) -> CatchUp:
    """The catch-up projection of You (2025): when the two curves meet and the growth after.

    Before the meeting reasoning compute grows ``10**(12/m)×`` a year; at
    ``t* = G / (1/m − log10(g)/12)`` months (:func:`catch_up_months`) it meets the
    frontier, after which it grows with the frontier, ``g×`` a year (a reasoning stage
    cannot use more compute than the largest training run). Where reasoning grows no
    faster than the frontier, ``t* = inf`` and the growth never changes.
    Units: months; growth factors per year. Vectorised.
    """
    t = np.asarray(catch_up_months(gap_orders_of_magnitude, months_per_10x, frontier_growth_per_year))
    before = np.asarray(growth_per_year(months_per_10x))
    g = np.asarray(frontier_growth_per_year, dtype=float)
    after = np.where(np.isfinite(t), g * np.ones_like(t), before * np.ones_like(t))
    return CatchUp(months=_out(t), growth_per_year_before=_out(before * np.ones_like(t)),
                   growth_per_year_after=_out(after))


def trajectory(months, reasoning_flop_now, frontier_flop_now, months_per_10x,
               frontier_growth_per_year=FRONTIER_GROWTH_PER_YEAR):
    """Reasoning and frontier training compute ``t`` months from now (FLOP, FLOP).

    ``frontier(t) = F0 · g**(t/12)``; ``reasoning(t) = min(R0 · 10**(t/m), frontier(t))``:
    reasoning training cannot use more compute than the largest run, so once it meets
    the frontier it grows ``g×`` per year (You 2025). Vectorised over ``months``.
    """
    t = _checks.finite("months", months)
    r0 = _checks.positive("reasoning_flop_now", reasoning_flop_now)
    f0 = _checks.positive("frontier_flop_now", frontier_flop_now)
    m = _checks.positive("months_per_10x", months_per_10x)
    g = _checks.positive("frontier_growth_per_year", frontier_growth_per_year)
    frontier = f0 * g ** (t / 12.0)
    reasoning = np.minimum(r0 * 10.0 ** (t / m), frontier)
    return _out(reasoning), _out(frontier)
