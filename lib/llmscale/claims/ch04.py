"""Chapter 04's claims T1-T9 (SemiAnalysis, December 2024): the article's numbers, recomputed.

Every literal the article states lives here, once, as a named constant. Each
claim's intermediates are computed once in a small frozen result
(:func:`t1_t2`, :func:`t3`, :func:`t4_t6`, :func:`t7`, :func:`t8`, :func:`t9`, :func:`measured`,
:func:`t3_sweep`), read
both by :func:`claim_rows` and by the chapter (``llmscale.chapters.ch04``).
"""

from __future__ import annotations

import functools
import itertools
import math
from dataclasses import dataclass

import numpy as np

from .. import catalog
from ..arrays import attention_flop_coefficient
from ..flops import param_breakdown
from ..memory import kv_bytes_per_token, kv_capacity_batch, max_seq_len, semianalysis_gqa_kv_bytes, weight_bytes
from ..prices import price_usd_per_mtok, query_cost_usd
from ..roofline import (
    batch_limits,
    cost_ratio_long_short,
    decode_step,
    decode_step_time_s,
    fit_efficiencies,
    interactivity_bound_switch_seq_len,
)
from ..serving_options import IDEAL, Efficiency, Precision
from ..units import GiB
from .ledger import Claim, Reading

SOURCE = "semi"

# --- the article's numbers ---------------------------------------------------------------

#: Claim T2/T3: output tokens of the QwQ bracket prompt as reported by SemiAnalysis (2024):
#: o1-preview 7,661, GPT-4o 775. Their own measurement; not independently checkable.
T3_SEQ_LENS = (775, 7661)
#: Claim T3: the maximum batches SemiAnalysis (2024) reports at 30 tokens/s per user, 8xH100, Llama 3.1 405B.
T3_BATCHES = (368, 72)
T3_TOKENS_PER_S_PER_USER = 30.0
#: The QwQ bracket prompt is one sentence; its token count is not reported. Assumed 50 tokens
#: (it matters only through the amortised-prefill switch of :func:`t3_assumption_sweep`).
T3_PROMPT_TOKENS = 50
#: Claim T1: the price models compared (o1 against GPT-4o, o1-mini against GPT-4o mini) and the ratios claimed.
T1_PAIRS = (("o1", "GPT-4o"), ("o1-mini", "GPT-4o mini"))
T1_CLAIMED_RATIO, T1_CLAIMED_MINI_RATIO = 6.0, 20.0
#: Claims T2, T3: the per-query multiple (o1-preview over GPT-4o) and the per-token cost floor ("over 5x").
T2_CLAIMED_RATIO = 57.0
T3_CLAIMED_RATIO = 5.0
#: Claim T2: the models whose QwQ answers the article counts (long: o1-preview; short: GPT-4o),
#: and the article's "24x" per-query multiple for o1-mini (token count not stated).
T2_LONG, T2_SHORT, T2_MINI = "o1-preview", "GPT-4o", "o1-mini"
T2_MINI_QUERY_MULTIPLE = 24.0
#: Claims T5/T6: the node's HBM as the article counts it (8 x 80e9 bytes), the sequence length it says fills
#: it (39,000 tokens), the batch its numbers imply (32), the wall it states (16k) and a GiB reading of 80 GB.
T5_NODE_HBM_BYTES = 640e9
T5_SEQ_LEN = 39_000
T5_BATCH = 32
T6_SEQ_LEN = 16_000
T6_GIB_PER_GPU = 80
#: Claim T6: the weights the article counts (405 GB) and the nominal parameter count of the model's name.
T6_WEIGHT_BYTES_CLAIMED = 405e9
T6_NOMINAL_PARAMS = 405e9
#: Claim T9: the batch the article says the KV cache limits the node to (conditions unstated).
T9_BATCH = 16
#: Claim T7: the length below which the article says the FLOP ceiling binds (read off a chart).
T7_SWITCH_SEQ_LEN = 4096

#: The reference assumption set of chapter 04: the one that reproduces T3's two batch sizes
#: (:func:`fit_efficiencies`, rounded to two digits): FP8 weights run on FP8 tensor cores,
#: a BF16 KV cache read in full every step, attention FLOP counted, roofline max.
REFERENCE = {
    "model": "Llama 3.1 405B", "hardware": "H100 SXM", "n_gpus": 8,
    "precision": Precision(weight_bytes_per_element=1.0, kv_bytes_per_element=2.0, flop_precision="fp8"),
    "efficiency": Efficiency(bandwidth=0.77, mfu=0.57), "include_attention": True,
}
MODEL, HARDWARE, N_GPUS = REFERENCE["model"], REFERENCE["hardware"], REFERENCE["n_gpus"]


def reference_kwargs(**over) -> dict:
    """The roofline keywords of :data:`REFERENCE` (model, hardware and GPU count left out), with overrides."""
    d = {k: v for k, v in REFERENCE.items() if k not in ("model", "hardware", "n_gpus")}
    d.update(over)
    return d


def ideal_kwargs(**over) -> dict:
    """:func:`reference_kwargs` at the ideal roofline (bandwidth efficiency and MFU 1)."""
    return reference_kwargs(**dict(dict(efficiency=IDEAL), **over))


# --- T1, T2: prices ------------------------------------------------------------------------

@dataclass(frozen=True)
class T1T2:
    """List-price ratios (T1) and per-query cost ratios (T2) from ``data/prices.csv``."""

    price_ratio: float              # o1 / GPT-4o, output
    mini_ratio: float               # o1-mini / GPT-4o mini, output
    input_ratio: float              # o1 / GPT-4o, input
    query_ratio: float              # o1-preview at 7,661 tokens / GPT-4o at 775
    mini_tokens_implied: float      # o1-mini output tokens the article's 24x implies


