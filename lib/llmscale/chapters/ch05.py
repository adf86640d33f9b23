"""Chapter 05 (o1 pro, voting and test-time compute): every number, table and curve the notebook shows.

All functions take ``P``, the validated parameters (:func:`llmscale.params.setup`). :func:`numbers`
returns every glued value, formatted as the page prints it (glue name without ``c05_``); the other
functions return the tables and the arrays the figures plot. No formula lives here: the
accuracies are :mod:`llmscale.voting`'s, the serving costs :mod:`llmscale.vote_cost`'s and the
claims' intermediates :mod:`llmscale.claims.ch05`'s.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import claims, units, voting
from ..claims import ch05 as c05
from ..claims.ch04 import T3_SEQ_LENS
from ..serving_options import Precision
from ..vote_cost import VotingCost, voting_cost

#: Cost multiples the prose names: "far less than 5x" (below ``CHEAP``) and "about 5x" (from ``DEAR``).
CHEAP, DEAR = 1.5, 4.0
#: Imperfect verifiers of the benchmark figure: (true-positive rate, false-positive rate).
VERIFIERS = ((0.9, 0.02), (0.8, 0.1), (0.7, 0.3))
#: Requested batches (users) of the cost table, and of the cheap/dear search.
USERS = np.array([1, 2, 4, 8, 16, 32, 64, 128, 256])
USERS_FINE = np.arange(1, 1025)
#: Per-step error rates of the thinking-budget figure besides the chosen one; its stated toy model.
THINKING_ERRORS = (0.0005, 0.01)
THINKING_TOKENS_PER_STEP, THINKING_MEAN_STEPS = 100, 100


def _log_grid(lo_exp: float, hi_exp: float, n: int) -> np.ndarray:
    """Whole numbers spread evenly in log space from ``10**lo_exp`` to ``10**hi_exp``, deduplicated."""
    return np.unique(np.round(np.logspace(lo_exp, hi_exp, n)).astype(int))


def _cost_kw(P) -> dict:
    return dict(n_gpus=P["n_gpus"], precision=Precision(units.BYTES_PER_ELEMENT[P["weight_precision"]],
                                                        units.BYTES_PER_ELEMENT[P["kv_precision"]]))


def _cost(P, users, output_tokens=None) -> VotingCost:
    T = P["output_tokens"] if output_tokens is None else output_tokens
    return voting_cost(P["model"], P["hardware"], P["n_votes"], P["prompt_tokens"], T, users=users, **_cost_kw(P))


# --- accuracy of k samples on one question --------------------------------------------------

@dataclass(frozen=True)
class VoteCurves:
    """Coverage and majority vote against ``ks`` for each ``p`` of ``p_grid``, per panel (wrong answers)."""

    ks: np.ndarray
    p_grid: list
    panels: list                                 # (n_wrong_answers, label, [coverage per p], [majority per p])


def vote_curves(P) -> VoteCurves:
    """The first figure: one wrong answer against ``n_wrong_answers``, four per-sample accuracies."""
    p, m, K = P["p_correct"], P["n_wrong_answers"], P["k_max"]
    ks = _log_grid(0, np.log10(K), 60)
    p_grid = sorted({0.3, 0.45, p, 0.75})
    panels = [(mm, label, [voting.coverage(pp, ks) for pp in p_grid],
               [voting.majority_vote_accuracy(pp, ks, mm) for pp in p_grid])
              for mm, label in [(1, "one wrong answer"), (m, f"{m} equally likely wrong answers")]]
    return VoteCurves(ks=ks, p_grid=p_grid, panels=panels)


def vote_table(P) -> pd.DataFrame:
    """One sample, ``n_votes`` and ``k_max`` votes, and coverage, for 1, ``m`` and distinct wrong answers."""
    p, m, V, K = P["p_correct"], P["n_wrong_answers"], P["n_votes"], P["k_max"]
    return pd.DataFrame({
        "wrong answers": ["1", f"{m}", "all distinct"],
        "1 sample": [f"{p:.3f}"] * 3,
        f"{V}-vote majority": [f"{voting.majority_vote_accuracy(p, V, x):.3f}" for x in (1, m, math.inf)],
        f"{K:,}-vote majority": [f"{voting.majority_vote_accuracy(p, K, x):.3f}" for x in (1, m, math.inf)],
        f"coverage at {V}": [f"{voting.coverage(p, V):.3f}"] * 3,
    })


# --- a benchmark calibrated to the Monkeys' SWE-bench Lite figures --------------------------

@dataclass(frozen=True)
class Benchmark:
    """Coverage, its power law, majority votes and best-of-k against ``ks`` on the fitted Beta benchmark."""

    ks: np.ndarray
    coverage: np.ndarray
    law: voting.CoveragePowerLaw
    majority: np.ndarray
    majority_unique: np.ndarray
    best_of_k: list                              # one curve per VERIFIERS entry
    v3: c05.V3                                   # the published points and the fitted Beta(alpha, beta)
    n_nodes: int


def benchmark(P) -> Benchmark:
    """The second figure: the Beta difficulty of claim V3 over 1,000 quantile nodes, ``k = 1..k_max``."""
    r = c05.v3()
    nodes = voting.beta_quantile_nodes(r.alpha, r.beta, 1000)
    kb = _log_grid(0, np.log10(P["k_max"]), 30)
    m = P["n_wrong_answers"]
    return Benchmark(
        ks=kb, coverage=voting.coverage_beta(kb, r.alpha, r.beta),
        law=voting.fit_coverage_power_law([1, r.k], [r.pass_at_1, r.coverage_at_k]),
        majority=voting.majority_vote_accuracy(nodes[:, None], kb[None, :], m).mean(axis=0),
        majority_unique=voting.majority_vote_accuracy(nodes[:, None], kb[None, :], math.inf).mean(axis=0),
        best_of_k=[voting.best_of_n_accuracy(nodes[:, None], kb[None, :], t, f).mean(axis=0) for t, f in VERIFIERS],
        v3=r, n_nodes=nodes.size)


# --- chains and thinking length -------------------------------------------------------------

@dataclass(frozen=True)
class ChainCurves:
    """One chain and votes of ``n_votes`` chains against the number of steps ``L``."""

    steps: np.ndarray
    chain: np.ndarray
    voted: list                                  # (n_wrong_answers, label, accuracy, break-even steps or None)


def chain_curves(P) -> ChainCurves:
    e, m, V = P["per_step_error"], P["n_wrong_answers"], P["n_votes"]
    L = _log_grid(1, 4, 80)
    voted = [(mm, lab, voting.voted_chain_accuracy(e, L, V, mm),
              None if mm == math.inf else voting.voting_break_even_steps(e, mm))
             for mm, lab in [(1, "one wrong answer"), (m, f"{m} wrong answers"), (math.inf, "all distinct")]]
    return ChainCurves(steps=L, chain=voting.chain_accuracy(e, L), voted=voted)


def thinking_curves(P) -> tuple[np.ndarray, list]:
    """Budgets (tokens) and ``[(error rate, accuracy)]`` of the toy thinking-length model (claim V5)."""
    budget = np.logspace(2, 5, 120)
    errs = [THINKING_ERRORS[0], P["per_step_error"], THINKING_ERRORS[1]]
    return budget, [(err, voting.thinking_budget_accuracy(budget, THINKING_TOKENS_PER_STEP, err,
                                                          THINKING_MEAN_STEPS)) for err in errs]


# --- what the voting streams cost -----------------------------------------------------------

def costs(P) -> tuple[VotingCost, VotingCost]:
    """``n_votes`` streams against one, for a lone user and at the chosen ``batch``."""
    return _cost(P, 1), _cost(P, P["batch"])


def cost_table(P) -> pd.DataFrame:
    V = P["n_votes"]
    rows = []
    for u in USERS:
        c = _cost(P, u)
        rows.append({"users requested": f"{u}",
                     f"users served, {V} streams": f"{c.users_served:.0f}",
                     "users served, 1 stream": f"{c.users_served_single:.0f}",
                     "node-seconds per query, 1 stream": f"{c.node_seconds_per_query_single:.3g}",
                     f"node-seconds per query, {V} streams": f"{c.node_seconds_per_query:.3g}",
                     "cost multiple": f"{c.multiple:.2f}×",
                     "bound at last step": str(c.bound)})
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class CostMap:
    """Cost multiple over users (columns) and output tokens (rows); NaN where nothing fits."""

    users: np.ndarray
    output_tokens: np.ndarray
    multiple: np.ndarray
    levels: list


def cost_map(P) -> CostMap:
    u_grid = _log_grid(0, np.log10(512), 40)
    t_grid = _log_grid(np.log10(256), np.log10(32768), 40)
    grid = _cost(P, u_grid[None, :], t_grid[:, None])
    mult = np.where(np.isfinite(grid.multiple), grid.multiple, np.nan)
    levels = [1.0, 1.25, 1.5, 2.0, 3.0, 4.0, 5.0, max(6.0, math.ceil(float(np.nanmax(mult))))]
    return CostMap(users=u_grid, output_tokens=t_grid, multiple=mult, levels=levels)


def arc_table() -> pd.DataFrame:
    """o3's two ARC-AGI settings side by side (claim V4)."""
    r = c05.v4()
    arc = r.run
    return pd.DataFrame({
        "setting": ["low compute (high efficiency)", "high compute (low efficiency)", "ratio"],
        "samples per task": [f"{arc.samples_per_task[0]:,.0f}", f"{arc.samples_per_task[1]:,.0f}",
                             f"{arc.samples_ratio:.1f}×"],
        "tokens per task": [units.format_count(arc.tokens_per_task[0]), units.format_count(arc.tokens_per_task[1]),
                            f"{arc.token_ratio:.1f}×"],
        "tokens per sample": [units.format_count(arc.tokens_per_sample[0]),
                              units.format_count(arc.tokens_per_sample[1]),
                              f"{arc.tokens_per_sample[1] / arc.tokens_per_sample[0]:.3f}×"],
        "minutes per task": [f"{arc.seconds_per_task[0] / 60:.1f}", f"{arc.seconds_per_task[1] / 60:.1f}",
                             f"{arc.time_ratio:.1f}×"],
        "score": [f"{r.scores[0]:.1%}", f"{r.scores[1]:.1%}", ""],
    })


