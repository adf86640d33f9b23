"""Roofline token economics: KV cache, weights, decode and prefill time, batch limits, cost.

Memory formulas
---------------
- MHA/GQA/MQA (Ainslie et al. 2023): each token stores a key and a value of
  ``H_kv · h`` elements in each of ``L`` layers:
  ``kv_bytes_per_token = 2 · L · H_kv · h · bytes_per_element``.
  Llama 3.1 405B at BF16: 2 · 126 · 8 · 128 · 2 = 516,096 bytes.
- MLA (DeepSeek-V2/V3): each token stores one compressed latent of rank
  ``r_kv`` plus a decoupled RoPE key of ``d_rope`` elements per layer:
  ``kv_bytes_per_token = L · (r_kv + d_rope) · bytes_per_element``.

The decode roofline (chapter 04)
--------------------------------
One decode step of ``B`` streams on ``n`` GPUs (tensor parallel, one model
replica, communication ignored) moves bytes and does FLOP:

- bytes: the weights read once per step, ``W(B)`` (all weights for a dense
  model; for a mixture of experts the non-expert weights plus the routed
  experts that at least one of the step's tokens selects, in expectation
  ``1 − (1 − k/E)^B`` of them under uniform, independent routing), plus the KV
  cache each stream attends over, ``B · S · kv_bytes_per_token``;
- FLOP: ``B · (2 · N_matmul + A · S)``, where ``N_matmul`` is the active
  parameters less the input embedding (a table look-up, no multiply-adds;
  Kaplan et al. 2020, Table 1 counts ``2N`` per token) and ``A · S`` the
  attention (SDPA) FLOP of one token over ``S`` context tokens
  (:func:`attention_flops_per_token`).

Times: ``t_mem = bytes / (n · BW · bandwidth_efficiency)`` and
``t_comp = FLOP / (n · peak · mfu)``. The roofline (Williams, Waterman and
Patterson 2009; applied to transformer inference by Pope et al. 2022,
Section 2) takes ``t = max(t_mem, t_comp)``: loads and math overlap
perfectly, and the slower one sets the pace. ``combine="sum"`` gives the
no-overlap bound ``t_mem + t_comp`` (an upper bound on the roofline time).
The *bound* is ``"compute"`` where ``t_comp > t_mem``, else ``"memory"``.

Every function broadcasts over numpy arrays: batch, sequence length,
precisions, efficiencies, and models and hardware passed as
:class:`ModelArrays` / :class:`HardwareArrays` (arrays of attributes), so a
grid of a million configurations is one call.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, fields

import numpy as np

from . import catalog
from ._checks import fraction as _fraction
from ._checks import nonneg as _nonneg
from ._checks import positive as _positive
from ._checks import scalar_or_array as _out
from .flops import param_breakdown, param_count
from .units import SECONDS_PER_HOUR


def kv_elements_per_token(model) -> int:
    """Elements of KV cache stored per token, summed over layers, for one model.

    ``2 · L · H_kv · h`` for MHA, GQA and MQA (a key and a value per KV head
    and layer; Ainslie et al. 2023, Section 2) and ``L · (r_kv + d_rope)`` for
    MLA (one compressed latent plus the decoupled RoPE key per layer;
    DeepSeek-AI 2024, V2 Section 2.1, V3 Section 2.1.1). Units: elements per token.
    """
    m = catalog.model(model)
    if m.attention == "mla":
        return int(m.n_layers * (int(m.kv_lora_rank) + int(m.qk_rope_head_dim)))
    if m.n_heads % m.n_kv_heads != 0:
        raise ValueError(f"model {m.name!r}: n_kv_heads={m.n_kv_heads} does not divide n_heads={m.n_heads}")
    return 2 * m.n_layers * m.n_kv_heads * m.head_dim


def _many(model) -> bool:
    """True for several models at once (a list or array of names, or :class:`ModelArrays`)."""
    return isinstance(model, (ModelArrays, list, tuple, np.ndarray))


def _kv_elements(model):
    if _many(model):
        return model_arrays(model).kv_elements_per_token
    return kv_elements_per_token(model)


def kv_bytes_per_token(model, bytes_per_element=2.0):
    """KV-cache bytes per token: ``2·L·H_kv·h·b`` (GQA/MHA/MQA) or ``L·(r_kv + d_rope)·b`` (MLA).

    Sources: Ainslie et al. 2023 (GQA, Section 2); DeepSeek-AI 2024 (MLA,
    V2 Section 2.1). Units: bytes per token. Vectorised over
    ``bytes_per_element`` and over models (a list of names or
    :class:`ModelArrays`). Llama 3.1 405B at BF16 (b = 2): 516,096 bytes
    (SemiAnalysis 2024's T4 formula).
    """
    return _out(_kv_elements(model) * _positive("bytes_per_element", bytes_per_element))


def kv_cache_bytes(model, batch, seq_len, bytes_per_element=2.0):
    """KV cache of ``batch`` sequences of ``seq_len`` tokens: ``batch·seq_len·kv_bytes_per_token``.

    Units: bytes. Vectorised (broadcasts ``batch``, ``seq_len``,
    ``bytes_per_element`` and models given as a list or :class:`ModelArrays`).
    """
    return _out(_nonneg("batch", batch) * _nonneg("seq_len", seq_len)
                * _kv_elements(model) * _positive("bytes_per_element", bytes_per_element))


def weight_bytes(model, bytes_per_param=2.0, active: bool = False):
    """Bytes of weights: ``N · bytes_per_param`` (2 for BF16, 1 for FP8).

    ``N`` is :func:`llmscale.flops.param_count` (all weights, or the active
    ones per token with ``active=True``; embeddings included). Units: bytes.
    Vectorised over the precision and over models (a list of names or
    :class:`ModelArrays`).
    """
    b = _positive("bytes_per_param", bytes_per_param)
    if _many(model):
        ma = model_arrays(model)
        return _out((ma.active_params if active else ma.params) * b)
    return _out(param_count(model, active=active) * b)


def semianalysis_gqa_kv_bytes(model, batch=1, seq_len=1, bytes_per_element=2.0):
    """SemiAnalysis (2024)'s GQA KV-cache formula, evaluated literally (claim T4).

    ``batch · seq_len · 2 · layers · (hidden / heads · kv_heads) · bytes_per_element``.
    It equals :func:`kv_cache_bytes` when ``hidden = heads · head_dim`` (true of
    Llama); it does not describe MLA. Units: bytes. Vectorised.
    """
    m = catalog.model(model)
    per = 2 * m.n_layers * (m.d_model / m.n_heads * m.n_kv_heads)
    return _out(_nonneg("batch", batch) * _nonneg("seq_len", seq_len) * per
                * _positive("bytes_per_element", bytes_per_element))


def attention_flop_coefficient(model) -> float:
    """FLOP of attention for one query token per context token, summed over layers and heads.

    - MHA/GQA/MQA, as SDPA (SemiAnalysis 2024, claim T7): ``4 · H · L · h``
      (``2·h`` for the ``q·k`` scores and ``2·h`` for the weighted sum of values,
      per head and layer). KV sharing in GQA does not reduce it.
    - MLA in its absorbed decode form (DeepSeek-AI 2024, V2 Section 2.1.2: the
      key and value up-projections are folded into the query and output
      projections so attention runs on the cached latent):
      ``2 · H · L · (r_kv + d_rope) + 2 · H · L · r_kv``.

    Units: FLOP per (query token · context token).
    """
    m = catalog.model(model)
    if m.attention == "mla":
        r, rope = int(m.kv_lora_rank), int(m.qk_rope_head_dim)
        return float(2 * m.n_heads * m.n_layers * (r + rope) + 2 * m.n_heads * m.n_layers * r)
    return float(4 * m.n_heads * m.n_layers * m.head_dim)


def attention_flops_per_token(model, seq_len):
    """Attention (SDPA) FLOP to generate one token over ``seq_len`` context tokens.

    ``A · seq_len`` with ``A`` from :func:`attention_flop_coefficient`; for
    GQA this is SemiAnalysis (2024)'s ``4 · heads · layers · head_dim · seq_len``
    (claim T7). Summed over a whole sequence it grows as ``seq_len²/2``.
    Units: FLOP. Vectorised over ``seq_len`` and over models (a list of names
    or :class:`ModelArrays`).
    """
    coef = model_arrays(model).attention_flop_coefficient if _many(model) else attention_flop_coefficient(model)
    return _out(coef * _nonneg("seq_len", seq_len))


# --- models and hardware as arrays of attributes ---------------------------------

class _FieldArrays:
    """Index and reshape every array field of a dataclass together (ModelArrays, HardwareArrays)."""

    _shape_field: str

    def __getitem__(self, idx):
        return type(self)(**{f.name: np.asarray(getattr(self, f.name))[idx] for f in fields(self)})

    @property
    def shape(self) -> tuple:
        return np.shape(getattr(self, self._shape_field))

    def reshape(self, *shape):
        return type(self)(**{f.name: np.reshape(getattr(self, f.name), *shape) for f in fields(self)})


@dataclass(frozen=True)
class ModelArrays(_FieldArrays):
    """Models as arrays of the attributes the roofline needs (all broadcastable numpy arrays).

    ``params``: total weights; ``matmul_params``: active weights less the input
    embedding (2 FLOP each per token); ``routed_params``: weights of all routed
    experts (0 for a dense model); ``n_experts``/``n_active_experts``: routed
    experts per MoE layer and per token (1/1 for dense);
    ``kv_elements_per_token``; ``attention_flop_coefficient``; ``active_params``:
    weights used per token, embeddings included. Index it like an array
    (``m[idx]``) to build a grid.
    """

    name: np.ndarray
    params: np.ndarray
    matmul_params: np.ndarray
    routed_params: np.ndarray
    n_experts: np.ndarray
    n_active_experts: np.ndarray
    kv_elements_per_token: np.ndarray
    attention_flop_coefficient: np.ndarray
    active_params: np.ndarray

    _shape_field = "params"


@dataclass(frozen=True)
class HardwareArrays(_FieldArrays):
    """Accelerators as arrays of per-chip attributes: FLOP/s (BF16, FP8; NaN = no FP8), HBM bytes, bytes/s."""

    name: np.ndarray
    bf16_flop_per_s: np.ndarray
    fp8_flop_per_s: np.ndarray
    hbm_bytes: np.ndarray
    bandwidth_bytes_per_s: np.ndarray

    _shape_field = "bf16_flop_per_s"


@functools.lru_cache(maxsize=256)
def _model_row(m: catalog.Model) -> tuple:
    b = param_breakdown(m)
    if m.architecture == "moe":
        e, k = float(m.n_experts), float(m.n_active_experts)
        routed = (b.total - b.active) * e / (e - k)
    else:
        e = k = 1.0
        routed = 0.0
    return (m.name, float(b.total), float(b.active - b.embedding), routed, e, k,
            float(kv_elements_per_token(m)), attention_flop_coefficient(m), float(b.active))


def model_arrays(models) -> ModelArrays:
    """:class:`ModelArrays` for a model name, a :class:`~llmscale.catalog.Model`, or a list of them.

    A single model gives 0-d arrays; a list gives arrays of shape ``(n,)``.
    Unknown names raise ``ValueError`` with a "did you mean" suggestion.
    """
    if isinstance(models, ModelArrays):
        return models
    if isinstance(models, str):
        return _single_model_arrays(models.strip(), str(catalog.data_dir()))
    if isinstance(models, np.ndarray):
        models = models.tolist()
    single = isinstance(models, catalog.Model)
    rows = [_model_row(catalog.model(x)) for x in ([models] if single else list(models))]
    if not rows:
        raise ValueError(f"models={models!r}: allowed: a model name or a non-empty list of names")
    cols = list(zip(*rows))
    arrs = [np.array(cols[0], dtype=object)] + [np.array(c, dtype=float) for c in cols[1:]]
    ma = ModelArrays(*arrs)
    return ma[0] if single else ma


@functools.lru_cache(maxsize=256)
def _single_model_arrays(name: str, data_dir: str) -> ModelArrays:
    return model_arrays([catalog.model(name)])[0]


@functools.lru_cache(maxsize=256)
def _single_hardware_arrays(name: str, data_dir: str) -> HardwareArrays:
    return hardware_arrays([catalog.hardware(name)])[0]


def hardware_arrays(hardware) -> HardwareArrays:
    """:class:`HardwareArrays` for a hardware name, a :class:`~llmscale.catalog.Hardware`, or a list of them."""
    if isinstance(hardware, HardwareArrays):
        return hardware
    if isinstance(hardware, str):
        return _single_hardware_arrays(hardware.strip(), str(catalog.data_dir()))
    single = isinstance(hardware, (str, catalog.Hardware))
    hs = [catalog.hardware(x) for x in ([hardware] if single else list(hardware))]
    if not hs:
        raise ValueError(f"hardware={hardware!r}: allowed: a hardware name or a non-empty list of names")
    ha = HardwareArrays(np.array([h.name for h in hs], dtype=object),
                        np.array([h.bf16_dense_flop_per_s for h in hs], dtype=float),
                        np.array([h.fp8_dense_flop_per_s for h in hs], dtype=float),
                        np.array([h.hbm_bytes for h in hs], dtype=float),
                        np.array([h.hbm_bandwidth_bytes_per_s for h in hs], dtype=float))
    return ha[0] if single else ha


def _choice(name: str, x, allowed: tuple[str, ...]):
    if isinstance(x, str):
        if x not in allowed:
            raise ValueError(f"{name}={x!r}: allowed: {list(allowed)}")
        return x
    a = np.asarray(x)
    bad = ~np.isin(a, allowed)
    if np.any(bad):
        raise ValueError(f"{name} contains {a[bad].flat[0]!r}: allowed: {list(allowed)}")
    return a


def peak_flop_per_s(hardware, flop_precision="bf16"):
    """Dense peak FLOP/s per chip at ``flop_precision`` (``"bf16"`` or ``"fp8"``, or an array of them).

    From ``data/hardware.csv`` (vendor datasheets, dense: sparsity figures halved). Units: FLOP/s.
    Raises ``ValueError`` where FP8 is asked of hardware without FP8 tensor cores.
    """
    h = hardware_arrays(hardware)
    p = _choice("flop_precision", flop_precision, ("bf16", "fp8"))
    if isinstance(p, str):
        peak = h.fp8_flop_per_s if p == "fp8" else h.bf16_flop_per_s
        if p == "fp8" and np.any(np.isnan(peak)):
            raise ValueError(f"flop_precision='fp8': hardware {np.asarray(h.name)[np.isnan(peak)].flat[0]!r} has "
                             "no FP8 tensor cores; allowed there: 'bf16'")
        return peak
    peak = np.where(p == "fp8", h.fp8_flop_per_s, h.bf16_flop_per_s)
    if np.any(np.isnan(peak)):
        raise ValueError("flop_precision='fp8' asked of hardware without FP8 tensor cores; allowed there: 'bf16'")
    return peak


# --- the decode and prefill roofline ---------------------------------------------

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


def weight_bytes_read(model, tokens, bytes_per_param=2.0):
    """Weight bytes read by one forward step over ``tokens`` tokens.

    Dense: all weights, ``N · b``. Mixture of experts: non-expert weights plus
    the routed experts selected by at least one token; with ``E`` routed
    experts per layer, ``k`` per token and uniform, independent routing, a
    given expert is idle with probability ``(1 − k/E)^tokens``:
    ``(N − R + R · (1 − (1 − k/E)^tokens)) · b`` with ``R`` the routed-expert
    weights. One token reads the active weights; many read nearly all.
    Units: bytes. Vectorised.
    """
    m = model_arrays(model)
    t = _nonneg("tokens", tokens)
    b = _positive("bytes_per_param", bytes_per_param)
    return _out(_weights_read(m, t) * b)


def _weights_read(m: ModelArrays, tokens):
    idle = (1.0 - m.n_active_experts / m.n_experts) ** tokens
    return m.params - m.routed_params * idle


def _kv_tokens(batch, seq_len, shared_prefix_tokens, streams_per_prefix):
    """Token positions of KV held (and read per step) by ``batch`` streams sharing prefixes."""
    if shared_prefix_tokens is None:
        return batch * seq_len
    return batch * (seq_len - shared_prefix_tokens) + batch / streams_per_prefix * shared_prefix_tokens


def _check_shared(seq_len, shared_prefix_tokens, streams_per_prefix):
    if isinstance(shared_prefix_tokens, (int, float)) and shared_prefix_tokens == 0:
        return None, None
    sp = _nonneg("shared_prefix_tokens", shared_prefix_tokens)
    spp = _positive("streams_per_prefix", streams_per_prefix)
    if np.any(sp > seq_len):
        raise ValueError(f"shared_prefix_tokens={shared_prefix_tokens!r}: allowed: values <= seq_len")
    return sp, spp


def _common(model, hardware, n_gpus, weight_bytes_per_element, kv_bytes_per_element,
            bandwidth_efficiency, mfu, flop_precision, combine):
    m = model_arrays(model)
    h = hardware_arrays(hardware)
    n = _positive("n_gpus", n_gpus)
    wb = _positive("weight_bytes_per_element", weight_bytes_per_element)
    kb = _positive("kv_bytes_per_element", kv_bytes_per_element)
    bw = n * h.bandwidth_bytes_per_s * _fraction("bandwidth_efficiency", bandwidth_efficiency)
    fl = n * peak_flop_per_s(h, flop_precision) * _fraction("mfu", mfu)
    c = _choice("combine", combine, ("max", "sum"))
    return m, h, n, wb, kb, bw, fl, c


def _combine(c, tm, tc):
    if isinstance(c, str):
        return np.maximum(tm, tc) if c == "max" else tm + tc
    return np.where(c == "sum", tm + tc, np.maximum(tm, tc))


def decode_step(model, hardware, n_gpus, batch, seq_len, weight_bytes_per_element=2.0,
                kv_bytes_per_element=2.0, bandwidth_efficiency=1.0, mfu=1.0, include_attention=True,
                flop_precision="bf16", combine="max", shared_prefix_tokens=0, streams_per_prefix=1,
                prefill_tokens_per_stream=0.0, prefill_context_tokens=0.0) -> RooflineStep:
    """One decode step of ``batch`` streams, each attending over ``seq_len`` tokens, on ``n_gpus`` chips.

    Terms (module docstring; Pope et al. 2022, Section 2; Williams et al. 2009):

    - ``weight_bytes = W(batch · (1 + prefill_tokens_per_stream)) · weight_bytes_per_element``
      (:func:`weight_bytes_read`);
    - ``kv_bytes = kv_tokens · kv_elements_per_token · kv_bytes_per_element`` with
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
    - ``memory_time_s = bytes / (n_gpus · HBM_BW · bandwidth_efficiency)``,
      ``compute_time_s = flop / (n_gpus · peak(flop_precision) · mfu)``,
      ``time_s = max(memory_time_s, compute_time_s)`` (the roofline) or their
      sum (``combine="sum"``, no overlap).

    Ignores inter-GPU communication, activations, kernel launch overheads and
    the sampling step. Units: seconds, bytes, FLOP. Every argument broadcasts
    (models and hardware as :class:`ModelArrays`/:class:`HardwareArrays`).
    """
    m, h, n, wb, kb, bw, fl, c = _common(model, hardware, n_gpus, weight_bytes_per_element,
                                         kv_bytes_per_element, bandwidth_efficiency, mfu, flop_precision, combine)
    b = _nonneg("batch", batch)
    s = _nonneg("seq_len", seq_len)
    sp, spp = _check_shared(s, shared_prefix_tokens, streams_per_prefix)
    pf = b * _nonneg("prefill_tokens_per_stream", prefill_tokens_per_stream)
    pc = _nonneg("prefill_context_tokens", prefill_context_tokens)
    att = np.asarray(include_attention, dtype=float)
    w = _weights_read(m, b + pf) * wb
    kv = (_kv_tokens(b, s, sp, spp) + pf) * m.kv_elements_per_token * kb
    flop = (b * (2.0 * m.matmul_params + att * m.attention_flop_coefficient * s)
            + pf * (2.0 * m.matmul_params + att * m.attention_flop_coefficient * pc))
    tm = (w + kv) / bw
    tc = flop / fl
    t = _combine(c, tm, tc)
    return RooflineStep(*(_out(np.asarray(x)) for x in (t, tm, tc, w, kv, flop, b + 0.0 * t)))


def decode_step_time_s(model, hardware, n_gpus, batch, seq_len, weight_bytes_per_element=2.0,
                       kv_bytes_per_element=2.0, bandwidth_efficiency=1.0, mfu=1.0, include_attention=True,
                       **kwargs):
    """Seconds per decode step: ``decode_step(...).time_s``.

    The roofline ``max(t_mem, t_comp)`` of :func:`decode_step` (Williams et
    al. 2009; Pope et al. 2022): every stream of the batch emits one token per
    step. Keyword arguments as :func:`decode_step`. Units: seconds. Vectorised.
    """
    return decode_step(model, hardware, n_gpus, batch, seq_len, weight_bytes_per_element, kv_bytes_per_element,
                       bandwidth_efficiency, mfu, include_attention, **kwargs).time_s


def prefill(model, hardware, n_gpus, prompt_tokens, batch=1, weight_bytes_per_element=2.0,
            kv_bytes_per_element=2.0, bandwidth_efficiency=1.0, mfu=1.0, include_attention=True,
            flop_precision="bf16", combine="max") -> RooflineStep:
    """One prefill pass over ``batch`` prompts of ``prompt_tokens`` tokens each.

    - ``flop = batch · (P · 2 · N_matmul + A · P · (P + 1) / 2)``: causal
      attention, token ``i`` attends to ``i`` tokens (the quadratic total of claim T7);
    - ``weight_bytes = W(batch · P) · weight_bytes_per_element``, read once;
    - ``kv_bytes = batch · P · kv_elements_per_token · kv_bytes_per_element`` written;
    - times combined as in :func:`decode_step` (roofline max by default).

    Prefill of long prompts is compute-bound (Pope et al. 2022, Section 2).
    Units: seconds, bytes, FLOP. Vectorised.
    """
    m, h, n, wb, kb, bw, fl, c = _common(model, hardware, n_gpus, weight_bytes_per_element,
                                         kv_bytes_per_element, bandwidth_efficiency, mfu, flop_precision, combine)
    p = _nonneg("prompt_tokens", prompt_tokens)
    b = _nonneg("batch", batch)
    att = np.asarray(include_attention, dtype=float)
    w = _weights_read(m, b * p) * wb
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


def usd_per_mtok_at_rate(tokens_per_s, n_gpus, usd_per_gpu_hour):
    """Dollars per million tokens of ``n_gpus`` rented at ``usd_per_gpu_hour`` producing ``tokens_per_s``.

    ``n_gpus · usd_per_gpu_hour / 3600 / tokens_per_s · 1e6``. Units: USD per 1e6 tokens. Vectorised.
    """
    r = _positive("tokens_per_s", tokens_per_s)
    return _out(_positive("n_gpus", n_gpus) * _nonneg("usd_per_gpu_hour", usd_per_gpu_hour)
                / SECONDS_PER_HOUR / r * 1e6)


def cost_usd_per_mtok(model, hardware, n_gpus, batch, seq_len, usd_per_gpu_hour, **kwargs):
    """Cost per million output tokens of decode at ``batch`` and ``seq_len``, at a GPU-hour price.

    ``n_gpus · usd_per_gpu_hour / 3600 · decode_step_time_s / batch · 1e6``: the
    node's rent spread over the tokens it emits (:func:`usd_per_mtok_at_rate`).
    Keyword arguments as :func:`decode_step`. Units: USD per 1e6 tokens. Vectorised.
    """
    rate = tokens_per_s_per_node(model, hardware, n_gpus, batch, seq_len, **kwargs)
    return usd_per_mtok_at_rate(rate, n_gpus, usd_per_gpu_hour)


# --- batch limits -----------------------------------------------------------------

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


_MAX_BATCH_BITS = 24  # batches up to 2**24 - 1 streams


def kv_capacity_batch(model, hardware, n_gpus, seq_len, weight_bytes_per_element=2.0, kv_bytes_per_element=2.0,
                      hbm_usable_fraction=1.0, shared_prefix_tokens=0, streams_per_prefix=1):
    """The largest whole batch whose weights plus KV cache fit in HBM (may be 0).

    ``floor((n_gpus · HBM · hbm_usable_fraction − N · b_w) / (kv_tokens per stream · kv_bytes_per_token))``,
    with the shared-prefix accounting of :func:`decode_step`. Ignores
    activations and framework overhead (lower ``hbm_usable_fraction`` for them).
    HBM is the datasheet's decimal figure (H100: 80e9 bytes). Units: streams. Vectorised.
    """
    m = model_arrays(model)
    h = hardware_arrays(hardware)
    s = _nonneg("seq_len", seq_len)
    sp, spp = _check_shared(s, shared_prefix_tokens, streams_per_prefix)
    cap = (_positive("n_gpus", n_gpus) * h.hbm_bytes * _fraction("hbm_usable_fraction", hbm_usable_fraction)
           - m.params * _positive("weight_bytes_per_element", weight_bytes_per_element))
    per = _kv_tokens(1.0, s, sp, spp) * m.kv_elements_per_token * _positive("kv_bytes_per_element",
                                                                           kv_bytes_per_element)
    with np.errstate(divide="ignore", invalid="ignore"):
        b = np.where(cap <= 0, 0.0, np.floor(cap / np.where(per > 0, per, 1.0)))
    b = np.where((per <= 0) & (cap > 0), 2.0**_MAX_BATCH_BITS - 1, np.minimum(b, 2.0**_MAX_BATCH_BITS - 1))
    return _out(b)


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
    cap_kw = {k: kwargs[k] for k in ("weight_bytes_per_element", "kv_bytes_per_element", "shared_prefix_tokens",
                                     "streams_per_prefix") if k in kwargs}
    capacity = np.asarray(kv_capacity_batch(model, hardware, n_gpus, seq_len, hbm_usable_fraction=hbm_usable_fraction,
                                            **cap_kw))
    budget = 1.0 / target
    # shape of the answer: broadcast of every input
    probe = np.asarray(decode_step_time_s(model, hardware, n_gpus, 1.0, seq_len, **kwargs))
    shape = np.broadcast_shapes(probe.shape, np.shape(budget), capacity.shape)
    lo = np.zeros(shape)                                   # feasible (or 0)
    hi = np.full(shape, 2.0**_MAX_BATCH_BITS)               # infeasible by assumption
    for _ in range(_MAX_BATCH_BITS):
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


def max_seq_len(model, hardware, n_gpus, batch, weight_bytes_per_element=2.0, kv_bytes_per_element=2.0,
                hbm_usable_fraction=1.0, include_weights=True):
    """The memory wall: the longest sequence whose KV cache for ``batch`` streams fits beside the weights.

    ``(n_gpus · HBM · hbm_usable_fraction − N · b_w) / (batch · kv_bytes_per_token)``
    (claim T6; 0 when the weights alone do not fit). With ``include_weights=False``
    the KV cache gets all of HBM (claim T5's "fill 640 GB"). HBM is the
    datasheet's decimal figure. Units: tokens. Vectorised.
    """
    m = model_arrays(model)
    h = hardware_arrays(hardware)
    w = m.params * _positive("weight_bytes_per_element", weight_bytes_per_element) if include_weights else 0.0
    cap = (_positive("n_gpus", n_gpus) * h.hbm_bytes * _fraction("hbm_usable_fraction", hbm_usable_fraction) - w)
    per = _positive("batch", batch) * m.kv_elements_per_token * _positive("kv_bytes_per_element",
                                                                          kv_bytes_per_element)
    return _out(np.maximum(cap, 0.0) / per)


def bound_switch_seq_len(model, hardware, n_gpus, batch, weight_bytes_per_element=2.0, kv_bytes_per_element=2.0,
                         bandwidth_efficiency=1.0, mfu=1.0, include_attention=True, flop_precision="bf16"):
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
    m, h, n, wb, kb, bw, fl, _ = _common(model, hardware, n_gpus, weight_bytes_per_element, kv_bytes_per_element,
                                         bandwidth_efficiency, mfu, flop_precision, "max")
    b = _positive("batch", batch)
    att = np.asarray(include_attention, dtype=float)
    kv = m.kv_elements_per_token * kb
    num = b * 2.0 * m.matmul_params / fl - _weights_read(m, b) * wb / bw
    den = b * kv / bw - b * att * m.attention_flop_coefficient / fl
    with np.errstate(divide="ignore", invalid="ignore"):
        s = num / den
    return _out(np.where(np.isfinite(s) & (s >= 0), s, np.nan))


def interactivity_bound_switch_seq_len(model, hardware, n_gpus, target_tokens_per_s_per_user, **kwargs):
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
        m, h, n, wb, kb, bw, fl, _ = _common(model, hardware, n_gpus, kwargs.get("weight_bytes_per_element", 2.0),
                                             kwargs.get("kv_bytes_per_element", 2.0),
                                             kwargs.get("bandwidth_efficiency", 1.0), kwargs.get("mfu", 1.0),
                                             kwargs.get("flop_precision", "bf16"), "max")
        att = np.asarray(kwargs.get("include_attention", True), dtype=float)
        bc = (1.0 / target) * fl / (2.0 * m.matmul_params + att * m.attention_flop_coefficient * s)
        tm = (_weights_read(m, bc) * wb + bc * s * m.kv_elements_per_token * kb) / bw
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


def continuous_batch_limits(model, hardware, n_gpus, seq_len, target_tokens_per_s_per_user,
                            weight_bytes_per_element=2.0, kv_bytes_per_element=2.0, bandwidth_efficiency=1.0,
                            mfu=1.0, include_attention=True, flop_precision="bf16") -> dict:
    """The batch (a real number) each roofline term alone allows at an interactivity target.

    With a step budget ``t = 1/target``:

    - ``compute``: ``B_c = t · n · peak · mfu / (2·N_matmul + A·S)``;
    - ``memory``: the ``B_m`` solving ``(W(B)·b_w + B·S·kv_bytes_per_token) / (n · BW · eff) = t``
      (closed form for dense models; bisection for mixtures of experts), 0
      when the weights alone take longer than ``t``.

    Under the roofline ``max`` rule the latency-limited batch is
    ``floor(min(B_m, B_c))`` (:func:`batch_limits`). Units: streams. Vectorised.
    """
    m, h, n, wb, kb, bw, fl, _ = _common(model, hardware, n_gpus, weight_bytes_per_element, kv_bytes_per_element,
                                         bandwidth_efficiency, mfu, flop_precision, "max")
    t = 1.0 / _positive("target_tokens_per_s_per_user", target_tokens_per_s_per_user)
    s = _nonneg("seq_len", seq_len)
    att = np.asarray(include_attention, dtype=float)
    bc = t * fl / (2.0 * m.matmul_params + att * m.attention_flop_coefficient * s)
    per = s * m.kv_elements_per_token * kb

    def mem_time(b):
        return (_weights_read(m, b) * wb + b * per) / bw

    shape = np.broadcast_shapes(np.shape(bc), np.shape(mem_time(np.float64(1.0))))
    lo, hi = np.zeros(shape), np.full(shape, 2.0**_MAX_BATCH_BITS)
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
    ``bandwidth_efficiency=1`` and ``mfu=1`` for two reported points that each
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
    c = _choice("combine", combine, ("max", "sum"))
    is_sum = (c == "sum") if not isinstance(c, str) else np.bool_(c == "sum")
    eff = np.where(is_sum, np.where(exact_sum, e_sum, np.nan), e_max)
    mfu = np.where(is_sum, np.where(exact_sum, u_sum, np.nan), u_max)
    exact = np.where(is_sum, exact_sum, exact_max)
    with np.errstate(invalid="ignore"):
        feasible = exact & (eff > 0) & (eff <= 1) & (mfu > 0) & (mfu <= 1)
    return {"bandwidth_efficiency": _out(eff), "mfu": _out(mfu), "exact": _out(exact), "feasible": _out(feasible)}


# --- prices -----------------------------------------------------------------------

def price_usd_per_mtok(name: str, kind: str = "output") -> float:
    """List price of ``name`` from ``data/prices.csv`` (``kind`` ``"input"`` or ``"output"``). USD per 1e6 tokens."""
    if kind not in ("input", "output"):
        raise ValueError(f"kind={kind!r}: allowed: 'input', 'output'")
    df = catalog.table("prices")
    hit = df[df["name"].str.lower() == str(name).strip().lower()]
    if hit.empty:
        from ._checks import suggest

        names = list(df["name"])
        raise ValueError(f"price name={name!r} is not in data/prices.csv; allowed: {names}. "
                         + suggest(str(name), names))
    return float(hit.iloc[0][f"{kind}_usd_per_mtok"])


def query_cost_usd(name: str, output_tokens, input_tokens=0.0):
    """Cost of one API query: ``(input · p_in + output · p_out) / 1e6`` at ``data/prices.csv`` prices. Vectorised."""
    return _out((_nonneg("input_tokens", input_tokens) * price_usd_per_mtok(name, "input")
                 + _nonneg("output_tokens", output_tokens) * price_usd_per_mtok(name, "output")) / 1e6)


# --- chapter 04's claims (SemiAnalysis, December 2024) -------------------------------

#: Claim T2/T3: output tokens of the QwQ bracket prompt as reported by SemiAnalysis (2024):
#: o1-preview 7,661, GPT-4o 775. Their own measurement; not independently checkable.
T3_SEQ_LENS = (775, 7661)
#: Claim T3: the maximum batches SemiAnalysis (2024) reports at 30 tokens/s per user, 8xH100, Llama 3.1 405B.
T3_BATCHES = (368, 72)
T3_TOKENS_PER_S_PER_USER = 30.0

#: The reference assumption set of chapter 04: the one that reproduces T3's two batch sizes
#: (:func:`fit_efficiencies`, rounded to two digits): FP8 weights run on FP8 tensor cores,
#: a BF16 KV cache read in full every step, attention FLOP counted, roofline max.
REFERENCE = {
    "model": "Llama 3.1 405B", "hardware": "H100 SXM", "n_gpus": 8,
    "weight_bytes_per_element": 1.0, "kv_bytes_per_element": 2.0, "flop_precision": "fp8",
    "bandwidth_efficiency": 0.77, "mfu": 0.57, "include_attention": True,
}


#: The QwQ bracket prompt is one sentence; its token count is not reported. Assumed 50 tokens
#: (it matters only through the amortised-prefill switch of :func:`t3_assumption_sweep`).
T3_PROMPT_TOKENS = 50


def t3_assumption_sweep(model="Llama 3.1 405B", hardware="H100 SXM", n_gpus=8,
                        eff_grid=None, mfu_grid=None):
    """Which unstated assumptions reproduce claim T3's batches (368 at 775 tokens, 72 at 7,661, 30 tok/s/user)?

    Sweeps every combination of: weight, KV-cache and matmul precision (BF16 or
    FP8), attention FLOP counted or not, context per step (``final``: the whole
    sequence is in the cache at every step, as the article's "sequence length"
    reads; ``mean``: the cache grows from the prompt, mean ``P + T/2``),
    prefill (``none``, or ``amortised``: a :data:`T3_PROMPT_TOKENS`-token
    prompt chunked into the decode steps), and the combination rule (``max``
    roofline, or ``sum`` without overlap). For each, :func:`fit_efficiencies`
    finds the bandwidth efficiency and MFU that give both batches exactly,
    when such values exist in (0, 1]; otherwise the grid point (default
    efficiencies 0.30-1.00 and MFU 0.10-1.00 in steps of 0.05) with the
    smallest worst-case error. Returns one row per combination (a pandas
    DataFrame) with the batches, the worst error, the per-token cost ratio
    they imply (:func:`cost_ratio_long_short`) and whether 72 streams of 7,661
    tokens fit in HBM beside the weights.
    """
    import itertools

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

    common = dict(weight_bytes_per_element=wb, kv_bytes_per_element=kb, flop_precision=fp, include_attention=att)
    (t_s, t_l), (b_s, b_l) = T3_SEQ_LENS, T3_BATCHES
    ps, pl = point(t_s), point(t_l)
    st_s = decode_step(model, hardware, n_gpus, b_s, **ps, **common)
    st_l = decode_step(model, hardware, n_gpus, b_l, **pl, **common)
    fit = fit_efficiencies(st_s, st_l, target, combine=comb)
    # grid search for the closest point (all combinations, for the non-exact ones)
    e2, u2 = np.meshgrid(eff_grid, mfu_grid, indexing="ij")
    e2, u2 = e2.ravel()[None, :], u2.ravel()[None, :]
    gk = {k: (v[:, None] if isinstance(v, np.ndarray) else v) for k, v in common.items()}

    def grid_batches(pt):
        g = {k: (v[:, None] if isinstance(v, np.ndarray) else v) for k, v in pt.items()}
        return np.asarray(batch_limits(model, hardware, n_gpus, g.pop("seq_len"), target, bandwidth_efficiency=e2,
                                       mfu=u2, combine=comb[:, None], **g, **gk).latency_batch)

    gs, gl = grid_batches(ps), grid_batches(pl)
    with np.errstate(divide="ignore"):
        err = np.maximum(np.abs(np.log(gs / b_s)), np.abs(np.log(gl / b_l)))
    best = np.argmin(err, axis=1)
    rows = np.arange(len(combos))
    feasible = np.asarray(fit["feasible"])
    eff = np.where(feasible, np.asarray(fit["bandwidth_efficiency"]) * (1 + 1e-9), e2[0, best])
    mfu = np.where(feasible, np.minimum(np.asarray(fit["mfu"]) * (1 + 1e-9), 1.0), u2[0, best])
    kw = dict(common, bandwidth_efficiency=eff, mfu=mfu, combine=comb)
    bs = np.asarray(batch_limits(model, hardware, n_gpus, target_tokens_per_s_per_user=target, **ps, **kw).latency_batch)
    bl = np.asarray(batch_limits(model, hardware, n_gpus, target_tokens_per_s_per_user=target, **pl, **kw).latency_batch)
    ts = np.asarray(decode_step_time_s(model, hardware, n_gpus, np.maximum(bs, 1), **ps, **kw))
    tl = np.asarray(decode_step_time_s(model, hardware, n_gpus, np.maximum(bl, 1), **pl, **kw))
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where((bs > 0) & (bl > 0), (tl / bl) / (ts / bs), np.nan)
        worst = np.maximum(np.abs(bs / b_s - 1), np.abs(bl / b_l - 1))
    cap = np.asarray(kv_capacity_batch(model, hardware, n_gpus, pl["seq_len"], weight_bytes_per_element=wb,
                                       kv_bytes_per_element=kb))
    del rows
    return pd.DataFrame({
        "weights": cols[0], "kv_cache": cols[1], "math": cols[2], "attention_flop": cols[3],
        "context": cols[4], "prefill": cols[5], "combine": cols[6], "exact_fit": feasible,
        "bandwidth_efficiency": eff, "mfu": mfu, "batch_short": bs, "batch_long": bl,
        "worst_error": worst, "cost_ratio": ratio, "long_batch_fits_hbm": cap >= b_l,
    })


def matmul_precision(weight_precision: str, hardware) -> str:
    """The tensor-core precision the weights' matmuls run at: ``"fp8"`` for FP8 (or narrower) weights
    on hardware with FP8 tensor cores (as Meta's FP8 Llama 3.1 405B and DeepSeek-V3 do), else ``"bf16"``."""
    from .units import BYTES_PER_ELEMENT

    if weight_precision not in BYTES_PER_ELEMENT:
        raise ValueError(f"weight_precision={weight_precision!r}: allowed: {sorted(BYTES_PER_ELEMENT)}")
    h = catalog.hardware(hardware)
    fp8_ok = not math.isnan(h.fp8_dense_flop_per_s)
    return "fp8" if BYTES_PER_ELEMENT[weight_precision] <= 1.0 and fp8_ok else "bf16"


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


def _ref(**over):
    d = dict(REFERENCE)
    d.update(over)
    return d


def claim_rows() -> list:
    """Ledger rows T1-T8 (SemiAnalysis 2024), recomputed with this module and ``data/prices.csv``."""
    from .claims.ledger import Claim
    from .units import sig

    src = "semi"
    ref = _ref()
    m, h, n = ref.pop("model"), ref.pop("hardware"), ref.pop("n_gpus")
    s_short, s_long = T3_SEQ_LENS
    b_short, b_long = T3_BATCHES
    target = T3_TOKENS_PER_S_PER_USER

    # T1: per-token list prices
    r_o1 = price_usd_per_mtok("o1") / price_usd_per_mtok("GPT-4o")
    r_mini = price_usd_per_mtok("o1-mini") / price_usd_per_mtok("GPT-4o mini")
    r_o1_in = price_usd_per_mtok("o1", "input") / price_usd_per_mtok("GPT-4o", "input")
    # T2: per-query costs from the reported output-token counts
    q4o = query_cost_usd("GPT-4o", s_short)
    r_prev = query_cost_usd("o1-preview", s_long) / q4o
    mini_tokens_implied = 24.0 * q4o / query_cost_usd("o1-mini", 1.0)
    # T3 / T8: batches and per-token cost ratio at the reference assumptions
    bs = batch_limits(m, h, n, [s_short, s_long], target, **ref)
    lat = np.asarray(bs.latency_batch)
    cap = np.asarray(bs.capacity_batch)
    ratio = cost_ratio_long_short(m, h, n, s_long, s_short, target, **ref)
    ideal = _ref(bandwidth_efficiency=1.0, mfu=1.0)
    for k in ("model", "hardware", "n_gpus"):
        ideal.pop(k)
    lat_ideal = np.asarray(batch_limits(m, h, n, [s_short, s_long], target, **ideal).latency_batch)
    ratio_ideal = cost_ratio_long_short(m, h, n, s_long, s_short, target, **ideal)
    ratio_bf16 = cost_ratio_long_short(m, h, n, s_long, s_short, target, **dict(ideal, flop_precision="bf16"))
    fit = fit_efficiencies(decode_step(m, h, n, b_short, s_short, **ideal),
                           decode_step(m, h, n, b_long, s_long, **ideal), target)
    # T4-T6: memory
    kv_claimed = semianalysis_gqa_kv_bytes(m, 1, 1, 2.0)
    kv = kv_bytes_per_token(m, 2.0)
    t5_len = max_seq_len(m, h, n, 32, kv_bytes_per_element=2.0, include_weights=False)
    t5_batch = 640e9 / (39_000 * kv)
    t6_len = max_seq_len(m, h, n, 32, weight_bytes_per_element=1.0, kv_bytes_per_element=2.0)
    t6_left = n * catalog.hardware(h).hbm_bytes - weight_bytes(m, 1.0)
    t6_batch16k = t6_left / (16_000 * kv)
    t6_gib = (n * 80 * 2.0**30 - weight_bytes(m, 1.0)) / (32 * kv)
    # T7: where the interactivity-limited batch stops being FLOP-bound
    sw_keys = ("weight_bytes_per_element", "kv_bytes_per_element", "bandwidth_efficiency", "mfu",
               "include_attention", "flop_precision")
    t7 = interactivity_bound_switch_seq_len(m, h, n, target, **{k: ref[k] for k in sw_keys})
    t7_bf16 = interactivity_bound_switch_seq_len(m, h, n, target, **{k: ideal[k] for k in sw_keys} | {
        "flop_precision": "bf16"})
    intensity = attention_flop_coefficient(m) / kv
    ridge = catalog.hardware(h).ridge_flop_per_byte("bf16")
    refs = (f"Llama 3.1 405B on 8xH100 SXM, FP8 weights on FP8 tensor cores, BF16 KV cache, "
            f"HBM bandwidth efficiency {ref['bandwidth_efficiency']:g}, MFU {ref['mfu']:g}, roofline max")
    return [
        Claim("T1", "o1 costs 6x GPT-4o per token (o1-mini vs GPT-4o mini: 20x)", src, 6.0, r_o1, "x",
              f"Output list prices of data/prices.csv (2024-12-11); input prices give {sig(r_o1_in, 3)}x; "
              f"o1-mini / GPT-4o mini: {sig(r_mini, 3)}x (claimed 20x)",
              note="The price ratios reproduce; that GPT-4o and o1 share architecture and size is not public "
                   "and cannot be checked."),
        Claim("T2", "On the QwQ bracket prompt o1-preview costs 57x GPT-4o per query", src, 57.0, r_prev, "x",
              f"{s_long:,} o1-preview vs {s_short:,} GPT-4o output tokens (SemiAnalysis's own run) at list "
              "output prices; prompt tokens ignored",
              checkable=False,
              note=f"The token counts are the claimant's own measurement. The o1-mini '24x' implies "
                   f"{sig(mini_tokens_implied, 3)} o1-mini output tokens, which the article does not state."),
        Claim("T3", "Llama 3.1 405B, 8xH100, 30 tok/s/user: batch 368 at 775 tokens, 72 at 7,661: "
              "per-token cost over 5x", src, 5.0, ratio, "x",
              f"{refs} (fitted: every exact fit in the chapter's sweep needs FP8 math at MFU ~{sig(fit['mfu'], 2)}; "
              f"with this precision mix, bandwidth efficiency {sig(fit['bandwidth_efficiency'], 2)}); "
              f"batches {int(lat[0])} and {int(lat[1])}",
              sense="lower", checkable=False,
              note=f"Unstated assumptions. At the ideal roofline (efficiencies 1) the batches are "
                   f"{int(lat_ideal[0])} and {int(lat_ideal[1])}, ratio {sig(ratio_ideal, 2)}x with FP8 math and "
                   f"{sig(ratio_bf16, 2)}x with BF16 math. HBM holds only {int(cap[1])} streams of 7,661 tokens "
                   "beside FP8 weights, so 72 ignores capacity."),
        Claim("T4", "GQA KV bytes = batch x seq x 2 x layers x (hidden/heads x kv_heads) x bytes", src,
              kv_claimed, kv, "bytes/token",
              "The article's formula (hidden/heads) against 2·L·H_kv·head_dim·2 bytes, Llama 3.1 405B, BF16",
              note="Agree because hidden = heads x head_dim in Llama; the formula does not cover MLA."),
        Claim("T5", "39,000-token sequences fill all 640 GB of an 8xH100 node (Llama 3.1 405B)", src,
              39_000.0, t5_len, "tokens",
              "KV cache alone (weights not counted, as the article says), BF16, batch 32 (unstated: "
              f"{sig(t5_batch, 3)} streams of 39,000 tokens fill 640e9 bytes); 640 GB = 8 x 80e9 bytes",
              checkable=False,
              note="The batch size is not stated; 32 is the power of two the numbers imply."),
        Claim("T6", "After 405 GB of weights 235 GB remain: the memory wall at about 16k tokens", src,
              16_000.0, t6_len, "tokens",
              f"Batch 32 as in T5, FP8 weights ({sig(weight_bytes(m, 1.0) / 1e9, 4)} GB), BF16 KV, "
              f"{sig(t6_left / 1e9, 4)} GB (decimal) left",
              note=f"The arithmetic gives {sig(t6_len, 3)} tokens, not 16k; 16k needs batch <= "
                   f"{sig(t6_batch16k, 3)} or HBM counted as 8 x 80 GiB ({sig(t6_gib, 3)} tokens)."),
        Claim("T7", "SDPA FLOPs/token = 4 x heads x layers x head_dim x seq: the FLOPS limit at ~4,096 tokens",
              src, 4096.0, t7, "tokens",
              f"{refs}; 30 tok/s/user: the length below which the largest batch is FLOP-bound; "
              "tolerance x1.41 (half a power-of-two tick: the figure is read off a chart)",
              tolerance=math.sqrt(2.0), checkable=False,
              note=f"The formula holds (GQA). The FLOP ceiling binds at short contexts, not long: attention "
                   f"does {sig(intensity, 2)} FLOP per KV byte, below the H100's ridge of {sig(ridge, 3)}, so "
                   f"longer contexts push decode toward the memory bound. With BF16 math at the ideal "
                   f"roofline the switch is at {sig(t7_bf16, 3)} tokens."),
        Claim("T8", "Long sequences shrink the batch and its amortisation: reasoning models cost more per token",
              src, r_o1, ratio, "x",
              f"Numeric proxy: the roofline's per-token cost ratio (7,661 vs 775 tokens, {refs}) against "
              "the o1 / GPT-4o price ratio it is meant to explain; tolerance x1.5 ('the main reason')",
              tolerance=1.5, checkable=False,
              note="Long costs more per token under every setting of the chapter's sweep; how much more "
                   "depends on the unstated efficiencies and math precision (see T3)."),
    ]