@functools.cache
def t1_t2() -> T1T2:
    """Claims T1 and T2 recomputed at list output prices (prompt tokens ignored)."""
    (o1, g4o), (mini, g4o_mini) = T1_PAIRS
    s_short, s_long = T3_SEQ_LENS
    q_short = query_cost_usd(T2_SHORT, s_short)
    return T1T2(price_ratio=price_usd_per_mtok(o1) / price_usd_per_mtok(g4o),
                mini_ratio=price_usd_per_mtok(mini) / price_usd_per_mtok(g4o_mini),
                input_ratio=price_usd_per_mtok(o1, "input") / price_usd_per_mtok(g4o, "input"),
                query_ratio=query_cost_usd(T2_LONG, s_long) / q_short,
                mini_tokens_implied=T2_MINI_QUERY_MULTIPLE * q_short / query_cost_usd(T2_MINI, 1.0))


# --- T3, T8: batches and the per-token cost ratio ---------------------------------------------

@dataclass(frozen=True)
class T3:
    """Batches and cost ratio at the reference assumptions and at the ideal roofline (claims T3, T8)."""

    latency_batches: tuple          # (short, long) at the reference efficiencies
    capacity_batches: tuple         # (short, long): streams that fit in HBM beside the weights
    cost_ratio: float               # per-token cost, long over short, at the reference
    ideal_batches: tuple            # (short, long) at efficiencies 1
    ideal_cost_ratio: float
    ideal_cost_ratio_bf16: float    # at efficiencies 1 with BF16 math
    fit_bandwidth_efficiency: float
    fit_mfu: float
    required_flop_per_s: float      # 368 streams x 30 tok/s x 2 N_matmul
    node_bf16_flop_per_s: float     # the node's dense BF16 peak


def _bf16_math(kw: dict) -> dict:
    return dict(kw, precision=kw["precision"].replace(flop_precision="bf16"))


@functools.cache
def t3() -> T3:
    """Claim T3 at the reference assumption set, and the ideal-roofline comparison."""
    ref, ideal = reference_kwargs(), ideal_kwargs()
    (s_short, s_long), (b_short, b_long) = T3_SEQ_LENS, T3_BATCHES
    target = T3_TOKENS_PER_S_PER_USER
    lim = batch_limits(MODEL, HARDWARE, N_GPUS, [s_short, s_long], target, **ref)
    lat, cap = np.asarray(lim.latency_batch), np.asarray(lim.capacity_batch)
    lat_ideal = np.asarray(batch_limits(MODEL, HARDWARE, N_GPUS, [s_short, s_long], target, **ideal).latency_batch)
    fit = fit_efficiencies(decode_step(MODEL, HARDWARE, N_GPUS, b_short, s_short, **ideal),
                           decode_step(MODEL, HARDWARE, N_GPUS, b_long, s_long, **ideal), target)
    pb = param_breakdown(MODEL)
    return T3(latency_batches=(int(lat[0]), int(lat[1])), capacity_batches=(int(cap[0]), int(cap[1])),
              cost_ratio=cost_ratio_long_short(MODEL, HARDWARE, N_GPUS, s_long, s_short, target, **ref),
              ideal_batches=(int(lat_ideal[0]), int(lat_ideal[1])),
              ideal_cost_ratio=cost_ratio_long_short(MODEL, HARDWARE, N_GPUS, s_long, s_short, target, **ideal),
              ideal_cost_ratio_bf16=cost_ratio_long_short(MODEL, HARDWARE, N_GPUS, s_long, s_short, target,
                                                          **_bf16_math(ideal)),
              fit_bandwidth_efficiency=float(fit["bandwidth_efficiency"]), fit_mfu=float(fit["mfu"]),
              required_flop_per_s=b_short * target * 2 * (pb.active - pb.embedding),
              node_bf16_flop_per_s=N_GPUS * catalog.hardware(HARDWARE).bf16_dense_flop_per_s)


