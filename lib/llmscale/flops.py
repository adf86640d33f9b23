"""Parameter counts from architecture, training and inference FLOP, GPU-hours.

Conventions
-----------
- A parameter count includes embeddings, attention, MLP (or MoE experts and
  router), norms, and the output projection unless it is tied to the input
  embedding. Kaplan et al. (2020) count *non-embedding* parameters instead:
  :func:`non_embedding_params` gives that count.
- Training compute ``C = 6 N D`` FLOP (Kaplan et al. 2020, Section 2.1;
  Hoffmann et al. 2022, Appendix F): 2 N D for the forward pass and 4 N D for
  the backward pass, ignoring the attention term.
- Inference compute per generated token ``2 N_active`` FLOP (one multiply-add
  per active weight; Kaplan et al. 2020, Table 1).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from . import catalog
from ._checks import fraction as _fraction
from ._checks import nonneg as _nonneg
from ._checks import scalar_or_array as _out
from .units import SECONDS_PER_HOUR


def _model(model) -> catalog.Model:
    return catalog.model(model)


def _i(x: float) -> int:
    return 0 if x is None or (isinstance(x, float) and math.isnan(x)) else int(x)


@dataclass(frozen=True)
class ParamBreakdown:
    """Parameter counts by component (counts of weights, not bytes)."""

    embedding: int
    position: int
    output: int
    attention: int
    mlp: int
    norms: int
    total: int
    active: int

    @property
    def non_embedding(self) -> int:
        return self.total - self.embedding - self.position - self.output


def _attention_params(m: catalog.Model) -> int:
    d, h = m.d_model, m.n_heads
    if m.attention == "mla":
        rope, nope, v = _i(m.qk_rope_head_dim), _i(m.qk_nope_head_dim), _i(m.v_head_dim)
        q_r, kv_r = _i(m.q_lora_rank), _i(m.kv_lora_rank)
        qk = h * (nope + rope)
        q = (d * q_r + q_r + q_r * qk) if q_r else d * qk          # down, norm, up (or direct)
        kv = d * (kv_r + rope) + kv_r + kv_r * h * (nope + v)      # joint latent + RoPE key, norm, up
        o = h * v * d
        return q + kv + o
    q_dim, kv_dim = h * m.head_dim, m.n_kv_heads * m.head_dim
    n = d * q_dim + 2 * d * kv_dim + q_dim * d
    if m.biases:
        n += q_dim + 2 * kv_dim + d
    return n


def _mlp_params(m: catalog.Model, d_ff: int) -> int:
    d = m.d_model
    if m.mlp == "swiglu":
        return 3 * d * d_ff + (2 * d_ff + d if m.biases else 0)
    return 2 * d * d_ff + (d_ff + d if m.biases else 0)


def param_breakdown(model) -> ParamBreakdown:
    """Count the parameters of ``model`` (a name or :class:`~llmscale.catalog.Model`) from its architecture.

    Per layer, with width ``d``, ``H`` query heads, ``H_kv`` KV heads of size ``h``:

    - attention (MHA/GQA/MQA): ``d·H·h + 2·d·H_kv·h + H·h·d`` (+ biases);
    - attention (MLA, DeepSeek-V2/V3): query down/up projections through rank
      ``r_q``, a joint KV latent of rank ``r_kv`` plus a decoupled RoPE key,
      its up-projection to keys and values, and the output projection;
    - MLP: SwiGLU ``3·d·d_ff``, GELU ``2·d·d_ff`` (+ biases);
    - MoE layers: ``(E + E_shared)·3·d·d_ff_expert`` plus a router ``E·d``;
      *active* counts ``E_active + E_shared`` experts;
    - norms: ``d`` (RMSNorm) or ``2d`` (LayerNorm) each, two per layer and a final one.

    Plus the input embedding ``V·d``, a learned position table ``context·d``
    and, when untied, the output projection ``V·d``.

    Units: parameters (count). Checked against Llama 3.1 (405.9B, 70.55B,
    8.03B; Dubey et al. 2024, Table 3), GPT-3 (175B; Brown et al. 2020,
    Table 2.1) and DeepSeek-V3 (671B total, 37B active; DeepSeek-AI 2024).
    """
    m = _model(model)
    d, L = m.d_model, m.n_layers
    norm = d if m.norm == "rmsnorm" else 2 * d
    embedding = m.vocab_size * d
    position = m.context_tokens * d if m.position == "learned" else 0
    output = 0 if m.tied_embeddings else m.vocab_size * d
    attention = L * _attention_params(m)
    norms = (2 * L + 1) * norm
    if m.architecture == "moe":
        n_dense = _i(m.n_dense_layers)
        n_moe = L - n_dense
        e, es, ea, ffe = _i(m.n_experts), _i(m.n_shared_experts), _i(m.n_active_experts), _i(m.d_ff_expert)
        dense_mlp = n_dense * _mlp_params(m, m.d_ff)
        expert = _mlp_params(m, ffe)
        router = e * d
        mlp = dense_mlp + n_moe * ((e + es) * expert + router)
        mlp_active = dense_mlp + n_moe * ((ea + es) * expert + router)
    else:
        mlp = mlp_active = L * _mlp_params(m, m.d_ff)
    total = embedding + position + output + attention + mlp + norms
    active = total - mlp + mlp_active
    return ParamBreakdown(embedding, position, output, attention, mlp, norms, total, active)


def param_count(model, active: bool = False) -> int:
    """Total (or, with ``active=True``, per-token active) parameters of ``model``. See :func:`param_breakdown`."""
    b = param_breakdown(model)
    return b.active if active else b.total


def non_embedding_params(model) -> int:
    """Kaplan et al. (2020)'s N: parameters excluding embeddings, position table and output projection."""
    return param_breakdown(model).non_embedding


