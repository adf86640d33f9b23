"""The decode and prefill roofline: step times, batch limits, bound switches, fitted efficiencies.

One decode step of ``B`` streams on ``n`` GPUs (tensor parallel, one model
replica, communication ignored) moves bytes and does FLOP:

- bytes: the weights read once per step, ``W(B)`` (all weights for a dense
  model; for a mixture of experts the non-expert weights plus the routed
  experts that at least one of the step's tokens selects, in expectation
  ``1 − (1 − k/E)^B`` of them under uniform, independent routing), plus the KV
  cache each stream attends over, ``B · S · kv_bytes_per_token``
  (:mod:`llmscale.memory`);
- FLOP: ``B · (2 · N_matmul + A · S)``, where ``N_matmul`` is the active
  parameters less the input embedding (a table look-up, no multiply-adds;
  Kaplan et al. 2020, Table 1 counts ``2N`` per token) and ``A · S`` the
  attention (SDPA) FLOP of one token over ``S`` context tokens
  (:func:`attention_flops_per_token`).

Times: ``t_mem = bytes / (n · BW · efficiency.bandwidth)`` and
``t_comp = FLOP / (n · peak · efficiency.mfu)``. The roofline (Williams, Waterman and
Patterson 2009; applied to transformer inference by Pope et al. 2022,
Section 2) takes ``t = max(t_mem, t_comp)``: loads and math overlap
perfectly, and the slower one sets the pace. ``combine="sum"`` gives the
no-overlap bound ``t_mem + t_comp`` (an upper bound on the roofline time).
The *bound* is ``"compute"`` where ``t_comp > t_mem``, else ``"memory"``.

Number formats travel as one :class:`~llmscale.serving_options.Precision`
(``precision=``) and achieved fractions of peak as one
:class:`~llmscale.serving_options.Efficiency` (``efficiency=``). Every function
broadcasts over numpy arrays: batch, sequence length, precisions, efficiencies
(array fields), and models and hardware passed as
:class:`~llmscale.arrays.ModelArrays` / :class:`~llmscale.arrays.HardwareArrays`
(arrays of attributes), so a grid of a million configurations is one call.
Prices and dollar costs live in :mod:`llmscale.prices`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._checks import nonneg as _nonneg
from ._checks import positive as _positive
from ._checks import scalar_or_array as _out
from .arrays import (
    attention_flop_coefficient,
    choice,
    hardware_arrays,
    is_many,
    model_arrays,
    peak_flop_per_s,
)
from .memory import (
    MAX_BATCH_BITS,
    check_shared_prefix,
    kv_capacity_batch,
    kv_tokens,
    weights_read_params,
)
from .serving_options import BF16, IDEAL, Efficiency, Precision, as_efficiency, as_precision


def attention_flops_per_token(model, seq_len):
    """Attention (SDPA) FLOP to generate one token over ``seq_len`` context tokens.

    ``A · seq_len`` with ``A`` from :func:`~llmscale.arrays.attention_flop_coefficient`;
    for GQA this is SemiAnalysis (2024)'s ``4 · heads · layers · head_dim · seq_len``
    (claim T7). Summed over a whole sequence it grows as ``seq_len²/2``.
    Units: FLOP. Vectorised over ``seq_len`` and over models (a list of names
    or :class:`~llmscale.arrays.ModelArrays`).
    """
    coef = model_arrays(model).attention_flop_coefficient if is_many(model) else attention_flop_coefficient(model)
    return _out(coef * _nonneg("seq_len", seq_len))


@dataclass(frozen=True)
class RooflineStep:
    """Terms of one forward step (decode or prefill), arrays broadcast over the inputs.

    ``weight_bytes`` read, ``kv_bytes`` read (decode) or written (prefill),
    ``flop``; ``memory_time_s``, ``compute_time_s`` and the combined
    ``time_s`` (roofline: their max, or their sum with ``combine="sum"``);
    ``tokens``: tokens produced by the step (decode: the batch).
    """

    time_s: np.ndarray
    memory_time_s: np.ndarray
    compute_time_s: np.ndarray
    weight_bytes: np.ndarray
    kv_bytes: np.ndarray
    flop: np.ndarray
    tokens: np.ndarray

    @property
    def compute_bound(self) -> np.ndarray:
        """True where the compute time exceeds the memory time."""
        return np.asarray(self.compute_time_s) > np.asarray(self.memory_time_s)

    @property
    def bound(self):
        """``"compute"`` or ``"memory"`` (a string, or an array of them)."""
        b = np.where(self.compute_bound, "compute", "memory")
        return b.item() if b.ndim == 0 else b

    @property
    def arithmetic_intensity(self):
        """FLOP per byte moved, ``flop / (weight_bytes + kv_bytes)`` (Williams et al. 2009)."""
        return _out(np.asarray(self.flop) / (np.asarray(self.weight_bytes) + np.asarray(self.kv_bytes)))


def _common(model, hardware, n_gpus, precision, efficiency, combine):
    m = model_arrays(model)
    h = hardware_arrays(hardware)
    n = _positive("n_gpus", n_gpus)
    pr, ef = as_precision(precision), as_efficiency(efficiency)
    wb = np.asarray(pr.weight_bytes_per_element, dtype=float)
    kb = np.asarray(pr.kv_bytes_per_element, dtype=float)
    bw = n * h.bandwidth_bytes_per_s * np.asarray(ef.bandwidth, dtype=float)
    fl = n * peak_flop_per_s(h, pr.flop_precision) * np.asarray(ef.mfu, dtype=float)
    c = choice("combine", combine, ("max", "sum"))
    return m, h, n, wb, kb, bw, fl, c


def _combine(c, tm, tc):
    if isinstance(c, str):
        return np.maximum(tm, tc) if c == "max" else tm + tc
    return np.where(c == "sum", tm + tc, np.maximum(tm, tc))


def decode_step(model, hardware, n_gpus, batch, seq_len, *, precision: Precision = BF16,
                efficiency: Efficiency = IDEAL, include_attention=True, combine="max", shared_prefix_tokens=0,
                streams_per_prefix=1, prefill_tokens_per_stream=0.0, prefill_context_tokens=0.0) -> RooflineStep:
    """One decode step of ``batch`` streams, each attending over ``seq_len`` tokens, on ``n_gpus`` chips.

    Terms (module docstring; Pope et al. 2022, Section 2; Williams et al. 2009):

    - ``weight_bytes = W(batch · (1 + prefill_tokens_per_stream)) · precision.weight_bytes_per_element``
      (:func:`weight_bytes_read`);
    - ``kv_bytes = kv_tokens · kv_elements_per_token · precision.kv_bytes_per_element`` with
      ``kv_tokens = batch · seq_len``; with a shared prefix of ``P`` tokens
      common to groups of ``g = streams_per_prefix`` streams (self-consistency
      voting over one prompt), the prefix is read once per group:
      ``kv_tokens = batch · (seq_len − P) + (batch / g) · P``;
    - ``flop = batch · (2 · N_matmul + A · seq_len)`` (attention term dropped
      with ``include_attention=False``); attention reads the shared prefix
      once but still does its FLOP for every stream;
    - optional amortised prefill, chunked into the decode steps (prompt
      tokens riding on the same weight reads): each stream adds
      ``prefill_tokens_per_stream`` prompt tokens per step (a prompt of ``P``
      tokens spread over ``T`` output tokens: ``P / T``), each costing
      ``2·N_matmul + A·prefill_context_tokens`` FLOP (``P/2`` is the mean
      causal context) and one KV write;
    - ``memory_time_s = bytes / (n_gpus · HBM_BW · efficiency.bandwidth)``,
      ``compute_time_s = flop / (n_gpus · peak(precision.flop_precision) · efficiency.mfu)``,
      ``time_s = max(memory_time_s, compute_time_s)`` (the roofline) or their
      sum (``combine="sum"``, no overlap).

    Ignores inter-GPU communication, activations, kernel launch overheads and
    the sampling step. Units: seconds, bytes, FLOP. Every argument broadcasts
    (models and hardware as :class:`ModelArrays`/:class:`HardwareArrays`).
    """
    m, h, n, wb, kb, bw, fl, c = _common(model, hardware, n_gpus, precision, efficiency, combine)
    b = _nonneg("batch", batch)
    s = _nonneg("seq_len", seq_len)
    sp, spp = check_shared_prefix(s, shared_prefix_tokens, streams_per_prefix)
    pf = b * _nonneg("prefill_tokens_per_stream", prefill_tokens_per_stream)
    pc = _nonneg("prefill_context_tokens", prefill_context_tokens)
    att = np.asarray(include_attention, dtype=float)
    w = weights_read_params(m, b + pf) * wb
    kv = (kv_tokens(b, s, sp, spp) + pf) * m.kv_elements_per_token * kb
    flop = (b * (2.0 * m.matmul_params + att * m.attention_flop_coefficient * s)
            + pf * (2.0 * m.matmul_params + att * m.attention_flop_coefficient * pc))
    tm = (w + kv) / bw
    tc = flop / fl
    t = _combine(c, tm, tc)
    return RooflineStep(*(_out(np.asarray(x)) for x in (t, tm, tc, w, kv, flop, b + 0.0 * t)))


def decode_step_time_s(model, hardware, n_gpus, batch, seq_len, **kwargs):
    """Seconds per decode step: ``decode_step(...).time_s``.

    The roofline ``max(t_mem, t_comp)`` of :func:`decode_step` (Williams et
    al. 2009; Pope et al. 2022): every stream of the batch emits one token per
    step. Keyword arguments as :func:`decode_step`. Units: seconds. Vectorised.
    """
    return decode_step(model, hardware, n_gpus, batch, seq_len, **kwargs).time_s


def prefill(model, hardware, n_gpus, prompt_tokens, batch=1, *, precision: Precision = BF16,
            efficiency: Efficiency = IDEAL, include_attention=True, combine="max") -> RooflineStep:
    """One prefill pass over ``batch`` prompts of ``prompt_tokens`` tokens each.

    - ``flop = batch · (P · 2 · N_matmul + A · P · (P + 1) / 2)``: causal
      attention, token ``i`` attends to ``i`` tokens (the quadratic total of claim T7);
    - ``weight_bytes = W(batch · P) · precision.weight_bytes_per_element``, read once;
    - ``kv_bytes = batch · P · kv_elements_per_token · precision.kv_bytes_per_element`` written;
    - times combined as in :func:`decode_step` (roofline max by default).

    Prefill of long prompts is compute-bound (Pope et al. 2022, Section 2).
    Units: seconds, bytes, FLOP. Vectorised.
    """
    m, h, n, wb, kb, bw, fl, c = _common(model, hardware, n_gpus, precision, efficiency, combine)
    p = _nonneg("prompt_tokens", prompt_tokens)
    b = _nonneg("batch", batch)
    att = np.asarray(include_attention, dtype=float)
    w = weights_read_params(m, b * p) * wb
    kv = b * p * m.kv_elements_per_token * kb
    flop = b * (p * 2.0 * m.matmul_params + att * m.attention_flop_coefficient * p * (p + 1.0) / 2.0)
    tm = (w + kv) / bw
    tc = flop / fl
    t = _combine(c, tm, tc)
    return RooflineStep(*(_out(np.asarray(x)) for x in (t, tm, tc, w, kv, flop, b * p + 0.0 * t)))


def prefill_time_s(model, hardware, n_gpus, prompt_tokens, batch=1, **kwargs):
    """Seconds to prefill ``batch`` prompts of ``prompt_tokens`` tokens: ``prefill(...).time_s``.

    The roofline ``max(t_mem, t_comp)`` of :func:`prefill` (Pope et al. 2022,
    Section 2). Keyword arguments as :func:`prefill`. Units: seconds. Vectorised.
    """
    return prefill(model, hardware, n_gpus, prompt_tokens, batch, **kwargs).time_s


def tokens_per_s_per_user(model, hardware, n_gpus, batch, seq_len, **kwargs):
    """Interactivity: tokens/s seen by each stream, ``1 / decode_step_time_s``. Vectorised.

    Keyword arguments as :func:`decode_step`. Units: tokens/s.
    """
    return _out(1.0 / np.asarray(decode_step_time_s(model, hardware, n_gpus, batch, seq_len, **kwargs)))


def tokens_per_s_per_node(model, hardware, n_gpus, batch, seq_len, **kwargs):
    """Throughput of the ``n_gpus`` node: ``batch / decode_step_time_s`` tokens/s. Vectorised."""
    t = np.asarray(decode_step_time_s(model, hardware, n_gpus, batch, seq_len, **kwargs))
    return _out(_nonneg("batch", batch) / t)


@dataclass(frozen=True)
class BatchLimit:
    """The largest whole batch under each limit and under both (``batch = min(latency, capacity)``)."""

    batch: np.ndarray
    latency_batch: np.ndarray
    capacity_batch: np.ndarray

    @property
    def limited_by(self):
        """``"latency"`` or ``"capacity"``: the limit that binds (latency on ties)."""
        b = np.where(np.asarray(self.latency_batch) <= np.asarray(self.capacity_batch), "latency", "capacity")
        return b.item() if b.ndim == 0 else b


def batch_limits(model, hardware, n_gpus, seq_len, target_tokens_per_s_per_user, hbm_usable_fraction=1.0,
                 **kwargs) -> BatchLimit:
    """Largest whole batch meeting an interactivity target and fitting in HBM.

    - latency: the largest ``B`` with ``decode_step_time_s(B) <= 1 / target``
      (step time is non-decreasing in ``B``; found by vectorised bisection over
      whole numbers, 0 when even one stream is too slow);
    - capacity: :func:`kv_capacity_batch`.

    Keyword arguments as :func:`decode_step`. Units: streams. Vectorised.
    """
    target = _positive("target_tokens_per_s_per_user", target_tokens_per_s_per_user)
    cap_kw = {k: kwargs[k] for k in ("precision", "shared_prefix_tokens", "streams_per_prefix") if k in kwargs}
    capacity = np.asarray(kv_capacity_batch(model, hardware, n_gpus, seq_len, hbm_usable_fraction=hbm_usable_fraction,
                                            **cap_kw))
    budget = 1.0 / target
    # shape of the answer: broadcast of every input
    probe = np.asarray(decode_step_time_s(model, hardware, n_gpus, 1.0, seq_len, **kwargs))
    shape = np.broadcast_shapes(probe.shape, np.shape(budget), capacity.shape)
    lo = np.zeros(shape)                                   # feasible (or 0)
    hi = np.full(shape, 2.0**MAX_BATCH_BITS)               # infeasible by assumption
    for _ in range(MAX_BATCH_BITS):
        mid = np.floor((lo + hi) / 2.0)
        ok = np.asarray(decode_step_time_s(model, hardware, n_gpus, mid, seq_len, **kwargs)) <= budget
        lo = np.where(ok, mid, lo)
        hi = np.where(ok, hi, mid)
    latency = lo
    both = np.minimum(latency, capacity)
    return BatchLimit(_out(both), _out(latency), _out(np.broadcast_to(capacity, shape).copy()))


def max_batch(model, hardware, n_gpus, seq_len, target_tokens_per_s_per_user, hbm_usable_fraction=1.0, **kwargs):
    """Largest whole batch at ``target_tokens_per_s_per_user`` that fits in HBM: ``batch_limits(...).batch``.

    Keyword arguments as :func:`decode_step` (precisions, efficiencies,
    ``combine``, shared prefixes). Units: streams. Vectorised.
    """
    return batch_limits(model, hardware, n_gpus, seq_len, target_tokens_per_s_per_user, hbm_usable_fraction,
                        **kwargs).batch


def bound_switch_seq_len(model, hardware, n_gpus, batch, *, precision: Precision = BF16,
                         efficiency: Efficiency = IDEAL, include_attention=True):
    """At a fixed batch, the context length where the compute and memory times of a decode step are equal.

    Both are linear in ``S``: ``t_comp = B(2N_matmul + A·S)/F`` and
    ``t_mem = (W(B) + B·S·kv)/BW``, so
    ``S* = (B·2N_matmul/F − W(B)/BW) / (B·kv/BW − B·A/F)``.
    NaN where they never cross at ``S >= 0`` (then one bound holds at every
    length). For GQA the attention term has low arithmetic intensity
    (``A / kv = 2H / (H_kv · b)`` FLOP/byte, 16 for Llama 3.1 at BF16, far
    below an H100's ridge of ~295), so longer contexts move decode *towards*
    the memory bound: ``S*`` is where a compute-bound batch turns memory-bound.
    Units: tokens. Vectorised.
    """
    m, h, n, wb, kb, bw, fl, _ = _common(model, hardware, n_gpus, precision, efficiency, "max")
    b = _positive("batch", batch)
    att = np.asarray(include_attention, dtype=float)
    kv = m.kv_elements_per_token * kb
    num = b * 2.0 * m.matmul_params / fl - weights_read_params(m, b) * wb / bw
    den = b * kv / bw - b * att * m.attention_flop_coefficient / fl
    with np.errstate(divide="ignore", invalid="ignore"):
        s = num / den
    return _out(np.where(np.isfinite(s) & (s >= 0), s, np.nan))


def interactivity_bound_switch_seq_len(model, hardware, n_gpus, target_tokens_per_s_per_user, *,
                                       precision: Precision = BF16, efficiency: Efficiency = IDEAL,
                                       include_attention=True):
    """The context length where the batch allowed at an interactivity target stops being compute-limited.

    At a step budget ``t = 1/target`` the memory limit allows ``B_m(S)``
    streams (``W(B)/BW + B·S·kv/BW = t``) and the compute limit
    ``B_c(S) = t·F / (2N_matmul + A·S)``; the roofline batch is
    ``min(B_m, B_c)``. Below the returned ``S`` the compute limit binds (the
    node runs at its FLOP/s ceiling); above it, KV reads bind. Found where
    ``B_m = B_c`` by vectorised bisection over ``log S`` in [1, 1e8] tokens (NaN
    if no switch there). Keyword arguments as :func:`bound_switch_seq_len`.
    Units: tokens. Vectorised.
    """
    target = _positive("target_tokens_per_s_per_user", target_tokens_per_s_per_user)

    def gap(s):
        # at the compute-limited batch, is the step memory-bound? (positive: memory binds first)
        m, h, n, wb, kb, bw, fl, _ = _common(model, hardware, n_gpus, precision, efficiency, "max")
        att = np.asarray(include_attention, dtype=float)
        bc = (1.0 / target) * fl / (2.0 * m.matmul_params + att * m.attention_flop_coefficient * s)
        tm = (weights_read_params(m, bc) * wb + bc * s * m.kv_elements_per_token * kb) / bw
        return tm - 1.0 / target

    lo = np.zeros(np.shape(gap(np.float64(1.0))))
    hi = np.full_like(lo, 8.0)
    g_lo, g_hi = gap(10.0**lo), gap(10.0**hi)
    valid = (g_lo <= 0) & (g_hi > 0)
    for _ in range(60):
        mid = (lo + hi) / 2.0
        pos = gap(10.0**mid) > 0
        hi = np.where(pos, mid, hi)
        lo = np.where(pos, lo, mid)
    return _out(np.where(valid, 10.0 ** ((lo + hi) / 2.0), np.nan))


def continuous_batch_limits(model, hardware, n_gpus, seq_len, target_tokens_per_s_per_user, *,
                            precision: Precision = BF16, efficiency: Efficiency = IDEAL,
                            include_attention=True) -> dict:
    """The batch (a real number) each roofline term alone allows at an interactivity target.

    With a step budget ``t = 1/target``:

    - ``compute``: ``B_c = t · n · peak · mfu / (2·N_matmul + A·S)``;
    - ``memory``: the ``B_m`` solving ``(W(B)·b_w + B·S·kv_bytes_per_token) / (n · BW · eff) = t``
      (closed form for dense models; bisection for mixtures of experts), 0
      when the weights alone take longer than ``t``.

    Under the roofline ``max`` rule the latency-limited batch is
    ``floor(min(B_m, B_c))`` (:func:`batch_limits`). Units: streams. Vectorised.
    """
    m, h, n, wb, kb, bw, fl, _ = _common(model, hardware, n_gpus, precision, efficiency, "max")
    t = 1.0 / _positive("target_tokens_per_s_per_user", target_tokens_per_s_per_user)
    s = _nonneg("seq_len", seq_len)
    att = np.asarray(include_attention, dtype=float)
    bc = t * fl / (2.0 * m.matmul_params + att * m.attention_flop_coefficient * s)
    per = s * m.kv_elements_per_token * kb

    def mem_time(b):
        return (weights_read_params(m, b) * wb + b * per) / bw

    shape = np.broadcast_shapes(np.shape(bc), np.shape(mem_time(np.float64(1.0))))
    lo, hi = np.zeros(shape), np.full(shape, 2.0**MAX_BATCH_BITS)
    for _ in range(64):
        mid = (lo + hi) / 2.0
        ok = mem_time(mid) <= t
        lo, hi = np.where(ok, mid, lo), np.where(ok, hi, mid)
    bm = np.where(mem_time(np.zeros(shape)) <= t, lo, 0.0)
    return {"memory": _out(bm), "compute": _out(np.broadcast_to(bc, shape).copy())}


def attainable_flop_per_s(arithmetic_intensity, peak_flop_per_s, bandwidth_bytes_per_s):
    """The roofline: ``min(peak, intensity · bandwidth)`` (Williams et al. 2009). Units: FLOP/s. Vectorised."""
    return _out(np.minimum(_positive("peak_flop_per_s", peak_flop_per_s),
                           _nonneg("arithmetic_intensity", arithmetic_intensity)
                           * _positive("bandwidth_bytes_per_s", bandwidth_bytes_per_s)))


def fit_efficiencies(step_a: RooflineStep, step_b: RooflineStep, target_tokens_per_s_per_user,
                     combine="max") -> dict:
    """Bandwidth efficiency and MFU at which two operating points both run at exactly the target rate.

    ``step_a`` and ``step_b`` are :func:`decode_step` results evaluated at
    ``efficiency=Efficiency()`` (both 1) for two reported points that each
    meet ``target`` tokens/s per user with no slack (claim T3: 368 streams at
    775 tokens and 72 at 7,661). Let ``e_i = t_mem,i · target`` and
    ``u_i = t_comp,i · target``: the efficiency that would put point ``i``
    exactly on target were it bound by memory, or by compute.

    - ``combine="max"`` (roofline): ``eff = max(e_a, e_b)``, ``mfu = max(u_a, u_b)``;
      the fit is exact when the two maxima come from different points (one
      point memory-bound, the other compute-bound).
    - ``combine="sum"``: solve ``e_i/eff + u_i/mfu = 1`` for both points.

    Returns a dict of arrays ``bandwidth_efficiency``, ``mfu``, ``exact`` and
    ``feasible`` (exact with both in (0, 1]). Vectorised.
    """
    target = _positive("target_tokens_per_s_per_user", target_tokens_per_s_per_user)
    ea, eb = np.asarray(step_a.memory_time_s) * target, np.asarray(step_b.memory_time_s) * target
    ua, ub = np.asarray(step_a.compute_time_s) * target, np.asarray(step_b.compute_time_s) * target
    e_max, u_max = np.maximum(ea, eb), np.maximum(ua, ub)
    exact_max = ((ea >= eb) & (ub >= ua)) | ((eb >= ea) & (ua >= ub))
    det = ea * ub - eb * ua                     # sum rule: [ea ua; eb ub] @ [1/eff, 1/mfu] = [1, 1]
    with np.errstate(divide="ignore", invalid="ignore"):
        e_sum = det / (ub - ua)
        u_sum = det / (ea - eb)
    exact_sum = np.isfinite(e_sum) & np.isfinite(u_sum) & (e_sum > 0) & (u_sum > 0)
    c = choice("combine", combine, ("max", "sum"))
    is_sum = (c == "sum") if not isinstance(c, str) else np.bool_(c == "sum")
    eff = np.where(is_sum, np.where(exact_sum, e_sum, np.nan), e_max)
    mfu = np.where(is_sum, np.where(exact_sum, u_sum, np.nan), u_max)
    exact = np.where(is_sum, exact_sum, exact_max)
    with np.errstate(invalid="ignore"):
        feasible = exact & (eff > 0) & (eff <= 1) & (mfu > 0) & (mfu <= 1)
    return {"bandwidth_efficiency": _out(eff), "mfu": _out(mfu), "exact": _out(exact), "feasible": _out(feasible)}


def cost_ratio_long_short(model, hardware, n_gpus, seq_len_long, seq_len_short, target_tokens_per_s_per_user,
                          hbm_usable_fraction=1.0, enforce_capacity=False, **kwargs):
    """Per-token cost of long over short sequences, each served at its largest batch meeting the target.

    ``(t(B_long, S_long) / B_long) / (t(B_short, S_short) / B_short)`` where
    ``B = max_batch`` (latency only, or also HBM capacity with
    ``enforce_capacity=True``): the node's rent is shared by fewer streams
    (SemiAnalysis 2024's argument, claims T3 and T8). inf where the long
    sequence fits no stream. Dimensionless. Vectorised.
    """
    def at(s):
        lim = batch_limits(model, hardware, n_gpus, s, target_tokens_per_s_per_user, hbm_usable_fraction, **kwargs)
        b = np.asarray(lim.batch if enforce_capacity else lim.latency_batch, dtype=float)
        t = np.asarray(decode_step_time_s(model, hardware, n_gpus, np.maximum(b, 1.0), s, **kwargs))
        with np.errstate(divide="ignore"):
            return np.where(b > 0, t / np.maximum(b, 1.0), np.inf)
    with np.errstate(invalid="ignore"):
        return _out(at(seq_len_long) / at(seq_len_short))



# --- names that moved (TEMPORARY: the coordinator removes this at integration) ---------
