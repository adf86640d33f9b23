"""Chapter 04's claims T1-T8 (SemiAnalysis, December 2024): the article's numbers, recomputed.

Every literal the article states lives here, once, as a named constant. Each
claim's intermediates are computed once in a small frozen result
(:func:`t1_t2`, :func:`t3`, :func:`t4_t6`, :func:`t7`, :func:`t3_sweep`), read
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
from ..units import GiB, sig
from .ledger import LegacyClaim as Claim

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


@functools.cache
def t4_t6() -> T4T6:
    """Claims T4, T5 and T6 at the reference model, node and precisions (BF16 cache, FP8 weights)."""
    kv = kv_bytes_per_token(MODEL, 2.0)
    w8 = weight_bytes(MODEL, 1.0)
    left = N_GPUS * catalog.hardware(HARDWARE).hbm_bytes - w8
    return T4T6(kv_bytes_per_token=kv, kv_bytes_per_token_claimed=semianalysis_gqa_kv_bytes(MODEL, 1, 1, 2.0),
                t5_seq_len=max_seq_len(MODEL, HARDWARE, N_GPUS, T5_BATCH, precision=Precision(kv_bytes_per_element=2.0),
                                       include_weights=False),
                t5_batch=T5_NODE_HBM_BYTES / (T5_SEQ_LEN * kv), weight_bytes_fp8=w8,
                weight_bytes_bf16=weight_bytes(MODEL, 2.0), t6_free_bytes=left,
                t6_seq_len=max_seq_len(MODEL, HARDWARE, N_GPUS, T5_BATCH,
                                       precision=Precision(weight_bytes_per_element=1.0, kv_bytes_per_element=2.0)),
                t6_batch_for_16k=left / (T6_SEQ_LEN * kv),
                t6_seq_len_gib=(N_GPUS * T6_GIB_PER_GPU * GiB - w8) / (T5_BATCH * kv))


# --- T7: where the FLOP ceiling binds -------------------------------------------------------

@dataclass(frozen=True)
class T7:
    """The interactivity-limited batch's compute-to-memory switch length, and attention's intensity."""

    switch_seq_len: float           # at the reference assumptions
    switch_seq_len_bf16: float      # BF16 math at the ideal roofline
    attention_flop_per_kv_byte: float
    ridge_flop_per_byte: float      # the H100's BF16 ridge


@functools.cache
def t7() -> T7:
    """Claim T7 at the reference assumptions (and BF16 math at the ideal roofline)."""
    ref, ideal = reference_kwargs(), _bf16_math(ideal_kwargs())
    target = T3_TOKENS_PER_S_PER_USER
    sw = interactivity_bound_switch_seq_len(MODEL, HARDWARE, N_GPUS, target, **ref)
    sw16 = interactivity_bound_switch_seq_len(MODEL, HARDWARE, N_GPUS, target, **ideal)
    return T7(switch_seq_len=sw, switch_seq_len_bf16=sw16,
              attention_flop_per_kv_byte=attention_flop_coefficient(MODEL) / t4_t6().kv_bytes_per_token,
              ridge_flop_per_byte=catalog.hardware(HARDWARE).ridge_flop_per_byte("bf16"))


# --- the ledger rows ---------------------------------------------------------------------------

def claim_rows() -> list[Claim]:
    """Ledger rows T1-T8 (SemiAnalysis 2024), recomputed with the library and ``data/prices.csv``."""
    src = SOURCE
    ref = REFERENCE
    s_short, s_long = T3_SEQ_LENS
    p, r3, mem, r7 = t1_t2(), t3(), t4_t6(), t7()
    lat, cap = r3.latency_batches, r3.capacity_batches
    refs = (f"Llama 3.1 405B on 8xH100 SXM, FP8 weights on FP8 tensor cores, BF16 KV cache, "
            f"HBM bandwidth efficiency {ref['efficiency'].bandwidth:g}, MFU {ref['efficiency'].mfu:g}, roofline max")
    return [
        Claim("T1", "o1 costs 6x GPT-4o per token (o1-mini vs GPT-4o mini: 20x)", src, T1_CLAIMED_RATIO,
              p.price_ratio, "x",
              f"Output list prices of data/prices.csv (2024-12-11); input prices give {sig(p.input_ratio, 3)}x; "
              f"o1-mini / GPT-4o mini: {sig(p.mini_ratio, 3)}x (claimed {T1_CLAIMED_MINI_RATIO:g}x)",
              note="The price ratios reproduce; that GPT-4o and o1 share architecture and size is not public "
                   "and cannot be checked."),
        Claim("T2", "On the QwQ bracket prompt o1-preview costs 57x GPT-4o per query", src, T2_CLAIMED_RATIO,
              p.query_ratio,
              "x",
              f"{s_long:,} o1-preview vs {s_short:,} GPT-4o output tokens (SemiAnalysis's own run) at list "
              "output prices; prompt tokens ignored",
              checkable=False,
              note=f"The token counts are the claimant's own measurement. The o1-mini '24x' implies "
                   f"{sig(p.mini_tokens_implied, 3)} o1-mini output tokens, which the article does not state."),
        Claim("T3", "Llama 3.1 405B, 8xH100, 30 tok/s/user: batch 368 at 775 tokens, 72 at 7,661: "
              "per-token cost over 5x", src, T3_CLAIMED_RATIO, r3.cost_ratio, "x",
              f"{refs} (fitted: every exact fit in the chapter's sweep needs FP8 math at MFU "
              f"~{sig(r3.fit_mfu, 2)}; with this precision mix, bandwidth efficiency "
              f"{sig(r3.fit_bandwidth_efficiency, 2)}); batches {lat[0]} and {lat[1]}",
              sense="lower", checkable=False,
              note=f"Unstated assumptions. At the ideal roofline (efficiencies 1) the batches are "
                   f"{r3.ideal_batches[0]} and {r3.ideal_batches[1]}, ratio {sig(r3.ideal_cost_ratio, 2)}x with "
                   f"FP8 math and {sig(r3.ideal_cost_ratio_bf16, 2)}x with BF16 math. HBM holds only {cap[1]} "
                   "streams of 7,661 tokens beside FP8 weights, so 72 ignores capacity."),
        Claim("T4", "GQA KV bytes = batch x seq x 2 x layers x (hidden/heads x kv_heads) x bytes", src,
              mem.kv_bytes_per_token_claimed, mem.kv_bytes_per_token, "bytes/token",
              "The article's formula (hidden/heads) against 2·L·H_kv·head_dim·2 bytes, Llama 3.1 405B, BF16",
              note="Agree because hidden = heads x head_dim in Llama; the formula does not cover MLA."),
        Claim("T5", "39,000-token sequences fill all 640 GB of an 8xH100 node (Llama 3.1 405B)", src,
              float(T5_SEQ_LEN), mem.t5_seq_len, "tokens",
              "KV cache alone (weights not counted, as the article says), BF16, batch 32 (unstated: "
              f"{sig(mem.t5_batch, 3)} streams of 39,000 tokens fill 640e9 bytes); 640 GB = 8 x 80e9 bytes",
              checkable=False,
              note="The batch size is not stated; 32 is the power of two the numbers imply."),
        Claim("T6", "After 405 GB of weights 235 GB remain: the memory wall at about 16k tokens", src,
              float(T6_SEQ_LEN), mem.t6_seq_len, "tokens",
              f"Batch 32 as in T5, FP8 weights ({sig(mem.weight_bytes_fp8 / 1e9, 4)} GB), BF16 KV, "
              f"{sig(mem.t6_free_bytes / 1e9, 4)} GB (decimal) left",
              note=f"The arithmetic gives {sig(mem.t6_seq_len, 3)} tokens, not 16k; 16k needs batch <= "
                   f"{sig(mem.t6_batch_for_16k, 3)} or HBM counted as 8 x 80 GiB ({sig(mem.t6_seq_len_gib, 3)} "
                   "tokens)."),
        Claim("T7", "SDPA FLOPs/token = 4 x heads x layers x head_dim x seq: the FLOPS limit at ~4,096 tokens",
              src, float(T7_SWITCH_SEQ_LEN), r7.switch_seq_len, "tokens",
              f"{refs}; 30 tok/s/user: the length below which the largest batch is FLOP-bound; "
              "tolerance x1.41 (half a power-of-two tick: the figure is read off a chart)",
              tolerance=math.sqrt(2.0), checkable=False,
              note=f"The formula holds (GQA). The FLOP ceiling binds at short contexts, not long: attention "
                   f"does {sig(r7.attention_flop_per_kv_byte, 2)} FLOP per KV byte, below the H100's ridge of "
                   f"{sig(r7.ridge_flop_per_byte, 3)}, so longer contexts push decode toward the memory bound. "
                   f"With BF16 math at the ideal roofline the switch is at {sig(r7.switch_seq_len_bf16, 3)} tokens."),
        Claim("T8", "Long sequences shrink the batch and its amortisation: reasoning models cost more per token",
              src, p.price_ratio, r3.cost_ratio, "x",
              f"Numeric proxy: the roofline's per-token cost ratio (7,661 vs 775 tokens, {refs}) against "
              "the o1 / GPT-4o price ratio it is meant to explain; tolerance x1.5 ('the main reason')",
              tolerance=1.5, checkable=False,
              note="Long costs more per token under every setting of the chapter's sweep; how much more "
                   "depends on the unstated efficiencies and math precision (see T3)."),
    ]
