"""Chapter 05 (o1 pro, voting and test-time compute): every number, table and curve the notebook shows.

All functions take ``P``, the validated parameters (:func:`llmscale.params.setup`). :func:`numbers`
returns every glued value, formatted as the page prints it (glue name without ``c05_``); the other
functions return the tables and the arrays the figures plot. No formula lives here: the
accuracies are :mod:`llmscale.voting`'s, the serving costs :mod:`llmscale.vote_cost`'s and the
claims' intermediates :mod:`llmscale.claims.ch05`'s.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import catalog, claims, memory, units, voting
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
    return _benchmark(int(P["k_max"]), P["n_wrong_answers"])


@functools.lru_cache(maxsize=16)
def _benchmark(k_max: int, m) -> Benchmark:
    r = c05.v3()
    nodes = voting.beta_quantile_nodes(r.alpha, r.beta, 1000)
    kb = _log_grid(0, np.log10(k_max), 30)
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
    """Users requested against users served, node time per query and the multiple; rows that do not fit say so."""
    V = P["n_votes"]
    rows = []
    for u in USERS:
        c = _cost(P, u)
        fits_k, fits_1 = c.users_served >= 1, c.users_served_single >= 1
        rows.append({"users requested": f"{u}",
                     f"users served, {V} streams": f"{c.users_served:.0f}",
                     "users served, 1 stream": f"{c.users_served_single:.0f}",
                     "node-seconds per query, 1 stream": f"{c.node_seconds_per_query_single:.3g}" if fits_1
                     else "does not fit",
                     f"node-seconds per query, {V} streams": f"{c.node_seconds_per_query:.3g}" if fits_k
                     else "does not fit",
                     "cost multiple": f"{c.multiple:.2f}×" if fits_k and fits_1 else "—",
                     "bound at last step": str(c.bound) if fits_k else "—"})
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class CostMap:
    """Cost multiple over users (columns) and output tokens (rows); NaN where nothing fits.

    ``levels``: increasing contour levels (at least two); ``any_fit``: whether any cell fits.
    """

    users: np.ndarray
    output_tokens: np.ndarray
    multiple: np.ndarray
    levels: list
    any_fit: bool

    @property
    def top(self) -> float:
        """The largest multiple on the map (NaN when nothing fits)."""
        return float(np.nanmax(self.multiple)) if self.any_fit else math.nan


#: Contour levels of the cost map below its largest multiple.
MAP_LEVELS = (1.0, 1.25, 1.5, 2.0, 3.0, 4.0, 5.0, 8.0, 16.0, 32.0, 64.0)


def cost_map(P) -> CostMap:
    u_grid = _log_grid(0, np.log10(512), 40)
    t_grid = _log_grid(np.log10(256), np.log10(32768), 40)
    grid = _cost(P, u_grid[None, :], t_grid[:, None])
    mult = np.where(np.isfinite(grid.multiple), grid.multiple, np.nan)
    any_fit = bool(np.isfinite(mult).any())
    if any_fit:
        top, bottom = float(np.nanmax(mult)), float(np.nanmin(mult))
        levels = [lv for lv in MAP_LEVELS if bottom <= lv < top] or [bottom]
        levels = [min(levels[0], math.floor(bottom * 100) / 100)] + levels[1:] + [max(6.0, math.ceil(top))]
        levels = sorted(set(levels))
    else:
        levels = list(MAP_LEVELS[:8])
    return CostMap(users=u_grid, output_tokens=t_grid, multiple=mult, levels=levels, any_fit=any_fit)


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


# --- whether one query fits at all ---------------------------------------------------------

@dataclass(frozen=True)
class Fit:
    """Whether the node holds the weights, one stream and one query of ``n_votes`` streams (bytes, decimal).

    ``state``: ``"ok"`` (a query of ``n_votes`` streams fits), ``"query"`` (one stream fits,
    one query's ``n_votes`` streams do not), ``"stream"`` (the weights fit, not one stream's
    KV cache) or ``"weights"`` (the weights alone exceed HBM). ``words``: why, in a clause.
    """

    state: str
    hbm_bytes: float
    weight_bytes: float
    kv_query_bytes: float
    kv_stream_bytes: float
    words: str


def fit(P) -> Fit:
    """The capacity check of :func:`llmscale.vote_cost.voting_cost` for one query, with its byte counts."""
    V, Pt, T = P["n_votes"], P["prompt_tokens"], P["output_tokens"]
    prec = _cost_kw(P)["precision"]
    hbm = P["n_gpus"] * catalog.hardware(P["hardware"]).hbm_bytes
    w = float(memory.weight_bytes(P["model"], prec.weight_bytes_per_element))
    per_token = float(memory.kv_bytes_per_token(P["model"], prec.kv_bytes_per_element))
    kv_q = float(memory.kv_tokens(V, Pt + T, Pt, V)) * per_token if Pt else V * (Pt + T) * per_token
    kv_1 = (Pt + T) * per_token
    one = _cost(P, 1)
    b = lambda x: units.format_bytes(x, digits=2)  # noqa: E731
    free = (f"{b(max(hbm - w, 0.0))} beside the weights ({b(hbm)} of HBM on {P['n_gpus']}×{P['hardware']}, "
            f"{b(w)} of weights)")
    if w >= hbm:
        state, words = "weights", (f"the weights alone need {b(w)}; the node has {b(hbm)} of HBM "
                                   f"({P['n_gpus']}×{P['hardware']})")
    elif one.users_served_single < 1:
        state, words = "stream", f"one stream's KV cache needs {b(kv_1)}; the node has {free}"
    elif one.users_served < 1:
        state, words = "query", f"one query's {V} KV caches need {b(kv_q)}; the node has {free}"
    else:
        state, words = "ok", f"one query's {V} KV caches need {b(kv_q)} of the {free}"
    return Fit(state=state, hbm_bytes=hbm, weight_bytes=w, kv_query_bytes=kv_q, kv_stream_bytes=kv_1, words=words)


def _users(n: int) -> str:
    return f"{n:,} user" + ("" if n == 1 else "s")


def _cheap_dear(P, T) -> tuple[str, str]:
    """Where ``n_votes`` streams cost at most ``CHEAP``× and from where at least ``DEAR``×, at ``T`` output tokens."""
    c = _cost(P, USERS_FINE, T)
    mu = np.asarray(c.multiple, dtype=float)
    ok = np.isfinite(mu) & (np.asarray(c.users_served) >= 1)
    if not ok.any():
        return "for no batch at all", "not even one query fits"
    cheap = USERS_FINE[ok & (mu <= CHEAP)]
    dear = USERS_FINE[ok & (mu >= DEAR)]
    cheap_w = f"up to {_users(int(cheap.max()))} on the node" if cheap.size else "for no batch size, not even one user"
    dear_w = (f"it reaches {DEAR:g}× from {_users(int(dear.min()))}" if dear.size
              else f"it stays below {DEAR:g}× up to {_users(int(USERS_FINE[-1]))}")
    return cheap_w, dear_w


# --- every glued number ---------------------------------------------------------------------

@functools.cache
def _verdict_line() -> str:
    """The chapter's claims counted by verdict (top-level claims; parts are counted in their parent)."""
    led = claims.ledger("05")
    top_rows = led[led["parent"] == ""]
    counts = top_rows["verdict"].value_counts()
    return f"Of the {len(top_rows)} claims: " + ", ".join(f"{counts.get(v, 0)} {v}" for v in claims.VERDICTS) + "."