def t3_assumption_sweep(model="Llama 3.1 405B", hardware="H100 SXM", n_gpus=8,
                        eff_grid=None, mfu_grid=None):
    """Which unstated assumptions reproduce claim T3's batches (368 at 775 tokens, 72 at 7,661, 30 tok/s/user)?

    Sweeps every combination of: weight, KV-cache and matmul precision (BF16 or
    FP8), attention FLOP counted or not, context per step (``final``: the whole
    sequence is in the cache at every step, as the article's "sequence length"
    reads; ``mean``: the cache grows from the prompt, mean ``P + T/2``),
    prefill (``none``, or ``amortised``: a :data:`T3_PROMPT_TOKENS`-token
    prompt chunked into the decode steps), and the combination rule (``max``
    roofline, or ``sum`` without overlap). For each,
    :func:`~llmscale.roofline.fit_efficiencies` finds the bandwidth efficiency
    and MFU that give both batches exactly, when such values exist in (0, 1];
    otherwise the grid point (default efficiencies 0.30-1.00 and MFU 0.10-1.00
    in steps of 0.05) with the smallest worst-case error. Returns one row per
    combination (a pandas DataFrame) with the batches, the worst error, the
    per-token cost ratio they imply
    (:func:`~llmscale.roofline.cost_ratio_long_short`) and whether 72 streams
    of 7,661 tokens fit in HBM beside the weights.
    """
    import pandas as pd

    eff_grid = np.round(np.arange(0.30, 1.0001, 0.05), 2) if eff_grid is None else np.asarray(eff_grid, float)
    mfu_grid = np.round(np.arange(0.10, 1.0001, 0.05), 2) if mfu_grid is None else np.asarray(mfu_grid, float)
    combos = list(itertools.product(("bf16", "fp8"), ("bf16", "fp8"), ("bf16", "fp8"), (True, False),
                                    ("final", "mean"), ("none", "amortised"), ("max", "sum")))
    cols = list(zip(*combos))
    wb = np.where(np.array(cols[0]) == "fp8", 1.0, 2.0)
    kb = np.where(np.array(cols[1]) == "fp8", 1.0, 2.0)
    fp = np.array(cols[2])
    att = np.array(cols[3])
    mean = np.array(cols[4]) == "mean"
    amort = np.array(cols[5]) == "amortised"
    comb = np.array(cols[6])
    p = float(T3_PROMPT_TOKENS)
    target = T3_TOKENS_PER_S_PER_USER

    def point(t_out):
        s = np.where(mean, p + t_out / 2.0, float(t_out))
        return dict(seq_len=s, prefill_tokens_per_stream=np.where(amort, p / t_out, 0.0),
                    prefill_context_tokens=p / 2.0)

    precision = Precision(weight_bytes_per_element=wb, kv_bytes_per_element=kb, flop_precision=fp)
    common = dict(precision=precision, include_attention=att)
    (t_s, t_l), (b_s, b_l) = T3_SEQ_LENS, T3_BATCHES
    ps, pl = point(t_s), point(t_l)
    st_s = decode_step(model, hardware, n_gpus, b_s, **ps, **common)
    st_l = decode_step(model, hardware, n_gpus, b_l, **pl, **common)
    fit = fit_efficiencies(st_s, st_l, target, combine=comb)
    # grid search for the closest point (all combinations, for the non-exact ones)
    e2, u2 = np.meshgrid(eff_grid, mfu_grid, indexing="ij")
    e2, u2 = e2.ravel()[None, :], u2.ravel()[None, :]
    gk = dict(precision=Precision(wb[:, None], kb[:, None], fp[:, None]), include_attention=att[:, None])

    def grid_batches(pt):
        g = {k: (v[:, None] if isinstance(v, np.ndarray) else v) for k, v in pt.items()}
        return np.asarray(batch_limits(model, hardware, n_gpus, g.pop("seq_len"), target,
                                       efficiency=Efficiency(e2, u2), combine=comb[:, None], **g, **gk).latency_batch)

    gs, gl = grid_batches(ps), grid_batches(pl)
    with np.errstate(divide="ignore"):
        err = np.maximum(np.abs(np.log(gs / b_s)), np.abs(np.log(gl / b_l)))
    best = np.argmin(err, axis=1)
    feasible = np.asarray(fit["feasible"])
    eff = np.where(feasible, np.asarray(fit["bandwidth_efficiency"]) * (1 + 1e-9), e2[0, best])
    mfu = np.where(feasible, np.minimum(np.asarray(fit["mfu"]) * (1 + 1e-9), 1.0), u2[0, best])
    kw = dict(common, efficiency=Efficiency(eff, mfu), combine=comb)
    bs = np.asarray(batch_limits(model, hardware, n_gpus, target_tokens_per_s_per_user=target, **ps, **kw).latency_batch)
    bl = np.asarray(batch_limits(model, hardware, n_gpus, target_tokens_per_s_per_user=target, **pl, **kw).latency_batch)
    ts = np.asarray(decode_step_time_s(model, hardware, n_gpus, np.maximum(bs, 1), **ps, **kw))
    tl = np.asarray(decode_step_time_s(model, hardware, n_gpus, np.maximum(bl, 1), **pl, **kw))
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where((bs > 0) & (bl > 0), (tl / bl) / (ts / bs), np.nan)
        worst = np.maximum(np.abs(bs / b_s - 1), np.abs(bl / b_l - 1))
    cap = np.asarray(kv_capacity_batch(model, hardware, n_gpus, pl["seq_len"], precision=precision))
    return pd.DataFrame({
        "weights": cols[0], "kv_cache": cols[1], "math": cols[2], "attention_flop": cols[3],
        "context": cols[4], "prefill": cols[5], "combine": cols[6], "exact_fit": feasible,
        "bandwidth_efficiency": eff, "mfu": mfu, "batch_short": bs, "batch_long": bl,
        "worst_error": worst, "cost_ratio": ratio, "long_batch_fits_hbm": cap >= b_l,
    })


@functools.cache
def _sweep():
    return t3_assumption_sweep(MODEL, HARDWARE, N_GPUS)


def t3_sweep():
    """:func:`t3_assumption_sweep` at its defaults (computed once; a copy each call)."""
    return _sweep().copy()


# --- T4-T6: memory -------------------------------------------------------------------------

@dataclass(frozen=True)
class T4T6:
    """KV bytes per token (T4), the KV-only fill length (T5) and the memory wall beside FP8 weights (T6)."""

    kv_bytes_per_token: float           # Llama 3.1 405B, BF16 cache
    kv_bytes_per_token_claimed: float   # the article's GQA formula
    t5_seq_len: float                   # batch 32 fills all of HBM (weights not counted)
    t5_batch: float                     # streams of 39,000 tokens in 640e9 bytes
    weight_bytes_fp8: float
    weight_bytes_bf16: float
    t6_free_bytes: float                # HBM left beside FP8 weights
    t6_seq_len: float                   # the wall at batch 32
    t6_batch_for_16k: float             # the batch whose wall is at 16k tokens
    t6_seq_len_gib: float               # the wall if each GPU held 80 GiB
    hbm_gib_bytes: float                # the node's physical HBM (8 x 80 GiB)
    t5_seq_len_gib: float               # batch 32 fills the physical HBM (weights not counted)
    t5_single_seq_len: float            # one sequence fills 640e9 bytes
    t6_free_bytes_gib: float            # physical HBM left beside FP8 weights
    t6_free_bytes_article: float        # the article's own 640 GB - 405 GB
    t6_seq_len_article: float           # the wall at batch 32 in the article's 235 GB
    weight_bytes_nominal: float         # 405e9 parameters x 1 byte (the name's "405B")


