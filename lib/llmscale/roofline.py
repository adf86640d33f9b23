"""Roofline token economics: KV cache, weights, and (chapter 04) decode and prefill time.

Memory formulas
---------------
- MHA/GQA/MQA (Ainslie et al. 2023): each token stores a key and a value of
  ``H_kv · h`` elements in each of ``L`` layers:
  ``kv_bytes_per_token = 2 · L · H_kv · h · bytes_per_element``.
  Llama 3.1 405B at BF16: 2 · 126 · 8 · 128 · 2 = 516,096 bytes.
- MLA (DeepSeek-V2/V3): each token stores one compressed latent of rank
  ``r_kv`` plus a decoupled RoPE key of ``d_rope`` elements per layer:
  ``kv_bytes_per_token = L · (r_kv + d_rope) · bytes_per_element``.
"""

from __future__ import annotations

import numpy as np

from . import catalog
from .flops import param_count


def _out(a):
    return a.item() if np.ndim(a) == 0 else a


def _positive(name: str, x):
    a = np.asarray(x, dtype=float)
    if np.any(~np.isfinite(a)) or np.any(a <= 0):
        raise ValueError(f"{name}={x!r}: allowed: finite values > 0")
    return a


def _nonneg(name: str, x):
    a = np.asarray(x, dtype=float)
    if np.any(~np.isfinite(a)) or np.any(a < 0):
        raise ValueError(f"{name}={x!r}: allowed: finite values >= 0")
    return a


def kv_elements_per_token(model) -> int:
    """Elements of KV cache stored per token, summed over layers (see module docstring)."""
    m = catalog.model(model)
    if m.attention == "mla":
        return int(m.n_layers * (int(m.kv_lora_rank) + int(m.qk_rope_head_dim)))
    if m.n_heads % m.n_kv_heads != 0:
        raise ValueError(f"model {m.name!r}: n_kv_heads={m.n_kv_heads} does not divide n_heads={m.n_heads}")
    return 2 * m.n_layers * m.n_kv_heads * m.head_dim


def kv_bytes_per_token(model, bytes_per_element=2.0):
    """KV-cache bytes per token: ``2·L·H_kv·h·b`` (GQA/MHA/MQA) or ``L·(r_kv + d_rope)·b`` (MLA).

    Units: bytes. Vectorised over ``bytes_per_element``.
    Llama 3.1 405B at BF16 (b = 2): 516,096 bytes (SemiAnalysis 2024's T4 formula).
    """
    return _out(kv_elements_per_token(model) * _positive("bytes_per_element", bytes_per_element))


def kv_cache_bytes(model, batch, seq_len, bytes_per_element=2.0):
    """KV cache of ``batch`` sequences of ``seq_len`` tokens: ``batch·seq_len·kv_bytes_per_token``.

    Units: bytes. Vectorised (broadcasts ``batch``, ``seq_len``, ``bytes_per_element``).
    """
    return _out(_nonneg("batch", batch) * _nonneg("seq_len", seq_len)
                * kv_elements_per_token(model) * _positive("bytes_per_element", bytes_per_element))


def weight_bytes(model, bytes_per_param=2.0, active: bool = False):
    """Bytes of weights at ``bytes_per_param`` (2 for BF16, 1 for FP8). Vectorised over the precision."""
    return _out(param_count(model, active=active) * _positive("bytes_per_param", bytes_per_param))
