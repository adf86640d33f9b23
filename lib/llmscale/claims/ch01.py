"""Chapter 01's claims, K1-K6: Kaplan's and Chinchilla's laws as the articles quote them.

Each claim's intermediates are computed once, in a small frozen result (:func:`k1` ...
:func:`k6`); the claim rows (:func:`claim_rows`) and the chapter (``llmscale.chapters.ch01``)
both read them. The formulas are :mod:`llmscale.laws` and :mod:`llmscale.flops`; the facts
come from ``data/`` (GPT-3's run, Hoffmann et al.'s Table 3).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from .. import catalog
from ..flops import tokens_per_param, training_flop
from ..laws import (
    CHINCHILLA_TOKENS_PER_PARAM,
    PRESETS,
    compute_optimal,
    data_multiplier_for_same_gain,
    hoffmann_table3,
    kaplan_allocation,
    kaplan_loss_d,
    kaplan_trend_span_orders,
    rule_of_thumb_optimal,
)
from .ledger import LegacyClaim as Claim

#: GPT-3 175B's training run, from ``data/training_runs.csv`` (Brown et al. 2020, Table D.1).
GPT3_RUN = "GPT-3 175B"

#: The data size (tokens) from which K6's "repeat the cut the first 10x bought" is measured.
K6_FROM_TOKENS = 1e10


def gpt3_params_tokens() -> tuple[float, float]:
    """GPT-3's ``(parameters, training tokens)`` from ``data/training_runs.csv``: (175e9, 300e9)."""
    row = catalog.row("training_runs", GPT3_RUN)
    return float(row["params"]), float(row["tokens"])


# --- K1: how far Kaplan's trends reach ------------------------------------------------------

@dataclass(frozen=True)
class K1:
    """Orders of magnitude spanned by Kaplan et al.'s trends (Section 1.2)."""

    c_min: float      # compute C_min
    n: float          # non-embedding parameters N
    d: float          # tokens D

    @property
    def widest(self) -> float:
        """The widest span (orders of magnitude): the claim's "more than seven" is a lower bound on it."""
        return max(self.c_min, self.n, self.d)


@functools.cache
def k1() -> K1:
    """Kaplan et al. (2020) Section 1.2: C_min 8, N 6 and D 2 orders of magnitude."""
    s = kaplan_trend_span_orders()
    return K1(c_min=s["C_min"], n=s["N"], d=s["D"])


# --- K2: Kaplan's allocation of 10x compute -------------------------------------------------

@dataclass(frozen=True)
class K2:
    """Kaplan's growth factors for ``compute_ratio`` x compute: ``N x r^0.73``, ``D x r^0.27``."""

    compute_ratio: float
    n_factor: float   # x parameters
    d_factor: float   # x tokens


@functools.cache
def k2(compute_ratio: float = 10.0) -> K2:
    """:func:`llmscale.laws.kaplan_allocation` at ``compute_ratio`` (default 10x: 5.37x and 1.86x)."""
    n, d = kaplan_allocation(compute_ratio)
    return K2(compute_ratio=compute_ratio, n_factor=float(n), d_factor=float(d))


# --- K3: GPT-3's tokens per parameter -------------------------------------------------------

@dataclass(frozen=True)
class K3:
    """GPT-3 175B's training run (Brown et al. 2020, Table D.1)."""

    params: float             # parameters
    tokens: float             # training tokens
    tokens_per_param: float   # D / N


@functools.cache
def k3() -> K3:
    """GPT-3's parameters, tokens and tokens per parameter (300B / 175B = 1.71)."""
    n, d = gpt3_params_tokens()
    return K3(params=n, tokens=d, tokens_per_param=float(tokens_per_param(d, n)))


# --- K4: Chinchilla's 20 tokens per parameter (Hoffmann Table 3) ----------------------------

@dataclass(frozen=True)
class K4:
    """Hoffmann et al. (2022) Table 3 (Approach 1): the 175B row and the range of tokens per parameter."""

    params_175b: float
    tokens_175b: float            # tokens Table 3 gives a 175B model
    tokens_per_param_175b: float
    tokens_per_param_min: float   # over the table's nine rows
    tokens_per_param_max: float


@functools.cache
def k4() -> K4:
    """Table 3's 175B row (3.7T tokens, 21.1 tokens per parameter) and its rows' span (20.0-22.4)."""
    t3 = hoffmann_table3()
    row = t3[t3["params"] == 175e9].iloc[0]
    return K4(params_175b=float(row["params"]), tokens_175b=float(row["tokens"]),
              tokens_per_param_175b=float(row["tokens_per_param"]),
              tokens_per_param_min=float(t3["tokens_per_param"].min()),
              tokens_per_param_max=float(t3["tokens_per_param"].max()))


