"""Chapter 01 (Kaplan and Chinchilla): every number, table and curve the notebook shows.

Everything here is a function of the validated parameters ``P`` (``params.setup("01", ...)``):
``compute_flop``, ``preset``, ``n_bootstrap``, ``seed``, ``synthetic_noise``, ``points_csv``.
:func:`numbers` returns every glued value (name without the ``c01_`` prefix -> text); the
other functions return the tables the chapter displays and the arrays its figures plot. The
formulas are :mod:`llmscale.laws` and :mod:`llmscale.fitting`; the claims K1-K7 are
:mod:`llmscale.claims.ch01`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import fitting, laws, units
from ..claims import ch01 as claims01
from ..flops import tokens_per_param

#: Compute budgets (FLOP) of the isoFLOP figure.
ISOFLOP_BUDGETS = (1e19, 1e20, 1e21, 1e22, 1e23, 1e24)
#: Data sizes (tokens) of the diminishing-returns table: 1B to 100T, one per decade.
DECADES_TOKENS = tuple(10.0 ** np.arange(9, 15))
#: The span of compute (FLOP) over which the tokens-per-parameter ranges are compared.
TPP_SPAN_FLOP = (1e20, 1e27)
#: The tokens-per-parameter ranges quoted for the Approach-3 dispute (rounded Hoffmann, Epoch's refit).
QUOTED_TPP = {"hoffmann2022": (60.0, 140.0), "besiroglu2024": (16.0, 25.0)}
#: Sample sizes (training runs) of the parameter-recovery experiment.
RECOVERY_RUNS = (60, 120, 240, 480)
#: The five fitted constants, in the order the tables show them.
CONSTANTS = ("E", "A", "B", "alpha", "beta")


def fmt_count(x) -> str:
    """A count with a word suffix, 3 significant digits (``'3.7T'``)."""
    return units.format_count(x, 3)


def law(P) -> laws.ChinchillaLaw:
    """The selected Chinchilla law (parameter ``preset``)."""
    return laws.get_preset(P["preset"])


# --- the glued numbers ------------------------------------------------------------------------

def numbers(P) -> dict[str, str]:
    """Every glued value of the chapter, formatted as the prose shows it (keys without ``c01_``)."""
    L = law(P)
    k1, k2, k3, k4, k5, k6 = (claims01.k1(), claims01.k2(), claims01.k3(), claims01.k4(), claims01.k5(),
                              claims01.k6())
    mult = float(laws.data_multiplier_for_same_gain(k6.from_tokens, law=L))
    out = {
        "preset": L.name,
        "noise": f"{P['synthetic_noise'] * 100:g} %",
        "span_c": f"{k1.c_min:g}", "span_n": f"{k1.n:g}", "span_d": f"{k1.d:g}",
        "k6_factor": f"{k6.kaplan_cut_per_10x:.3f}",
        "k6_mult": ("more than any amount of data (the loss would have to fall below E)" if not np.isfinite(mult)
                    else f"{mult:,.0f}× more data"),
        "k2_n": f"{k2.n_factor:.2f}", "k2_d": f"{k2.d_factor:.2f}",
        "t3_175_tokens": fmt_count(k4.tokens_175b),
        "t3_tpp_range": f"{k4.tokens_per_param_min:.0f} to {k4.tokens_per_param_max:.1f}",
        "gpt3_tpp": f"{k3.tokens_per_param:.2f}",
        "k5_same_tokens_factor": f"{k5.same_tokens_factor:.1f}",
        "k5_n": fmt_count(k5.same_compute_params),
        "k5_d": fmt_count(k5.same_compute_tokens),
        "k5_factor": f"{k5.same_compute_factor:.1f}",
        "budget": units.format_flop(P["compute_flop"], 3),
    }
    out.update(_table3_numbers())
    out.update(_quoted_numbers())
    out.update(runs_needed_words(P))
    out["true_a"] = f"{L.a:.3f}"
    out.update(_claim_numbers())
    return out


@functools.cache
def _claim_numbers() -> dict[str, str]:
    """The verdicts (``v_k1`` ...) and the readings of K1, K2, K4, K5, K6, K7 the prose quotes."""
    from ..claims.ledger import verdict_glue

    out = dict(verdict_glue("01"))
    k2b, l4, k7, k6 = claims01.k2(claims01.K2_LITERAL_RATIO), claims01.k4_laws(), claims01.k7(), claims01.k6()
    out.update({
        "k2_n_11": f"{k2b.n_factor:.2f}", "k2_d_11": f"{k2b.d_factor:.2f}",
        "a_printed": f"{l4.a_preset['hoffmann2022']:.3f}", "a_epoch": f"{l4.a_preset['besiroglu2024']:.3f}",
        "a3": f"{l4.a_table2['Approach 3'][0]:.2f}",
        "a3_ci": f"{l4.a_table2['Approach 3'][1]:.3f}-{l4.a_table2['Approach 3'][2]:.3f}",
        "tpp_175_hoff": f"{l4.tokens_per_param_175b_law('hoffmann2022'):.0f}",
        "tpp_175_epoch": f"{l4.tokens_per_param_175b_law('besiroglu2024'):.1f}",
        "k4d_ratio": f"{claims01.k4().tokens_per_param_175b / claims01.k3().tokens_per_param:.1f}",
        "k6_abs_mult": f"{claims01.kaplan_multiplier_same_absolute_cut(k6.from_tokens):.0f}",
        "kaplan_date": k7.kaplan_date, "gpt3_date": k7.gpt3_paper_date, "api_date": k7.api_date,
        "k7_paper_months": f"{k7.months_to_paper:.1f}", "k7_api_months": f"{k7.months_to_api:.1f}",
    })
    return out


# --- the two laws ------------------------------------------------------------------------------

def preset_table(P) -> pd.DataFrame:
    """The Chinchilla presets with their constants and frontier exponents; the selected one marked."""
    name = law(P).name
    return pd.DataFrame([{
        "preset": k + (" ◀ selected" if k == name else ""),
        "E (nats)": f"{v.E:.4f}", "A": f"{v.A:.1f}", "B": f"{v.B:.1f}", "α": f"{v.alpha:.4f}", "β": f"{v.beta:.4f}",
        "a = β/(α+β)": f"{v.a:.3f}", "b = α/(α+β)": f"{v.b:.3f}", "G": f"{v.G:.3f}", "source": v.source,
    } for k, v in laws.PRESETS.items()])


def loss_curves(P) -> dict[str, np.ndarray]:
    """Kaplan's single-variable laws and the selected Chinchilla law against N, D and C (first figure).

    Keys: ``n``, ``kaplan_n``, ``chinchilla_n`` (E + A/N^alpha); ``d``, ``kaplan_d``, ``chinchilla_d``
    (E + B/D^beta); ``c`` (FLOP), ``kaplan_c``, ``chinchilla_c`` (on the compute-optimal frontier).
    """
    L = law(P)
    n, d, c = np.logspace(6, 13, 200), np.logspace(8, 14, 200), np.logspace(17, 28, 200)
    return {"n": n, "kaplan_n": laws.kaplan_loss_n(n), "chinchilla_n": L.loss_infinite_data(n),
            "d": d, "kaplan_d": laws.kaplan_loss_d(d), "chinchilla_d": L.loss_infinite_params(d),
            "c": c, "kaplan_c": laws.kaplan_loss_c(c), "chinchilla_c": laws.optimal_loss(c, L)}


def isoflop_curves(P) -> list[dict]:
    """One isoFLOP slice per budget of :data:`ISOFLOP_BUDGETS`, for the selected law and Kaplan's Eq. 1.5.

    Each entry: ``flop``, ``n`` (around the optimum), ``loss``, ``n_opt``, ``loss_opt``, ``n_kaplan``,
    ``loss_kaplan``.
    """
    L = law(P)
    out = []
    for cb in ISOFLOP_BUDGETS:
        n_opt, _ = laws.compute_optimal(cb, L)
        n = n_opt * np.logspace(-1.5, 1.5, 200)
        nk = np.logspace(6, 12.5, 200)
        out.append({"flop": cb, "n": n, "loss": laws.isoflop_loss(n, cb, L), "n_opt": n_opt,
                    "loss_opt": laws.isoflop_loss(n_opt, cb, L), "n_kaplan": nk,
                    "loss_kaplan": laws.kaplan_isoflop_loss(nk, cb)})
    return out


# --- K1, K6: diminishing returns -------------------------------------------------------------

def diminishing_table(P) -> pd.DataFrame:
    """Kaplan's L(D) and the selected law's E + B/D^beta per decade of data, with the cut each 10x buys."""
    L = law(P)
    decades = np.array(DECADES_TOKENS)
    kap = laws.kaplan_loss_d(decades)
    chin = L.loss_infinite_params(decades)
    return pd.DataFrame({
        "tokens D": [fmt_count(x) for x in decades],
        "Kaplan L(D)": [f"{x:.3f}" for x in kap],
        "Kaplan: cut from previous 10×": ["—"] + [f"{(1 - r) * 100:.1f} %" for r in kap[1:] / kap[:-1]],
        f"Chinchilla E + B/D^β ({L.name})": [f"{x:.3f}" for x in chin],
        "Chinchilla: cut from previous 10×": ["—"] + [f"{(1 - r) * 100:.1f} %" for r in chin[1:] / chin[:-1]],
        "Chinchilla: above E": [f"{x - L.E:.3f}" for x in chin],
    })


# --- K2: allocation ----------------------------------------------------------------------------

def allocation_table() -> pd.DataFrame:
    """How each law splits 10x more compute: Kaplan, the Chinchilla presets, Hoffmann's Table 2 approaches."""
    k2 = claims01.k2()
    r = k2.compute_ratio
    rows = [{"law": "Kaplan et al. (2020)", "N ∝ C^a": f"{laws.KAPLAN_N_EXPONENT:.2f}",
             "params ×": f"{k2.n_factor:.2f}", "tokens ×": f"{k2.d_factor:.2f}"}]
    for k, v in laws.PRESETS.items():
        fn, fd = laws.chinchilla_allocation(r, v)
        rows.append({"law": f"Chinchilla law '{k}'", "N ∝ C^a": f"{v.a:.3f}", "params ×": f"{fn:.2f}",
                     "tokens ×": f"{fd:.2f}"})
    for _, t in laws.hoffmann_table2().iterrows():
        if t["name"].startswith("Approach"):
            rows.append({"law": f"Hoffmann Table 2, {t['name']}", "N ∝ C^a": f"{t['a']:.2f}",
                         "params ×": f"{r ** t['a']:.2f}", "tokens ×": f"{r ** t['b']:.2f}"})
    return pd.DataFrame(rows)


