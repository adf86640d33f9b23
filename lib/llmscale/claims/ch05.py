"""Chapter 05's claims V1-V7: o1 pro, voting and test-time compute.

Each recomputed claim's intermediates are one small frozen result (:func:`v2`, :func:`v3`,
:func:`v4`, :func:`v6`, :func:`v7`, computed once and cached); the ledger rows and the
chapter read them. The published facts (ARC-AGI o3, subscription prices, the Monkeys'
coverage, the MATH paper's human scores) come from ``data/test_time_facts.csv`` through
:func:`llmscale.catalog.row`; each row there cites its primary source.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np

from .. import catalog, memory, voting
from ..serving_options import Precision
from ..vote_cost import VotingCost, voting_cost
from .ch04 import T3_SEQ_LENS
from .ledger import Claim, Reading

#: Assumptions of the ledger rows (the chapter's defaults). o1's size and serving set-up are not
#: public: Llama 3.1 405B on one 8×H100 node stands in, as in chapter 04 (SemiAnalysis 2024 use it too).
#: ``output_tokens``: o1-preview's 7,661 tokens on SemiAnalysis's prompt (chapter 04's ``T3_SEQ_LENS``).
LEDGER = dict(model="Llama 3.1 405B", hardware="H100 SXM", n_gpus=8, weight_bytes_per_element=1.0,
              kv_bytes_per_element=2.0, users=32, prompt_tokens=1000, output_tokens=T3_SEQ_LENS[1],
              n_votes=5, n_wrong_answers=3, per_step_error=0.002, n_steps=500, monkeys_k=250)
#: Batches (queries decoded together) over which V2's cost multiple is given as an interval.
LEDGER_USERS = (1, 2, 4, 8, 16, 32, 64, 128, 256)


def fact(name: str) -> float:
    """A value of ``data/test_time_facts.csv`` by name (units in its ``unit`` column; :func:`catalog.row`)."""
    return float(catalog.row("test_time_facts", name)["value"])


# --- published test-time facts ------------------------------------------------------------

@dataclass(frozen=True)
class TestTimeRun:
    """Two configurations of one system on one task set: tokens, samples and wall time per task."""

    __test__ = False                             # not a pytest test class despite its name

    tokens_per_task: tuple[float, float]
    samples_per_task: tuple[float, float]
    seconds_per_task: tuple[float, float]

    @property
    def token_ratio(self) -> float:
        return self.tokens_per_task[1] / self.tokens_per_task[0]

    @property
    def time_ratio(self) -> float:
        return self.seconds_per_task[1] / self.seconds_per_task[0]

    @property
    def samples_ratio(self) -> float:
        return self.samples_per_task[1] / self.samples_per_task[0]

    @property
    def tokens_per_sample(self) -> tuple[float, float]:
        return tuple(t / s for t, s in zip(self.tokens_per_task, self.samples_per_task))

    @property
    def throughput_ratio(self) -> float:
        """How many times more tokens per wall-second the second configuration ran: token / time ratio."""
        return self.token_ratio / self.time_ratio

    @property
    def samples_in_flight(self) -> float:
        """Samples running at once in the second configuration if each sample took the first one's wall time.

        ``samples₂ / (time₂ / time₁)``: an inference (ARC Prize did not report concurrency).
        """
        return self.samples_per_task[1] / self.time_ratio


def arc_agi_o3() -> TestTimeRun:
    """o3 on the 100 ARC-AGI-1 Semi-Private tasks at low and high compute (Chollet 2024, results table).

    Per task: 33M/100 = 330k tokens, 6 samples, 1.3 min; 5.7B/100 = 57M
    tokens, 1024 samples, 13.8 min. Tokens per sample ≈ 55k in both modes.
    """
    n = fact("arc_tasks_semi_private")
    return TestTimeRun(
        tokens_per_task=(fact("arc_o3_low_compute_tokens") / n, fact("arc_o3_high_compute_tokens") / n),
        samples_per_task=(fact("arc_o3_low_compute_samples"), fact("arc_o3_high_compute_samples")),
        seconds_per_task=(fact("arc_o3_low_compute_time_per_task"), fact("arc_o3_high_compute_time_per_task")))


def subscription_price_step() -> float:
    """ChatGPT Pro over ChatGPT Plus monthly price: $200 / $20 = 10 (OpenAI 2023, 2024)."""
    return fact("chatgpt_pro_usd_per_month") / fact("chatgpt_plus_usd_per_month")


def monkeys_majority_vote(n_wrong_answers=3, k=None, n_nodes=2000):
    """Majority vote against coverage on a benchmark calibrated to the Monkeys' SWE-bench Lite numbers.

    Beta difficulty fitted (:func:`llmscale.voting.fit_beta_difficulty`) to pass@1 = 15.9 % and
    coverage 56 % at 250 samples (Brown et al. 2024); the majority vote of the
    same ``k`` samples with ``n_wrong_answers`` equally likely wrong answers per
    problem, averaged over the benchmark. Returns ``(majority, coverage, alpha, beta)``: two
    fractions of problems solved and the two (dimensionless) Beta shape parameters.
    """
    kk = int(LEDGER["monkeys_k"] if k is None else k)
    a, b = voting.fit_beta_difficulty(fact("monkeys_swebench_pass1"), int(LEDGER["monkeys_k"]),
                                      fact("monkeys_swebench_coverage_250"))
    p = voting.beta_quantile_nodes(a, b, n_nodes)
    maj = float(np.mean(voting.majority_vote_accuracy(p, kk, n_wrong_answers)))
    return maj, float(voting.coverage_beta(kk, a, b)), a, b


# --- the claims' intermediates, computed once ---------------------------------------------

@dataclass(frozen=True)
class V2:
    """V2: ``n_votes`` streams against one on the roofline, at the ledger's batch (``serving``) and for one user.

    ``sweep``: the same over :data:`LEDGER_USERS` (the interval of V2c and V2d); ``kv_ratio``:
    KV positions one query's ``n_votes`` streams hold at the last step over one stream's, the
    prompt shared (V2e); ``kv_ratio_half_shared``: the same were half of every stream's whole
    sequence shared (the quote's "shared prefix over most of the sequence", at its least).
    """

    serving: VotingCost
    single: VotingCost
    sweep: VotingCost
    price_step: float
    pro_usd_per_month: float
    plus_usd_per_month: float
    n_votes: int
    kv_ratio: float
    kv_ratio_half_shared: float

    @property
    def flop_use(self) -> float:
        """Fraction of peak FLOP/s the ``n_votes``-stream decode uses at the ledger's batch."""
        return float(self.serving.decode_compute_time_s / self.serving.decode_time_s)

    @property
    def flop_use_range(self) -> tuple[float, float]:
        u = np.asarray(self.sweep.decode_compute_time_s / self.sweep.decode_time_s, dtype=float)
        return float(np.nanmin(u)), float(np.nanmax(u))

    @property
    def multiple_range(self) -> tuple[float, float]:
        m = np.asarray(self.sweep.multiple, dtype=float)
        return float(np.nanmin(m)), float(np.nanmax(m))


@functools.cache
def v2() -> V2:
    L = LEDGER
    kw = dict(n_gpus=L["n_gpus"], precision=Precision(L["weight_bytes_per_element"], L["kv_bytes_per_element"]))
    args = (L["model"], L["hardware"], L["n_votes"], L["prompt_tokens"], L["output_tokens"])
    k, P, T = L["n_votes"], L["prompt_tokens"], L["output_tokens"]
    half = (P + T) / 2
    kv = float(memory.kv_tokens(k, P + T, P, k) / memory.kv_tokens(1, P + T, P, 1))
    kv_half = float(memory.kv_tokens(k, P + T, half, k) / memory.kv_tokens(1, P + T, half, 1))
    return V2(serving=voting_cost(*args, users=L["users"], **kw), single=voting_cost(*args, users=1, **kw),
              sweep=voting_cost(*args, users=np.array(LEDGER_USERS), **kw), price_step=subscription_price_step(),
              pro_usd_per_month=fact("chatgpt_pro_usd_per_month"),
              plus_usd_per_month=fact("chatgpt_plus_usd_per_month"), n_votes=k, kv_ratio=kv,
              kv_ratio_half_shared=kv_half)


@dataclass(frozen=True)
class V3:
    """V3: majority vote against coverage at the Monkeys' ``k`` samples on the fitted Beta benchmark."""

    k: int
    pass_at_1: float                             # published, SWE-bench Lite
    coverage_at_k: float                         # published: what the verifier (unit tests) realised
    alpha: float
    beta: float
    n_wrong_answers: int
    majority: float                              # fraction solved by a vote of the same k samples
    coverage: float                              # the fitted benchmark's coverage at k
    majority_unique: float                       # the vote were every wrong answer distinct
    majority_one_wrong: float                    # the vote were every wrong sample the same wrong answer
    math_coverage_10k: float                     # published lower bound: GSM8K and MATH, Llama-3, 10,000 samples


@functools.cache
def v3() -> V3:
    m = LEDGER["n_wrong_answers"]
    maj, cov, a_fit, b_fit = monkeys_majority_vote(m)
    maj_unique, _, _, _ = monkeys_majority_vote(math.inf)
    maj_one, _, _, _ = monkeys_majority_vote(1)
    return V3(k=int(LEDGER["monkeys_k"]), pass_at_1=fact("monkeys_swebench_pass1"),
              coverage_at_k=fact("monkeys_swebench_coverage_250"), alpha=a_fit, beta=b_fit, n_wrong_answers=m,
              majority=maj, coverage=cov, majority_unique=maj_unique, majority_one_wrong=maj_one,
              math_coverage_10k=fact("monkeys_gsm8k_math_coverage_10000"))


@dataclass(frozen=True)
class V4:
    """V4: o3's low- and high-compute ARC-AGI runs, the claimed compute ratio and the two scores."""

    run: TestTimeRun
    compute_ratio_claimed: float
    scores: tuple[float, float]


@functools.cache
def v4() -> V4:
    return V4(run=arc_agi_o3(), compute_ratio_claimed=fact("arc_o3_compute_ratio"),
              scores=(fact("arc_o3_low_compute_score"), fact("arc_o3_high_compute_score")))


@dataclass(frozen=True)
class V6:
    """V6: one chain against a vote of chains, at the ledger's length and at twice it (a stated toy model)."""

    per_step_error: float
    n_steps: int
    n_votes: int
    n_wrong_answers: int
    chain: float
    voted: float
    long_steps: int
    chain_long: float
    voted_long: float


@functools.cache
def v6() -> V6:
    L = LEDGER
    e, n, k, m = L["per_step_error"], L["n_steps"], L["n_votes"], L["n_wrong_answers"]
    long_steps = 2 * n
    return V6(per_step_error=e, n_steps=n, n_votes=k, n_wrong_answers=m,
              chain=float(voting.chain_accuracy(e, n)), voted=float(voting.voted_chain_accuracy(e, n, k, m)),
              long_steps=long_steps, chain_long=float(voting.chain_accuracy(e, long_steps)),
              voted_long=float(voting.voted_chain_accuracy(e, long_steps, k, m)))


@dataclass(frozen=True)
class V7:
    """V7: the MATH paper's human baseline (Hendrycks et al. 2021, Introduction and Appendix)."""

    problems: float
    minutes: float
    lowest_correct: float
    highest_correct: float
    imo_golds: float

    @property
    def problems_per_hour(self) -> float:
        return self.problems / (self.minutes / 60.0)

    @property
    def lowest_pct(self) -> float:
        return 100.0 * self.lowest_correct / self.problems

    @property
    def highest_pct(self) -> float:
        return 100.0 * self.highest_correct / self.problems


@functools.cache
def v7() -> V7:
    return V7(problems=fact("math_human_problems"), minutes=fact("math_human_minutes"),
              lowest_correct=fact("math_human_lowest_correct"), highest_correct=fact("math_human_highest_correct"),
              imo_golds=fact("math_human_top_imo_golds"))


# --- the ledger rows ----------------------------------------------------------------------

_NAN = math.nan
_DIRECTION = "a direction, not an amount: the band is the direction itself (ratio 1), no tolerance"


def _v1() -> list[Claim]:
    why = ("OpenAI describes o1 pro mode only as using 'more compute to think harder' (openai2024chatgptpro); "
           "parallel votes, longer chains and search all fit.")
    settle = "A statement from OpenAI, or o1 and o1 pro token counts and latencies on the same prompts, would settle it."
    return [
        Claim("V1a", _NAN, "—", "None possible: o1's inference procedure is not public.", method="claimant's arithmetic",
              note="OpenAI has not said whether o1 samples one chain or searches. " + settle),
        Claim("V1b", _NAN, "—", "None possible.", method="claimant's arithmetic", note=why + " " + settle),
        Claim("V1c", _NAN, "—", "None possible.", method="claimant's arithmetic",
              note="Whether o1 pro runs o1's weights is not public. " + settle),
    ]


def _v2() -> list[Claim]:
    L, r = LEDGER, v2()
    k, step = r.n_votes, r.price_step
    lo, hi = r.multiple_range
    setting = (f"{L['model']} (FP8 weights, BF16 KV) on {L['n_gpus']}×{L['hardware']} stands in for o1 (not public); "
               f"{L['prompt_tokens']:,} prompt and {L['output_tokens']:,} output tokens per stream, prompt prefilled "
               f"once and its KV shared")
    arc = v4().run
    per_sample = arc.tokens_per_sample[1] / arc.tokens_per_sample[0]
    m32 = float(r.serving.multiple)
    u_lo, u_hi = r.flop_use_range
    return [
        Claim("V2a", k * per_sample, "× tokens generated",
              f"{k} streams, each as long as one chain. The length of a chain that is one of many comes from "
              f"o3 on ARC-AGI: {arc.tokens_per_sample[0] / 1e3:.1f}k tokens per sample with 6 samples, "
              f"{arc.tokens_per_sample[1] / 1e3:.1f}k with 1024 (Chollet 2024).",
              note=f"Holds: drawing more samples did not shorten them ({per_sample:.3f}× the tokens per sample), so "
                   f"{k} streams generate {k * per_sample:.2f}× the tokens. Five is the article's example; o1 pro's "
                   "stream count is not public."),
        Claim("V2b", r.pro_usd_per_month, "USD per month", "OpenAI's launch posts: Pro $200, Plus $20 a month.",
              method="fact-checked", fact_source="openai2024chatgptpro",
              note=f"ChatGPT Pro is ${r.pro_usd_per_month:.0f} a month (2024-12-05) against Plus at "
                   f"${r.plus_usd_per_month:.0f} (openai2023chatgptplus): a {step:.0f}× step."),
        Claim("V2c", m32, "× cost per query (bound)",
              f"Node time per query of {k} streams over 1 on the roofline at {L['users']} queries decoded together "
              f"(interval: {LEDGER_USERS[0]} to {LEDGER_USERS[-1]} queries); {setting}.",
              low=lo, high=hi, natural_reading="cost multiple against the 10× price step",
              readings=(Reading(f"cost multiple against the {k}× tokens (multiple × {step:.0f}/{k}, on the price "
                                "step's scale)", m32 * step / k, lo * step / k, hi * step / k,
                                f"the multiple itself: {m32:.2f}× against {k}×"),),
              note=f"Holds: {m32:.2f}× at {L['users']} queries, {lo:.2f}× for a lone user, at most {hi:.2f}× where the "
                   f"node is full, always below the {step:.0f}× price step and below {k}× tokens. 'Far' is not a "
                   f"number: at {L['users']} queries the streams cost {m32 / k:.0%} of {k}× because their own KV "
                   f"caches crowd other queries out of HBM ({int(r.serving.users_served)} fit instead of "
                   f"{int(r.serving.users_served_single)})."),
        Claim("V2d", r.flop_use, "fraction of peak FLOP/s used in decode",
              f"Σ compute time / Σ roofline step time of the {k}-stream decode at {L['users']} queries (interval: "
              f"{LEDGER_USERS[0]} to {LEDGER_USERS[-1]}); {setting}.",
              low=u_lo, high=u_hi, claimed=1.0, sense="upper", tolerance=1.0,
              band_reason="qualitative 'spare FLOPs': the decode must use less than all of peak FLOP/s; "
                          + _DIRECTION,
              note=f"Holds on the roofline: the decode is memory-bound and uses {r.flop_use:.0%} of peak FLOP/s at "
                   f"{L['users']} queries ({u_lo:.1%} to {u_hi:.0%} over the batches), and capacity caps the batch "
                   f"at {int(r.serving.users_served)} queries. Measured utilisation of OpenAI's fleet is not public."),
        Claim("V2e", r.kv_ratio, "× KV cache of one query",
              f"KV positions one query's {k} streams hold at their last step over one stream's: "
              f"({L['prompt_tokens']:,} + {k}·{L['output_tokens']:,}) / ({L['prompt_tokens']:,} + "
              f"{L['output_tokens']:,}); the per-step KV reads scale the same way.",
              claimed=1.0, band_reason="'no extra KV bandwidth or memory': k streams' KV over one stream's must be 1",
              natural_reading="independent samples share only the prompt",
              readings=(Reading("shared over 'most of the sequence length' (at least half of it)",
                                r.kv_ratio_half_shared, _NAN, _NAN,
                                "half of each stream's whole sequence shared, the other half its own"),),
              note=f"Fails: self-consistency samples each chain independently from the prompt, so the {k} streams "
                   f"share only the {L['prompt_tokens']:,}-token prompt and hold {r.kv_ratio:.2f}× the KV of one "
                   f"stream; even were half of every sequence shared it would be {r.kv_ratio_half_shared:.1f}×."),
    ]


def _v3() -> list[Claim]:
    r = v3()
    assumptions = (f"Published: SWE-bench Lite, DeepSeek-Coder-V2-Instruct, {r.pass_at_1:.1%} with one sample and "
                   f"{r.coverage_at_k:.0%} with {r.k} (Brown et al. 2024). Majority vote modelled on a benchmark "
                   f"whose per-problem accuracy is Beta(α={r.alpha:.3f}, β={r.beta:.3f}), fitted to those two "
                   f"numbers, with {r.n_wrong_answers} equally likely wrong answers per problem (interval: one "
                   "wrong answer to all distinct).")
    return [
        Claim("V3a", r.coverage_at_k / r.pass_at_1, "× coverage at k over pass@1",
              f"Coverage at {r.k} samples over one sample, SWE-bench Lite (Brown et al. 2024, abstract).",
              method="fact-checked", fact_source="brown2024monkeys", claimed=1.0, sense="lower", tolerance=1.0,
              band_reason="'more samples give more coverage': " + _DIRECTION,
              note=f"Holds: coverage rose {r.coverage_at_k / r.pass_at_1:.1f}× from 1 to {r.k} samples; on GSM8K "
                   f"and MATH it passes {r.math_coverage_10k:.0%} at 10,000 samples with Llama-3 models (same "
                   "paper)."),
        Claim("V3b", r.majority / r.coverage, "fraction of coverage a majority vote realises", assumptions,
              low=r.majority_one_wrong / r.coverage, high=r.majority_unique / r.coverage, claimed=1.0, sense="upper",
              tolerance=1.0, band_reason="'a verifier is needed': without one, selection realises less than the "
                                         "coverage; " + _DIRECTION,
              natural_reading="without a verifier, majority vote realises less than coverage",
              readings=(Reading("a verifier is strictly necessary: sampling gains nothing without one "
                                "(majority vote over pass@1)", r.majority / r.pass_at_1, _NAN, _NAN,
                                f"{r.majority:.2f} against {r.pass_at_1:.3f}"),),
              note=f"Depends on the reading: a vote of {r.k} samples solves {r.majority:.2f} where a verifier "
                   f"reaches {r.coverage_at_k:.2f} (the Monkeys too found voting plateaus), but it still beats one "
                   f"sample ({r.pass_at_1:.3f}): a verifier is needed for the coverage, not for any gain."),
    ]


def _v4() -> list[Claim]:
    r = v4()
    arc = r.run
    src = "ARC Prize results table, Semi-Private set, 100 tasks (Chollet 2024)."
    return [
        Claim("V4a", arc.token_ratio, "× compute per task", "Token ratio 5.7B / 33M over the same 100 tasks. " + src,
              method="fact-checked", fact_source="chollet2024arc", natural_reading="token ratio",
              readings=(Reading("sample ratio (1024 / 6)", arc.samples_ratio),),
              note=f"Holds: {arc.token_ratio:.1f}× the tokens and {arc.samples_ratio:.1f}× the samples. The wall "
                   f"time rose only {arc.time_ratio:.1f}× (the samples ran in parallel); the same sentence states "
                   "both times, so 'compute' does not mean time."),
        Claim("V4b", arc.tokens_per_task[1], "tokens per task", "5.7B tokens over 100 tasks. " + src,
              method="fact-checked", fact_source="chollet2024arc", note="Holds: 5.7B / 100 = 57M."),
        Claim("V4c", arc.seconds_per_task[1] / 60, "minutes per task", src, method="fact-checked",
              fact_source="chollet2024arc", note="Holds: the table's time per task."),
        Claim("V4d", arc.tokens_per_task[0], "tokens per task", "33M tokens over 100 tasks. " + src,
              method="fact-checked", fact_source="chollet2024arc", note="Holds: 33M / 100 = 330k."),
        Claim("V4e", arc.seconds_per_task[0] / 60, "minutes per task", src, method="fact-checked",
              fact_source="chollet2024arc", note="Holds: the table's time per task."),
    ]


def _v5_v6() -> list[Claim]:
    r = v6()
    return [
        Claim("V5a", _NAN, "characters (字) per chain of thought",
              "None possible: DeepSeek published no length distribution for R1-Lite-Preview's chains.",
              method="claimant's arithmetic",
              note="DeepSeek's statement, not a measurement we can check: a published distribution of chain lengths "
                   "(in characters or tokens) would settle it; o3 on ARC-AGI wrote about 55k tokens per sample."),
        Claim("V5b", _NAN, "—", "A stated toy model only (voting.thinking_budget_accuracy).",
              method="claimant's arithmetic",
              note="No public curve of accuracy against thinking length has numbers on both axes; per-problem "
                   "accuracies at several fixed thinking budgets would settle it."),
        Claim("V6a", _NAN, "—", "None possible.", method="claimant's arithmetic",
              note="Qualitative, and the seed's paragraph is about silent data corruption while the sentence could "
                   "mean reasoning errors; error rates per step of either kind, measured on long chains, would "
                   "settle it."),
        Claim("V6b", _NAN, "—",
              f"Stated toy model, not evidence: {r.n_steps} steps, {r.per_step_error:.1%} error per step, "
              f"{r.n_votes} votes, {r.n_wrong_answers} equally likely wrong answers.",
              method="claimant's arithmetic",
              note=f"In the toy model a vote lifts {r.chain:.3f} to {r.voted:.3f}, but at {r.long_steps} steps it "
                   f"lowers {r.chain_long:.3f} to {r.voted_long:.3f}: voting protects only while one chain beats the "
                   "most common wrong answer. Accuracy of o1 against o1 pro on long problems would settle it."),
    ]


def _v7() -> list[Claim]:
    r = v7()
    src = "MATH paper, human baseline (Hendrycks et al. 2021, Introduction and Appendix)."
    return [
        Claim("V7a", r.problems_per_hour, "problems per hour",
              f"{r.problems:.0f} problems in {r.minutes:.0f} minutes, by hand. " + src, method="fact-checked",
              fact_source="hendrycks2021math", note="Holds: 20 problems sampled from the test set, one hour."),
        Claim("V7b", r.lowest_pct, "% of problems", f"{r.lowest_correct:.0f}/{r.problems:.0f} solved. " + src,
              method="fact-checked", fact_source="hendrycks2021math", natural_reading="exactly 40% (Appendix: 8/20)",
              readings=(Reading("about 40% (Introduction: 'approximately 40%')", r.lowest_pct),),
              note="Holds: the lowest participant, who does not like mathematics, solved 8 of 20."),
        Claim("V7c", r.highest_pct, "% of problems", f"{r.highest_correct:.0f}/{r.problems:.0f} solved. " + src,
              method="fact-checked", fact_source="hendrycks2021math",
              note="Holds: 18 of 20, misses 'exclusively due to small errors of arithmetic'; a participant with a "
                   "perfect AMC 10 score also solved 18."),
        Claim("V7d", r.imo_golds, "IMO gold medals", src, method="fact-checked", fact_source="hendrycks2021math",
              note="Holds: 'a three-time IMO gold medalist attained 90%'. The Introduction calls the 40% scorer a "
                   "computer science PhD student; the Appendix says all were university students."),
    ]


@functools.lru_cache(maxsize=1)
def _claim_rows() -> tuple:
    return tuple(_v1() + _v2() + _v3() + _v4() + _v5_v6() + _v7())


def claim_rows() -> list[Claim]:
    """Ledger rows of chapter 05's leaf claims (V1a-V7d), computed with :data:`LEDGER`'s assumptions."""
    return list(_claim_rows())
