"""Chapter 00 (the numbers we use): every number, table and curve the notebook shows.

All functions take ``P``, the validated parameters (:func:`llmscale.params.setup`), where
they depend on it. :func:`numbers` returns every glued value, formatted as the page prints
it (glue name without ``c00_``); the other functions return the tables and the arrays the
figures plot. No formula lives here: parameter counts and training FLOP are
:mod:`llmscale.flops`'s, KV and weight bytes :mod:`llmscale.memory`'s.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import catalog, flops, memory, units

#: The model the prose quotes (parameter count, KV bytes, training compute).
REFERENCE_MODEL = "Llama 3.1 405B"
#: GPUs of the node in the KV-capacity column, and the precision of the weights loaded there (BF16).
NODE_GPUS = 8
NODE_WEIGHT_BYTES_PER_ELEMENT = 2.0
#: KV-cache precisions of the fixed columns: BF16 and FP8 (bytes per element).
BF16_BYTES, FP8_BYTES = 2.0, 1.0
#: Parameter counts more than this fraction off the reported ones are "outliers"; above NEAR_FRACTION, "near misses".
OUTLIER_FRACTION, NEAR_FRACTION = 0.05, 0.01
#: Bytes in a GiB (physical HBM is built in powers of two).
GIB = 2.0 ** 30
#: Constant tokens-per-parameter lines of the scatter, with their line styles (Chinchilla's ~20 dashed).
TOKENS_PER_PARAM_LINES = ((1, ":"), (20, "--"), (200, "-."), (2000, (0, (1, 3))))


def _na(fmt):
    return lambda x: "—" if np.isnan(x) else fmt(x)


def _selected(name: str, chosen: str, mark: str = " ◀") -> str:
    return name + (mark if name == chosen else "")


# --- hardware ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Ridges:
    """Ridge points (peak dense FLOP/s over HBM bytes/s) of every accelerator of ``data/hardware.csv``."""

    names: list
    bf16: np.ndarray
    fp8: np.ndarray                 # NaN where the chip has no FP8 tensor cores
    selected: str


def ridges(P) -> Ridges:
    """The arrays of the ridge-point figure."""
    hw = catalog.table("hardware")
    return Ridges(list(hw["name"]), (hw["bf16_dense_flop_per_s"] / hw["hbm_bandwidth_bytes_per_s"]).to_numpy(),
                  (hw["fp8_dense_flop_per_s"] / hw["hbm_bandwidth_bytes_per_s"]).to_numpy(),
                  catalog.hardware(P["hardware"]).name)


def hardware_table(P) -> pd.DataFrame:
    """Peak rates, HBM (datasheet GB and physical GiB), bandwidths and ridge points; the selected chip marked.

    A dash marks a figure the chip's datasheet does not give (no FP8 or FP4 tensor cores, physical
    HBM or interconnect not stated).
    """
    hw = catalog.table("hardware")
    r = ridges(P)
    view = pd.DataFrame({
        "accelerator": hw["name"],
        "BF16 dense (TFLOP/s)": (hw["bf16_dense_flop_per_s"] / units.TFLOP).map(lambda x: f"{x:,.0f}"),
        "FP8 dense (TFLOP/s)": (hw["fp8_dense_flop_per_s"] / units.TFLOP).map(_na(lambda x: f"{x:,.0f}")),
        "FP4 dense (TFLOP/s)": (hw["fp4_dense_flop_per_s"] / units.TFLOP).map(_na(lambda x: f"{x:,.0f}")),
        "HBM, datasheet (GB = 1e9 B)": (hw["hbm_bytes"] / units.GB).map(lambda x: f"{x:,.0f}"),
        "HBM, physical (GiB = 2^30 B)": (hw["hbm_physical_bytes"] / GIB).map(_na(lambda x: f"{x:,.0f}")),
        "HBM bandwidth (TB/s)": (hw["hbm_bandwidth_bytes_per_s"] / units.TB).map(lambda x: f"{x:.3g}"),
        "interconnect (GB/s)": (hw["interconnect_bandwidth_bytes_per_s"] / units.GB).map(_na(lambda x: f"{x:,.0f}")),
        "ridge BF16 (FLOP/B)": pd.Series(r.bf16).map(lambda x: f"{x:,.0f}"),
        "ridge FP8 (FLOP/B)": pd.Series(r.fp8).map(_na(lambda x: f"{x:,.0f}")),
        "source": hw["source"],
    })
    view.loc[hw["name"] == r.selected, "accelerator"] += " ◀ selected"
    return view


# --- models --------------------------------------------------------------------------------------

@functools.cache
def _model_names() -> tuple:
    return tuple(catalog.table("models")["name"])


# The catalogue is fixed for a process: per-model counts are computed once (the property test calls
# the tables hundreds of times).
@functools.cache
def _model(name: str) -> catalog.Model:
    return catalog.model(name)


@functools.cache
def _breakdown(name: str):
    return flops.param_breakdown(name)


@functools.cache
def _kv_per_token(name: str, bytes_per_element: float) -> float:
    return float(memory.kv_bytes_per_token(name, bytes_per_element))


@functools.cache
def _weights(name: str, bytes_per_element: float) -> float:
    return float(memory.weight_bytes(name, bytes_per_element))


@functools.cache
def _param_errors() -> tuple:
    return tuple((n, _breakdown(n).total / _model(n).reported_params - 1) for n in _model_names())


def param_errors() -> dict:
    """Computed over reported parameter count, minus 1, per model."""
    return dict(_param_errors())


def kv_bytes(P) -> float:
    """Bytes per KV-cache element of the chosen ``kv_precision`` (:data:`llmscale.units.BYTES_PER_ELEMENT`)."""
    return units.BYTES_PER_ELEMENT[P["kv_precision"]]


def params_table(P) -> pd.DataFrame:
    """Architecture, computed and reported parameter counts of every model."""
    rows = []
    for name in _model_names():
        b = _breakdown(name)
        m = _model(name)
        rows.append({
            "model": _selected(name, P["model"]),
            "layers": m.n_layers, "d_model": m.d_model, "heads (KV)": f"{m.n_heads} ({m.n_kv_heads})",
            "d_ff": m.d_ff,
            "computed total": units.format_count(b.total),
            "computed active": units.format_count(b.active),
            "reported": units.format_count(m.reported_params),
            "error": f"{(b.total / m.reported_params - 1) * 100:+.2f} %",
            "source": m.source,
        })
    return pd.DataFrame(rows)


def kv_table(P) -> pd.DataFrame:
    """KV bytes per token (BF16, FP8, chosen) and the tokens of cache that fit on the node after BF16 weights."""
    hw = catalog.hardware(P["hardware"])
    b, prec = kv_bytes(P), P["kv_precision"].upper()
    node_hbm = NODE_GPUS * hw.hbm_bytes
    rows = []
    for name in _model_names():
        free = node_hbm - _weights(name, NODE_WEIGHT_BYTES_PER_ELEMENT)
        per_tok = _kv_per_token(name, b)
        rows.append({
            "model": _selected(name, P["model"]),
            "attention": _model(name).attention.upper(),
            "KV/token BF16": units.format_bytes(_kv_per_token(name, BF16_BYTES)),
            "KV/token FP8": units.format_bytes(_kv_per_token(name, FP8_BYTES)),
            f"KV/token at {prec} (chosen)": units.format_bytes(per_tok),
            f"tokens in {NODE_GPUS}×{hw.name} after BF16 weights":
                "weights do not fit" if free <= 0 else units.format_count(free / per_tok),
        })
    return pd.DataFrame(rows)


# --- training runs --------------------------------------------------------------------------------

def runs_table() -> pd.DataFrame:
    """Training runs of ``data/training_runs.csv``: tokens per parameter and 6ND against the reported compute."""
    runs = catalog.table("training_runs")
    known = runs["tokens"].notna().to_numpy()
    tok = runs["tokens"].fillna(1.0).to_numpy()         # placeholder where unpublished; shown as words
    c6nd = np.where(known, flops.training_flop(runs["params"].to_numpy(), tok), np.nan)
    tpp = np.where(known, flops.tokens_per_param(tok, runs["params"].to_numpy()), np.nan)
    unpublished = "not published"
    return pd.DataFrame({
        "run": runs["name"],
        "N (params)": runs["params"].map(units.format_count),
        "D (tokens)": [units.format_count(d) if k else unpublished for d, k in zip(tok, known)],
        "tokens/param": [f"{x:,.1f}" if k else unpublished for x, k in zip(tpp, known)],
        "6ND (FLOP)": [units.format_flop(c) if k else unpublished for c, k in zip(c6nd, known)],
        "reported (FLOP)": runs["reported_compute_flop"].map(_na(units.format_flop)),
        "6ND / reported": (c6nd / runs["reported_compute_flop"]).map(_na(lambda r: f"{r:.3f}")),
        "source": runs["source"],
    })


@dataclass(frozen=True)
class Family:
    """One model family of the scatter: (active) parameters and training tokens."""

    name: str
    params: np.ndarray
    tokens: np.ndarray


def scatter_families() -> list[Family]:
    """Models grouped by family: active parameter count against training tokens."""
    models = catalog.table("models")
    out = []
    for fam in models["family"].unique():
        sub = models[models["family"] == fam]
        out.append(Family(fam, np.array([_breakdown(x).active for x in sub["name"]], dtype=float),
                          sub["tokens_trained"].to_numpy()))
    return out


def unpublished_tokens() -> list[str]:
    """Models of the catalogue whose training tokens are not published (left out of the scatter)."""
    m = catalog.table("models")
    return list(m.loc[m["tokens_trained"].isna(), "name"])


@dataclass(frozen=True)
class Highlight:
    """The selected model in the scatter: ``tokens`` is NaN (and no point is drawn) where unpublished."""

    name: str
    params: float
    tokens: float
    label: str

    @property
    def plotted(self) -> bool:
        return bool(np.isfinite(self.tokens))


def highlight_point(P) -> Highlight:
    """The selected model's active parameters and training tokens, with its legend label."""
    hl = _model(P["model"])
    tok = float(hl.tokens_trained)
    label = f"{hl.name} (selected)" if np.isfinite(tok) else f"{hl.name}: training tokens not published, not shown"
    return Highlight(hl.name, float(_breakdown(hl.name).active), tok, label)