@functools.cache
def t4_t6() -> T4T6:
    """Claims T4, T5 and T6 at the reference model, node and precisions (BF16 cache, FP8 weights)."""
    kv = kv_bytes_per_token(MODEL, 2.0)
    w8 = weight_bytes(MODEL, 1.0)
    left = N_GPUS * catalog.hardware(HARDWARE).hbm_bytes - w8
    hbm_gib = N_GPUS * catalog.hardware(HARDWARE).hbm_physical_bytes
    weight_bytes_nominal = T6_NOMINAL_PARAMS * 1.0
    return T4T6(kv_bytes_per_token=kv, kv_bytes_per_token_claimed=semianalysis_gqa_kv_bytes(MODEL, 1, 1, 2.0),
                t5_seq_len=max_seq_len(MODEL, HARDWARE, N_GPUS, T5_BATCH, precision=Precision(kv_bytes_per_element=2.0),
                                       include_weights=False),
                t5_batch=T5_NODE_HBM_BYTES / (T5_SEQ_LEN * kv), weight_bytes_fp8=w8,
                weight_bytes_bf16=weight_bytes(MODEL, 2.0), t6_free_bytes=left,
                t6_seq_len=max_seq_len(MODEL, HARDWARE, N_GPUS, T5_BATCH,
                                       precision=Precision(weight_bytes_per_element=1.0, kv_bytes_per_element=2.0)),
                t6_batch_for_16k=left / (T6_SEQ_LEN * kv),
                t6_seq_len_gib=(N_GPUS * T6_GIB_PER_GPU * GiB - w8) / (T5_BATCH * kv),
                hbm_gib_bytes=hbm_gib, t5_seq_len_gib=hbm_gib / (T5_BATCH * kv),
                t5_single_seq_len=T5_NODE_HBM_BYTES / kv, t6_free_bytes_gib=hbm_gib - w8,
                t6_free_bytes_article=T5_NODE_HBM_BYTES - T6_WEIGHT_BYTES_CLAIMED,
                t6_seq_len_article=(T5_NODE_HBM_BYTES - T6_WEIGHT_BYTES_CLAIMED) / (T5_BATCH * kv),
                weight_bytes_nominal=weight_bytes_nominal)


# --- T7: where the FLOP ceiling binds -------------------------------------------------------

@dataclass(frozen=True)
class T7:
    """The SDPA constant and exponent, the interactivity-limited batch's switch length, attention's intensity."""

    sdpa_constant: float            # attention FLOP / (heads x layers x head_dim x context token)
    sdpa_exponent: float            # d log(per-sequence attention FLOP) / d log(seq_len), at the long length
    switch_seq_len: float           # at the reference assumptions
    switch_low: float               # over the T3 sweep's exact fits' efficiencies (reference precisions)
    switch_high: float
    switch_seq_len_bf16: float      # BF16 math at the ideal roofline
    attention_flop_per_kv_byte: float
    ridge_flop_per_byte: float      # the reference chip's BF16 ridge


@functools.cache
def t7() -> T7:
    """Claim T7 at the reference assumptions (and BF16 math at the ideal roofline)."""
    ref, ideal = reference_kwargs(), _bf16_math(ideal_kwargs())
    target = T3_TOKENS_PER_S_PER_USER
    m = catalog.model(MODEL)
    coef = attention_flop_coefficient(MODEL)
    s = float(T3_SEQ_LENS[1])
    # per-sequence attention FLOP: the sum over positions 1..S of coef x position
    per_seq = [coef * np.arange(1.0, n + 1).sum() for n in (s, 2 * s)]
    sw = interactivity_bound_switch_seq_len(MODEL, HARDWARE, N_GPUS, target, **ref)
    sw16 = interactivity_bound_switch_seq_len(MODEL, HARDWARE, N_GPUS, target, **ideal)
    exact = t3_sweep()
    exact = exact[exact["exact_fit"]]
    sws = np.asarray(interactivity_bound_switch_seq_len(
        MODEL, HARDWARE, N_GPUS, target, **reference_kwargs(efficiency=Efficiency(
            exact["bandwidth_efficiency"].to_numpy(), exact["mfu"].to_numpy()))))
    return T7(sdpa_constant=coef / (m.n_heads * m.n_layers * m.head_dim),
              sdpa_exponent=float(np.log(per_seq[1] / per_seq[0]) / np.log(2.0)),
              switch_seq_len=sw, switch_low=float(np.nanmin(sws)), switch_high=float(np.nanmax(sws)),
              switch_seq_len_bf16=sw16,
              attention_flop_per_kv_byte=coef / t4_t6().kv_bytes_per_token,
              ridge_flop_per_byte=catalog.hardware(HARDWARE).ridge_flop_per_byte("bf16"))


# --- T8: cost ratios over the sweep ------------------------------------------------------------

