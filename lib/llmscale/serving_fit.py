"""Serving efficiencies fitted to published measurements, and their held-out errors.

- :func:`points`: the rows of ``data/serving_measured.csv`` that :mod:`llmscale.serving` can
  predict (catalogue names mapped, lengths and GPU counts known), each with its mode:
  ``max`` (maximum-throughput runs), ``rate`` (online serving at a request rate),
  ``decode``/``prefill`` (one phase of a disaggregated server, per node);
  :func:`excluded`: the others, with the reason.
- :func:`predict`: the model's figure for each point, in the point's own unit.
- :func:`fit`: per (hardware family, weight precision), the bandwidth efficiency and MFU
  minimising the squared log error on the ``max`` points, by exhaustive search on a grid
  (deterministic), with one collective latency shared by all groups; a family or precision
  without points gets the fit pooled over families at its precision, then over everything.
- :func:`held_out`: leave-one-source-out, leave-one-publisher-out and leave-one-hardware-out
  predictions. ``python -m llmscale.serving_fit`` rewrites ``data/serving_efficiencies.csv``.
"""

from __future__ import annotations

import functools
import re

import numpy as np
import pandas as pd

from . import catalog, serving
from .serving_options import Efficiency, Precision
from .units import BYTES_PER_ELEMENT

#: Spellings of data/serving_measured.csv that the catalogue's names and aliases do not resolve.
MODEL_NAMES = {
    "LLaMA v2 70B": "Llama 2 70B", "llama2-70b-99": "Llama 2 70B", "llama2-70b-99.9": "Llama 2 70B",
    "llama2-70b": "Llama 2 70B", "llama2-70b-interactive": "Llama 2 70B",
    "LLaMA 3.1 70B": "Llama 3.1 70B", "LLaMA v3.1 70B": "Llama 3.1 70B",
    "LLaMA 3.1 8B": "Llama 3.1 8B", "LLaMA v3.1 8B": "Llama 3.1 8B",
    "LLaMA v3.1 405B": "Llama 3.1 405B", "llama3_1-405b": "Llama 3.1 405B",
    "DeepSeek-V3/R1": "DeepSeek-V3", "DeepSeek 671B": "DeepSeek-V3",
    "DeepSeek (DeepSeek-V3/R1 family)": "DeepSeek-V3", "DeepSeek R1/V3/V3.1 (DeepSeek-style MoE)": "DeepSeek-V3",
}
HARDWARE_NAMES = {
    "H200 141GB HBM3": "H200", "H200 131GB HBM3": "H200", "H100 80GB HBM3": "H100 SXM",
    "B200 180GB (DGX B200)": "B200", "GB200 192GB (GB200 NVL72)": "GB200",
    "H100 SXM 80GB (DGX H100)": "H100 SXM", "H200 SXM 141GB (DGX H200)": "H200",
    "NVIDIA B200-SXM-180GB": "B200", "NVIDIA H200-SXM-141GB": "H200", "NVIDIA H100-SXM-80GB": "H100 SXM",
    "H100-SXM-80GB": "H100 SXM", "GB200-186GB (GB200 NVL72)": "GB200", "H800": "H800 SXM",
    "AMD Instinct MI300X-NPS1-SPX-192GB-750W": "MI300X", "H100 (8 per node, InfiniBand)": "H100 SXM",
    "H200 (CoreWeave, InfiniBand ConnectX-7)": "H200",
}
#: Grid of the fit: achieved fractions of peak bandwidth and of peak FLOP/s, and collective latencies (s).
BANDWIDTH_GRID = np.round(np.arange(0.10, 1.0001, 0.025), 3)
MFU_GRID = np.round(np.arange(0.05, 1.0001, 0.025), 3)
LATENCY_GRID = np.array([0.0, 5e-6, 10e-6, 20e-6, 40e-6, 80e-6])
#: SGLang's prefill profile: 16,384 tokens per device per pass (lmsys.org large-scale EP post).
PREFILL_TOKENS_PER_GPU = 16_384
#: DeepSeek's day averages: 20-22 tokens/s per user (midpoint) and the mean KV length per output token.
DEEPSEEK_TOKENS_PER_S_PER_USER = 21.0
DEEPSEEK_KV_LENGTH = 4_989