# --- K3, K4: Table 3 ---------------------------------------------------------------------------

def table3_view() -> pd.DataFrame:
    """Hoffmann et al.'s Table 3 with 6ND, the recomputed Gopher units and tokens per parameter."""
    t3 = laws.hoffmann_table3()
    return pd.DataFrame({
        "params": t3["name"],
        "FLOPs (Table 3)": t3["flop"].map(lambda x: f"{x:.2e}"),
        "6ND": t3["six_nd_flop"].map(lambda x: f"{x:.2e}"),
        "Gopher units (Table 3)": t3["flop_gopher_units"].map(lambda x: f"{x:.3g}"),
        "Gopher units (recomputed)": t3["gopher_units_recomputed"].map(lambda x: f"{x:.3g}"),
        "tokens (Table 3)": t3["tokens"].map(fmt_count),
        "tokens/param": t3["tokens_per_param"].map(lambda x: f"{x:.1f}"),
    })


@functools.cache
def _table3_vs_laws() -> dict[str, pd.DataFrame]:
    return {k: laws.table3_vs_law(k) for k in laws.PRESETS}


def table3_law_comparison() -> pd.DataFrame:
    """Table 3's tokens next to each law's closed form for the same model sizes (ratios to Table 3)."""
    t3 = laws.hoffmann_table3()
    t3law = _table3_vs_laws()
    cmp = pd.DataFrame({"params": t3["name"], "tokens, Table 3": t3["tokens"].map(fmt_count),
                        "tokens, printed law": t3law["hoffmann2022"]["law_tokens"].map(fmt_count).to_numpy()})
    for k, v in t3law.items():
        cmp[f"× Table 3, '{k}'"] = v["tokens_ratio"].map(lambda x: f"{x:.2f}").to_numpy()
    return cmp


