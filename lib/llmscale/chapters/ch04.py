"""Chapter 04 (roofline token economics): every number, table and curve the notebook shows.

All functions take ``P``, the validated parameters (:func:`llmscale.params.setup`).
:func:`numbers` returns every glued value, formatted as the page prints it (glue name
without ``c04_``); the other functions return the tables and the arrays the figures
plot. No formula lives here: memory is :mod:`llmscale.memory`'s, step times and batch
limits :mod:`llmscale.roofline`'s, dollars :mod:`llmscale.prices`'s, and the article's
numbers and the claims' intermediates :mod:`llmscale.claims.ch04`'s.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import catalog, claims, memory, prices, roofline, units
from ..arrays import attention_flop_coefficient
from ..claims import ch04 as c04
from ..serving_options import Efficiency, Precision

# the run's configuration and the efficiencies' provenance (re-exported)
from .ch04_config import Config, EfficiencySource, _memo, config, efficiency_source  # noqa: F401

#: Batches of the decode-step table and of the roofline figure (annotated: ``ANNOTATED``).
STEP_BATCHES = np.array([1, 8, 32, 72, 128, 368, 1024])
ANNOTATED = (1, 72, 368)
#: Models of the memory table (the chosen model is added when absent).
MEMORY_MODELS = ("Llama 3.1 8B", "Llama 3.1 70B", "Llama 3.1 405B", "DeepSeek-V3")
#: Batches of the KV-cache figure, with their palette colours.
KV_BATCHES = ((0, 1), (1, 8), (2, 32), (4, 72), (5, 128))
#: Batches of the fixed-batch switch table.
SWITCH_BATCHES = (32, 72, 128, 368, 1024)
#: Efficiency map: its axes, and the band within which a grid point "gives T3's batches".
MAP_EFFICIENCIES = np.round(np.arange(0.30, 1.0001, 0.02), 2)
MAP_MFUS = np.round(np.arange(0.10, 1.0001, 0.02), 2)
MAP_BATCH_TOLERANCE = 0.10
#: The prediction side of ``benchmarks/measure_hardware.py`` (its model, context, two of its batches, BF16 throughout).
MEASURE_MODEL, MEASURE_HARDWARE, MEASURE_SEQ_LEN, MEASURE_BATCHES = "Llama 3.1 8B", "H100 SXM", 2048, (1.0, 64.0)
MEASURE_PRECISION = Precision(weight_bytes_per_element=2.0, kv_bytes_per_element=2.0, flop_precision="bf16")


# --- one decoding step -------------------------------------------------------------------------

def _free_bytes(c: Config) -> float:
    """HBM of the node left beside the weights (negative: the weights alone do not fit)."""
    return c.n_gpus * c.hardware.hbm_bytes - memory.weight_bytes(c.model, c.precision.weight_bytes_per_element)


def fit_words(c: Config, batch, seq_len) -> str:
    """``""`` when ``batch`` caches of ``seq_len`` tokens fit beside the weights; otherwise why not, in words."""
    free = _free_bytes(c)
    node = c.n_gpus * c.hardware.hbm_bytes
    if free <= 0:
        return (f"does not fit: the weights alone need {(node - free) / units.GB:,.0f} GB, "
                f"the node has {node / units.GB:,.0f} GB")
    need = float(memory.kv_cache_bytes(c.model, batch, seq_len, c.precision.kv_bytes_per_element))
    if need <= free:
        return ""
    return f"does not fit: the KV cache needs {need / units.GB:,.0f} GB, {free / units.GB:,.0f} GB free beside the weights"


def step_table(P) -> pd.DataFrame:
    """Decode steps of this run at :data:`STEP_BATCHES`, at the short and the long length.

    A batch whose KV cache does not fit in the HBM left beside the weights shows "does not fit"
    with the GB needed and available instead of a step time.
    """
    c = config(P)
    out = {"batch": STEP_BATCHES}
    for s in (c.s_short, c.s_long):
        st = roofline.decode_step(*c.args, STEP_BATCHES, s, **c.kw)
        why = [fit_words(c, b, s) for b in STEP_BATCHES]
        out[f"step at {s:,} tok (ms)"] = [w or f"{x * 1e3:.1f}" for w, x in zip(why, st.time_s)]
        out[f"bound at {s:,}"] = ["—" if w else b for w, b in zip(why, st.bound)]
        out[f"tok/s/user at {s:,}"] = ["—" if w else f"{1 / x:.1f}" for w, x in zip(why, st.time_s)]
    out[f"KV cache at {c.s_long:,} (GB)"] = [f"{x / units.GB:,.0f}" for x in
                                             memory.kv_cache_bytes(c.model, STEP_BATCHES, c.s_long,
                                                                   c.precision.kv_bytes_per_element)]
    return pd.DataFrame(out)


# --- memory (T4-T6) ------------------------------------------------------------------------------

def memory_table(P) -> pd.DataFrame:
    """KV bytes per token, weights and the memory wall at batch 32 of :data:`MEMORY_MODELS` on this node."""
    c = config(P)
    names = list(MEMORY_MODELS) + ([] if c.model.name in MEMORY_MODELS else [c.model.name])
    mem = pd.DataFrame({"model": [n + (" ◀" if n == c.model.name else "") for n in names]})
    mem["attention"] = [catalog.model(n).attention.upper() for n in names]
    mem[f"KV/token at {P['kv_precision'].upper()}"] = [
        units.format_bytes(memory.kv_bytes_per_token(n, c.precision.kv_bytes_per_element)) for n in names]
    mem[f"weights at {P['weight_precision'].upper()} (GB)"] = [
        f"{memory.weight_bytes(n, c.precision.weight_bytes_per_element) / units.GB:,.0f}" for n in names]
    walls = [memory.max_seq_len(n, c.hardware, c.n_gpus, c04.T5_BATCH, precision=c.precision) for n in names]
    mem[f"longest sequence at batch {c04.T5_BATCH} on {c.n_gpus}×{c.hardware.name} (tokens)"] = [
        "weights do not fit" if w == 0 else f"{w:,.0f}" for w in walls]
    return mem


@dataclass(frozen=True)
class KVCurves:
    """KV cache against length for a few batches, and the node's HBM with and without the weights."""

    seq_len: np.ndarray
    kv_gb: list                     # (palette index, batch, GB per length)
    hbm_gb: float
    free_gb: float                  # HBM less the weights (<= 0: the weights do not fit)
    wall_seq_len: float             # the memory wall at batch 32


