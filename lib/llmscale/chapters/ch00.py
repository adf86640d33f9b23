"""Chapter 00 (the numbers we use): every number, table and curve the notebook shows.

All functions take ``P``, the validated parameters (:func:`llmscale.params.setup`), where
they depend on it. :func:`numbers` returns every glued value, formatted as the page prints
it (glue name without ``c00_``); the other functions return the tables and the arrays the
figures plot. No formula lives here: parameter counts and training FLOP are
:mod:`llmscale.flops`'s, KV and weight bytes :mod:`llmscale.memory`'s.
"""

from __future__ import annotations

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
#: Parameter counts more than this fraction off the reported ones are "outliers".
OUTLIER_FRACTION = 0.05
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
    """Peak rates, HBM and ridge points of every accelerator, the selected one marked."""
    hw = catalog.table("hardware")
    r = ridges(P)
    view = pd.DataFrame({
        "accelerator": hw["name"],
        "BF16 dense (TFLOP/s)": (hw["bf16_dense_flop_per_s"] / units.TFLOP).map(lambda x: f"{x:,.0f}"),
        "FP8 dense (TFLOP/s)": (hw["fp8_dense_flop_per_s"] / units.TFLOP).map(_na(lambda x: f"{x:,.0f}")),
        "HBM (GB)": (hw["hbm_bytes"] / units.GB).map(lambda x: f"{x:,.0f}"),
        "HBM bandwidth (TB/s)": (hw["hbm_bandwidth_bytes_per_s"] / units.TB).map(lambda x: f"{x:.3g}"),
        "ridge BF16 (FLOP/B)": pd.Series(r.bf16).map(lambda x: f"{x:,.0f}"),
        "ridge FP8 (FLOP/B)": pd.Series(r.fp8).map(_na(lambda x: f"{x:,.0f}")),
        "source": hw["source"],
    })
    view.loc[hw["name"] == r.selected, "accelerator"] += " ◀ selected"
    return view


# --- models --------------------------------------------------------------------------------------

def _model_names() -> list:
    return list(catalog.table("models")["name"])


def param_errors() -> dict:
    """Computed over reported parameter count, minus 1, per model."""
    return {n: flops.param_count(n) / catalog.model(n).reported_params - 1 for n in _model_names()}


def params_table(P) -> pd.DataFrame:
    """Architecture, computed and reported parameter counts of every model."""
    rows = []
    for name in _model_names():
        b = flops.param_breakdown(name)
        m = catalog.model(name)
        rows.append({
            "model": _selected(name, P["highlight_model"]),
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
    b = P["kv_bytes_per_element"]
    node_hbm = NODE_GPUS * hw.hbm_bytes
    rows = []
    for name in _model_names():
        free = node_hbm - memory.weight_bytes(name, NODE_WEIGHT_BYTES_PER_ELEMENT)
        per_tok = memory.kv_bytes_per_token(name, b)
        rows.append({
            "model": _selected(name, P["highlight_model"]),
            "attention": catalog.model(name).attention.upper(),
            "KV/token BF16": units.format_bytes(memory.kv_bytes_per_token(name, BF16_BYTES)),
            "KV/token FP8": units.format_bytes(memory.kv_bytes_per_token(name, FP8_BYTES)),
            f"KV/token at {b:g} B": units.format_bytes(per_tok),
            f"tokens in {NODE_GPUS}×{hw.name} after BF16 weights":
                "weights do not fit" if free <= 0 else units.format_count(free / per_tok),
        })
    return pd.DataFrame(rows)


# --- training runs --------------------------------------------------------------------------------

def runs_table() -> pd.DataFrame:
    """Training runs of ``data/training_runs.csv``: tokens per parameter and 6ND against the reported compute."""
    runs = catalog.table("training_runs")
    c6nd = flops.training_flop(runs["params"].to_numpy(), runs["tokens"].to_numpy())
    return pd.DataFrame({
        "run": runs["name"],
        "N (params)": runs["params"].map(units.format_count),
        "D (tokens)": runs["tokens"].map(units.format_count),
        "tokens/param": flops.tokens_per_param(runs["tokens"].to_numpy(), runs["params"].to_numpy()).round(1),
        "6ND (FLOP)": [units.format_flop(c) for c in c6nd],
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
        out.append(Family(fam, np.array([flops.param_count(x, active=True) for x in sub["name"]], dtype=float),
                          sub["tokens_trained"].to_numpy()))
    return out


def highlight_point(P) -> tuple:
    """(name, active parameters, training tokens) of the highlighted model."""
    hl = catalog.model(P["highlight_model"])
    return hl.name, flops.param_count(hl, active=True), hl.tokens_trained


# --- every glued number -------------------------------------------------------------------------------

def numbers(P) -> dict[str, str]:
    """Every glued value of chapter 00 (name without ``c00_`` -> text as printed)."""
    hw = catalog.hardware(P["hardware"])
    errors = param_errors()
    outliers = [n for n, e in errors.items() if abs(e) > OUTLIER_FRACTION]
    b405 = flops.param_breakdown(REFERENCE_MODEL)
    m405 = catalog.model(REFERENCE_MODEL)
    kv405 = memory.kv_bytes_per_token(REFERENCE_MODEL, BF16_BYTES)
    r405 = catalog.row("training_runs", REFERENCE_MODEL)
    c405 = flops.training_flop(r405["params"], r405["tokens"])
    return {
        "hw": hw.name,
        "ridge": f"{hw.ridge_flop_per_byte('bf16'):,.0f}",
        "outliers": " and ".join(f"{n} ({errors[n] * 100:+.1f} %)" for n in outliers),
        "n405_computed": units.format_count(b405.total, 4),
        "n405_reported": units.format_count(m405.reported_params, 4),
        "n405_err": f"{(b405.total / m405.reported_params - 1) * 100:+.2f} %",
        "kvb": f"{P['kv_bytes_per_element']:g} bytes",
        "kv405": units.format_bytes(kv405) + f" ({kv405:,.0f} bytes)",
        "c405": units.format_flop(c405, 3),
        "c405_reported": units.format_flop(r405["reported_compute_flop"], 2),
        "c405_ratio": f"{c405 / r405['reported_compute_flop'] * 100:.1f} %",
    }