def _table3_numbers() -> dict[str, str]:
    t3law = _table3_vs_laws()

    def ratio_span(k):
        r = t3law[k].set_index("name")["tokens_ratio"]
        return f"{r.min():.2f}× ({r.idxmin()}) to {r.max():.2f}× ({r.idxmax()})"

    far = t3law["hoffmann2022"].set_index("name").loc["175B"]
    near = t3law["besiroglu2024"].set_index("name").loc["175B"]
    hoff, unr = t3law["hoffmann2022"]["tokens_ratio"], t3law["hoffmann2022_unrounded"]["tokens_ratio"]
    return {
        "hoff_175": fmt_count(far["law_tokens"]),
        "hoff_175_ratio": f"{far['tokens_ratio']:.1f}",
        "epoch_175": fmt_count(near["law_tokens"]),
        "t3_ratio_hoff": f"{hoff.min():.1f} to {hoff.max():.1f}",
        "t3_span_hoff": ratio_span("hoffmann2022"),
        "t3_span_unr": ratio_span("hoffmann2022_unrounded"),
        "t3_span_epoch": ratio_span("besiroglu2024"),
        "t3_round_factor": f"{(hoff / unr).max():.1f}",
    }


# --- K5 and the budget of this page ---------------------------------------------------------------

def k5_table() -> pd.DataFrame:
    """GPT-3 as trained and resized three ways (:func:`llmscale.claims.ch01.k5`)."""
    s = claims01.k5()
    flop = units.format_flop(s.gpt3_flop, 3)
    return pd.DataFrame([
        {"reading": "GPT-3 as trained", "parameters": fmt_count(s.gpt3_params), "tokens": fmt_count(s.gpt3_tokens),
         "compute (FLOP)": flop, "times smaller than 175B": "1"},
        {"reading": f"keep GPT-3's {fmt_count(s.gpt3_tokens)} tokens, {s.tokens_per_param:g} tokens/param",
         "parameters": fmt_count(s.same_tokens_params), "tokens": fmt_count(s.gpt3_tokens),
         "compute (FLOP)": units.format_flop(s.same_tokens_flop, 3),
         "times smaller than 175B": f"{s.same_tokens_factor:.1f}"},
        {"reading": f"keep GPT-3's compute, {s.tokens_per_param:g} tokens/param",
         "parameters": fmt_count(s.same_compute_params), "tokens": fmt_count(s.same_compute_tokens),
         "compute (FLOP)": flop, "times smaller than 175B": f"{s.same_compute_factor:.1f}"},
        {"reading": "keep GPT-3's compute, Epoch's refit law", "parameters": fmt_count(s.epoch_params),
         "tokens": fmt_count(s.epoch_tokens), "compute (FLOP)": flop,
         "times smaller than 175B": f"{s.epoch_factor:.1f}"},
    ])


