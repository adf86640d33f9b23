"""Serving throughput of a real engine: the roofline plus what a server adds (communication, capacity, load).

One replica of ``tp`` GPUs (tensor parallel; ``n_gpus / tp`` replicas serve side by side)
runs continuous batching of ``B`` requests, each a prompt of ``I`` tokens followed by ``O``
generated tokens. In steady state every engine step:

- decodes one token for each of the ``B`` streams, whose KV cache holds on average
  ``S = I + O/2`` tokens (it grows from the prompt during decode);
- prefills ``B · I / O`` prompt tokens (chunked into the same step: a request finishes,
  and a new one is prefilled, every ``O`` steps), at mean causal context ``I / 2``;

so its bytes and FLOP are :func:`llmscale.roofline.decode_step`'s with
``prefill_tokens_per_stream = I/O`` (weights read once, the mixture-of-experts weights
as the experts the step's tokens actually touch, ``1 − (1 − k/E)^T`` of them).
The step time is

``t = max(t_mem / eff_bw, t_comp / mfu) + t_comm``

with ``t_mem`` and ``t_comp`` the ideal roofline times (the matmuls at the FP4 peak where
the weights are 4-bit and the chip has FP4 tensor cores) and ``t_comm`` the
tensor-parallel all-reduces (:func:`allreduce_time_s`, two per layer, not overlapped) and,
with expert parallelism, the dispatch/combine all-to-all (:func:`all_to_all_time_s`).
Output tokens/s of the replica: ``B / t``.

``B`` is the concurrency: the largest that fits (:func:`max_throughput`), or a given one,
capped by what fits (:func:`throughput`). What fits: the engine gives its KV cache a
fraction ``kv_cache_fraction`` (TensorRT-LLM's ``kv_cache_free_gpu_mem_fraction`` and
vLLM's ``gpu_memory_utilization`` default to 0.9) of the memory the weights leave free,
reserving ``I + O`` tokens per request (TensorRT-LLM's default scheduler,
``GUARANTEED_NO_EVICT``), and admits at most ``max_batch`` requests (``trtllm-build``'s
default ``max_batch_size``, 2048).

Interconnect convention: ``interconnect_bandwidth_bytes_per_s`` in ``data/hardware.csv``
is the datasheet's *bidirectional* per-GPU figure (H100 NVLink: 900 GB/s); one
direction carries half of it, and a ring all-reduce sends ``2(t−1)/t`` of the message
one way per GPU.

Efficiencies fitted to published measurements live in :mod:`llmscale.serving_fit`
(:func:`fitted_efficiency` here is its stable entry point). Every function broadcasts
over numpy arrays, models and hardware included (arrays of names, or ``pandas.Categorical``
of names for the fastest path), so a million configurations is one call.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import catalog
from ._checks import fraction as _fraction
from ._checks import nonneg as _nonneg
from ._checks import positive as _positive
from ._checks import scalar_or_array as _out
from .arrays import hardware_arrays, model_arrays
from .memory import kv_capacity_batch
from .roofline import decode_step, prefill
from .serving_options import BF16, IDEAL, Efficiency, Precision, as_efficiency, as_precision
from .units import BYTES_PER_ELEMENT

#: TensorRT-LLM ``kv_cache_free_gpu_mem_fraction`` and vLLM ``gpu_memory_utilization`` default.
KV_CACHE_FRACTION = 0.9
#: ``trtllm-build``'s default ``max_batch_size``.
MAX_BATCH = 2048
#: All-reduces per transformer layer under Megatron tensor parallelism (after attention, after the MLP).
ALLREDUCES_PER_LAYER = 2
#: Bytes per activation element sent in all-reduces and all-to-alls (BF16).
ACTIVATION_BYTES = 2.0
#: Latency of one all-reduce or all-to-all (seconds); the fitted value lives in data/serving_efficiencies.csv.
DEFAULT_COLLECTIVE_LATENCY_S = 10e-6
#: Link of a chip without a catalogued interconnect: PCIe Gen5 x16, 64 GB/s each way (bidirectional figure).
PCIE_BYTES_PER_S = 128e9


def precision_for(weight_precision: str, kv_precision: str, hardware) -> Precision:
    """A :class:`~llmscale.serving_options.Precision` from format names (``"bf16"``, ``"fp8"``, ``"fp4"``, ...).

    Matmuls run at FP8 where the weights have 8 bits or fewer and the chip has FP8 tensor cores
    (:func:`llmscale.serving_options.matmul_precision`); 4-bit weights on a chip with FP4
    tensor cores run at the FP4 peak inside :func:`throughput`.
    """
    return Precision.named(weight_precision, kv_precision, hardware)


# --- attributes beyond the roofline's (vectorised over names) ---------------------------------

@functools.lru_cache(maxsize=512)
def _model_extra(name: str) -> tuple:
    m = catalog.model(name)
    moe_layers = 0.0
    k = 0.0
    if m.architecture == "moe":
        moe_layers = float(m.n_layers - (0 if np.isnan(m.n_dense_layers) else m.n_dense_layers))
        k = float(m.n_active_experts)
    return float(m.n_layers), float(m.d_model), moe_layers, k


@functools.lru_cache(maxsize=512)
def _hardware_extra(name: str) -> tuple:
    h = catalog.hardware(name)
    fp4 = h.fp4_dense_flop_per_s
    link = h.interconnect_bandwidth_bytes_per_s
    return (np.nan if fp4 is None else float(fp4), np.nan if link is None else float(link))


def _factorize(x):
    """``(unique names, codes)``: codes is None for one name."""
    if isinstance(x, str):
        return [x], None
    if isinstance(x, pd.Categorical):             # codes already computed: the fast path for big grids
        return [str(c) for c in x.categories], np.asarray(x.codes)
    if hasattr(x, "name") and not isinstance(x, (catalog.Model, catalog.Hardware)):
        x = x.name
    if isinstance(x, (catalog.Model, catalog.Hardware)):
        return [x.name], None
    a = np.asarray(x, dtype=object)
    if a.ndim == 0:
        return [a.item()], None
    codes, uniq = pd.factorize(a.ravel())
    return list(uniq), codes.reshape(a.shape)


def _models(model):
    uniq, codes = _factorize(model)
    if codes is None:
        ma = model_arrays(uniq[0])
        return ma, tuple(np.float64(v) for v in _model_extra(ma.name.item() if hasattr(ma.name, "item")
                                                                 else ma.name))
    ma = model_arrays(uniq)
    extra = np.array([_model_extra(str(n)) for n in ma.name], dtype=float)[codes]
    return ma[codes], tuple(extra[..., j] for j in range(extra.shape[-1]))


def _hardware(hardware):
    uniq, codes = _factorize(hardware)
    if codes is None:
        ha = hardware_arrays(uniq[0])
        return ha, tuple(np.float64(v) for v in _hardware_extra(str(ha.name)))
    ha = hardware_arrays(uniq)
    extra = np.array([_hardware_extra(str(n)) for n in ha.name], dtype=float)[codes]
    return ha[codes], tuple(extra[..., j] for j in range(extra.shape[-1]))


# --- communication -------------------------------------------------------------------------

def allreduce_time_s(message_bytes, n_gpus, interconnect_bandwidth_bytes_per_s, latency_s=DEFAULT_COLLECTIVE_LATENCY_S):
    """Seconds for a ring all-reduce of ``message_bytes`` over ``n_gpus`` GPUs.

    ``2 (n − 1)/n · M / (BW_bidir / 2) + latency`` (each GPU sends ``2(n−1)/n`` of the message in
    one direction; Patarasuk and Yuan 2009; NCCL's "bus bandwidth" convention). ``BW_bidir`` is
    the datasheet's bidirectional per-GPU figure (H100 NVLink: 900 GB/s). 0 for one GPU.
    Units: seconds. Vectorised.
    """
    n = _positive("n_gpus", n_gpus)
    m = _nonneg("message_bytes", message_bytes)
    bw = _positive("interconnect_bandwidth_bytes_per_s", interconnect_bandwidth_bytes_per_s)
    lat = _nonneg("latency_s", latency_s)
    return _out(np.where(n > 1, 2.0 * (n - 1.0) / n * m / (bw / 2.0) + lat, 0.0))


def all_to_all_time_s(message_bytes, n_gpus, interconnect_bandwidth_bytes_per_s, latency_s=DEFAULT_COLLECTIVE_LATENCY_S):
    """Seconds for an all-to-all in which each GPU sends ``message_bytes``, ``(n−1)/n`` of it off-chip.

    ``(n − 1)/n · M / (BW_bidir / 2) + latency`` (expert-parallel dispatch or combine;
    DeepSeek-AI 2024, V3 Section 3.4). 0 for one GPU. Units: seconds. Vectorised.
    """
    n = _positive("n_gpus", n_gpus)
    m = _nonneg("message_bytes", message_bytes)
    bw = _positive("interconnect_bandwidth_bytes_per_s", interconnect_bandwidth_bytes_per_s)
    lat = _nonneg("latency_s", latency_s)
    return _out(np.where(n > 1, (n - 1.0) / n * m / (bw / 2.0) + lat, 0.0))


# --- throughput ----------------------------------------------------------------------------

@dataclass(frozen=True)
class ServingResult:
    """Steady state of ``n_gpus``: ``output_tokens_per_s`` (all replicas), ``concurrency`` (per replica),
    ``capacity_concurrency`` (what fits per replica), ``step_time_s`` and its terms, and ``fits``."""

    output_tokens_per_s: np.ndarray
    concurrency: np.ndarray
    capacity_concurrency: np.ndarray
    step_time_s: np.ndarray
    memory_time_s: np.ndarray
    compute_time_s: np.ndarray
    comm_time_s: np.ndarray
    fits: np.ndarray

    @property
    def tokens_per_s_per_user(self):
        """Decode speed each stream sees, ``1 / step_time_s`` (0 where nothing fits). Units: tokens/s."""
        return _out(np.where(np.asarray(self.fits), 1.0 / np.asarray(self.step_time_s), 0.0))

    @property
    def bound(self):
        """``"compute"``, ``"memory"`` or ``"communication"``: the largest term of the step."""
        t = np.stack(np.broadcast_arrays(self.memory_time_s, self.compute_time_s, self.comm_time_s))
        b = np.array(["memory", "compute", "communication"])[np.argmax(t, axis=0)]
        return b.item() if b.ndim == 0 else b


def throughput(model, hardware, n_gpus, input_len, output_len, concurrency=None, *,
               precision: Precision = BF16, efficiency: Efficiency = IDEAL, tp=None, ep=1,
               kv_cache_fraction=KV_CACHE_FRACTION, max_batch=MAX_BATCH,
               collective_latency_s=DEFAULT_COLLECTIVE_LATENCY_S, include_prefill=True,
               reserve_output=True) -> ServingResult:
    """Steady-state output tokens/s of ``n_gpus`` serving ``input_len``/``output_len`` requests.

    Per replica of ``tp`` GPUs (default all ``n_gpus``; ``n_gpus / tp`` replicas):
    ``B = min(concurrency, capacity, max_batch)`` with the capacity
    ``floor(kv_cache_fraction · (tp·HBM − N·b_w) / ((I + O)·kv_bytes_per_token))`` (``I + O/2`` with
    ``reserve_output=False``; :func:`llmscale.memory.kv_capacity_batch`), and

    ``t = max(t_mem / eff_bw, t_comp / mfu) + 2·L·allreduce(T·d·2 bytes, tp) + [EP] 2·L_moe·all_to_all``

    with ``T = B (1 + I/O)`` tokens per step, ``t_mem``, ``t_comp`` from
    :func:`llmscale.roofline.decode_step` at mean context ``I + O/2`` and prefill ``I/O`` per stream
    (``include_prefill=False``: a decode-only instance of a disaggregated server). Output:
    ``(n_gpus/tp) · B / t`` tokens/s (0 where the weights leave no room for one request).
    ``ep > 1`` adds the expert-parallel dispatch (``k·d`` bytes per token) and combine all-to-alls
    over ``ep`` GPUs per MoE layer. Units: tokens/s, streams, seconds. Vectorised.
    """
    m, (n_layers, d_model, moe_layers, k_active) = _models(model)
    h, (fp4_peak, link_bw) = _hardware(hardware)
    pr, ef = as_precision(precision), as_efficiency(efficiency)
    n = _positive("n_gpus", n_gpus)
    g = n if tp is None else _positive("tp", tp)
    if np.any(g > n):
        raise ValueError(f"tp={tp!r}: allowed: at most n_gpus={n_gpus!r}")
    e = _positive("ep", ep)
    ar = np.where(e > 1, 1.0, g)          # expert parallel: attention data-parallel, no all-reduce
    g = np.where(e > 1, e, g)             # the replica is the expert-parallel group
    i = _nonneg("input_len", input_len)
    o = _positive("output_len", output_len)
    frac = _fraction("kv_cache_fraction", kv_cache_fraction)
    cap_b = _positive("max_batch", max_batch)
    lat = _nonneg("collective_latency_s", collective_latency_s)
    wb = np.asarray(pr.weight_bytes_per_element, dtype=float)
    weights = m.params * wb
    hbm = g * h.hbm_bytes
    usable = np.clip((frac * hbm + (1.0 - frac) * weights) / hbm, 1e-12, 1.0)
    reserve = i + np.where(reserve_output, o, o / 2.0)
    capacity = np.asarray(kv_capacity_batch(m, h, g, reserve, precision=pr, hbm_usable_fraction=usable), dtype=float)
    b = np.minimum(capacity, cap_b)
    if concurrency is not None:
        b = np.minimum(b, _positive("concurrency", concurrency))
    fits = b >= 1
    be = np.maximum(b, 1.0)
    pf = (i / o if include_prefill else 0.0 * i) if isinstance(include_prefill, bool) else \
        np.where(include_prefill, i / o, 0.0)
    step = decode_step(m, h, g, be, i + o / 2.0, precision=pr, efficiency=IDEAL,
                       prefill_tokens_per_stream=pf, prefill_context_tokens=i / 2.0)
    # matmuls at the FP4 peak where the weights are 4-bit and the chip has FP4 tensor cores
    use_fp4 = (wb <= 0.5) & np.isfinite(fp4_peak)
    peak_ratio = 1.0
    if np.any(use_fp4):
        roof_peak = np.where(np.asarray(pr.flop_precision) == "fp8", h.fp8_flop_per_s, h.bf16_flop_per_s)
        peak_ratio = np.where(use_fp4, roof_peak / np.where(use_fp4, fp4_peak, 1.0), 1.0)
    t_mem = np.asarray(step.memory_time_s) / np.asarray(ef.bandwidth, dtype=float)
    t_comp = np.asarray(step.compute_time_s) * peak_ratio / np.asarray(ef.mfu, dtype=float)
    tokens = be * (1.0 + pf)
    link = link_bw if np.all(np.isfinite(link_bw)) else np.where(np.isfinite(link_bw), link_bw, PCIE_BYTES_PER_S)
    t_comm = ALLREDUCES_PER_LAYER * n_layers * np.asarray(
        allreduce_time_s(tokens * d_model * ACTIVATION_BYTES, ar, link, lat))
    if np.any(e > 1):
        a2a = np.asarray(all_to_all_time_s(tokens / e * k_active * d_model * ACTIVATION_BYTES, e, link, lat))
        t_comm = t_comm + np.where(e > 1, 2.0 * moe_layers * a2a, 0.0)
    t = np.maximum(t_mem, t_comp) + t_comm
    out = np.where(fits, (n / g) * be / t, 0.0)
    shape = np.broadcast_shapes(np.shape(out), np.shape(t))
    return ServingResult(*(_out(np.broadcast_to(np.asarray(x, dtype=float), shape)) for x in
                           (out, np.where(fits, b, 0.0), capacity, t, t_mem, t_comp, t_comm)),
                         fits=_out(np.broadcast_to(fits, shape)))


def max_throughput(model, hardware, n_gpus, input_len, output_len, *, precision: Precision = BF16,
                   efficiency: Efficiency = IDEAL, **kwargs):
    """Total output tokens/s of ``n_gpus`` at the largest concurrency that fits (steady state, prefill counted).

    ``throughput(..., concurrency=None).output_tokens_per_s``: the engine's maximum-throughput
    mode (requests queued at an infinite rate, as TensorRT-LLM's ``trtllm-bench throughput`` and
    MLPerf's Offline scenario issue them). Keyword arguments as :func:`throughput` (``tp``, ``ep``,
    ``kv_cache_fraction``, ``max_batch``, ``collective_latency_s``, ``include_prefill``).
    Units: tokens/s. Vectorised (1e6 configurations in one call).
    """
    return throughput(model, hardware, n_gpus, input_len, output_len, None, precision=precision,
                      efficiency=efficiency, **kwargs).output_tokens_per_s


def rate_limited_throughput(model, hardware, n_gpus, input_len, output_len, request_rate_per_s, **kwargs):
    """Output tokens/s when requests arrive at ``request_rate_per_s``: ``min(rate · O, max_throughput)``.

    Below saturation a server emits what it is sent (Little's law; the online-serving tables
    of TensorRT-LLM's performance overview); ``rate = inf`` gives :func:`max_throughput`.
    Keyword arguments as :func:`max_throughput`. Units: tokens/s. Vectorised.
    """
    r = np.asarray(request_rate_per_s, dtype=float)
    if np.any(np.isnan(r)) or np.any(r <= 0):
        raise ValueError(f"request_rate_per_s={request_rate_per_s!r}: allowed: > 0 (inf for no limit)")
    mx = np.asarray(max_throughput(model, hardware, n_gpus, input_len, output_len, **kwargs))
    return _out(np.minimum(r * _positive("output_len", output_len), mx))


def prefill_throughput(model, hardware, n_gpus, input_len, batch, *, precision: Precision = BF16,
                       efficiency: Efficiency = IDEAL, tp=None, ep=1,
                       collective_latency_s=DEFAULT_COLLECTIVE_LATENCY_S):
    """Prompt tokens/s of a prefill-only instance: ``batch`` prompts of ``input_len`` per pass.

    ``(n/tp) · batch · I / (max(t_mem/eff_bw, t_comp/mfu) + 2·L·allreduce(batch·I·d·2 bytes, tp))``
    with the terms of :func:`llmscale.roofline.prefill`; ``ep > 1``: the replica is the
    expert-parallel group of ``ep`` GPUs, attention data-parallel (no all-reduce; the
    all-to-all is not counted). Units: tokens/s. Vectorised.
    """
    m, (n_layers, d_model, _, _) = _models(model)
    h, (_, link_bw) = _hardware(hardware)
    pr, ef = as_precision(precision), as_efficiency(efficiency)
    n = _positive("n_gpus", n_gpus)
    g = n if tp is None else _positive("tp", tp)
    e = _positive("ep", ep)
    ar = np.where(e > 1, 1.0, g)
    g = np.where(e > 1, e, g)
    i, b = _positive("input_len", input_len), _positive("batch", batch)
    st = prefill(m, h, g, i, b, precision=pr, efficiency=IDEAL)
    t = np.maximum(np.asarray(st.memory_time_s) / ef.bandwidth, np.asarray(st.compute_time_s) / ef.mfu)
    link = np.where(np.isfinite(link_bw), link_bw, PCIE_BYTES_PER_S)
    t = t + ALLREDUCES_PER_LAYER * n_layers * np.asarray(
        allreduce_time_s(b * i * d_model * ACTIVATION_BYTES, ar, link, _nonneg("collective_latency_s",
                                                                            collective_latency_s)))
    return _out((n / g) * b * i / t)


def fitted_efficiency(hardware, precision="fp8", which="fit") -> Efficiency:
    """Achieved fractions of peak HBM bandwidth and FLOP/s fitted to published serving measurements.

    Looks up ``data/serving_efficiencies.csv`` (written by :mod:`llmscale.serving_fit` from
    ``data/serving_measured.csv``) for the hardware's family (H100, H200, B200, ...) and the
    weight ``precision`` (``"bf16"``/``"fp16"``, ``"fp8"``, ``"fp4"``/``"int4"``); a family or
    precision without measured points falls back to the fit pooled over every family at
    that precision, then over everything. ``which``: ``"fit"`` (all points), ``"low"`` or
    ``"high"`` (the range over leave-one-source-out refits). Returns an
    :class:`~llmscale.serving_options.Efficiency`. Stable signature (chapter 04 and the ledger call it).
    """
    from .serving_fit import efficiency_row

    r = efficiency_row(hardware, precision)
    key = {"fit": "", "low": "_low", "high": "_high"}
    if which not in key:
        raise ValueError(f"which={which!r}: allowed: {list(key)}")
    return Efficiency(bandwidth=float(r["bandwidth" + key[which]]), mfu=float(r["mfu" + key[which]]))


def fitted_efficiency_range(hardware, precision="fp8") -> tuple[Efficiency, Efficiency]:
    """``(low, high)`` :class:`~llmscale.serving_options.Efficiency` of :func:`fitted_efficiency`
    (the range over leave-one-source-out refits)."""
    return fitted_efficiency(hardware, precision, "low"), fitted_efficiency(hardware, precision, "high")


def weight_format(name: str) -> str:
    """A measured table's precision spelling (``"FP16"``, ``"FP8 (matmuls; ...)"``, ``"NVFP4 ..."``) as a
    format of :data:`llmscale.units.BYTES_PER_ELEMENT` (``"bf16"``, ``"fp8"``, ``"fp4"``)."""
    s = str(name).strip().lower()
    for key in ("fp4", "fp8", "int8", "int4", "bf16", "fp16", "fp32"):
        if s.startswith(key) or s.startswith("nv" + key):
            return key
    raise ValueError(f"precision {name!r}: allowed: a spelling starting with one of {sorted(BYTES_PER_ELEMENT)}")
