"""Memory of LLM serving: weight bytes, KV-cache bytes per token and per cache, HBM capacity.

- MHA/GQA/MQA (Ainslie et al. 2023): each token stores a key and a value of
  ``H_kv · h`` elements in each of ``L`` layers:
  ``kv_bytes_per_token = 2 · L · H_kv · h · bytes_per_element``.
  Llama 3.1 405B at BF16: 2 · 126 · 8 · 128 · 2 = 516,096 bytes.
- MLA (DeepSeek-V2/V3): each token stores one compressed latent of rank
  ``r_kv`` plus a decoupled RoPE key of ``d_rope`` elements per layer:
  ``kv_bytes_per_token = L · (r_kv + d_rope) · bytes_per_element``.
- HBM capacity: the streams (:func:`kv_capacity_batch`) or the sequence length
  (:func:`max_seq_len`) whose KV cache fits beside the weights.

HBM sizes are the datasheets' decimal figures (H100: 80e9 bytes). Every
function broadcasts over numpy arrays, and over models given as a list of
names or :class:`~llmscale.arrays.ModelArrays`.
"""

from __future__ import annotations

import numpy as np

from . import catalog
from ._checks import fraction as _fraction
from ._checks import nonneg as _nonneg
from ._checks import positive as _positive
from ._checks import scalar_or_array as _out
from .arrays import ModelArrays, hardware_arrays, is_many, kv_elements_per_token, model_arrays
from .flops import param_count
from .serving_options import BF16, Precision, as_precision

#: Batches are searched up to 2**24 - 1 streams.
MAX_BATCH_BITS = 24


def _kv_elements(model):
    if is_many(model):
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
    if is_many(model):
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
    return _out(weights_read_params(m, t) * b)


def weights_read_params(m: ModelArrays, tokens):
    idle = (1.0 - m.n_active_experts / m.n_experts) ** tokens
    return m.params - m.routed_params * idle


def kv_tokens(batch, seq_len, shared_prefix_tokens, streams_per_prefix):
    """Token positions of KV held (and read per step) by ``batch`` streams sharing prefixes."""
    if shared_prefix_tokens is None:
        return batch * seq_len
    return batch * (seq_len - shared_prefix_tokens) + batch / streams_per_prefix * shared_prefix_tokens


def check_shared_prefix(seq_len, shared_prefix_tokens, streams_per_prefix):
    if isinstance(shared_prefix_tokens, (int, float)) and shared_prefix_tokens == 0:
        return None, None
    sp = _nonneg("shared_prefix_tokens", shared_prefix_tokens)
    spp = _positive("streams_per_prefix", streams_per_prefix)
    if np.any(sp > seq_len):
        raise ValueError(f"shared_prefix_tokens={shared_prefix_tokens!r}: allowed: values <= seq_len")
    return sp, spp


def kv_capacity_batch(model, hardware, n_gpus, seq_len, *, precision: Precision = BF16,
                      hbm_usable_fraction=1.0, shared_prefix_tokens=0, streams_per_prefix=1):
    """The largest whole batch whose weights plus KV cache fit in HBM (may be 0).

    ``floor((n_gpus · HBM · hbm_usable_fraction − N · b_w) / (kv_tokens per stream · kv_bytes_per_token))``,
    with ``b_w`` and the KV bytes per element from ``precision``
    (:class:`~llmscale.serving_options.Precision`) and the shared-prefix
    accounting of :func:`llmscale.roofline.decode_step`. Ignores
    activations and framework overhead (lower ``hbm_usable_fraction`` for them).
    HBM is the datasheet's decimal figure (H100: 80e9 bytes). Units: streams. Vectorised.
    """
    pr = as_precision(precision)
    m = model_arrays(model)
    h = hardware_arrays(hardware)
    s = _nonneg("seq_len", seq_len)
    sp, spp = check_shared_prefix(s, shared_prefix_tokens, streams_per_prefix)
    cap = (_positive("n_gpus", n_gpus) * h.hbm_bytes * _fraction("hbm_usable_fraction", hbm_usable_fraction)
           - m.params * np.asarray(pr.weight_bytes_per_element, dtype=float))
    per = kv_tokens(1.0, s, sp, spp) * m.kv_elements_per_token * np.asarray(pr.kv_bytes_per_element, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        b = np.where(cap <= 0, 0.0, np.floor(cap / np.where(per > 0, per, 1.0)))
    b = np.where((per <= 0) & (cap > 0), 2.0**MAX_BATCH_BITS - 1, np.minimum(b, 2.0**MAX_BATCH_BITS - 1))
    return _out(b)


def max_seq_len(model, hardware, n_gpus, batch, *, precision: Precision = BF16, hbm_usable_fraction=1.0,
                include_weights=True):
    """The memory wall: the longest sequence whose KV cache for ``batch`` streams fits beside the weights.

    ``(n_gpus · HBM · hbm_usable_fraction − N · b_w) / (batch · kv_bytes_per_token)``, the
    bytes per element from ``precision`` (:class:`~llmscale.serving_options.Precision`)
    (claim T6; 0 when the weights alone do not fit). With ``include_weights=False``
    the KV cache gets all of HBM (claim T5's "fill 640 GB"). HBM is the
    datasheet's decimal figure. Units: tokens. Vectorised.
    """
    pr = as_precision(precision)
    m = model_arrays(model)
    h = hardware_arrays(hardware)
    w = m.params * np.asarray(pr.weight_bytes_per_element, dtype=float) if include_weights else 0.0
    cap = (_positive("n_gpus", n_gpus) * h.hbm_bytes * _fraction("hbm_usable_fraction", hbm_usable_fraction) - w)
    per = _positive("batch", batch) * m.kv_elements_per_token * np.asarray(pr.kv_bytes_per_element, dtype=float)
    return _out(np.maximum(cap, 0.0) / per)