def training_flop(n_params, n_tokens):
    """Training compute ``C = 6·N·D`` in FLOP (Kaplan et al. 2020, Sec. 2.1). Vectorised.

    ``training_flop(405.9e9, 15.6e12) ≈ 3.8e25`` (Dubey et al. 2024 report 3.8e25).
    """
    return _out(6.0 * _nonneg("n_params", n_params) * _nonneg("n_tokens", n_tokens))


def inference_flop_per_token(n_active_params):
    """Forward-pass compute per token ``2·N_active`` FLOP (Kaplan et al. 2020, Table 1). Vectorised."""
    return _out(2.0 * _nonneg("n_active_params", n_active_params))


def tokens_per_param(n_tokens, n_params):
    """Training tokens per parameter ``D/N`` (Hoffmann et al. 2022's ~20 at the optimum). Vectorised."""
    n = _nonneg("n_params", n_params)
    if np.any(n == 0):
        raise ValueError(f"n_params={n_params!r}: allowed: values > 0")
    return _out(_nonneg("n_tokens", n_tokens) / n)


def gpu_hours_to_flop(gpu_hours, peak_flop_per_s, mfu):
    """FLOP delivered by ``gpu_hours`` at a peak rate and model-FLOPs utilisation.

    ``C = hours · 3600 s/h · peak_FLOP/s · MFU``. Units: FLOP. Vectorised.
    MFU as defined by Chowdhery et al. (2022): achieved model FLOP/s over peak.
    """
    return _out(_nonneg("gpu_hours", gpu_hours) * SECONDS_PER_HOUR * _nonneg("peak_flop_per_s", peak_flop_per_s)
                * _fraction("mfu", mfu))


def flop_to_gpu_hours(flop, peak_flop_per_s, mfu):
    """GPU-hours needed for ``flop`` at a peak rate and MFU: ``C / (3600 · peak · MFU)``. Vectorised."""
    peak = _nonneg("peak_flop_per_s", peak_flop_per_s)
    if np.any(peak == 0):
        raise ValueError(f"peak_flop_per_s={peak_flop_per_s!r}: allowed: values > 0")
    return _out(_nonneg("flop", flop) / (SECONDS_PER_HOUR * peak * _fraction("mfu", mfu)))


def flop_to_usd(flop, peak_flop_per_s, mfu, usd_per_gpu_hour):
    """Rental cost of ``flop``: ``C / (3600 · peak · MFU) · $/GPU-hour`` (:func:`flop_to_gpu_hours` times the price).

    Units: FLOP, FLOP/s and USD per GPU-hour in; USD out. Vectorised.
    """
    return _out(np.asarray(flop_to_gpu_hours(flop, peak_flop_per_s, mfu)) * _nonneg("usd_per_gpu_hour", usd_per_gpu_hour))


def usd_to_flop(usd, peak_flop_per_s, mfu, usd_per_gpu_hour):
    """FLOP that ``usd`` of rented GPU time buys: ``(USD / $/GPU-hour) · 3600 · peak · MFU``.

    The inverse of :func:`flop_to_usd` (:func:`gpu_hours_to_flop` of the hours the money
    rents). Epoch's conversion of Amodei's dollar figures (You 2025): $1M at $2 per
    H100-hour (989 TFLOP/s BF16 dense) and MFU 0.3 is 5.3e23 FLOP.
    Units: USD, FLOP/s and USD per GPU-hour in; FLOP out. Vectorised.
    """
    price = _nonneg("usd_per_gpu_hour", usd_per_gpu_hour)
    if np.any(price == 0):
        raise ValueError(f"usd_per_gpu_hour={usd_per_gpu_hour!r}: allowed: values > 0")
    return gpu_hours_to_flop(_nonneg("usd", usd) / price, peak_flop_per_s, mfu)


def mfu_for(flop, gpu_hours, peak_flop_per_s):
    """The MFU at which ``gpu_hours`` at ``peak_flop_per_s`` deliver ``flop``. Vectorised."""
    denom = _nonneg("gpu_hours", gpu_hours) * SECONDS_PER_HOUR * _nonneg("peak_flop_per_s", peak_flop_per_s)
    if np.any(denom == 0):
        raise ValueError("gpu_hours and peak_flop_per_s must be > 0")
    return _out(_nonneg("flop", flop) / denom)