def _resolve(kind: str, name: str, table: dict) -> str | None:
    if name in table:
        return table[name]
    try:
        return catalog.resolve(kind, name)
    except ValueError:
        return None


def _fmt(p) -> str | None:
    if not isinstance(p, str):
        return None
    f = serving.weight_format(p)
    return "bf16" if f == "fp16" else f


def _shape(i: float, o: float) -> str:
    if i >= 4 * o:
        return "prefill-heavy (ISL >= 4 OSL)"
    if o >= 4 * i:
        return "decode-heavy (OSL >= 4 ISL)"
    return "balanced"


@functools.cache
def _tables(data_dir: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    d = catalog.table("serving_measured")
    keep, drop = [], []
    for r in d.itertuples(index=False):
        model = _resolve("models", r.model, MODEL_NAMES)
        hw = _resolve("hardware", r.hardware, HARDWARE_NAMES)
        if model is None or hw is None:
            drop.append((r.id, r.publisher, f"name not in the catalogue: {r.model if model is None else r.hardware!r}"))
            continue
        wf = _fmt(r.weight_precision)
        base = dict(id=r.id, publisher=r.publisher.split(" (")[0], source=r.source, model=model, hardware=hw,
                    family=catalog.hardware(hw).family, measured=float(r.value), n_gpus=r.n_gpus,
                    scenario=r.scenario)
        i, o = r.input_len, r.output_len
        mode = reason = None
        if r.metric == "output_tokens_per_s_total" and np.isfinite(i) and np.isfinite(o) and wf:
            if r.concurrency == "max":
                mode = "max"
            else:
                q = re.search(r"QPS=(\w+)", str(r.scenario))
                mode = "rate" if q else None
                rate = np.inf if q and q.group(1) == "INF" else (float(q.group(1)) if q else np.nan)
                if q and rate == np.inf:
                    mode = "max"
            reason = None if mode else "no request rate or concurrency on the page"
        elif r.metric == "total_tokens_per_s_total":
            reason = "input+output token rate of a run whose output rate is already a point"
        elif r.id == "sm0436":               # SGLang decode-only: batch 256 per GPU, KV length 2,000, EP72
            mode, wf, i, o = "decode", "fp8", 2000.0, 1.0
        elif r.id in ("sm0432", "sm0433", "sm0434"):   # SGLang prefill-only, EP32, 1K/2K/4K prompts
            mode, wf, i, o = "prefill", "fp8", {"sm0432": 1024.0, "sm0433": 2048.0, "sm0434": 4096.0}[r.id], 1.0
        elif r.id == "sm0426":               # DeepSeek decode: ~14.8k tok/s per node at 20-22 tok/s per user
            mode, wf, i, o = "decode", "fp8", float(DEEPSEEK_KV_LENGTH), 1.0
        elif r.publisher.startswith("MLCommons"):
            reason = "MLPerf logs state no input/output lengths (dataset with variable lengths)"
        else:
            reason = "not one configuration: " + ("production day average" if "DeepSeek" == r.publisher
                                                  else "GPU count, lengths or concurrency not stated, "
                                                       "or a simulated/headline mix of phases")
        if mode is None:
            drop.append((r.id, r.publisher, reason))
            continue
        kv = _fmt(r.kv_precision) or (wf if wf == "fp8" else ("fp8" if wf == "fp4" else "bf16"))
        tp = r.tp if np.isfinite(r.tp) else r.n_gpus
        ep = r.ep if np.isfinite(r.ep) else 1.0
        per = {"output_tokens_per_s_total": 1.0, "output_tokens_per_s_per_node": 8.0 / r.n_gpus,
               "input_tokens_per_s_per_node": 8.0 / r.n_gpus}.get(r.metric, 1.0)
        conc = {"sm0436": 256.0 * 72, "sm0426": 14_800 / DEEPSEEK_TOKENS_PER_S_PER_USER / 8 * 144}.get(r.id, np.nan)
        n = r.n_gpus if r.id != "sm0426" else 144.0
        per = per if r.id != "sm0426" else 8.0 / 144.0
        keep.append(base | dict(n_gpus=float(n), tp=float(tp), ep=float(ep if r.id != "sm0426" else 144.0),
                                weight_precision=wf, kv_precision=kv, input_len=float(i), output_len=float(o),
                                mode=mode, rate=rate if mode == "rate" else np.inf, concurrency=conc, per=per,
                                shape=_shape(i, o) if mode in ("max", "rate") else mode + "-only (disaggregated)"))
    return pd.DataFrame(keep), pd.DataFrame(drop, columns=["id", "publisher", "reason"])


def points() -> pd.DataFrame:
    """The predictable points (one row each) with catalogue names, formats, mode and shape."""
    return _tables(str(catalog.data_dir()))[0].copy()


def excluded() -> pd.DataFrame:
    """The rows of ``serving_measured.csv`` not predicted, with the reason (``id, publisher, reason``)."""
    return _tables(str(catalog.data_dir()))[1].copy()


def _precision(pts: pd.DataFrame) -> Precision:
    fp = [Precision.named(w, k, h).flop_precision for w, k, h in
          zip(pts.weight_precision, pts.kv_precision, pts.hardware)]
    return Precision(np.array([BYTES_PER_ELEMENT[w] for w in pts.weight_precision]),
                     np.array([BYTES_PER_ELEMENT[k] for k in pts.kv_precision]), np.array(fp))


def predict(pts: pd.DataFrame, bandwidth, mfu, latency_s=serving.DEFAULT_COLLECTIVE_LATENCY_S) -> np.ndarray:
    """Predicted figure of each point in its own unit, at efficiencies ``bandwidth``/``mfu`` (per point,
    or broadcast with a trailing grid axis). Units: tokens/s (total, per node or per GPU as measured)."""
    col = (lambda c: pts[c].to_numpy()[:, None]) if np.ndim(bandwidth) == 2 else (lambda c: pts[c].to_numpy())
    pr = _precision(pts)
    if np.ndim(bandwidth) == 2:
        pr = Precision(pr.weight_bytes_per_element[:, None], pr.kv_bytes_per_element[:, None],
                       pr.flop_precision[:, None])
    eff = Efficiency(bandwidth, mfu)
    mode = col("mode")
    conc = np.where(np.isfinite(col("concurrency").astype(float)), col("concurrency").astype(float), 1e12)
    dec = serving.throughput(col("model"), col("hardware"), col("n_gpus").astype(float), col("input_len").astype(float),
                             col("output_len").astype(float), conc, precision=pr, efficiency=eff,
                             tp=np.where(col("ep").astype(float) > 1, col("n_gpus"), col("tp")).astype(float),
                             ep=col("ep").astype(float), collective_latency_s=latency_s,
                             include_prefill=mode != "decode",
                             max_batch=np.where(mode == "decode", 1e12, serving.MAX_BATCH)).output_tokens_per_s
    out = np.minimum(np.asarray(dec), col("rate").astype(float) * col("output_len").astype(float))
    if np.any(mode == "prefill"):
        n = col("n_gpus").astype(float)
        pre = serving.prefill_throughput(col("model"), col("hardware"), n, col("input_len").astype(float),
                                         PREFILL_TOKENS_PER_GPU * n / col("input_len").astype(float),
                                         precision=pr, efficiency=eff, ep=col("ep").astype(float),
                                         collective_latency_s=latency_s)
        out = np.where(mode == "prefill", pre, out)
    return out * col("per").astype(float)


def _grid_fit(pts: pd.DataFrame, latency_s: float):
    """Best (bandwidth, mfu) per group on the grid; returns {group: (bw, mfu, sse, n)}."""
    bw, mf = np.meshgrid(BANDWIDTH_GRID, MFU_GRID, indexing="ij")
    bw, mf = bw.ravel()[None, :], mf.ravel()[None, :]
    pred = predict(pts, np.broadcast_to(bw, (len(pts), bw.size)), np.broadcast_to(mf, (len(pts), mf.size)), latency_s)
    err = (np.log(np.maximum(pred, 1e-9)) - np.log(pts["measured"].to_numpy())[:, None]) ** 2
    out = {}
    for key, idx in pts.groupby(["family", "weight_precision"]).indices.items():
        sse = err[idx].sum(axis=0)
        j = int(np.argmin(sse))
        out[key] = (float(bw[0, j]), float(mf[0, j]), float(sse[j]), len(idx))
    for prec, idx in pts.groupby("weight_precision").indices.items():
        sse = err[idx].sum(axis=0)
        j = int(np.argmin(sse))
        out[("*", prec)] = (float(bw[0, j]), float(mf[0, j]), float(sse[j]), len(idx))
    sse = err.sum(axis=0)
    j = int(np.argmin(sse))
    out[("*", "*")] = (float(bw[0, j]), float(mf[0, j]), float(sse[j]), len(pts))
    return out


def fit(pts: pd.DataFrame | None = None) -> tuple[dict, float]:
    """``({(family, precision): (bandwidth, mfu, sse, n)}, latency_s)`` fitted on the ``max`` points of ``pts``."""
    pts = points() if pts is None else pts
    train = pts[pts["mode"] == "max"].reset_index(drop=True)
    best = None
    for lat in LATENCY_GRID:
        f = _grid_fit(train, float(lat))
        total = sum(v[2] for k, v in f.items() if k[0] != "*")
        if best is None or total < best[0] - 1e-12:
            best = (total, f, float(lat))
    return best[1], best[2]


def lookup(fitted: dict, family: str, precision: str) -> tuple[float, float]:
    """(bandwidth, mfu) of a family and precision, falling back to the precision's pooled fit, then to all."""
    for key in ((family, precision), ("*", precision), ("*", "*")):
        if key in fitted:
            return fitted[key][0], fitted[key][1]
    raise ValueError(f"no fitted efficiency for family={family!r}, precision={precision!r}")  # pragma: no cover


def apply(pts: pd.DataFrame, fitted: dict, latency_s: float) -> np.ndarray:
    """Predictions of ``pts`` with each point's fitted (or fallen-back) efficiencies."""
    e = np.array([lookup(fitted, f, p) for f, p in zip(pts["family"], pts["weight_precision"])])
    return predict(pts, e[:, 0], e[:, 1], latency_s)


def held_out(by: str, pts: pd.DataFrame | None = None) -> pd.DataFrame:
    """Predictions of each point from a fit that never saw its ``by`` group (``"source"``, ``"publisher"``,
    ``"family"``): the points with columns ``held_out_pred`` and ``held_out_ape`` (fraction)."""
    pts = points() if pts is None else pts
    out = pts.copy()
    pred = np.full(len(pts), np.nan)
    for _g, idx in pts.groupby(by).indices.items():
        rest = pts.drop(index=pts.index[idx])
        if not (rest["mode"] == "max").any():
            continue
        f, lat = fit(rest)
        pred[idx] = apply(pts.iloc[idx].reset_index(drop=True), f, lat)
    out["held_out_pred"] = pred
    out["held_out_ape"] = np.abs(pred / pts["measured"].to_numpy() - 1.0)
    return out


def mdape(ape) -> float:
    """Median absolute percentage error (fraction) of the finite entries."""
    a = np.asarray(ape, dtype=float)
    return float(np.median(a[np.isfinite(a)]))


def efficiencies_table() -> pd.DataFrame:
    """The rows of ``data/serving_efficiencies.csv``: the fit on every point and its leave-one-source-out range."""
    pts = points()
    f, lat = fit(pts)
    folds = [fit(pts[pts["source"] != s]) for s in sorted(pts.loc[pts["mode"] == "max", "source"].unique())]
    pred = apply(pts, f, lat)
    ape = np.abs(pred / pts["measured"].to_numpy() - 1.0)
    rows = []
    for key, (bw, mf, sse, n) in sorted(f.items()):
        fam, prec = key
        sel = ((pts["family"] == fam) | (fam == "*")) & ((pts["weight_precision"] == prec) | (prec == "*")) \
            & (pts["mode"] == "max")
        alt = [lookup(ff, fam, prec) for ff, _ in folds] + [(bw, mf)]
        rows.append(dict(hardware_family=fam, weight_precision=prec, bandwidth=bw, mfu=mf,
                         bandwidth_low=min(a[0] for a in alt), bandwidth_high=max(a[0] for a in alt),
                         mfu_low=min(a[1] for a in alt), mfu_high=max(a[1] for a in alt),
                         collective_latency_s=lat, n_points=int(sel.sum()),
                         mdape_in_sample=round(mdape(ape[sel.to_numpy()]), 4),
                         rms_log_residual=round(float(np.sqrt(sse / max(n, 1))), 4),
                         point_ids=";".join(pts.loc[sel, "id"]),
                         fitted_to="data/serving_measured.csv",
                         notes="grid least squares on log(throughput), max-throughput points; "
                               "low/high over leave-one-source-out refits"))
    return pd.DataFrame(rows)


def write_efficiencies(path=None) -> pd.DataFrame:
    """Recompute :func:`efficiencies_table` and write it to ``data/serving_efficiencies.csv``."""
    df = efficiencies_table()
    df.to_csv(path or catalog.data_dir() / "serving_efficiencies.csv", index=False, lineterminator="\n")
    return df


@functools.cache
def _efficiencies(data_dir: str) -> pd.DataFrame:
    from pathlib import Path

    return pd.read_csv(Path(data_dir) / "serving_efficiencies.csv", keep_default_na=False)


def efficiency_row(hardware, precision: str) -> dict:
    """The row of ``data/serving_efficiencies.csv`` for ``hardware``'s family and ``precision`` (fallbacks as
    :func:`lookup`)."""
    fam = catalog.hardware(hardware).family
    if precision not in BYTES_PER_ELEMENT:
        raise ValueError(f"precision={precision!r}: allowed: {sorted(BYTES_PER_ELEMENT)}")
    p = {"fp16": "bf16", "int4": "fp4", "int8": "fp8", "fp32": "bf16"}.get(precision, precision)
    df = _efficiencies(str(catalog.data_dir()))
    for f, q in ((fam, p), ("*", p), ("*", "*")):
        hit = df[(df["hardware_family"] == f) & (df["weight_precision"] == q)]
        if len(hit):
            return hit.iloc[0].to_dict()
    raise ValueError(f"no fitted efficiency for hardware={hardware!r}, precision={precision!r}")  # pragma: no cover




HELD_OUT_SPLITS = ("source", "publisher", "family")


def write_held_out(path=None) -> pd.DataFrame:
    """Recompute every point's in-sample and held-out predictions (:func:`held_out` for each split of
    :data:`HELD_OUT_SPLITS`) and write them to ``data/serving_heldout.csv``."""
    pts = points()
    f, lat = fit(pts)
    out = pts[["id", "publisher", "source", "model", "hardware", "family", "weight_precision", "mode", "shape",
               "measured"]].copy()
    out["predicted"] = apply(pts, f, lat)
    for by in HELD_OUT_SPLITS:
        out[f"held_out_{by}"] = held_out(by, pts)["held_out_pred"].to_numpy()
    out.to_csv(path or catalog.data_dir() / "serving_heldout.csv", index=False, lineterminator="\n",
               float_format="%.6g")
    return out


def held_out_table() -> pd.DataFrame:
    """``data/serving_heldout.csv``: measured, in-sample and held-out predictions of every point."""
    return _held(str(catalog.data_dir())).copy()


@functools.cache
def _held(data_dir: str) -> pd.DataFrame:
    from pathlib import Path

    return pd.read_csv(Path(data_dir) / "serving_heldout.csv")


if __name__ == "__main__":  # pragma: no cover
    print(write_efficiencies().drop(columns=["point_ids"]).to_string())
    write_held_out()