def budget_table(P) -> pd.DataFrame:
    """How the 20-tokens rule and each preset split ``compute_flop``, with the selected law's loss."""
    L, c = law(P), P["compute_flop"]
    k = laws.CHINCHILLA_TOKENS_PER_PARAM
    nr, dr = laws.rule_of_thumb_optimal(c, k)
    rows = [{"law": f"{k:g} tokens per parameter", "N_opt": fmt_count(nr), "D_opt": fmt_count(dr),
             "tokens/param": f"{k:.1f}", "loss (selected law)": f"{L.loss(nr, dr):.3f}"}]
    for name, v in laws.PRESETS.items():
        nn, dd = laws.compute_optimal(c, v)
        rows.append({"law": f"Chinchilla '{name}'", "N_opt": fmt_count(nn), "D_opt": fmt_count(dd),
                     "tokens/param": f"{tokens_per_param(dd, nn):.1f}", "loss (selected law)": f"{L.loss(nn, dd):.3f}"})
    return pd.DataFrame(rows)


# --- the Approach-3 controversy -----------------------------------------------------------------

def tpp_curves(P) -> dict:
    """Compute-optimal tokens per parameter of each preset over 1e20-1e27 FLOP (the dispute figure).

    Keys: ``c`` (FLOP), ``curves`` (preset -> D/N), ``selected`` (preset name), ``table3_flop`` and
    ``table3_tpp`` (Table 3's points), ``rule`` (20), ``quoted`` (:data:`QUOTED_TPP`).
    """
    c = np.logspace(20, 27, 200)
    t3 = laws.hoffmann_table3()
    return {"c": c, "curves": {k: laws.tokens_per_param_optimal(c, v) for k, v in laws.PRESETS.items()},
            "selected": law(P).name, "table3_flop": t3["flop"].to_numpy(),
            "table3_tpp": t3["tokens_per_param"].to_numpy(), "rule": laws.CHINCHILLA_TOKENS_PER_PARAM,
            "quoted": dict(QUOTED_TPP)}


@functools.cache
def _quoted():
    span = np.array(TPP_SPAN_FLOP)
    tpp = {k: laws.tokens_per_param_optimal(span, k) for k in laws.PRESETS}
    window = {k: np.sort(laws.flop_for_tokens_per_param(np.array(q), k)) for k, q in QUOTED_TPP.items()}
    return tpp, window