@dataclass(frozen=True)
class T8:
    """The per-token cost ratio (long over short) at the reference and its range over the sweep."""

    cost_ratio: float
    low: float                      # over every served setting of the T3 sweep with FP8 weights
    high: float
    price_ratio: float              # T1a's o1 / GPT-4o


@functools.cache
def t8() -> T8:
    """Claim T8: does long cost more per token, and by how much against the price gap."""
    sw = t3_sweep()
    r = sw[(sw["weights"] == "fp8")]["cost_ratio"].to_numpy()
    r = np.append(r[np.isfinite(r)], t3().cost_ratio)
    return T8(cost_ratio=t3().cost_ratio, low=float(r.min()), high=float(r.max()), price_ratio=t1_t2().price_ratio)


# --- T9: interactivity at a fixed batch, and the batch of 16 --------------------------------------

@dataclass(frozen=True)
class T9:
    """At a fixed batch, per-user speed at the long over the short length (T9a); where 16 streams fill HBM (T9b)."""

    batch: int
    user_rate_short: float          # tokens/s per user at T9_BATCH, 775 tokens, measured-server efficiencies
    user_rate_long: float           # ... at 7,661 tokens
    rate_ratio: float               # long over short (< 1: a larger cache lowers interactivity)
    rate_ratio_low: float           # over an efficiency grid (bandwidth 0.3-1, MFU 0.2-1)
    rate_ratio_high: float
    seq_len_fill: float             # the length at which T9_BATCH BF16 caches fill the HBM left beside FP8 weights
    user_rate_at_fill: float        # tokens/s per user at T9_BATCH and that length, measured-server efficiencies


@functools.cache
def t9() -> T9:
    """Claim T9 at the reference precisions and :func:`llmscale.serving.fitted_efficiency` (H100, FP8), not T3's fit."""
    from ..serving import fitted_efficiency

    ref = reference_kwargs(efficiency=fitted_efficiency(HARDWARE, "fp8"))
    s_short, s_long = T3_SEQ_LENS
    b = T9_BATCH
    t_s = float(decode_step_time_s(MODEL, HARDWARE, N_GPUS, b, s_short, **ref))
    t_l = float(decode_step_time_s(MODEL, HARDWARE, N_GPUS, b, s_long, **ref))
    e, u = np.meshgrid(np.linspace(0.3, 1.0, 8), np.linspace(0.2, 1.0, 9))
    grid = reference_kwargs(efficiency=Efficiency(e, u))
    ratio = (np.asarray(decode_step_time_s(MODEL, HARDWARE, N_GPUS, b, s_short, **grid))
             / np.asarray(decode_step_time_s(MODEL, HARDWARE, N_GPUS, b, s_long, **grid)))
    fill = float(max_seq_len(MODEL, HARDWARE, N_GPUS, b, precision=ref["precision"]))
    return T9(batch=b, user_rate_short=1 / t_s, user_rate_long=1 / t_l, rate_ratio=t_s / t_l,
              rate_ratio_low=float(ratio.min()), rate_ratio_high=float(ratio.max()), seq_len_fill=fill,
              user_rate_at_fill=1 / float(decode_step_time_s(MODEL, HARDWARE, N_GPUS, b, fill, **ref)))


# --- T3, T7, T8 at efficiencies fitted to published measured servers ----------------------------

@dataclass(frozen=True)
class Measured:
    """T3's batches, the cost ratio and T7's switch at :func:`llmscale.serving.fitted_efficiency` (H100, FP8).

    Each ``*_range`` is ``(low, high)`` over the corners of the fit's range (leave-one-source-out
    refits of bandwidth efficiency and MFU) and the fit itself.
    """

    bandwidth: float
    mfu: float
    bandwidth_range: tuple
    mfu_range: tuple
    batches: tuple                  # (short, long) latency-limited, at the fit
    short_range: tuple
    long_range: tuple
    cost_ratio: float
    cost_ratio_range: tuple
    switch_seq_len: float
    switch_range: tuple


@functools.cache
def measured() -> Measured:
    """Claims T3, T7, T8 at the serving efficiencies of chapter 06 (fitted to data/serving_measured.csv)."""
    from ..serving import fitted_efficiency, fitted_efficiency_range

    fit = fitted_efficiency(HARDWARE, "fp8")
    lo, hi = fitted_efficiency_range(HARDWARE, "fp8")
    bw = np.array(sorted({lo.bandwidth, fit.bandwidth, hi.bandwidth}))
    mf = np.array(sorted({lo.mfu, fit.mfu, hi.mfu}))
    B, U = np.meshgrid(bw, mf)
    target = T3_TOKENS_PER_S_PER_USER
    (s_short, s_long) = T3_SEQ_LENS

    def at(eff):
        kw = reference_kwargs(efficiency=eff)
        lim = batch_limits(MODEL, HARDWARE, N_GPUS, np.array([s_short, s_long])[(...,) + (None,) * np.ndim(eff.bandwidth)],
                           target, **kw).latency_batch
        ratio = cost_ratio_long_short(MODEL, HARDWARE, N_GPUS, s_long, s_short, target, **kw)
        sw = interactivity_bound_switch_seq_len(MODEL, HARDWARE, N_GPUS, target, **kw)
        return np.asarray(lim), np.asarray(ratio), np.asarray(sw)

    (b0, r0, w0), (bg, rg, wg) = at(fit), at(Efficiency(B, U))

    def rng(x):
        return float(np.nanmin(x)), float(np.nanmax(x))

    return Measured(bandwidth=fit.bandwidth, mfu=fit.mfu, bandwidth_range=(float(bw[0]), float(bw[-1])),
                    mfu_range=(float(mf[0]), float(mf[-1])), batches=(int(b0[0]), int(b0[1])),
                    short_range=rng(bg[0]), long_range=rng(bg[1]), cost_ratio=float(r0), cost_ratio_range=rng(rg),
                    switch_seq_len=float(w0), switch_range=rng(wg))