def kv_curves(P) -> KVCurves:
    """The arrays of the KV-cache figure."""
    c = config(P)
    s_grid = np.logspace(np.log10(512), np.log10(262_144), 200)
    hbm = c.n_gpus * c.hardware.hbm_bytes / units.GB
    return KVCurves(seq_len=s_grid,
                    kv_gb=[(i, b, memory.kv_cache_bytes(c.model, b, s_grid, c.precision.kv_bytes_per_element)
                            / units.GB)
                           for i, b in KV_BATCHES],
                    hbm_gb=hbm,
                    free_gb=hbm - memory.weight_bytes(c.model, c.precision.weight_bytes_per_element) / units.GB,
                    wall_seq_len=memory.max_seq_len(*c.args, c04.T5_BATCH, precision=c.precision))


# --- T3: the assumption sweep --------------------------------------------------------------------

def sweep_view(df: pd.DataFrame) -> pd.DataFrame:
    """Rows of :func:`llmscale.claims.ch04.t3_assumption_sweep`, formatted for display."""
    return pd.DataFrame({
        "weights": df["weights"].str.upper(), "KV": df["kv_cache"].str.upper(), "math": df["math"].str.upper(),
        "attention FLOP": df["attention_flop"].map({True: "yes", False: "no"}),
        "context": df["context"], "prefill": df["prefill"], "rule": df["combine"],
        "BW eff.": df["bandwidth_efficiency"].map(lambda x: f"{x:.3f}"),
        "MFU": df["mfu"].map(lambda x: f"{x:.3f}"),
        "batches": [f"{int(a)} / {int(b)}" for a, b in zip(df["batch_short"], df["batch_long"])],
        "cost ratio": df["cost_ratio"].map(lambda x: "—" if np.isnan(x) else f"{x:.2f}×"),
        "72 × 7,661 fit HBM": df["long_batch_fits_hbm"].map({True: "yes", False: "no"}),
    }).reset_index(drop=True)