def quoted_ranges_table() -> pd.DataFrame:
    """Each preset's tokens per parameter at 1e20 and 1e27 FLOP, against the quoted ranges."""
    tpp, window = _quoted()
    return pd.DataFrame([{
        "law": k,
        "at 1e20 FLOP": f"{tpp[k][0]:.1f}", "at 1e27 FLOP": f"{tpp[k][1]:.1f}",
        "with more compute": "rises" if v.alpha > v.beta else "falls",
        "quoted range": f"about {QUOTED_TPP[k][0]:.0f}-{QUOTED_TPP[k][1]:.0f}" if k in QUOTED_TPP else "—",
        "law inside the quoted range for C in": (f"{units.format_flop(window[k][0], 2)} to "
                                                 f"{units.format_flop(window[k][1], 2)}" if k in QUOTED_TPP else "—"),
    } for k, v in laws.PRESETS.items()])


def _quoted_numbers() -> dict[str, str]:
    tpp, window = _quoted()
    hw, ew = window["hoffmann2022"], window["besiroglu2024"]
    t3 = laws.hoffmann_table3()
    in_win = t3[(t3["flop"] >= hw[0]) & (t3["flop"] <= hw[1])]["name"]
    return {
        "tpp_hoff": f"{tpp['hoffmann2022'][0]:.0f} to {tpp['hoffmann2022'][1]:.0f}",
        "tpp_hoff_unr": f"{tpp['hoffmann2022_unrounded'][0]:.0f} to {tpp['hoffmann2022_unrounded'][1]:.0f}",
        "tpp_epoch": f"{tpp['besiroglu2024'][0]:.0f} to {tpp['besiroglu2024'][1]:.0f}",
        "tpp_epoch_1e27": f"{tpp['besiroglu2024'][1]:.1f}",
        "q_hoff_lo": units.format_flop(hw[0], 2),
        "q_hoff_hi": units.format_flop(hw[1], 2),
        "q_hoff_dex": f"{np.log10(hw[1] / hw[0]):.1f}",
        "q_hoff_rows": f"{in_win.iloc[0]} to {in_win.iloc[-1]}",
        "q_epoch_lo": units.format_flop(ew[0], 2),
        "q_epoch_hi": units.format_flop(ew[1], 2),
    }


def besiroglu_table() -> pd.DataFrame:
    """Hoffmann's procedure rerun by Besiroglu et al. (2024) next to Hoffmann's printed constants."""
    ref, hoff = fitting.BESIROGLU_HUBER_FIT, laws.PRESETS["hoffmann2022"]
    return pd.DataFrame([{"": "Hoffmann's procedure on Epoch's points (Besiroglu et al. 2024)",
                          **{k: f"{ref[k]:.4g}" for k in CONSTANTS}},
                         {"": "Hoffmann et al. (2022), printed", **{k: f"{getattr(hoff, k):.4g}" for k in CONSTANTS}}])


@dataclass(frozen=True)
class Refit:
    """The optional refit of ``points_csv``: a one-line summary and the table of constants."""

    summary: str
    table: pd.DataFrame


def refit(P) -> Refit | None:
    """Refit ``points_csv`` by Approach 3 (4,500 starts) and bootstrap it ``n_bootstrap`` times; None if not given.

    Epoch's extraction (columns ``Model Size``, ...) has its five highest-loss points dropped, as
    Besiroglu et al. did.
    """
    path = P["points_csv"]
    if not path:
        return None
    drop = 5 if "Model Size" in pd.read_csv(path, nrows=0).columns else 0
    N, D, L = fitting.load_points(path, drop_highest_loss=drop)
    fit = fitting.fit_approach3(N, D, L)
    boot = fitting.bootstrap_approach3(N, D, L, n_resamples=P["n_bootstrap"], seed=P["seed"], start=fit)
    ci = fitting.bootstrap_interval(boot, (0.1, 0.9))
    lo, hi = laws.tokens_per_param_optimal(np.array(TPP_SPAN_FLOP), fit.law())
    table = pd.DataFrame([{"parameter": k, "fit": f"{getattr(fit, k):.4g}",
                           "10-90 % bootstrap": f"({ci[k][0]:.4g}, {ci[k][1]:.4g})"} for k in CONSTANTS])
    summary = (f"{len(N)} runs ({drop} highest-loss dropped); objective {fit.objective:.6g}; "
               f"{fit.n_converged} of {fit.n_starts} starts converged; "
               f"tokens per parameter at 1e20 / 1e27 FLOP: {lo:.1f} / {hi:.1f}")
    return Refit(summary=summary, table=table)


# --- how many runs Hoffmann's intervals need ---------------------------------------------------