def _words(n: int) -> str:
    return ("No", "One", "Two", "Three", "Four", "Five", "Six")[n] if n < 7 else f"{n}"


def model_sentence(P) -> str:
    """What the page says about the selected model: size, active size, KV cache, tokens and 6ND, in words."""
    m = _model(P["model"])
    b = _breakdown(m.name)
    moe = b.active < b.total
    kv = _kv_per_token(m.name, kv_bytes(P))
    size = (f"{units.format_count(b.total)} parameters, {units.format_count(b.active)} active per token (a "
            "mixture of experts)" if moe else f"{units.format_count(b.total)} parameters (dense)")
    att = {"mla": "multi-head latent attention (one compressed latent per layer)",
           "gqa": f"grouped-query attention ({m.n_kv_heads} KV heads for {m.n_heads} query heads)",
           "mha": f"multi-head attention ({m.n_kv_heads} KV heads)"}.get(m.attention, m.attention.upper())
    out = (f"{m.name} has {size}; with {att} its KV cache costs {units.format_bytes(kv)} per token at "
           f"{P['kv_precision'].upper()}. ")
    n_word = "active parameter" if moe else "parameter"
    if np.isfinite(m.tokens_trained):
        c = flops.training_flop(b.active, m.tokens_trained)
        out += (f"It was trained on {units.format_count(m.tokens_trained)} tokens, "
                f"{flops.tokens_per_param(m.tokens_trained, b.active):,.0f} tokens per {n_word}, so 6ND gives "
                f"{units.format_flop(c, 2)}" + (" with N the active count." if moe else "."))
    else:
        out += ("Its training tokens are not published, so neither its tokens per parameter nor its 6ND "
                "training compute can be computed.")
    return out