def _exact() -> pd.DataFrame:
    sweep = c04.t3_sweep()
    return sweep[sweep["exact_fit"]]


def exact_fits_table() -> pd.DataFrame:
    """The sweep's exact fits, formatted, FP8 weights and BF16 cache first."""
    return sweep_view(_exact().sort_values(["weights", "kv_cache", "context", "prefill", "attention_flop"],
                                           ascending=[False, True, True, False, False]))


def _nearest() -> pd.DataFrame:
    sweep = c04.t3_sweep()
    other = sweep[~sweep["exact_fit"] & ((sweep["math"] == "bf16") | (sweep["combine"] == "sum"))]
    return (other.sort_values("worst_error")
            .groupby(["math", "combine"], as_index=False).head(1).sort_values(["math", "combine"]))


def nearest_fits_table() -> pd.DataFrame:
    """The best grid point of each (math precision, combination rule) pair without an exact fit."""
    near = _nearest()
    out = sweep_view(near)
    out.insert(10, "worst error", [f"{x * 100:.0f} %" for x in near["worst_error"]])
    return out


# --- interactivity against throughput -----------------------------------------------------------

@dataclass(frozen=True)
class InteractivityCurve:
    """One length's curve: per-user rate and per-GPU throughput over ``batch``, and its largest batch."""

    seq_len: int
    user_tokens_per_s: np.ndarray
    gpu_tokens_per_s: np.ndarray
    fits_hbm: np.ndarray
    batch: float                    # the largest batch at the target that fits (0: none)
    limited_by: str
    point: tuple | None             # (tokens/s per user, tokens/s per GPU) at that batch


@_memo
def batch_limits(P) -> roofline.BatchLimit:
    """Largest batches at the target for the short and the long length (latency and HBM capacity)."""
    c = config(P)
    return roofline.batch_limits(*c.args, np.array([c.s_short, c.s_long]), c.target, **c.kw)


def interactivity_curves(P) -> list[InteractivityCurve]:
    """The arrays of the interactivity-against-throughput figure."""
    c = config(P)
    b_grid = np.unique(np.round(np.logspace(0, 12, 400, base=2)))
    lim = batch_limits(P)
    out = []
    for i, s in enumerate([c.s_short, c.s_long]):
        st = roofline.decode_step(*c.args, b_grid, s, **c.kw)
        cap = memory.kv_capacity_batch(*c.args, s, precision=c.precision)
        b = lim.batch[i]
        point = None
        if b > 0:
            t = roofline.decode_step_time_s(*c.args, b, s, **c.kw)
            point = (1 / t, b / t / c.n_gpus)
        out.append(InteractivityCurve(s, 1 / st.time_s, b_grid / st.time_s / c.n_gpus, b_grid <= cap, b,
                                      lim.limited_by[i], point))
    return out


# --- the efficiency map ----------------------------------------------------------------------------

@dataclass(frozen=True)
class EfficiencyMap:
    """Per-token cost ratio (long over short) over bandwidth efficiency × MFU; ``fits_t3``: both T3 batches ±10 %."""

    efficiency: np.ndarray
    mfu: np.ndarray
    ratio: np.ndarray
    fits_t3: np.ndarray


