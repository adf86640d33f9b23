"""Compute-optimal pre-training laws: Kaplan et al. (2020) and Chinchilla (Hoffmann et al. 2022).

Conventions
-----------
- ``N`` is a parameter count, ``D`` a token count, ``C`` training compute in FLOP
  with ``C = 6 N D`` (:func:`llmscale.flops.training_flop`). Losses are in nats
  per token.
- Kaplan et al. count *non-embedding* parameters and measure compute in
  PF-days (:data:`llmscale.units.PF_DAY`); the Kaplan functions here take FLOP
  and convert.
- Chinchilla's parametric law ``L(N, D) = E + A / N^alpha + B / D^beta``
  (Hoffmann et al. 2022, Eq. 2 and Section 3.3) comes in named presets
  (:data:`PRESETS`): the paper's rounded constants, its unrounded log-space
  constants, and Besiroglu et al. (2024)'s refit of the same data.
- Refitting the law (Hoffmann's Approach 3) is :mod:`llmscale.fitting`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ._checks import positive, suggest
from ._checks import scalar_or_array as _out
from .flops import training_flop
from .units import PF_DAY

# --- Chinchilla: the parametric law and its presets ------------------------------------

@dataclass(frozen=True)
class ChinchillaLaw:
    """Chinchilla's parametric loss ``L(N, D) = E + A / N^alpha + B / D^beta`` (nats/token).

    Hoffmann et al. (2022), Eq. (2) and Section 3.3 ("Approach 3"). ``E`` is the
    irreducible loss (the entropy of natural text in the model's units), ``A /
    N^alpha`` the excess loss of a finite model, ``B / D^beta`` that of finite data.
    """

    name: str
    E: float
    A: float
    B: float
    alpha: float
    beta: float
    source: str = ""
    note: str = ""

    def __post_init__(self):
        for k in ("E", "A", "B", "alpha", "beta"):
            v = getattr(self, k)
            if not (isinstance(v, (int, float)) and math.isfinite(v) and (v > 0 or (k == "E" and v >= 0))):
                raise ValueError(f"{k}={v!r}: allowed: a finite number > 0 (E >= 0)")

    # -- the law
    def loss(self, N, D):
        """``E + A / N^alpha + B / D^beta`` in nats/token; ``N`` parameters, ``D`` tokens. Vectorised."""
        n, d = positive("N", N, nonempty=True), positive("D", D, nonempty=True)
        return _out(self.E + self.A * n ** -self.alpha + self.B * d ** -self.beta)

    def loss_infinite_data(self, N):
        """``E + A / N^alpha``: the loss of ``N`` parameters trained on unlimited data (nats/token). Vectorised."""
        return _out(self.E + self.A * positive("N", N, nonempty=True) ** -self.alpha)

    def loss_infinite_params(self, D):
        """``E + B / D^beta``: the loss after ``D`` tokens with an unlimited model (nats/token). Vectorised."""
        return _out(self.E + self.B * positive("D", D, nonempty=True) ** -self.beta)

    # -- the compute-optimal frontier (Hoffmann et al. 2022, Eq. 4 and Appendix D.2)
    @property
    def a(self) -> float:
        """Exponent of ``N_opt ∝ C^a``: ``a = beta / (alpha + beta)``."""
        return self.beta / (self.alpha + self.beta)

    @property
    def b(self) -> float:
        """Exponent of ``D_opt ∝ C^b``: ``b = alpha / (alpha + beta)``."""
        return self.alpha / (self.alpha + self.beta)

    @property
    def G(self) -> float:
        """``G = (alpha A / (beta B))^(1 / (alpha + beta))`` (Hoffmann et al. 2022, Eq. 4)."""
        return (self.alpha * self.A / (self.beta * self.B)) ** (1.0 / (self.alpha + self.beta))

    def compute_optimal(self, C):
        """``(N_opt, D_opt) = (G (C/6)^a, G^-1 (C/6)^b)`` for compute ``C`` in FLOP. Vectorised."""
        c = positive("C", C, nonempty=True) / 6.0
        return _out(self.G * c ** self.a), _out(c ** self.b / self.G)

    def as_log_params(self) -> tuple[float, float, float, float, float]:
        """``(a, b, e, alpha, beta)`` with ``A = exp(a)``, ``B = exp(b)``, ``E = exp(e)`` (the fit's variables)."""
        return (math.log(self.A), math.log(self.B), math.log(self.E), self.alpha, self.beta)


#: Named presets of the Chinchilla law.
PRESETS: dict[str, ChinchillaLaw] = {
    "hoffmann2022": ChinchillaLaw(
        "hoffmann2022", E=1.69, A=406.4, B=410.7, alpha=0.34, beta=0.28,
        source="hoffmann2022chinchilla",
        note="Hoffmann et al. (2022), Section 3.3 and Eq. (10): the rounded constants printed in the paper."),
    "hoffmann2022_unrounded": ChinchillaLaw(
        "hoffmann2022_unrounded", E=math.exp(0.5267228), A=math.exp(6.0073404), B=math.exp(6.0179186),
        alpha=0.33917, beta=0.28491,
        source="hoffmann2022chinchilla",
        note="Hoffmann et al. (2022)'s fit in log form (a = 6.0073404, b = 6.0179186, e = 0.5267228, "
             "alpha = 0.33917, beta = 0.28491), as quoted by Besiroglu et al. (2024), Section 2."),
    "besiroglu2024": ChinchillaLaw(
        "besiroglu2024", E=1.8172, A=482.01, B=2085.43, alpha=0.3478, beta=0.3658,
        source="besiroglu2024chinchilla",
        note="Besiroglu et al. (2024), Eq. (3)/Table 1: refit of Hoffmann's Figure 4 data."),
}


def get_preset(name) -> ChinchillaLaw:
    """The :class:`ChinchillaLaw` called ``name`` (case-insensitive), or ``name`` itself if it is one.

    Raises ``ValueError`` naming the allowed presets, with a "did you mean" hint.
    """
    if isinstance(name, ChinchillaLaw):
        return name
    if isinstance(name, str):
        key = name.strip().lower()
        if key in PRESETS:
            return PRESETS[key]
        near = suggest(key, PRESETS, cutoff=0.4)
        hint = f" {near}" if near else ""
    else:
        hint = ""
    raise ValueError(f"preset={name!r} is unknown; allowed: {sorted(PRESETS)}.{hint}")


#: Alias of :func:`get_preset`.
preset = get_preset


def chinchilla_loss(N, D, preset="hoffmann2022"):
    """Chinchilla loss ``E + A / N^alpha + B / D^beta`` (nats/token) under a preset. Vectorised.

    Hoffmann et al. (2022), Eq. (2). ``N`` parameters, ``D`` tokens.
    """
    return get_preset(preset).loss(N, D)


def compute_optimal(C, preset="hoffmann2022"):
    """Compute-optimal ``(N_opt, D_opt)`` for ``C`` FLOP under a Chinchilla preset. Vectorised.

    Minimising ``L(N, D)`` subject to ``6 N D = C`` gives (Hoffmann et al. 2022, Eq. 4):
    ``N_opt = G (C/6)^(beta/(alpha+beta))``, ``D_opt = G^-1 (C/6)^(alpha/(alpha+beta))``,
    ``G = (alpha A / (beta B))^(1/(alpha+beta))``. Units: parameters, tokens.
    """
    return get_preset(preset).compute_optimal(C)


def tokens_per_param_optimal(C, preset="hoffmann2022"):
    """Compute-optimal tokens per parameter ``D_opt / N_opt = G^-2 (C/6)^((alpha-beta)/(alpha+beta))``. Vectorised.

    Hoffmann et al. (2022), Eq. (4). Constant (independent of ``C``) only when alpha = beta.
    """
    law = get_preset(preset)
    c = positive("C", C, nonempty=True) / 6.0
    return _out(c ** ((law.alpha - law.beta) / (law.alpha + law.beta)) / law.G ** 2)


def flop_for_tokens_per_param(k, preset="hoffmann2022"):
    """The compute ``C`` (FLOP) at which a Chinchilla law's optimum trains ``k`` tokens per parameter.

    Inverse of :func:`tokens_per_param_optimal` (Hoffmann et al. 2022, Eq. 4):
    ``C = 6 (k G^2)^((alpha+beta)/(alpha-beta))``. ``k`` in tokens per parameter. Raises
    ``ValueError`` when ``alpha == beta`` (the ratio is then the same at every budget). Vectorised.
    """
    law = get_preset(preset)
    k = positive("k", k, nonempty=True)
    if law.alpha == law.beta:
        raise ValueError(f"preset {law.name!r} has alpha == beta: its tokens per parameter do not depend on compute")
    return _out(6.0 * (k * law.G ** 2) ** ((law.alpha + law.beta) / (law.alpha - law.beta)))


def optimal_loss(C, preset="hoffmann2022"):
    """Loss on the compute-optimal frontier ``L(N_opt(C), D_opt(C))`` in nats/token. Vectorised."""
    law = get_preset(preset)
    n, d = law.compute_optimal(C)
    return law.loss(n, d)


def isoflop_loss(N, C, preset="hoffmann2022"):
    """Loss of a model of ``N`` parameters trained with ``C`` FLOP, ``D = C / (6 N)`` tokens. Vectorised.

    One isoFLOP slice (Hoffmann et al. 2022, Approach 2, Figure 3) of the parametric law.
    """
    n, c = positive("N", N, nonempty=True), positive("C", C, nonempty=True)
    return get_preset(preset).loss(n, c / (6.0 * n))


def flop_for_params(N, preset="hoffmann2022"):
    """The compute ``C`` (FLOP) for which ``N`` parameters are compute-optimal; inverse of :func:`compute_optimal`.

    ``C = 6 (N / G)^(1/a)``, ``a = beta / (alpha + beta)``. Vectorised.
    """
    law = get_preset(preset)
    n = positive("N", N, nonempty=True)
    return _out(6.0 * (n / law.G) ** (1.0 / law.a))


def tokens_for_params(N, preset="hoffmann2022"):
    """Compute-optimal training tokens for a model of ``N`` parameters: ``D = C / (6 N)``, ``C`` from :func:`flop_for_params`."""
    n = positive("N", N, nonempty=True)
    return _out(np.asarray(flop_for_params(n, preset)) / (6.0 * n))


# --- Kaplan et al. (2020) ----------------------------------------------------------------

#: Kaplan et al. (2020), Eq. (1.1)-(1.3) and Table 5: single-variable laws ``L(X) = (X_c / X)^alpha_X``.
#: N is non-embedding parameters, D tokens, C_min PF-days.
KAPLAN_ALPHA_N, KAPLAN_N_C = 0.076, 8.8e13
KAPLAN_ALPHA_D, KAPLAN_D_C = 0.095, 5.4e13
KAPLAN_ALPHA_CMIN, KAPLAN_CMIN_C_PF_DAYS = 0.050, 3.1e8
#: Kaplan et al. (2020), Table 2: the joint fit of Eq. (1.5) (its own constants; do not mix with Table 5).
KAPLAN_ND = {"alpha_N": 0.076, "alpha_D": 0.103, "N_c": 6.4e13, "D_c": 1.8e13}
#: Kaplan et al. (2020), Section 1.1 and Eq. (1.7)/(6.1): compute-efficient allocation, N ∝ C^0.73
#: and D ∝ C^0.27 (B ∝ C^0.24, S ∝ C^0.03).
KAPLAN_N_EXPONENT, KAPLAN_D_EXPONENT = 0.73, 0.27
#: Kaplan et al. (2020), Section 1.2: "These relations hold across eight orders of magnitude in C_min,
#: six orders of magnitude in N, and over two orders of magnitude in D."
KAPLAN_TREND_SPAN_ORDERS = {"C_min": 8.0, "N": 6.0, "D": 2.0}


def kaplan_loss_n(N):
    """Kaplan's ``L(N) = (N_c / N)^alpha_N``, ``alpha_N = 0.076``, ``N_c = 8.8e13`` (Eq. 1.1). nats/token.

    ``N`` counts non-embedding parameters (:func:`llmscale.flops.non_embedding_params`). Vectorised.
    """
    return _out((KAPLAN_N_C / positive("N", N, nonempty=True)) ** KAPLAN_ALPHA_N)


def kaplan_loss_d(D):
    """Kaplan's ``L(D) = (D_c / D)^alpha_D``, ``alpha_D = 0.095``, ``D_c = 5.4e13`` tokens (Eq. 1.2). Vectorised."""
    return _out((KAPLAN_D_C / positive("D", D, nonempty=True)) ** KAPLAN_ALPHA_D)


def kaplan_loss_c(C_flop):
    """Kaplan's ``L(C_min) = (C_c / C_min)^0.050``, ``C_c = 3.1e8`` PF-days (Eq. 1.3); input in FLOP. Vectorised."""
    c = positive("C_flop", C_flop, nonempty=True) / PF_DAY
    return _out((KAPLAN_CMIN_C_PF_DAYS / c) ** KAPLAN_ALPHA_CMIN)


def kaplan_loss_nd(N, D):
    """Kaplan's joint ``L(N, D) = [(N_c/N)^(alpha_N/alpha_D) + D_c/D]^alpha_D`` (Eq. 1.5, Table 2 fit).

    ``alpha_N = 0.076``, ``alpha_D = 0.103``, ``N_c = 6.4e13``, ``D_c = 1.8e13``. N non-embedding
    parameters, D tokens, loss in nats/token. Vectorised.
    """
    n, d = positive("N", N, nonempty=True), positive("D", D, nonempty=True)
    k = KAPLAN_ND
    return _out(((k["N_c"] / n) ** (k["alpha_N"] / k["alpha_D"]) + k["D_c"] / d) ** k["alpha_D"])


def kaplan_isoflop_loss(N, C):
    """Kaplan's joint law on an isoFLOP slice: :func:`kaplan_loss_nd` at ``D = C / (6 N)`` tokens. Vectorised.

    Kaplan et al. (2020), Eq. (1.5) with ``C = 6 N D`` (Sec. 2.1). ``N`` non-embedding parameters,
    ``C`` FLOP, loss in nats/token.
    """
    n, c = positive("N", N, nonempty=True), positive("C", C, nonempty=True)
    return kaplan_loss_nd(n, c / (6.0 * n))


def kaplan_allocation(compute_ratio):
    """Kaplan's compute-efficient growth factors ``(N factor, D factor) = (r^0.73, r^0.27)`` for a compute ratio ``r``.

    Kaplan et al. (2020), Eq. (1.7) and (6.1): ``N ∝ C^0.73``, ``D ∝ C^0.27``. For ``r = 10``:
    5.37x parameters and 1.86x data. Vectorised.
    """
    r = positive("compute_ratio", compute_ratio, nonempty=True)
    return _out(r ** KAPLAN_N_EXPONENT), _out(r ** KAPLAN_D_EXPONENT)


#: Kaplan et al. (2020), Figure 14 (left) and Appendix A, Table 6: ``N_opt = N_e · C_min^p_N`` with
#: ``N_e = 1.3e9`` non-embedding parameters, ``p_N = 0.73``, ``C_min`` in PF-days.
KAPLAN_N_OPT_SCALE = 1.3e9


def kaplan_optimal_params(C_flop):
    """Kaplan's compute-efficient model size ``N_opt = 1.3e9 · (C_min / 1 PF-day)^0.73`` (non-embedding parameters).

    Kaplan et al. (2020), Section 6.1, Eq. (6.1) (``N ∝ C_min^0.73``) with the scale of the fit in
    Figure 14 (left) and Appendix A, Table 6 (``N_e = 1.3e9`` params, ``p_N = 0.73``). ``C_min``
    is the compute that would reach the same loss far below the critical batch size, in PF-days
    (1 PF-day = :data:`llmscale.units.PF_DAY` = 8.64e19 FLOP); the input here is in FLOP and is
    read as ``C_min``. The fit spans 1e-7 to 1e-1 PF-day (about 1e13 to 1e19 FLOP): above that
    it is an extrapolation. At 1e24 FLOP it gives 1.2e12 parameters. Vectorised.
    """
    c = positive("C_flop", C_flop, nonempty=True) / PF_DAY
    return _out(KAPLAN_N_OPT_SCALE * c ** KAPLAN_N_EXPONENT)


def chinchilla_allocation(compute_ratio, preset="hoffmann2022"):
    """Chinchilla's growth factors ``(r^a, r^b)``, ``a = beta/(alpha+beta)``, ``b = 1 - a``, for a compute ratio ``r``."""
    law = get_preset(preset)
    r = positive("compute_ratio", compute_ratio, nonempty=True)
    return _out(r ** law.a), _out(r ** law.b)


def kaplan_trend_span_orders() -> dict[str, float]:
    """Orders of magnitude spanned by Kaplan et al.'s trends (Section 1.2): C_min 8, N 6, D 2."""
    return dict(KAPLAN_TREND_SPAN_ORDERS)


def data_multiplier_for_same_gain(D, factor=10.0, law=None):
    """How much more data buys a second loss cut as large (as a ratio) as the one ``factor`` x more data just bought.

    With ``L(D)`` Kaplan's ``(D_c/D)^alpha_D`` (``law=None``) a power law makes every 10x buy the
    same ratio, so the answer is exactly ``factor``. With a Chinchilla law at infinite model size,
    ``L(D) = E + B / D^beta``, the floor ``E`` makes the answer grow, and it is ``inf`` once the
    cut would take the loss below ``E``. Units: a multiplier on ``D`` (tokens). Vectorised over ``D``.
    """
    d = positive("D", D, nonempty=True)
    f = float(positive("factor", factor, nonempty=True))
    if law is None:
        l0, l1 = np.asarray(kaplan_loss_d(d)), np.asarray(kaplan_loss_d(d * f))
        target = l1 * (l1 / l0)
        return _out(KAPLAN_D_C * target ** (-1.0 / KAPLAN_ALPHA_D) / (d * f))   # invert L(D) = (D_c/D)^alpha_D
    law = get_preset(law)
    l0, l1 = np.asarray(law.loss_infinite_params(d)), np.asarray(law.loss_infinite_params(d * f))
    excess = l1 * (l1 / l0) - law.E
    with np.errstate(divide="ignore", invalid="ignore"):
        d2 = np.where(excess > 0, (law.B / np.where(excess > 0, excess, 1.0)) ** (1.0 / law.beta), np.inf)
    return _out(d2 / (d * f))


# --- the 20-tokens-per-parameter rule ----------------------------------------------------

#: Hoffmann et al. (2022)'s rule of thumb read off Table 3 (Approach 1): about 20 tokens per parameter.
CHINCHILLA_TOKENS_PER_PARAM = 20.0


def rule_of_thumb_optimal(C, tokens_per_param: float = CHINCHILLA_TOKENS_PER_PARAM):
    """Compute-optimal ``(N, D)`` at a fixed tokens-per-parameter ratio ``k``: ``N = sqrt(C / (6 k))``, ``D = k N``.

    From ``C = 6 N D`` (Kaplan et al. 2020, Sec. 2.1) and ``D = k N``. Units: parameters, tokens. Vectorised.
    """
    c = positive("C", C, nonempty=True)
    k = positive("tokens_per_param", tokens_per_param, nonempty=True)
    n = np.sqrt(c / (6.0 * k))
    return _out(n), _out(k * n)


# --- Hoffmann et al.'s tables as data ------------------------------------------------------

def hoffmann_table3():
    """Hoffmann et al. (2022) Table 3 (Approach 1 projections) from ``data/chinchilla_table3.csv``.

    Adds ``six_nd_flop = 6 N D`` (:func:`llmscale.flops.training_flop`), ``tokens_per_param``
    and ``gopher_units_recomputed = flop / flop(67B row)``.
    """
    from . import catalog

    t = catalog.table("chinchilla_table3")
    t["six_nd_flop"] = training_flop(t["params"].to_numpy(), t["tokens"].to_numpy())
    t["tokens_per_param"] = t["tokens"] / t["params"]
    gopher = float(t.loc[t["params"] == 67e9, "flop"].iloc[0])
    t["gopher_units_recomputed"] = t["flop"] / gopher
    return t


def hoffmann_table2():
    """Hoffmann et al. (2022) Table 2 (exponents a, b of N_opt ∝ C^a, D_opt ∝ C^b, with 10th/90th percentiles)."""
    from . import catalog

    return catalog.table("chinchilla_exponents")


def table3_vs_law(preset="hoffmann2022"):
    """Table 3's rows next to what a Chinchilla law's closed form gives for the same model sizes.

    Columns: ``params``, ``tokens`` (Table 3), ``law_tokens`` (:func:`tokens_for_params`),
    ``law_flop`` (:func:`flop_for_params`), and ``tokens_ratio = law_tokens / tokens``.
    """
    t = hoffmann_table3()
    n = t["params"].to_numpy()
    out = t[["name", "params", "flop", "tokens"]].copy()
    out["law_flop"] = flop_for_params(n, preset)
    out["law_tokens"] = tokens_for_params(n, preset)
    out["tokens_ratio"] = out["law_tokens"] / out["tokens"]
    return out
