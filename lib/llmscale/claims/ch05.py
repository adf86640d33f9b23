"""Chapter 05's claims V1-V6: o1 pro, voting and test-time compute.

Each recomputed claim's intermediates are one small frozen result (:func:`v2`, :func:`v3`,
:func:`v4`, :func:`v6`, computed once and cached); the ledger rows and the chapter read
them. The published test-time facts (ARC-AGI o3, subscription prices, the Monkeys'
SWE-bench Lite coverage) come from ``data/test_time_facts.csv`` through
:func:`llmscale.catalog.row`.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np

from .. import catalog, voting
from ..serving_options import Precision
from ..vote_cost import VotingCost, voting_cost
from .ch04 import T3_SEQ_LENS
from .ledger import LegacyClaim as Claim

#: Assumptions of the ledger rows (the chapter's defaults). o1's size and serving set-up are not
#: public: Llama 3.1 405B on one 8×H100 node stands in, as in chapter 04 (SemiAnalysis 2024 use it too).
#: ``output_tokens``: o1-preview's 7,661 tokens on SemiAnalysis's prompt (chapter 04's ``T3_SEQ_LENS``).
LEDGER = dict(model="Llama 3.1 405B", hardware="H100 SXM", n_gpus=8, weight_bytes_per_element=1.0,
              kv_bytes_per_element=2.0, users=32, prompt_tokens=1000, output_tokens=T3_SEQ_LENS[1],
              n_votes=5, n_wrong_answers=3, per_step_error=0.002, n_steps=500, monkeys_k=250)


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
    """V2: ``n_votes`` streams against one on the roofline, at the ledger's batch (``serving``) and for one user."""

    serving: VotingCost
    single: VotingCost
    price_step: float
    pro_usd_per_month: float
    plus_usd_per_month: float


@functools.cache
def v2() -> V2:
    L = LEDGER
    kw = dict(n_gpus=L["n_gpus"], precision=Precision(L["weight_bytes_per_element"], L["kv_bytes_per_element"]))
    serving = voting_cost(L["model"], L["hardware"], L["n_votes"], L["prompt_tokens"], L["output_tokens"],
                          users=L["users"], **kw)
    single = voting_cost(L["model"], L["hardware"], L["n_votes"], L["prompt_tokens"], L["output_tokens"],
                         users=1, **kw)
    return V2(serving=serving, single=single, price_step=subscription_price_step(),
              pro_usd_per_month=fact("chatgpt_pro_usd_per_month"),
              plus_usd_per_month=fact("chatgpt_plus_usd_per_month"))


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


@functools.cache
def v3() -> V3:
    m = LEDGER["n_wrong_answers"]
    maj, cov, a_fit, b_fit = monkeys_majority_vote(m)
    maj_unique, _, _, _ = monkeys_majority_vote(math.inf)
    return V3(k=int(LEDGER["monkeys_k"]), pass_at_1=fact("monkeys_swebench_pass1"),
              coverage_at_k=fact("monkeys_swebench_coverage_250"), alpha=a_fit, beta=b_fit, n_wrong_answers=m,
              majority=maj, coverage=cov, majority_unique=maj_unique)


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
    """V6: one chain against a vote of chains, at the ledger's length and at twice it."""

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