@_memo
def efficiency_map(P) -> EfficiencyMap:
    """The arrays of the efficiency map (this run's precisions, T3's lengths, batches and target for the outline)."""
    c = config(P)
    E, U = np.meshgrid(MAP_EFFICIENCIES, MAP_MFUS)
    kw_grid = dict(c.kw, efficiency=Efficiency(bandwidth=E, mfu=U))
    ratio = roofline.cost_ratio_long_short(*c.args, c.s_long, c.s_short, c.target, **kw_grid)
    (t3_short, t3_long), (b_short, b_long) = c04.T3_SEQ_LENS, c04.T3_BATCHES
    t3_target = c04.T3_TOKENS_PER_S_PER_USER
    bs = roofline.batch_limits(*c.args, t3_short, t3_target, **kw_grid).latency_batch
    bl = roofline.batch_limits(*c.args, t3_long, t3_target, **kw_grid).latency_batch
    ok = (np.abs(bs / b_short - 1) <= MAP_BATCH_TOLERANCE) & (np.abs(bl / b_long - 1) <= MAP_BATCH_TOLERANCE)
    return EfficiencyMap(E, U, ratio, ok)


# --- T7: which limit sets the batch ----------------------------------------------------------------

def _fixed_batch_words(c: Config, b: float, s_star: float) -> str:
    if np.isnan(s_star):
        st = roofline.decode_step(*c.args, b, 1024.0, **c.kw)
        return f"{st.bound}-bound at every length"
    lo = roofline.decode_step(*c.args, b, s_star / 2, **c.kw).bound
    hi = roofline.decode_step(*c.args, b, s_star * 2, **c.kw).bound
    return f"{lo}-bound below {s_star:,.0f} tokens, {hi}-bound above"


def switch_table(P) -> pd.DataFrame:
    """At fixed batches (:data:`SWITCH_BATCHES`), where a step changes bound, and the longest length that fits."""
    c = config(P)
    fixed = pd.DataFrame({"batch": list(SWITCH_BATCHES)})
    stars = roofline.bound_switch_seq_len(*c.args, fixed["batch"].to_numpy(), **c.kw)
    fixed["bound against length"] = [_fixed_batch_words(c, b, x) for b, x in zip(SWITCH_BATCHES, stars)]
    walls = memory.max_seq_len(*c.args, fixed["batch"].to_numpy(), precision=c.precision)
    fixed["longest length that fits (tokens)"] = [
        fit_words(c, 1, 1) or "does not fit at any length" if w <= 0 else f"{w:,.0f}" for w in walls]
    return fixed


@dataclass(frozen=True)
class Regime:
    """Which limit sets the largest batch at the target, against length, and why (this run)."""

    switches: tuple                 # lengths (tokens) in [1, 1e8] where the binding limit changes, ascending
    limits: tuple                   # "compute" or "memory" on each side: len(switches) + 1 entries
    attention_flop_per_kv_byte: float
    ridge_flop_per_byte: float      # the chosen chip's ridge at this run's math precision (datasheet peaks)
    effective_ridge_flop_per_byte: float   # ... at this run's efficiencies
    chip: str
    math: str

    @property
    def switch_seq_len(self) -> float:
        """The first switch (NaN: none in [1, 1e8] tokens)."""
        return self.switches[0] if self.switches else math.nan

    @property
    def below(self) -> str:
        return self.limits[0]

    @property
    def above(self) -> str:
        """The limit just above the first switch."""
        return self.limits[min(1, len(self.limits) - 1)]

    @property
    def context_pushes_towards(self) -> str:
        """At a fixed batch, longer context moves a step towards this bound."""
        return "memory" if self.attention_flop_per_kv_byte < self.effective_ridge_flop_per_byte else "compute"


_LIMIT = {"compute": "FLOP-limited", "memory": "bandwidth-limited"}


@_memo
def regime(P) -> Regime:
    """Scan ``roofline.continuous_batch_limits`` over 1 to 1e8 tokens and locate the switch, in either direction."""
    c = config(P)
    s = np.logspace(0, 8, 161)

    def binding(x):
        cb = roofline.continuous_batch_limits(*c.args, x, c.target, **c.kw)
        return np.where(np.asarray(cb["compute"]) <= np.asarray(cb["memory"]), "compute", "memory")

    b = binding(s)
    switches = []
    for i in np.nonzero(b[1:] != b[:-1])[0]:
        lo, hi = s[i], s[i + 1]
        for _ in range(3):
            fine = np.geomspace(lo, hi, 65)
            fb = binding(fine)
            j = np.nonzero(fb[1:] != fb[:-1])[0][0]
            lo, hi = fine[j], fine[j + 1]
        switches.append(float(np.sqrt(lo * hi)))
    limits = (str(b[0]),) + tuple(str(b[i + 1]) for i in np.nonzero(b[1:] != b[:-1])[0])
    ridge = c.hardware.ridge_flop_per_byte(c.precision.flop_precision)
    att = attention_flop_coefficient(c.model) / memory.kv_bytes_per_token(c.model, c.precision.kv_bytes_per_element)
    return Regime(tuple(switches), limits, float(att), float(ridge),
                  float(ridge * c.efficiency.mfu / c.efficiency.bandwidth), c.hardware.name,
                  c.precision.flop_precision.upper())