# --- the ledger rows ---------------------------------------------------------------------------

#: The bibliography key of OpenAI's price page, the source of every row of data/prices.csv.
PRICE_SOURCE = "openai2024pricing"
#: T3, T7 and T8 are judged at chapter 06's efficiencies, fitted to published measured servers.
MEASURED_NOTE = ("Efficiencies fitted to published measured servers (chapter 06, data/serving_measured.csv), "
                 "not to this claim")


def _nan_reading(name: str, note: str) -> Reading:
    return Reading(name, math.nan, note=note)


def claim_rows() -> list[Claim]:
    """Ledger rows T1a-T9b (SemiAnalysis 2024): one per leaf of data/claims.csv, recomputed with the library."""
    ref = REFERENCE
    s_short, s_long = T3_SEQ_LENS
    p, r3, mem, r7, r8, r9, ms = t1_t2(), t3(), t4_t6(), t7(), t8(), t9(), measured()
    half = r8.price_ratio / 2
    t3fit = f"bandwidth efficiency {ref['efficiency'].bandwidth:g}, MFU {ref['efficiency'].mfu:g}"
    mref = (f"Llama 3.1 405B on 8xH100 SXM, FP8 weights on FP8 tensor cores, BF16 KV cache, HBM bandwidth "
            f"efficiency {ms.bandwidth:g} and MFU {ms.mfu:g} (llmscale.serving.fitted_efficiency: H100, FP8; "
            f"interval over {ms.bandwidth_range[0]:g}-{ms.bandwidth_range[1]:g} x "
            f"{ms.mfu_range[0]:g}-{ms.mfu_range[1]:g}), roofline max, communication ignored")
    lat, cap = r3.latency_batches, r3.capacity_batches
    refs = (f"Llama 3.1 405B on 8xH100 SXM, FP8 weights on FP8 tensor cores, BF16 KV cache, HBM bandwidth "
            f"efficiency {ms.bandwidth:g} and MFU {ms.mfu:g} (llmscale.serving.fitted_efficiency: H100, FP8), "
            "roofline max")
    (o1, g4o), (mini, g4o_mini) = T1_PAIRS
    mini_in = price_usd_per_mtok(mini, "input") / price_usd_per_mtok(g4o_mini, "input")
    mini_vs_4omini_tokens = T2_MINI_QUERY_MULTIPLE * query_cost_usd(g4o_mini, s_short) / query_cost_usd(T2_MINI, 1.0)
    prompt = T3_PROMPT_TOKENS

    def query_with_prompt(n):
        return ((query_cost_usd(T2_LONG, s_long) + n * price_usd_per_mtok(T2_LONG, "input") / 1e6)
                / (query_cost_usd(T2_SHORT, s_short) + n * price_usd_per_mtok(T2_SHORT, "input") / 1e6))

    gb = 1e9
    dec, gib, art = "GB (decimal, 8 x 80e9 bytes)", "GiB (physical, 8 x 80 GiB = 687e9 bytes)", "the article's own 235 GB"
    cost_a = "batch 32 (unstated; the power of two 39,000 tokens in 640 GB implies), BF16 KV cache"
    return [
        # T1: list prices
        Claim("T1a", p.price_ratio, "x", "Output list prices of data/prices.csv (2024-12-11): o1 $60 vs GPT-4o $10",
              method="fact-checked", fact_source=PRICE_SOURCE, natural_reading="output price ratio ($60/$10)",
              readings=(Reading("input price ratio ($15/$2.50)", p.input_ratio),),
              note="Both price ratios are exactly 6 on OpenAI's price page at the article's date."),
        Claim("T1b", math.nan, "", "Not public: OpenAI has not disclosed either model's architecture or size",
              note="Unverifiable: would be settled only by OpenAI disclosing both models' architecture and size."),
        Claim("T1c", p.mini_ratio, "x", "Output list prices of data/prices.csv (2024-12-11): o1-mini $12 vs "
              "GPT-4o mini $0.60", method="fact-checked", fact_source=PRICE_SOURCE,
              natural_reading="output price ratio ($12/$0.60)",
              readings=(Reading("input price ratio ($3/$0.15)", mini_in),),
              note="Both price ratios are exactly 20 on OpenAI's price page at the article's date."),
        # T2: one prompt's token counts and per-query costs
        Claim("T2a", math.nan, "words", "QwQ's release blog post is not in data/",
              natural_reading="words (词, the quote)",
              readings=(_nan_reading("tokens", "no token count of QwQ's answer is published"),),
              note="Unverifiable offline: counting the words of the answer in Qwen's blog post would settle it."),
        Claim("T2b", math.nan, "output tokens", "The claimant's own API run (a table image not in the seed)",
              note="Unverifiable: the claimant's own measurement; re-running the prompt through the API and "
                   "counting billed output tokens (hidden reasoning included) would settle it."),
        Claim("T2c", math.nan, "output tokens", "The claimant's own API run (a table image not in the seed)",
              note="Unverifiable: the claimant's own measurement; re-running the prompt through GPT-4o would settle it."),
        Claim("T2d", math.nan, "x", "o1-mini's output token count on the prompt is not stated",
              natural_reading="o1-mini vs GPT-4o mini",
              readings=(_nan_reading("o1-mini vs GPT-4o",
                                     f"24x would take {p.mini_tokens_implied:,.0f} o1-mini output tokens "
                                     "against GPT-4o's 775 at list output prices"),),
              note=f"Unverifiable: no o1-mini token count is stated; against GPT-4o mini at 775 tokens 24x would "
                   f"take {mini_vs_4omini_tokens:,.0f} o1-mini tokens, against GPT-4o {p.mini_tokens_implied:,.0f}."),
        Claim("T2e", p.query_ratio, "x",
              f"{s_long:,} o1-preview vs {s_short:,} GPT-4o output tokens (the claimant's run) at list prices",
              method="claimant's arithmetic", natural_reading="output tokens only (7,661 x $60 vs 775 x $10)",
              readings=(Reading(f"including prompt tokens ({prompt} assumed; 0-1,000 as the interval)",
                                query_with_prompt(prompt), query_with_prompt(1000), query_with_prompt(0)),),
              note="The arithmetic holds on the claimant's own token counts (59x); consistent, not reproduced."),
        # T3: batches at 30 tokens/s per user
        Claim("T3a", float(ms.batches[1]), "sequences", f"{mref}; {s_long:,}-token sequences, 30 tok/s/user, "
              "latency only", low=ms.long_range[0], high=ms.long_range[1],
              note=f"{MEASURED_NOTE}. The efficiencies fitted to T3's own batches ({t3fit}) give {lat[1]}; "
                   f"HBM holds only {cap[1]} such streams beside FP8 weights: the 72 ignores capacity."),
        Claim("T3b", float(ms.batches[0]), "sequences", f"{mref}; {s_short:,}-token sequences, 30 tok/s/user, "
              "latency only", low=ms.short_range[0], high=ms.short_range[1],
              note=f"{MEASURED_NOTE}. T3's own fit ({t3fit}) gives {lat[0]}; the ideal roofline "
                   f"{r3.ideal_batches[0]}: 368 needs FP8 maths at an MFU above what measured servers reach."),
        Claim("T3c", ms.cost_ratio, "x", f"{mref}; each length at its largest batch meeting 30 tok/s/user",
              natural_reading="roofline per-token cost ratio", low=ms.cost_ratio_range[0], high=ms.cost_ratio_range[1],
              readings=(Reading("batch ratio 368/72", T3_BATCHES[0] / T3_BATCHES[1],
                                note="the claimant's own batches"),),
              note=f"{MEASURED_NOTE}. At T3's own fit {r3.cost_ratio:.1f}x; at the ideal roofline "
                   f"{r3.ideal_cost_ratio:.1f}x (FP8 math), {r3.ideal_cost_ratio_bf16:.1f}x (BF16 math)."),
        # T4: the KV-cache formula
        Claim("T4", mem.kv_bytes_per_token, "bytes/token",
              "The library's GQA cache 2·L·H_kv·h·b (Ainslie et al. 2023) for Llama 3.1 405B at BF16, with L, H_kv, h "
              "and d/H from Dubey et al. (2024, Table 3), against the article's formula evaluated there",
              claimed=mem.kv_bytes_per_token_claimed, sense="approx", tolerance=1.10,
              band_reason="a formula: judged by evaluating it for Llama 3.1 405B at BF16 (516,096 bytes/token)",
              method="fact-checked", fact_source="dubey2024llama3",
              natural_reading="(hidden/heads) x kv_heads = head_dim x kv_heads (intended)",
              readings=(_nan_reading("hidden / (heads x kv_heads) (a precedence misreading)",
                                     f"gives {2 * 126 * (16384 / (128 * 8)) * 2:,.0f} bytes/token, 64x too few; "
                                     "left-to-right precedence rules it out"),),
              note="Agree because hidden = heads x head_dim in Llama; the formula does not cover MLA."),
        # T5: the node's HBM and what fills it
        Claim("T5a", mem.t5_seq_len, "tokens", f"KV cache only (weights not counted, as the article says), {cost_a}; "
              f"HBM: {dec}", fitted=True, natural_reading=f"batch 32, {dec}",
              readings=(Reading(f"batch 32, {gib}", mem.t5_seq_len_gib),
                        Reading("a single sequence", mem.t5_single_seq_len)),
              note="Holds at batch 32 (fitted to these very numbers, so consistent); a single 39,000-token "
                   "sequence fills only 3 % of 640 GB."),
        Claim("T5b", N_GPUS * catalog.hardware(HARDWARE).hbm_bytes / gb, "GB",
              f"data/hardware.csv: {N_GPUS} x H100 SXM at 80e9 bytes (datasheet) or 80 GiB (physical)",
              method="fact-checked", fact_source=catalog.hardware(HARDWARE).source, natural_reading=dec,
              readings=(Reading(gib, mem.hbm_gib_bytes / gb),),
              note="The datasheet's 80 GB per GPU; the physical 80 GiB is 7 % more, still within the band."),
        # T6: weights and the memory wall
        Claim("T6a", mem.weight_bytes_fp8 / gb, "GB", "FP8, 1 byte per parameter, architecture count of "
              "Llama 3.1 405B (data/models.csv)", natural_reading="architecture count (405.9 GB)",
              readings=(Reading("FP8, 1 byte per parameter, nominal 405B", mem.weight_bytes_nominal / gb),
                        Reading("BF16 (would not fit in 640 GB)", mem.weight_bytes_bf16 / gb)),
              note="Holds for FP8 weights; at BF16 the weights take 812 GB, more than the node holds."),
        Claim("T6b", mem.t6_free_bytes / gb, "GB", f"HBM less FP8 weights (architecture count); HBM: {dec}",
              natural_reading=dec,
              readings=(Reading(gib, mem.t6_free_bytes_gib / gb),
                        Reading(art + " (640 - 405)", mem.t6_free_bytes_article / gb,
                                note="the claimant's arithmetic")),
              note="Holds in decimal GB (234 GB); with the physical 80 GiB per GPU 281 GB remain."),
        Claim("T6c", mem.t6_seq_len, "tokens", f"{cost_a}, FP8 weights; HBM: {dec}",
              natural_reading=f"{dec}; 16k = 16,000",
              readings=(Reading(gib, mem.t6_seq_len_gib), Reading(art, mem.t6_seq_len_article)),
              note=f"A chart read-off (band x1.41): {mem.t6_seq_len:,.0f} tokens in GB, {mem.t6_seq_len_gib:,.0f} "
                   f"in GiB; 16,384 for 16k changes nothing. The batch is T5's, not fitted to 16k."),
        # T7: attention FLOPs and where the FLOP ceiling binds
        Claim("T7a", r7.sdpa_constant, "FLOP per (head x layer x head_dim x context token)",
              "llmscale.arrays.attention_flop_coefficient: 2h for q·k plus 2h for the weighted sum, per head and layer",
              method="fact-checked", fact_source="hoffmann2022chinchilla",
              note="The constant 4 holds: Hoffmann et al. (2022, Appendix F) count 2 for the key-query logits and 2 "
                   "for the softmax-value reduction per head dimension and context token; with GQA it counts "
                   "query heads."),
        Claim("T7b", r7.sdpa_exponent, "exponent",
              f"Per-sequence attention FLOP summed over positions 1..S, local slope at S = {s_long:,}",
              note="Quadratic: the per-sequence sum of a per-token cost linear in position."),
        Claim("T7c", ms.switch_seq_len, "tokens", f"{mref}; 30 tok/s/user: the switch length of the largest batch",
              low=ms.switch_range[0], high=ms.switch_range[1],
              natural_reading="the length where the binding limit switches",
              readings=(_nan_reading("FLOP-bound above 4,096 tokens (the article)",
                                     f"the computation finds the opposite: FLOP-bound only below "
                                     f"{ms.switch_seq_len:,.0f} tokens"),
                        Reading("FLOP-bound below a crossover (attention's 16 FLOP/byte is under the H100 ridge)",
                                ms.switch_seq_len, ms.switch_range[0], ms.switch_range[1])),
              note=f"{MEASURED_NOTE}. The FLOP limit binds below the switch, not above ~4,096: attention does "
                   f"{r7.attention_flop_per_kv_byte:.0f} FLOP per KV byte, under the H100 SXM's BF16 ridge of "
                   f"{r7.ridge_flop_per_byte:.0f}. At T3's own fit the switch is at {r7.switch_seq_len:,.0f} tokens."),
        # T8: cost, not margin
        Claim("T8a", ms.cost_ratio, "x", f"{mref}; per-token cost {s_long:,} over {s_short:,} tokens",
              claimed=1.0, sense="lower", tolerance=1.0, low=ms.cost_ratio_range[0], high=ms.cost_ratio_range[1],
              band_reason="'higher per-token cost': judged as a cost ratio above 1 (strict)",
              note=f"{MEASURED_NOTE}. Above 1 also under every served setting of T3's sweep "
                   f"({r8.low:.1f}x to {r8.high:.1f}x)."),
        Claim("T8b", ms.cost_ratio / half, "x", f"{mref}; the roofline cost ratio against T1a's "
              f"{r8.price_ratio:g}x price ratio", claimed=1.0, sense="lower", tolerance=1.0,
              low=ms.cost_ratio_range[0] / half, high=ms.cost_ratio_range[1] / half,
              natural_reading="main reason: cost ratio over half the 6x price ratio (T1a)",
              readings=(Reading("cost is merely higher: cost ratio over 1", ms.cost_ratio, *ms.cost_ratio_range),),
              band_reason="a threshold: the cost ratio over the threshold each reading sets, strict",
              note=f"{MEASURED_NOTE}. Cost explains most of the price gap; the margin half of the claim is "
                   "unverifiable (OpenAI's margins are not public), and the roofline compares one model at two "
                   "lengths, not o1 with GPT-4o."),
        # T9: interactivity at a fixed batch
        Claim("T9a", r9.rate_ratio, "x", f"{refs}; batch {r9.batch}: tokens/s per user at {s_long:,} over "
              f"{s_short:,} tokens", claimed=1.0, sense="upper", tolerance=1.0,
              low=r9.rate_ratio_low, high=r9.rate_ratio_high,
              band_reason="'lowers interactivity': judged as a per-user speed ratio below 1 (strict)",
              note=f"{MEASURED_NOTE}. At a fixed batch every step reads more KV bytes, so each user's speed "
                   "falls; interval: bandwidth efficiency 0.3-1 and MFU 0.2-1."),
        Claim("T9b", math.nan, "sequences", "The sequence length and interactivity at which 16 applies are not stated",
              natural_reading="batch 16 at the chart's longest sequence (memory capacity)",
              readings=(_nan_reading("batch 16 at its lowest plotted interactivity",
                                     "the chart's interactivity axis is not in the seed"),),
              note=f"Unverifiable: the conditions are not given. 16 BF16 caches fill the HBM left beside FP8 "
                   f"weights at {r9.seq_len_fill:,.0f} tokens, where each user gets {r9.user_rate_at_fill:.0f} "
                   "tokens/s; the chart's lengths would settle it."),
    ]