def _join(xs: list[str]) -> str:
    return xs[0] if len(xs) == 1 else ", ".join(xs[:-1]) + " and " + xs[-1] if xs else ""


# --- every glued number -------------------------------------------------------------------------------

def numbers(P) -> dict[str, str]:
    """Every glued value of chapter 00 (name without ``c00_`` -> text as printed)."""
    hw = catalog.hardware(P["hardware"])
    errors = param_errors()
    outliers = [n for n, e in errors.items() if abs(e) > OUTLIER_FRACTION]
    near = [n for n, e in errors.items() if NEAR_FRACTION < abs(e) <= OUTLIER_FRACTION]
    r = ridges(P)
    fp8 = hw.ridge_flop_per_byte("fp8") if np.isfinite(hw.fp8_dense_flop_per_s) else math.nan
    missing = unpublished_tokens()
    b405 = _breakdown(REFERENCE_MODEL)
    m405 = _model(REFERENCE_MODEL)
    kv405 = _kv_per_token(REFERENCE_MODEL, BF16_BYTES)
    r405 = catalog.row("training_runs", REFERENCE_MODEL)
    c405 = flops.training_flop(r405["params"], r405["tokens"])
    return {
        "hw": hw.name,
        "ridge": f"{hw.ridge_flop_per_byte('bf16'):,.0f}",
        "ridge_fp8": (f"at FP8, {fp8:,.0f}" if np.isfinite(fp8)
                      else "its datasheet gives no FP8 peak, so it has no FP8 ridge"),
        "ridge_lo": f"{np.nanmin(r.bf16):,.0f}", "ridge_hi": f"{np.nanmax(r.bf16):,.0f}",
        "ridge_orders": f"{np.log10(np.nanmin(r.bf16)):.1f} to {np.log10(np.nanmax(r.bf16)):.1f}",
        "n_hw": f"{len(r.names)}", "n_models": f"{len(errors)}",
        "outliers": _join([f"{n} ({errors[n] * 100:+.1f} %)" for n in outliers]) or "none",
        "n_outliers": _words(len(outliers)),
        "near": _join([f"{n} ({errors[n] * 100:+.1f} %)" for n in near]) or "none",
        "no_tokens": (_join(missing) + (" do" if len(missing) > 1 else " does") + " not publish the training "
                      "tokens and " + ("are" if len(missing) > 1 else "is") + " left out of the scatter"
                      if missing else "Every model's training tokens are published"),
        "model": _model(P["model"]).name,
        "model_sentence": model_sentence(P),
        "n405_computed": units.format_count(b405.total, 4),
        "n405_reported": units.format_count(m405.reported_params, 4),
        "n405_err": f"{(b405.total / m405.reported_params - 1) * 100:+.2f} %",
        "kvb": f"{P['kv_precision'].upper()} ({kv_bytes(P):g} byte{'' if kv_bytes(P) == 1 else 's'} per element)",
        "kv405": units.format_bytes(kv405) + f" ({kv405:,.0f} bytes)",
        "c405": units.format_flop(c405, 3),
        "c405_reported": units.format_flop(r405["reported_compute_flop"], 2),
        "c405_ratio": f"{c405 / r405['reported_compute_flop'] * 100:.1f} %",
    }