def regime_words(P) -> dict[str, str]:
    """The sentences of the T7 section for this run, chosen by :func:`regime`."""
    r, c = regime(P), config(P)
    above_below = "below" if r.attention_flop_per_kv_byte < r.effective_ridge_flop_per_byte else "above"
    intensity = (f"{c.model.name}'s attention does {r.attention_flop_per_kv_byte:,.0f} FLOP per KV byte at "
                 f"{P['kv_precision'].upper()}, {above_below} the {r.chip}'s {r.math} ridge of "
                 f"{r.ridge_flop_per_byte:,.0f} FLOP per byte ({r.effective_ridge_flop_per_byte:,.0f} at this run's "
                 f"efficiencies), so at a fixed batch longer contexts push decoding towards the "
                 f"{r.context_pushes_towards} bound")
    cb = roofline.continuous_batch_limits(*c.args, 1.0, c.target, **c.kw)
    if float(np.asarray(cb["memory"])) < 1:
        t = float(roofline.decode_step_time_s(*c.args, 1, 1.0, **c.kw))
        switch = (f"no batch meets {c.target:g} tokens/s per user at any length: one stream's step takes "
                  f"{t * 1e3:,.1f} ms, over the {1e3 / c.target:,.1f} ms budget")
    else:
        lim = [_LIMIT[x] for x in r.limits]
        head = f"the largest batch at {c.target:g} tokens/s per user is "
        if not r.switches:
            switch = head + f"{lim[0]} at every length from 1 to 100 million tokens"
        elif len(r.switches) == 1:
            switch = head + f"{lim[0]} below {r.switches[0]:,.0f} tokens and {lim[1]} above"
        else:
            mid = [f"{lim[k]} from {r.switches[k - 1]:,.0f} to {r.switches[k]:,.0f}" for k in range(1, len(r.switches))]
            switch = (head + f"{lim[0]} below {r.switches[0]:,.0f} tokens, " + ", ".join(mid)
                      + f", and {lim[-1]} above {r.switches[-1]:,.0f}")
    if _free_bytes(c) <= 0:
        switch += f" (moot here: {fit_words(c, 1, 1).removeprefix('does not fit: ')})"
    return {"run_intensity": intensity, "run_switch": switch}


@dataclass(frozen=True)
class LimitCurves:
    """The batch each limit allows at the target, against sequence length."""

    seq_len: np.ndarray
    compute: np.ndarray
    bandwidth: np.ndarray
    capacity: np.ndarray
    both: np.ndarray
    switch_seq_len: float
    article_switch_seq_len: int
    switch_label: str               # "" when there is no switch


def limit_curves(P) -> LimitCurves:
    """The arrays of the "which limit sets the batch" figure."""
    c = config(P)
    s_axis = np.logspace(np.log10(128), np.log10(131_072), 200)
    cb = roofline.continuous_batch_limits(*c.args, s_axis, c.target, **c.kw)
    r = regime(P)
    label = "" if np.isnan(r.switch_seq_len) else (
        f"{_LIMIT[r.below]} below, {_LIMIT[r.above]} above {r.switch_seq_len:,.0f}")
    return LimitCurves(s_axis, cb["compute"], cb["memory"],
                       memory.kv_capacity_batch(*c.args, s_axis, precision=c.precision),
                       roofline.max_batch(*c.args, s_axis, c.target, **c.kw), r.switch_seq_len,
                       c04.T7_SWITCH_SEQ_LEN, label)


