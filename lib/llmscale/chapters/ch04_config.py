"""Chapter 04's run configuration: the model, node, precisions and efficiencies resolved from ``P``.

Split from :mod:`llmscale.chapters.ch04` (which re-exports it). ``bandwidth_efficiency``/``mfu``
of ``None`` take :func:`llmscale.serving.fitted_efficiency` (fitted to published measured servers
in chapter 06) for the chosen chip and weight format; :class:`EfficiencySource` says which fit
that is, in words, including when it falls back to a fit pooled over chips or precisions.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from .. import catalog, serving, serving_fit
from ..serving_options import Efficiency, Precision


def _key(P) -> tuple:
    return tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in P.items()))


def _memo(fn):
    """Cache ``fn(P)`` on the parameter values (``P`` holds lists, so it is not hashable itself)."""
    @functools.lru_cache(maxsize=16)
    def inner(key):
        return fn({k: list(v) if isinstance(v, tuple) else v for k, v in key})

    @functools.wraps(fn)
    def outer(P):
        return inner(_key(P))
    outer.cache_clear = inner.cache_clear
    return outer


# --- this run's configuration ----------------------------------------------------------------

@dataclass(frozen=True)
class Config:
    """This run's serving configuration, resolved from ``P``."""

    model: catalog.Model
    hardware: catalog.Hardware
    n_gpus: int
    precision: Precision
    efficiency: Efficiency
    s_short: int
    s_long: int
    target: float
    text: str
    efficiency_text: str            # which efficiencies, and where they come from (a sentence)

    @property
    def kw(self) -> dict:
        """The roofline keywords of this configuration."""
        return dict(precision=self.precision, efficiency=self.efficiency)

    @property
    def args(self) -> tuple:
        """``(model, hardware, n_gpus)``, the first arguments of every roofline call."""
        return self.model, self.hardware, self.n_gpus


@dataclass(frozen=True)
class EfficiencySource:
    """The fit :func:`llmscale.serving.fitted_efficiency` gives this run's chip and weight format, and its provenance."""

    efficiency: Efficiency
    family: str                     # the chip's family in data/serving_efficiencies.csv
    fit_family: str                 # the row used: the family, or "*" (pooled over every chip)
    fit_precision: str              # the row's weight precision ("*": pooled over every precision)
    n_points: int

    @property
    def label(self) -> str:
        """Short provenance, for figure notes: "measured fit, H100/FP8" or "pooled fit, FP8"."""
        if self.fit_family != "*":
            return f"measured fit, {self.fit_family}/{self.fit_precision.upper()}"
        return "pooled fit, " + ("all servers" if self.fit_precision == "*" else self.fit_precision.upper())

    def words(self, chip: str, weights: str) -> str:
        """Where the fit comes from, in words (says so when it falls back to a pooled fit)."""
        w, q = weights.upper(), self.fit_precision.upper()
        read = "" if self.fit_precision in ("*", weights) else f" ({w} read as {q})"
        if self.fit_family != "*":
            return (f"fitted in chapter 06 to {self.n_points} published measurements of {self.fit_family} servers "
                    f"with {q} weights{read}")
        if self.fit_precision != "*":
            return (f"no published measurement covers the {chip} (family {self.family}) with {q} weights{read}, "
                    f"so these are chapter 06's fit pooled over every measured chip with {q} weights "
                    f"({self.n_points} points)")
        return (f"no published measurement covers the {chip} with {w} weights, nor any chip with {w}, so these are "
                f"chapter 06's fit pooled over every published measured server ({self.n_points} points)")


def efficiency_source(hardware, weight_precision: str) -> EfficiencySource:
    """:func:`llmscale.serving.fitted_efficiency` for ``hardware`` and ``weight_precision``, with its provenance."""
    row = serving_fit.efficiency_row(hardware, weight_precision)
    return EfficiencySource(serving.fitted_efficiency(hardware, weight_precision),
                            catalog.hardware(hardware).family, str(row["hardware_family"]),
                            str(row["weight_precision"]), int(row["n_points"]))


def _efficiency(P, h: catalog.Hardware) -> tuple[Efficiency, str, str]:
    """This run's efficiencies, a short label for figure notes and a sentence saying where they come from."""
    bw, mfu = P["bandwidth_efficiency"], P["mfu"]
    nums = "bandwidth efficiency {:g}, MFU {:g}"
    if bw is not None and mfu is not None:
        return (Efficiency(bandwidth=bw, mfu=mfu), nums.format(bw, mfu) + " (this run's values)",
                f"Here they are this run's own values: bandwidth efficiency {bw:g} and MFU {mfu:g}.")
    src = efficiency_source(h.name, P["weight_precision"])
    fit = src.efficiency
    where = src.words(h.name, P["weight_precision"])
    if bw is None and mfu is None:
        return (fit, nums.format(fit.bandwidth, fit.mfu) + f" ({src.label})",
                f"Here they are bandwidth efficiency {fit.bandwidth:g} and MFU {fit.mfu:g}: {where}.")
    eff = Efficiency(bandwidth=fit.bandwidth if bw is None else bw, mfu=fit.mfu if mfu is None else mfu)
    mine, fitted = (("MFU", mfu), ("bandwidth efficiency", fit.bandwidth)) if bw is None else (
        ("bandwidth efficiency", bw), ("MFU", fit.mfu))
    return (eff, nums.format(eff.bandwidth, eff.mfu) + f" ({mine[0]}: this run's; {fitted[0]}: {src.label})",
            f"Here the {mine[0]} is this run's own value, {mine[1]:g}; the {fitted[0]}, {fitted[1]:g}, is {where}.")


@_memo
def config(P) -> Config:
    """The run's model, node, precisions, efficiencies and the two lengths compared.

    ``bandwidth_efficiency``/``mfu`` of ``None`` take :func:`llmscale.serving.fitted_efficiency`
    for the chip and weight format (pooled over chips or precisions where nothing was measured).
    """
    m, h, n = catalog.model(P["model"]), catalog.hardware(P["hardware"]), P["n_gpus"]
    precision = Precision.named(P["weight_precision"], P["kv_precision"], h)
    math_precision = precision.flop_precision
    efficiency, eff_short, eff_text = _efficiency(P, h)
    text = (f"{m.name} on {n}×{h.name}, {P['weight_precision'].upper()} weights, "
            f"{P['kv_precision'].upper()} KV cache, {math_precision.upper()} matmuls, {eff_short}")
    return Config(model=m, hardware=h, n_gpus=n, precision=precision, efficiency=efficiency,
                  s_short=min(P["seq_lens"]), s_long=max(P["seq_lens"]), target=P["tokens_per_s_per_user"],
                  text=text, efficiency_text=eff_text)