# --- the ledger rows ----------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _claim_rows() -> tuple:
    L = LEDGER
    r2, r3, r4, r6 = v2(), v3(), v4(), v6()
    serving, single, step = r2.serving, r2.single, r2.price_step
    arc = r4.run
    maj, cov, a_fit, b_fit, maj_unique = r3.majority, r3.coverage, r3.alpha, r3.beta, r3.majority_unique
    p_chain, p_voted = r6.chain, r6.voted
    long_steps, p_chain_long, p_voted_long = r6.long_steps, r6.chain_long, r6.voted_long
    nan = math.nan
    m = L["n_wrong_answers"]
    return (
        Claim("V1", "o1 follows a single chain of thought (pass@1, no search); o1 pro uses self-consistency "
              "(majority vote) over the same weights", "semi", nan, nan, "—",
              "None possible: OpenAI describes o1 pro mode only as using more compute to think harder.",
              checkable=False,
              note="OpenAI has not disclosed how o1 pro mode spends its extra compute (parallel votes, longer "
                   "chains, or search). A statement from OpenAI, or measured token counts and latencies of o1 "
                   "against o1 pro on the same prompts, would settle it. The chapter computes what a 5-vote "
                   "majority would buy and cost."),
        Claim("V2", "Five voting streams mean 5x the tokens, yet OpenAI's cost rises far less than the $20 to "
              "$200 price step (decode is bandwidth- and capacity-bound; streams share the prompt's KV cache)",
              "semi", step, float(serving.multiple), "× cost per query",
              f"Claimed: the price step ${r2.pro_usd_per_month:.0f}/${r2.plus_usd_per_month:.0f}"
              f" (a bound). Recomputed: node time per query of {L['n_votes']} streams over 1 on the roofline, "
              f"{L['model']} (FP8 weights, BF16 KV) on {L['n_gpus']}×{L['hardware']}, {L['users']} queries "
              f"decoded together, {L['prompt_tokens']:,} prompt and {L['output_tokens']:,} output tokens per "
              "stream, prefill once, prompt KV shared.",
              sense="upper", checkable=False,
              note=f"Below the {step:.0f}x price step, but not 'far less than 5x': {float(serving.multiple):.2f}x at "
                   f"{L['users']} users because the 5 streams' own KV ({L['output_tokens']:,} tokens each) "
                   f"does not fit, so the node serves {int(serving.users_served)} queries instead of "
                   f"{int(serving.users_served_single)}. For a single user it is {float(single.multiple):.2f}x "
                   "(weight reads dominate). Sharing the prompt saves only the prompt's KV; long outputs are "
                   "not shared. o1's size and OpenAI's serving set-up are not public."),
        Claim("V3", "Large Language Monkeys: coverage (pass@k) keeps rising with repeated sampling; a verifier is "
              "needed to pick the right sample", "semi", r3.coverage_at_k, maj,
              "fraction solved",
              f"Claimed: the coverage a verifier (unit tests) realises, SWE-bench Lite at {L['monkeys_k']} samples "
              f"(Brown et al. 2024). Recomputed: majority vote of the same samples with no verifier, on a "
              f"benchmark whose difficulty is Beta(α={a_fit:.3f}, β={b_fit:.3f}), fitted to pass@1 = "
              f"{100 * r3.pass_at_1:.1f} % and coverage "
              f"{100 * r3.coverage_at_k:.0f} %, with {m} equally likely wrong answers per problem.",
              tolerance=1.0, sense="upper", checkable=False,
              note=f"Majority vote stays at {maj:.2f} where coverage is {cov:.2f}: hard problems are covered by "
                   "a rare correct sample that voting cannot pick out. It depends on wrong answers repeating: "
                   f"were every wrong answer distinct, voting would reach {maj_unique:.2f}. Code has tests; "
                   "for free-form math the verifier is the bottleneck."),
        Claim("V4", "ARC-AGI, o3 low to high compute: 172x more compute, 57M tokens per task and 13.8 minutes "
              "versus 330k tokens and 1.3 minutes", "jonvet", r4.compute_ratio_claimed, arc.token_ratio,
              "× tokens per task",
              "Token ratio from the ARC Prize results table: 5.7B / 33M tokens over the same 100 Semi-Private "
              "tasks (Chollet 2024).",
              note=f"The wall-time ratio is only {arc.time_ratio:.1f}x: the high-compute mode drew "
                   f"{arc.samples_ratio:.1f}x more samples ({arc.samples_per_task[1]:.0f} vs "
                   f"{arc.samples_per_task[0]:.0f}) of about the same length ({arc.tokens_per_sample[1] / 1e3:.1f}k "
                   f"vs {arc.tokens_per_sample[0] / 1e3:.1f}k tokens), largely in parallel "
                   f"({arc.throughput_ratio:.1f}x the tokens per second)."),
        Claim("V5", "Chains of thought reach tens of thousands of words; accuracy rises with thinking length",
              "wall", nan, nan, "—",
              "A stated toy model only (thinking_budget_accuracy): accuracy rises with the token budget and "
              "saturates where per-step errors bind.", checkable=False,
              note="Qualitative, and no public accuracy-against-thinking-tokens curve with numbers supports a "
                   "recomputation (OpenAI's o1 AIME chart has an unlabelled log-compute axis). Per-problem "
                   "accuracies at several fixed thinking budgets would settle it."),
        Claim("V6", "Errors accumulate along long chains; self-consistency protects against a chain that went "
              "wrong early", "semi", p_chain, p_voted, "probability correct",
              f"Stated model: {L['n_steps']} steps, each wrong with probability {L['per_step_error']} "
              f"independently, so one chain is right with (1-e)^L = {p_chain:.3f} (the claimed value is this "
              f"single-chain accuracy, as a lower bound). Recomputed: majority of {L['n_votes']} chains with "
              f"{m} equally likely wrong answers.",
              tolerance=1.0, sense="lower", checkable=False,
              note=f"Voting protects only while one chain beats the most common wrong answer (here "
                   f"{p_chain:.3f} > {(1 - p_chain) / m:.3f}). At {long_steps} steps one chain is right with "
                   f"{p_chain_long:.3f} and {L['n_votes']} votes give {p_voted_long:.3f}: voting then amplifies the error. "
                   "Correlated errors (chains failing the same way) weaken it further."),
    )


def claim_rows() -> list[Claim]:
    """Ledger rows V1-V6 (chapter 05), recomputed with :data:`LEDGER`'s assumptions."""
    return list(_claim_rows())