# --- K5: should GPT-3 have been 15B? -----------------------------------------------------------

@dataclass(frozen=True)
class K5:
    """How much smaller than 175B GPT-3 "should" have been under the 20-tokens rule, two ways (and Epoch's law).

    - same tokens: keep GPT-3's 300B tokens, ``N = D / k`` (300B / 20 = 15B): 11.7x smaller,
      with 11.7x less compute than GPT-3;
    - same compute: keep ``C = 6 N D = 3.15e23`` FLOP and split it at ``k``
      (:func:`llmscale.laws.rule_of_thumb_optimal`): about 51B parameters on 1.0T tokens, 3.4x smaller;
    - Epoch: the same compute at the ``besiroglu2024`` law's optimum.
    """

    tokens_per_param: float
    gpt3_params: float
    gpt3_tokens: float
    gpt3_flop: float
    same_tokens_params: float
    same_tokens_flop: float
    same_tokens_factor: float
    same_compute_params: float
    same_compute_tokens: float
    same_compute_factor: float
    epoch_params: float
    epoch_tokens: float
    epoch_factor: float


@functools.cache
def k5(tokens_per_param: float = CHINCHILLA_TOKENS_PER_PARAM) -> K5:
    """GPT-3 resized at ``tokens_per_param`` tokens per parameter (see :class:`K5`)."""
    n, d = gpt3_params_tokens()
    c = float(training_flop(n, d))
    n_same_tokens = d / tokens_per_param
    n_same_c, d_same_c = (float(x) for x in rule_of_thumb_optimal(c, tokens_per_param))
    epoch_n, epoch_d = (float(x) for x in compute_optimal(c, "besiroglu2024"))
    return K5(tokens_per_param=tokens_per_param, gpt3_params=n, gpt3_tokens=d, gpt3_flop=c,
              same_tokens_params=n_same_tokens, same_tokens_flop=float(training_flop(n_same_tokens, d)),
              same_tokens_factor=n / n_same_tokens,
              same_compute_params=n_same_c, same_compute_tokens=d_same_c, same_compute_factor=n / n_same_c,
              epoch_params=epoch_n, epoch_tokens=epoch_d, epoch_factor=n / epoch_n)


# --- K6: diminishing returns -------------------------------------------------------------------

@dataclass(frozen=True)
class K6:
    """What repeating a loss cut costs in data, from :data:`K6_FROM_TOKENS` tokens.

    ``kaplan_multiplier`` is exactly 10 by construction of a power law; ``epoch_multiplier``
    (Epoch's law, infinite N) is ``inf`` when the cut would take the loss below ``E``.
    """

    from_tokens: float
    kaplan_multiplier: float     # x data per equal (ratio) loss cut, Kaplan's L(D)
    kaplan_cut_per_10x: float    # L(10 D) / L(D) = 10^-0.095
    epoch_multiplier: float      # the same under besiroglu2024 at infinite N
    e_hoffmann: float            # nats, irreducible loss of hoffmann2022
    e_epoch: float               # nats, irreducible loss of besiroglu2024


@functools.cache
def k6() -> K6:
    """:func:`llmscale.laws.data_multiplier_for_same_gain` under Kaplan's and Epoch's laws from 10B tokens."""
    d = K6_FROM_TOKENS
    return K6(from_tokens=d, kaplan_multiplier=float(data_multiplier_for_same_gain(d)),
              kaplan_cut_per_10x=float(kaplan_loss_d(10 * d) / kaplan_loss_d(d)),
              epoch_multiplier=float(data_multiplier_for_same_gain(d, law="besiroglu2024")),
              e_hoffmann=PRESETS["hoffmann2022"].E, e_epoch=PRESETS["besiroglu2024"].E)


# --- the rows ------------------------------------------------------------------------------------

