"""Chapter 06 (does the roofline match real servers?): every number, table and curve the notebook shows.

All functions take ``P``, the validated parameters (:func:`llmscale.params.setup`), where they
depend on them. :func:`numbers` returns every glued value, formatted as the page prints it
(glue name without ``c06_``). No formula lives here: throughput is :mod:`llmscale.serving`'s,
the fit and held-out predictions :mod:`llmscale.serving_fit`'s (read from ``data/``).
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from .. import serving, serving_fit, units
from ..claims import ch04 as c04

#: Error bands of the predicted-against-measured figure (x1.25 and x2).
BANDS = (1.25, 2.0)
#: The issue's target for the median absolute percentage error on held-out points.
TARGET_MDAPE = 0.25
SPLITS = {"source": "leave one source (page version) out", "publisher": "leave one publisher out",
          "family": "leave one hardware family out"}


def _pct(x: float) -> str:
    return f"{100 * x:.0f} %"


def table() -> pd.DataFrame:
    """Every predicted point with its in-sample and held-out predictions and absolute errors (fractions)."""
    from .. import catalog

    return _table(str(catalog.data_dir())).copy()


@functools.cache
def _table(data_dir: str) -> pd.DataFrame:
    t = serving_fit.held_out_table()
    t["ratio"] = t["predicted"] / t["measured"]
    t["ape"] = (t["ratio"] - 1.0).abs()
    for by in SPLITS:
        t[f"ape_{by}"] = (t[f"held_out_{by}"] / t["measured"] - 1.0).abs()
    # the most held-out prediction of each point: its own publisher's fit where others exist, else its source's
    best = t["held_out_publisher"].where(t["held_out_publisher"].notna(), t["held_out_source"])
    t["held_out"] = best
    t["ape_held_out"] = (best / t["measured"] - 1.0).abs()
    return t


def mdape(by: str | None = None, mode: str | None = "max") -> float:
    """Median absolute percentage error (fraction): in-sample (``by=None``) or held out by ``by``."""
    t = table()
    if mode is not None:
        t = t[t["mode"] == mode]
    col = "ape" if by is None else f"ape_{by}"
    return serving_fit.mdape(t[col])


def residual_table(by: str) -> pd.DataFrame:
    """Held-out errors grouped by ``by`` (``"model"``, ``"hardware"``, ``"shape"``, ``"publisher"``):
    points, median predicted/measured ratio, median absolute error in-sample and held out."""
    t = table()
    g = t.groupby(by)
    out = pd.DataFrame({
        "points": g.size(),
        "median predicted / measured": g["ratio"].median().round(2),
        "MdAPE in-sample": g["ape"].median().map(_pct),
        "MdAPE held out (source)": g["ape_source"].median().map(lambda x: "-" if np.isnan(x) else _pct(x)),
        "MdAPE held out (hardware family)": g["ape_family"].median().map(lambda x: "-" if np.isnan(x) else _pct(x)),
    })
    return out


def worst(n: int = 8) -> pd.DataFrame:
    """The ``n`` points with the largest held-out error (leave one source out)."""
    t = table().sort_values("ape_source", ascending=False).head(n)
    return t[["id", "publisher", "model", "hardware", "weight_precision", "mode", "shape", "measured",
              "held_out_source"]].rename(columns={"held_out_source": "held-out prediction"}).round(0)


def efficiencies() -> pd.DataFrame:
    """The fitted efficiencies per hardware family and weight precision, with their ranges."""
    from pathlib import Path

    from .. import catalog
    df = pd.read_csv(Path(catalog.data_dir()) / "serving_efficiencies.csv", keep_default_na=False)
    df = df[df["hardware_family"] != "*"]
    return pd.DataFrame({
        "hardware": df["hardware_family"], "weights": df["weight_precision"], "points": df["n_points"],
        "bandwidth efficiency": [f"{b:.2f} ({lo:.2f}-{hi:.2f})" for b, lo, hi in
                                 zip(df["bandwidth"], df["bandwidth_low"], df["bandwidth_high"])],
        "MFU": [f"{b:.2f} ({lo:.2f}-{hi:.2f})" for b, lo, hi in zip(df["mfu"], df["mfu_low"], df["mfu_high"])],
        "MdAPE in-sample": df["mdape_in_sample"].map(_pct),
    }).reset_index(drop=True)


def _precision(P):
    return serving.precision_for(P["weight_precision"], P["kv_precision"], P["hardware"])


def config(P) -> serving.ServingResult:
    """The chosen configuration at its largest concurrency, with the fitted efficiency."""
    return serving.throughput(P["model"], P["hardware"], P["n_gpus"], P["input_len"], P["output_len"],
                              precision=_precision(P),
                              efficiency=serving.fitted_efficiency(P["hardware"], P["weight_precision"]))


def config_range(P) -> tuple[float, float]:
    """Output tokens/s of :func:`config` at the low and high fitted efficiencies."""
    lo, hi = serving.fitted_efficiency_range(P["hardware"], P["weight_precision"])
    f = [serving.max_throughput(P["model"], P["hardware"], P["n_gpus"], P["input_len"], P["output_len"],
                                precision=_precision(P), efficiency=e) for e in (lo, hi)]
    return min(f), max(f)


def t3_batches() -> pd.DataFrame:
    """The article's 368 and 72 streams (claim T3) against what the fitted server model gives on 8 x H100."""
    from .. import catalog

    return _t3(str(catalog.data_dir())).copy()