# --- every glued number ---------------------------------------------------------------------

def numbers(P) -> dict[str, str]:
    """Every value the chapter glues (name without the ``c05_`` prefix -> text as printed)."""
    p, m, V, K = P["p_correct"], P["n_wrong_answers"], P["n_votes"], P["k_max"]
    counts = claims.ledger("05")["verdict"].value_counts()
    out = {
        "verdicts": "Of the six claims: " + ", ".join(f"{counts.get(v, 0)} {v}" for v in claims.VERDICTS) + ".",
        "p": f"{p:.0%}", "m": f"{m}", "votes": f"{V}", "kmax": f"{K:,}",
        "maj_votes": f"{voting.majority_vote_accuracy(p, V, m):.1%}",
        "maj_votes_binary": f"{voting.majority_vote_accuracy(p, V, 1):.1%}",
        "threshold": f"{voting.majority_vote_threshold(m):.0%}",
    }
    b = benchmark(P)
    out.update({
        "v3_maj": f"{b.v3.majority:.0%}", "cov_kmax": f"{b.coverage[-1]:.0%}", "maj_kmax": f"{b.majority[-1]:.0%}",
        "maj_unique_kmax": f"{b.majority_unique[-1]:.0%}",
        "beta": f"Beta(α = {b.v3.alpha:.3f}, β = {b.v3.beta:.3f})",
        "law": f"exp({b.law.a:.2f} · k^{b.law.b:.3f})", "law_kmax": f"{b.law(K):.0%}",
    })
    r6 = c05.v6()
    out.update({
        "v6_chain": f"{r6.chain:.2f}", "v6_vote": f"{r6.voted:.2f}",
        "v6_cross": f"{voting.voting_break_even_steps(P['per_step_error'], m):,.0f}",
        "v6_steps": f"{r6.n_steps:,}", "v6_err": f"{r6.per_step_error:.1%}", "v6_votes": f"{r6.n_votes}",
        "v6_m": f"{r6.n_wrong_answers}",
    })
    single, batch = costs(P)
    step = c05.v2().price_step
    out.update({
        "setup": f"{P['model']}, {P['weight_precision'].upper()} weights and {P['kv_precision'].upper()} KV cache on "
                 f"{P['n_gpus']}×{P['hardware']}, {P['prompt_tokens']:,} prompt and {P['output_tokens']:,} output tokens",
        "mult_single": f"{single.multiple:.2f}×", "mult_batch": f"{batch.multiple:.2f}×",
        "batch": f"{P['batch']}", "out_tokens": f"{P['output_tokens']:,}",
        "served": f"{batch.users_served:.0f}", "served_single": f"{batch.users_served_single:.0f}",
        "why_batch": "their own KV caches crowd other users out of HBM" if batch.capacity_limited
                     else f"the batch is {batch.bound}-bound and every stream adds its own KV reads",
        "price_step": f"{step:.0f}×", "cheap": f"{CHEAP:g}×", "short_tokens": f"{T3_SEQ_LENS[0]:,}",
    })
    for name, T in [("short", T3_SEQ_LENS[0]), ("long", P["output_tokens"])]:
        mu = _cost(P, USERS_FINE, T).multiple
        cheap = USERS_FINE[mu <= CHEAP]
        out[f"cheap_{name}"] = f"{cheap.max():,}" if cheap.size else "no"
        dear = USERS_FINE[mu >= DEAR]
        out[f"dear_{name}"] = (f"it reaches {DEAR:g}× from {dear.min():,} users" if dear.size
                               else f"it stays below {DEAR:g}× up to {USERS_FINE[-1]:,} users")
    top = np.nanmax(cost_map(P).multiple)
    out["mult_max"] = f"{top:.1f}×"
    out["price_phrase"] = (f"holds for every batch size and output length we map (at most {top:.1f}×)" if top < step
                           else f"fails where the multiple passes {step:.0f}× (up to {top:.1f}×)")
    arc = c05.v4().run
    out.update({
        "arc_tokens": f"{arc.token_ratio:.1f}", "arc_time": f"{arc.time_ratio:.1f}",
        "arc_samples": f"{arc.samples_ratio:.1f}",
        "arc_per_sample": f"{arc.tokens_per_sample[0] / 1e3:.1f}k and {arc.tokens_per_sample[1] / 1e3:.1f}k "
                          "tokens per sample",
        "arc_flight": f"{arc.samples_in_flight:.0f}", "arc_throughput": f"{arc.throughput_ratio:.1f}",
    })
    return out