def numbers(P) -> dict[str, str]:
    """Every value the chapter glues (name without the ``c05_`` prefix -> text as printed)."""
    p, m, V, K = P["p_correct"], P["n_wrong_answers"], P["n_votes"], P["k_max"]
    out = {
        "verdicts": _verdict_line(),
        **claims.verdict_glue("05"),
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
        "v3_gain": f"{b.v3.coverage_at_k / b.v3.pass_at_1:.1f}×", "v3_math10k": f"{b.v3.math_coverage_10k:.0%}",
        "v3_share": f"{b.v3.majority / b.v3.coverage:.0%}",
        "v3_vs_pass1": f"{b.v3.majority / b.v3.pass_at_1:.2f}×",
    })
    r6 = c05.v6()
    out.update({
        "v6_chain": f"{r6.chain:.2f}", "v6_vote": f"{r6.voted:.2f}",
        "v6_cross": f"{voting.voting_break_even_steps(P['per_step_error'], m):,.0f}",
        "v6_steps": f"{r6.n_steps:,}", "v6_err": f"{r6.per_step_error:.1%}", "v6_votes": f"{r6.n_votes}",
        "v6_m": f"{r6.n_wrong_answers}",
    })
    out.update(_cost_numbers(P))
    arc = c05.v4().run
    out.update({
        "arc_tokens": f"{arc.token_ratio:.1f}", "arc_time": f"{arc.time_ratio:.1f}",
        "arc_samples": f"{arc.samples_ratio:.1f}",
        "arc_per_sample": f"{arc.tokens_per_sample[0] / 1e3:.1f}k and {arc.tokens_per_sample[1] / 1e3:.1f}k "
                          "tokens per sample",
        "arc_flight": f"{arc.samples_in_flight:.0f}", "arc_throughput": f"{arc.throughput_ratio:.1f}",
    })
    r7 = c05.v7()
    out.update({
        "v7_problems": f"{r7.problems:.0f}", "v7_minutes": f"{r7.minutes:.0f}",
        "v7_low": f"{r7.lowest_correct:.0f}/{r7.problems:.0f} = {r7.lowest_pct:.0f} %",
        "v7_high": f"{r7.highest_correct:.0f}/{r7.problems:.0f} = {r7.highest_pct:.0f} %",
        "v7_golds": f"{r7.imo_golds:.0f}",
    })
    return out