@dataclass(frozen=True)
class RooflinePoints:
    """The roof (BF16 and, where the chip has it, FP8 peak) and decode steps of this run on it."""

    intensity: np.ndarray
    roof_bf16: np.ndarray
    roof_fp8: np.ndarray | None
    batches: np.ndarray
    steps: list                     # (seq_len, arithmetic intensity, FLOP/s) per length


def roofline_points(P) -> RooflinePoints:
    """The arrays of the roofline figure."""
    c = config(P)
    x = np.logspace(-0.5, 4, 300)
    bw = c.n_gpus * c.hardware.hbm_bandwidth_bytes_per_s
    fp8 = None
    if not math.isnan(c.hardware.fp8_dense_flop_per_s):
        fp8 = roofline.attainable_flop_per_s(x, c.n_gpus * c.hardware.fp8_dense_flop_per_s, bw)
    steps = []
    for s in (c.s_short, c.s_long):
        st = roofline.decode_step(*c.args, STEP_BATCHES, s, **c.kw)
        steps.append((s, st.arithmetic_intensity, st.flop / st.time_s))
    return RooflinePoints(x, roofline.attainable_flop_per_s(x, c.n_gpus * c.hardware.bf16_dense_flop_per_s, bw), fp8,
                          STEP_BATCHES, steps)


# --- prices (T1, T2, T8) ---------------------------------------------------------------------------

def price_table() -> pd.DataFrame:
    """``data/prices.csv``, formatted."""
    pr = catalog.table("prices")
    return pd.DataFrame({
        "model": pr["name"],
        "input ($/M tokens)": pr["input_usd_per_mtok"].map(lambda x: f"{x:.2f}"),
        "output ($/M tokens)": pr["output_usd_per_mtok"].map(lambda x: f"{x:.2f}"),
        "as of": pr["effective_date"],
        "source": pr["source"],
    })


@_memo
def run_cost_ratio(P) -> float:
    """This run's per-token cost, long over short, each at its largest batch that also fits in HBM."""
    c = config(P)
    return roofline.cost_ratio_long_short(*c.args, c.s_long, c.s_short, c.target, enforce_capacity=True, **c.kw)


def why_not_served(P, i: int) -> str:
    """``""`` when length ``i`` (0: short, 1: long) has a batch at the target that fits; otherwise why, in words."""
    c = config(P)
    lim = batch_limits(P)
    s = (c.s_short, c.s_long)[i]
    if lim.batch[i] > 0:
        return ""
    if lim.capacity_batch[i] <= 0:
        return fit_words(c, 1, s) or "does not fit"
    t = float(roofline.decode_step_time_s(*c.args, 1, s, **c.kw))
    return (f"not servable at {c.target:g} tokens/s per user: even one stream gets only "
            f"{1 / t:,.1f} tokens/s")


def _cost_at(P, i: int, s: int) -> str:
    c = config(P)
    why = why_not_served(P, i)
    if why:
        return why
    b = batch_limits(P).batch[i]
    usd = prices.cost_usd_per_mtok(*c.args, b, s, P["usd_per_gpu_hour"], **c.kw)
    return f"${usd:,.2f} per million tokens (batch {int(b):,})"


def run_ratio_words(P) -> str:
    """This run's cost ratio as printed, or why it is undefined."""
    run = run_cost_ratio(P)
    if np.isfinite(run):
        return f"{run:.1f}×"
    c = config(P)
    parts = [f"at {s:,} token{'s' if s != 1 else ''} {why_not_served(P, i)}" for i, s in enumerate((c.s_short, c.s_long))
             if why_not_served(P, i)]
    return "undefined (" + "; ".join(parts or ["no batch meets the target"]) + ")"


def _times(x: float) -> str:
    return f"{x:.1f}×"