@functools.cache
def _recovery(preset: str, noise: float, n_bootstrap: int, seed: int) -> pd.DataFrame:
    return fitting.parameter_recovery(laws.get_preset(preset), n_runs=RECOVERY_RUNS, noise=noise,
                                      n_bootstrap=n_bootstrap, seed=seed)


def recovery(P) -> pd.DataFrame:
    """:func:`llmscale.fitting.parameter_recovery` of the selected law at :data:`RECOVERY_RUNS` (cached; a copy)."""
    return _recovery(law(P).name, float(P["synthetic_noise"]), int(P["n_bootstrap"]), int(P["seed"])).copy()


def recovery_runs_needed(P) -> float:
    """Runs for an interval of ``a`` as narrow as Hoffmann's Table 2 reports (0.001), by 1/sqrt(n).

    0 when some measured width is zero (noise-free runs are fitted exactly, so no run count is
    too small): the 1/sqrt(n) extrapolation needs positive widths.
    """
    rec = recovery(P)
    if not (rec["a_width"] > 0).all():
        return 0.0
    return float(fitting.runs_for_target_width(rec["n_runs"], rec["a_width"], fitting.HOFFMANN_A3_INTERVAL_WIDTH))


#: Hoffmann et al. trained "over 400" runs.
HOFFMANN_RUNS = 400


def runs_needed_words(P) -> dict[str, str]:
    """``runs_needed`` (a count, or "fewer than 60") and ``runs_conclusion`` (whether a few hundred runs suffice)."""
    n_needed, n_min = recovery_runs_needed(P), int(min(RECOVERY_RUNS))
    if n_needed < n_min:
        count = f"fewer than {n_min}"
    else:
        count = fmt_count(n_needed)
    if n_needed > HOFFMANN_RUNS:
        concl = (f"at this noise the reported interval is not what a few hundred runs can deliver "
                 f"({count} runs against Hoffmann's \"over {HOFFMANN_RUNS}\")")
    else:
        concl = (f"at this noise ({P['synthetic_noise'] * 100:g} %) {count} runs would do, fewer than Hoffmann's "
                 f"\"over {HOFFMANN_RUNS}\": the interval is only implausible with realistic noise")
    return {"runs_needed": count, "runs_conclusion": concl}


def recovery_curve(P) -> dict:
    """The recovery figure: measured widths, the 1/sqrt(n) extrapolation and the target.

    Keys: ``n_runs``, ``a_width``, ``alpha_width``, ``n_line``, ``width_line``, ``target``, ``n_needed``.
    With zero widths (no noise) there is no extrapolation: ``width_line`` is NaN and
    ``n_needed`` the smallest sample.
    """
    rec = recovery(P)
    n_min, n_max = float(rec["n_runs"].min()), float(rec["n_runs"].max())
    n_needed = max(recovery_runs_needed(P), n_min)
    n_line = np.logspace(np.log10(n_min), np.log10(max(n_needed, n_max)) + 0.3, 50)
    ok = bool((rec["a_width"] > 0).all())
    width_line = (fitting.extrapolated_width(n_line, rec["n_runs"], rec["a_width"]) if ok
                  else np.full_like(n_line, np.nan))
    return {"n_runs": rec["n_runs"].to_numpy(), "a_width": rec["a_width"].to_numpy(),
            "alpha_width": rec["alpha_width"].to_numpy(), "n_line": n_line, "width_line": width_line,
            "target": fitting.HOFFMANN_A3_INTERVAL_WIDTH, "n_needed": n_needed}


def recovery_table(P) -> pd.DataFrame:
    """The recovery experiment's fits and 10-90 % intervals, against the true constants."""
    L, rec = law(P), recovery(P)
    return pd.DataFrame({
        "runs": rec["n_runs"],
        f"α fit (true {L.alpha:.3f})": rec["alpha_fit"].map(lambda x: f"{x:.3f}"),
        f"β fit (true {L.beta:.3f})": rec["beta_fit"].map(lambda x: f"{x:.3f}"),
        f"a fit (true {L.a:.3f})": rec["a_fit"].map(lambda x: f"{x:.3f}"),
        "a, 10-90 %": [f"({lo:.3f}, {hi:.3f})" for lo, hi in zip(rec["a_lo"], rec["a_hi"])],
        f"E, 10-90 % (true {L.E:.3f})": [f"({lo:.3f}, {hi:.3f})" for lo, hi in zip(rec["E_lo"], rec["E_hi"])],
    })