def _cost_numbers(P) -> dict[str, str]:
    """The glued words and numbers of the cost section: every sentence chosen by the computation."""
    V, T, B = P["n_votes"], P["output_tokens"], P["batch"]
    single, batch = costs(P)
    f = fit(P)
    r2 = c05.v2()
    step = r2.price_step
    out = {
        "setup": f"{P['model']}, {P['weight_precision'].upper()} weights and {P['kv_precision'].upper()} KV cache on "
                 f"{P['n_gpus']}×{P['hardware']}, {P['prompt_tokens']:,} prompt and {T:,} output tokens",
        "batch": f"{B}", "out_tokens": f"{T:,}", "price_step": f"{step:.0f}×", "cheap": f"{CHEAP:g}×",
        "short_tokens": f"{T3_SEQ_LENS[0]:,}", "fit_words": f.words,
    }
    if f.state == "ok":
        ms, mb = f"{single.multiple:.2f}×", f"{batch.multiple:.2f}×"
        why = ("their own KV caches crowd other users out of HBM" if batch.capacity_limited
               else f"the batch is {batch.bound}-bound and every stream adds its own KV reads")
        lone = (f"For a lone user {V} streams cost {ms} one stream's node time: "
                + ("the weights, read once per step for all streams, dominate every step. That is the regime "
                   "SemiAnalysis describes." if single.multiple < CHEAP
                   else "the streams' own KV reads and FLOPs already outweigh the shared weight reads."))
        if B == 1:
            key = f"{V} streams sharing one prompt cost {ms} the node time of one stream for a lone user."
            at_batch = "The chosen batch is that lone user."
        else:
            key = (f"{V} streams sharing one prompt cost {ms} the node time of one stream for a lone user but "
                   f"{mb} at {_users(B)}: {why}.")
            served = (f"The node fits {batch.users_served:.0f} queries of {V} streams at once, against "
                      f"{batch.users_served_single:.0f} single-stream queries" if batch.capacity_limited
                      else f"The node fits all {B:,} queries of {V} streams at once")
            at_batch = (f"A provider does not serve one user per node, though. At {_users(B)} each voting stream keeps its own KV cache for its {T:,} output tokens. "
                        f"{served}, and the multiple is {mb}: {why}.")
    else:
        key = f"{V} streams of one query cannot run on this node at all: {f.words}."
        lone = f"Not even a lone user can be served with {V} streams: {f.words}."
        at_batch = "No batch can be served either, so the table and the map mark every configuration that does not fit."
    out.update({"cost_key": key, "lone_user": lone, "at_batch": at_batch})
    cheap_long, dear_long = _cheap_dear(P, T)
    cheap_short, dear_short = _cheap_dear(P, T3_SEQ_LENS[0])
    out.update({"cheap_long": cheap_long, "dear_long": dear_long, "cheap_short": cheap_short,
                "dear_short": dear_short})
    cm = cost_map(P)
    if not cm.any_fit:
        out["price_phrase"] = ("cannot be judged for this configuration: no batch size or output length on the map "
                               f"fits, since {f.words}")
        out["map_words"] = f"The map is blank: {f.words}."
    else:
        top = cm.top
        out["price_phrase"] = (f"holds for every batch size and output length we map (at most {top:.1f}×)"
                               if top < step else f"fails where the multiple passes {step:.0f}× (up to {top:.1f}×)")
        out["map_words"] = (f"The map's largest multiple is {top:.1f}×"
                            + ("; blank cells are configurations that do not fit in HBM."
                               if np.isnan(cm.multiple).any() else "; every cell fits in HBM."))
    out["votes_vs_step"] = (f"{V} streams cannot cost much more than {V} times one stream, and {V}× is below the "
                            f"{step:.0f}× price step" if V < step else
                            f"{V} streams can cost up to about {V} times one stream, which is not below the "
                            f"{step:.0f}× price step")
    lo, hi = r2.multiple_range
    out.update({
        "v2_mult": f"{float(r2.serving.multiple):.2f}×", "v2_lo": f"{lo:.2f}×", "v2_hi": f"{hi:.2f}×",
        "v2_users": f"{c05.LEDGER['users']}", "v2_served": f"{float(r2.serving.users_served):.0f}",
        "v2_kv": f"{r2.kv_ratio:.2f}×", "v2_kv_half": f"{r2.kv_ratio_half_shared:.1f}×",
        "v2_flop": f"{r2.flop_use:.0%}", "v2_votes": f"{r2.n_votes}",
        "v2_tokens": f"{r2.n_votes * c05.v4().run.tokens_per_sample[1] / c05.v4().run.tokens_per_sample[0]:.2f}×",
    })
    return out