def comparison_table(P) -> pd.DataFrame:
    """Price ratios (T1, T2) against the roofline's cost ratios (T3/T8 fit and this run)."""
    c = config(P)
    p, r3 = c04.t1_t2(), c04.t3()
    return pd.DataFrame({
        "comparison": ["o1 / GPT-4o, per output token (T1)", "o1-mini / GPT-4o mini, per output token (T1)",
                       "o1-preview / GPT-4o, per query on the QwQ prompt (T2)",
                       "roofline, long / short per token, T3 fit (T3, T8)",
                       "roofline, long / short per token, measured-server efficiencies (T3, T8)",
                       f"roofline, {c.s_long:,} / {c.s_short:,} per token, this run (HBM capacity enforced)"],
        "claimed": [f"{c04.T1_CLAIMED_RATIO:g}×", f"{c04.T1_CLAIMED_MINI_RATIO:g}×", f"{c04.T2_CLAIMED_RATIO:g}×",
                    f"over {c04.T3_CLAIMED_RATIO:g}×", f"over {c04.T3_CLAIMED_RATIO:g}×", "—"],
        "recomputed": [_times(p.price_ratio), _times(p.mini_ratio), _times(p.query_ratio), _times(r3.cost_ratio),
                       _times(c04.measured().cost_ratio),
                       run_ratio_words(P)],
    })


# --- every glued number ------------------------------------------------------------------------------

def measured_predictions():
    """Roofline decode-step time of ``benchmarks/measure_hardware.py``'s stack at two of its batches (seconds)."""
    return roofline.decode_step_time_s(MEASURE_MODEL, MEASURE_HARDWARE, 1, np.array(MEASURE_BATCHES), MEASURE_SEQ_LEN,
                                       precision=MEASURE_PRECISION)