@functools.cache
def claim_rows() -> list[Claim]:
    """Claims K1-K6 of CLAIMS.md, recomputed (see the chapter ``01_kaplan_chinchilla``)."""
    r1, r2, r3, r4, r5, r6 = k1(), k2(), k3(), k4(), k5(), k6()
    return [
        Claim("K1", "Kaplan et al. 2020: loss follows power laws in N, D and C, some trends spanning more than "
              "seven orders of magnitude", "wall", claimed=7.0, recomputed=r1.widest,
              unit="orders of magnitude", sense="lower",
              assumptions=(f"Kaplan et al. Section 1.2: the power laws hold over {r1.c_min:g} orders of magnitude "
                           f"in C_min, {r1.n:g} in N and over {r1.d:g} in D; the claim is a lower bound "
                           "('more than seven'), met by the C_min trend."),
              note="The span is the paper's own statement about its fits, checked against the paper, not refitted."),
        Claim("K2", "Under Kaplan's law a 10x larger compute budget should grow the model 5.5x and the data 1.8x",
              "jonvet", claimed=5.5, recomputed=r2.n_factor, unit="x parameters per 10x compute",
              assumptions=(f"N ∝ C^0.73 and D ∝ C^0.27 (Kaplan et al. Eq. 1.7, 6.1): 10^0.73 = {r2.n_factor:.2f}x "
                           f"parameters and 10^0.27 = {r2.d_factor:.2f}x data (claimed 1.8x, ratio "
                           f"{r2.d_factor / 1.8:.3f}). Kaplan's Figure 14 rounds them to 5x and 2x."),
              note="Both factors agree within 10 %; the claim rounds 5.37 up to 5.5."),
        Claim("K3", "GPT-3: 175B parameters trained on 300B tokens, about 1.7 tokens per parameter", "jonvet",
              claimed=1.7, recomputed=r3.tokens_per_param, unit="tokens per parameter",
              assumptions=f"N = {r3.params / 1e9:g}B and D = {r3.tokens / 1e9:g}B tokens (Brown et al. 2020, Table D.1)."),
        Claim("K4", "Chinchilla: parameters and data should scale equally with compute, about 20 tokens per "
              "parameter; a 175B model should see about 3.5T tokens", "jonvet",
              claimed=CHINCHILLA_TOKENS_PER_PARAM, recomputed=r4.tokens_per_param_175b,
              unit="tokens per parameter",
              assumptions=(f"Hoffmann et al. Table 3 (Approach 1, a = b = 0.50): 175B parameters on "
                           f"{r4.tokens_175b / 1e12:.1f}T tokens, {r4.tokens_per_param_175b:.1f} tokens per "
                           f"parameter (claimed 3.5T: ratio {r4.tokens_175b / 3.5e12:.3f}); the table's rows span "
                           f"{r4.tokens_per_param_min:.1f}-{r4.tokens_per_param_max:.1f} tokens per parameter."),
              note=("Approaches 1 and 2 give about 20; the paper's rounded Approach-3 law would put far more "
                    "tokens on a 175B model (see the chapter).")),
        Claim("K5", "A model like GPT-3 should be 20x smaller, only 15B parameters", "jonvet",
              claimed=20.0, recomputed=r5.same_compute_factor, unit="x smaller than 175B",
              assumptions=(f"Same compute as GPT-3 ({r5.gpt3_flop:.3g} FLOP = 6 x 175B x 300B) split at 20 "
                           f"tokens per parameter: {r5.same_compute_params / 1e9:.0f}B parameters on "
                           f"{r5.same_compute_tokens / 1e12:.2f}T tokens, {r5.same_compute_factor:.1f}x "
                           f"smaller (Epoch's refit law: {r5.epoch_params / 1e9:.0f}B on "
                           f"{r5.epoch_tokens / 1e12:.2f}T)."),
              note=(f"The 15B is 300B tokens / 20, which keeps GPT-3's data and cuts its compute: that model is "
                    f"{r5.same_tokens_factor:.1f}x smaller, not 20x. Neither reading gives 20x.")),
        Claim("K6", "Diminishing returns are what a power law predicts: each further unit of improvement costs "
              "10x more data; loss cannot fall below the entropy of text, so curves must flatten", "jonvet",
              claimed=10.0, recomputed=r6.kaplan_multiplier, unit="x data per equal (ratio) loss cut",
              checkable=False,
              assumptions=(f"Under Kaplan's L(D) = (D_c/D)^0.095, each 10x of data cuts the loss by the same "
                           f"ratio, so repeating a cut always costs another {r6.kaplan_multiplier:.0f}x. With "
                           f"Chinchilla's floor E (Hoffmann {r6.e_hoffmann:.2f}, Epoch {r6.e_epoch:.2f} nats) it "
                           f"costs more: from {r6.from_tokens / 1e9:g}B tokens, repeating the cut the first 10x "
                           "bought takes "
                           + ("an unbounded multiple" if not np.isfinite(r6.epoch_multiplier)
                              else f"{r6.epoch_multiplier:.0f}x")
                           + " (Epoch's law, infinite N)."),
              note=("'Unit of improvement' is not defined by the claim; with a constant-ratio unit the 10x holds "
                    "by construction of a power law, so the arithmetic is consistent but not independently "
                    "testable. The flattening is real: E > 0 in every Chinchilla fit.")),
    ]