@functools.cache
def _t3(data_dir: str) -> pd.DataFrame:
    h = c04.HARDWARE
    eff = serving.fitted_efficiency(h, "fp8")
    pr = serving.precision_for("fp8", "bf16", h)
    rows = []
    for s, b in zip(c04.T3_SEQ_LENS, c04.T3_BATCHES):
        at = serving.throughput(c04.MODEL, h, c04.N_GPUS, c04.T3_PROMPT_TOKENS, s, b, precision=pr, efficiency=eff)
        mx = serving.throughput(c04.MODEL, h, c04.N_GPUS, c04.T3_PROMPT_TOKENS, s, precision=pr, efficiency=eff)
        rows.append({"output tokens": s, "article's batch": b,
                     "streams that fit (BF16 KV)": int(mx.capacity_concurrency),
                     "tokens/s per user at that batch": round(float(at.tokens_per_s_per_user), 1),
                     "served batch": int(at.concurrency)})
    return pd.DataFrame(rows)


def scatter(P=None) -> pd.DataFrame:
    """Points of the predicted-against-measured figure: measured, held-out prediction, publisher."""
    t = table()
    return t[["publisher", "measured", "held_out", "predicted", "mode"]].dropna(subset=["held_out"])


def _failure_sentence(t: pd.DataFrame) -> str:
    by_shape = t[t["mode"] == "max"].groupby("shape")["ape_source"].median()
    worst_shape = by_shape.idxmax()
    dis = t[t["mode"].isin(["decode", "prefill"])]
    dec = t[t["mode"] == "decode"]
    parts = [f"Among single-node maximum-throughput runs the model errs most on {worst_shape} shapes "
             f"(median held-out error {_pct(by_shape.max())}, against {_pct(by_shape.min())} for "
             f"{by_shape.idxmin()} ones)."]
    if len(dec):
        r = float(np.median(dec["held_out"] / dec["measured"]))
        word = "over-predicts" if r > 1 else "under-predicts"
        parts.append(f"It {word} the large-scale expert-parallel decode points by a factor of {max(r, 1 / r):.1f} "
                     "(median): a roofline of weights, KV reads and ideal all-to-alls misses expert load imbalance, "
                     "cross-node network latency and the micro-batch overlap these systems depend on.")
    if len(dis) and not len(dec):  # pragma: no cover
        parts.append("Disaggregated points are few.")
    return " ".join(parts)