def numbers(P) -> dict[str, str]:
    """Every glued value of chapter 04 (name without ``c04_`` -> text as printed)."""
    c = config(P)
    p, r3, mem, r7, r9, ms = c04.t1_t2(), c04.t3(), c04.t4_t6(), c04.t7(), c04.t9(), c04.measured()
    exact, near = _exact(), _nearest()
    ref_fit = exact[(exact.weights == "fp8") & (exact.kv_cache == "bf16") & (exact.context == "final")
                    & (exact.prefill == "none") & exact.attention_flop].iloc[0]
    lim = batch_limits(P)
    emap = efficiency_map(P)
    finite = np.isfinite(emap.ratio)
    pred = measured_predictions()
    return {
        "config": c.text,
        "eff_text": c.efficiency_text,
        "run_eff": f"{c.efficiency.bandwidth:g}",
        "run_mfu": f"{c.efficiency.mfu:g}",
        "s_short": f"{c.s_short:,}",
        "s_long": f"{c.s_long:,}",
        # T4-T6
        "kv405": f"{mem.kv_bytes_per_token:,.0f} bytes",
        "t5_batch": f"{mem.t5_batch:.1f}",
        "t5_len": f"{mem.t5_seq_len:,.0f}",
        "t6_len": f"{mem.t6_seq_len:,.0f}",
        "t6_left": f"{mem.t6_free_bytes / units.GB:.1f} GB",
        "t6_batch16k": f"{mem.t6_batch_for_16k:.1f}",
        "t6_gib": f"{mem.t6_seq_len_gib:,.0f}",
        "t6_off": f"{(c04.T6_SEQ_LEN / mem.t6_seq_len - 1) * 100:.0f} %",
        "w405_fp8": f"{mem.weight_bytes_fp8 / units.GB:.0f} GB",
        "w405_bf16": f"{mem.weight_bytes_bf16 / units.GB:.0f} GB",
        # T3: the sweep
        "n_exact": f"{len(exact)}",
        "n_combos": f"{len(c04.t3_sweep())}",
        "fit_mfu": f"{exact['mfu'].min():.2f}–{exact['mfu'].max():.2f}",
        "fit_eff": f"{ref_fit['bandwidth_efficiency']:.2f}",
        "fit_eff_range": f"{exact['bandwidth_efficiency'].min():.2f}–{exact['bandwidth_efficiency'].max():.2f}",
        "n_exact_fit_hbm": f"{int(exact['long_batch_fits_hbm'].sum())}",
        "need_pflops": f"{r3.required_flop_per_s / units.PFLOP:.1f}",
        "node_pflops": f"{r3.node_bf16_flop_per_s / units.PFLOP:.1f}",
        "bf16_best_err": f"{near[near['math'] == 'bf16']['worst_error'].min() * 100:.0f} %",
        # this run
        "batch_short": f"{int(lim.batch[0]):,}",
        "batch_long": f"{int(lim.batch[1]):,}",
        "map_range": (f"{np.nanmin(emap.ratio[finite]):.1f}× to {np.nanmax(emap.ratio[finite]):.1f}×"
                      if finite.any() else "undefined (no batch meets the target anywhere on the grid)"),
        # T7
        "att_intensity": f"{r7.attention_flop_per_kv_byte:.0f}",
        "ridge": f"{r7.ridge_flop_per_byte:.0f}",
        "t7": f"{r7.switch_seq_len:,.0f}",
        "t7_factor": f"{c04.T7_SWITCH_SEQ_LEN / r7.switch_seq_len:.1f}",
        **regime_words(P),
        # T1, T2, T8
        "price_ratio": f"{p.price_ratio:.0f}",
        "mini_ratio": f"{p.mini_ratio:.0f}",
        "query_ratio": f"{p.query_ratio:.1f}",
        "mini_tokens": f"{p.mini_tokens_implied:,.0f}",
        "ratio_ref": f"{r3.cost_ratio:.1f}",
        "ideal_short": f"{r3.ideal_batches[0]}",
        "ideal_long": f"{r3.ideal_batches[1]}",
        "ratio_ideal": f"{r3.ideal_cost_ratio:.1f}",
        "cap_long": f"{r3.capacity_batches[1]}",
        "cost_short": _cost_at(P, 0, c.s_short),
        "cost_long": _cost_at(P, 1, c.s_long),
        "run_ratio": run_ratio_words(P),
        # T5, T6 readings (GB, GiB, the article's 235 GB)
        "t5_len_gib": f"{mem.t5_seq_len_gib:,.0f}",
        "t5_single": f"{mem.t5_single_seq_len / 1e6:.2f} million",
        "hbm_gib": f"{mem.hbm_gib_bytes / units.GB:.0f} GB",
        "t6_left_gib": f"{mem.t6_free_bytes_gib / units.GB:.0f} GB",
        "t6_len_article": f"{mem.t6_seq_len_article:,.0f}",
        "t7_range": f"{r7.switch_low:,.0f}–{r7.switch_high:,.0f}",
        "ref_chip": c04.HARDWARE,
        # T3, T7, T8 at efficiencies fitted to published measured servers (chapter 06)
        "ms_eff": f"{ms.bandwidth:g}",
        "ms_mfu": f"{ms.mfu:g}",
        "ms_short": f"{ms.batches[0]}",
        "ms_long": f"{ms.batches[1]}",
        "ms_short_range": f"{ms.short_range[0]:.0f}–{ms.short_range[1]:.0f}",
        "ms_long_range": f"{ms.long_range[0]:.0f}–{ms.long_range[1]:.0f}",
        "ms_ratio": f"{ms.cost_ratio:.1f}",
        "ms_ratio_range": f"{ms.cost_ratio_range[0]:.1f}–{ms.cost_ratio_range[1]:.1f}",
        "ms_switch": f"{ms.switch_seq_len:,.0f}",
        "ms_switch_range": f"{ms.switch_range[0]:,.0f}–{ms.switch_range[1]:,.0f}",
        # T9
        "t9_batch": f"{r9.batch}",
        "t9_rate_short": f"{r9.user_rate_short:.0f}",
        "t9_rate_long": f"{r9.user_rate_long:.0f}",
        "t9_ratio": f"{r9.rate_ratio:.2f}",
        "t9_fill": f"{r9.seq_len_fill:,.0f}",
        "t9_rate_fill": f"{r9.user_rate_at_fill:.0f}",
        # verdicts, as the ledger gives them
        **claims.verdict_glue("04"),
        # the measurement script's predictions
        "pred_b1": f"{pred[0] * 1e3:.2f} ms",
        "pred_b64": f"{pred[1] * 1e3:.2f} ms",
    }
