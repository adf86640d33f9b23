"""Models and accelerators as arrays of the attributes the memory and roofline formulas need.

Per-model architecture attributes (KV elements per token, attention FLOP per
context token) and :class:`ModelArrays` / :class:`HardwareArrays`: numpy arrays
of those attributes, so a grid of a million (model, hardware, batch, length)
configurations is one vectorised call of :mod:`llmscale.memory` or
:mod:`llmscale.roofline`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, fields

import numpy as np

from . import catalog
from .flops import param_breakdown


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


def is_many(model) -> bool:
    """True for several models at once (a list or array of names, or :class:`ModelArrays`)."""
    return isinstance(model, (ModelArrays, list, tuple, np.ndarray))


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


def choice(name: str, x, allowed: tuple[str, ...]):
    """``x`` (a string or an array of strings) checked against ``allowed``; raises ``ValueError`` naming ``name``."""
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
    p = choice("flop_precision", flop_precision, ("bf16", "fp8"))
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