def numbers(P) -> dict:
    """Every value the chapter glues (name without the ``c06_`` prefix -> text as printed)."""
    t = table()
    mx = t[t["mode"] == "max"]
    ex = serving_fit.excluded()
    held = {by: serving_fit.mdape(mx[f"ape_{by}"]) for by in ("source", "family")}
    lopo = t[t["publisher"] != "NVIDIA"]
    lopo_mdape = serving_fit.mdape(lopo["ape_publisher"])
    worst_row = t.sort_values("ape_source", ascending=False).iloc[0]
    r = config(P)
    lo, hi = config_range(P)
    eff = serving.fitted_efficiency(P["hardware"], P["weight_precision"])
    t3 = t3_batches()
    ok = max(held.values()) <= TARGET_MDAPE
    within = {b: float(np.mean((mx["held_out_source"] / mx["measured"]).between(1 / b, b))) for b in BANDS}
    if not bool(r.fits):
        cfg = (f"{P['model']} does not fit on {P['n_gpus']} x {P['hardware']} with {P['weight_precision']} "
               f"weights: its weights leave no room for the KV cache of one {P['input_len'] + P['output_len']:,}-token "
               "request. Add GPUs or use narrower weights.")
    else:
        cfg = (f"{P['n_gpus']} x {P['hardware']} serving {P['model']} ({P['weight_precision']} weights, "
               f"{P['kv_precision']} KV cache) at {P['input_len']:,} prompt and {P['output_len']:,} output "
               f"tokens is predicted to emit {units.sig(r.output_tokens_per_s)} output tokens/s "
               f"({units.sig(lo)} to {units.sig(hi)} over the efficiency range) at {int(r.concurrency):,} "
               f"concurrent requests, {r.tokens_per_s_per_user:.1f} tokens/s per user; the step is "
               f"{r.bound}-bound.")
    return {
        "n_rows": f"{len(t) + len(ex):,}",
        "n_publishers": f"{catalog_publishers():,}",
        "n_points": f"{len(t):,}",
        "n_max": f"{len(mx):,}",
        "n_excluded": f"{len(ex):,}",
        "n_mlperf": f"{int(ex['publisher'].str.startswith('MLCommons').sum()):,}",
        "mdape_in": _pct(serving_fit.mdape(mx["ape"])),
        "mdape_source": _pct(held["source"]),
        "mdape_family": _pct(held["family"]),
        "mdape_publisher": _pct(lopo_mdape),
        "n_lopo": f"{len(lopo):,}",
        "lopo_note": _lopo_note(t),
        "within_125": _pct(within[1.25]),
        "within_2": _pct(within[2.0]),
        "target": _pct(TARGET_MDAPE),
        "target_verdict": ("meets the target" if ok else "misses the target"),
        "worst": (f"{worst_row['model']} on {worst_row['hardware']} ({worst_row['publisher']}, {worst_row['shape']}): "
                  f"measured {units.sig(worst_row['measured'])}, held-out prediction "
                  f"{units.sig(worst_row['held_out_source'])} tokens/s"),
        "failure": _failure_sentence(t),
        "config": cfg,
        "eff_bw": f"{float(eff.bandwidth):.2f}",
        "eff_mfu": f"{float(eff.mfu):.2f}",
        "t3_sentence": _t3_sentence(t3),
        "t3_fit_long": f"{int(t3['streams that fit (BF16 KV)'].iloc[1]):,}",
        "t3_fit_short": f"{int(t3['streams that fit (BF16 KV)'].iloc[0]):,}",
        "t3_speed_long": f"{t3['tokens/s per user at that batch'].iloc[1]:.0f}",
        "t3_speed_short": f"{t3['tokens/s per user at that batch'].iloc[0]:.0f}",
    }


def _lopo_note(t: pd.DataFrame) -> str:
    fit_pubs = sorted(t.loc[t["mode"] == "max", "publisher"].unique())
    if len(fit_pubs) == 1:
        return (f"Only {fit_pubs[0]}'s pages give maximum-throughput runs with their lengths, so leaving "
                f"{fit_pubs[0]} out leaves nothing to fit; the other publishers' points are held out from "
                f"every fit instead, and their error is the leave-one-publisher-out figure.")
    return (f"{len(fit_pubs)} publishers give maximum-throughput runs with their lengths; each is left out "
            "of the fit in turn.")


def _t3_sentence(t3: pd.DataFrame) -> str:
    parts, ok = [], True
    for _, r in t3.iterrows():
        b, fit, v = int(r["article's batch"]), int(r["streams that fit (BF16 KV)"]), r["tokens/s per user at that batch"]
        served = int(r["served batch"])
        where = (f"{b} streams of {int(r['output tokens']):,}-token answers fit (up to {fit:,} do)" if served == b else
                 f"only {served} of the {b} streams of {int(r['output tokens']):,}-token answers fit")
        speed = "meets" if v >= c04.T3_TOKENS_PER_S_PER_USER else "misses"
        ok = ok and served == b and v >= c04.T3_TOKENS_PER_S_PER_USER
        parts.append(f"{where}, and each then sees {v:.0f} tokens/s, which {speed} the article's "
                     f"{c04.T3_TOKENS_PER_S_PER_USER:.0f}")
    verdict = ("With efficiencies that real servers achieve, both of the article's batches are reachable at its speed."
               if ok else "With efficiencies that real servers achieve, the article's two batches are not both "
               "reachable at its speed.")
    return "; ".join(parts) + ". " + verdict


def catalog_publishers() -> int:
    """Publishers (organisations) in ``data/serving_measured.csv``."""
    from .. import catalog

    return int(catalog.table("serving_measured")["publisher"].str.split(" \\(").str[0].nunique())
