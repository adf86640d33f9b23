"""Chapter 05: the claim rows V1a-V7d (llmscale.claims.ch05) and the chapter's numbers (llmscale.chapters.ch05)."""

import json
import re

import pytest

from llmscale import claims, params
from llmscale.chapters import ch05
from llmscale.claims import ch05 as c05
from tests.conftest import ROOT

NOTEBOOK = ROOT / "chapters" / "05_o1_pro_voting.ipynb"

#: Every verdict of chapter 05, written from the analysis in the chapter (not re-derived by the rule).
VERDICTS = {
    "V1": "unverifiable", "V1a": "unverifiable", "V1b": "unverifiable", "V1c": "unverifiable",
    "V2": "disputed", "V2a": "reproduced", "V2b": "reproduced", "V2c": "reproduced", "V2d": "reproduced",
    "V2e": "disputed",
    "V3": "depends on reading", "V3a": "reproduced", "V3b": "depends on reading",
    "V4": "reproduced", "V4a": "reproduced", "V4b": "reproduced", "V4c": "reproduced", "V4d": "reproduced",
    "V4e": "reproduced",
    "V5": "unverifiable", "V5a": "unverifiable", "V5b": "unverifiable",
    "V6": "unverifiable", "V6a": "unverifiable", "V6b": "unverifiable",
    "V7": "reproduced", "V7a": "reproduced", "V7b": "reproduced", "V7c": "reproduced", "V7d": "reproduced",
}


@pytest.fixture(scope="module")
def ledger():
    return claims.ledger("05").set_index("id")


def test_every_verdict(ledger):
    assert dict(ledger["verdict"]) == VERDICTS


def test_methods_and_sources(ledger):
    fact = {"V2b": "openai2024chatgptpro", "V3a": "brown2024monkeys", "V4a": "chollet2024arc", "V4b": "chollet2024arc",
            "V4c": "chollet2024arc", "V4d": "chollet2024arc", "V4e": "chollet2024arc", "V7a": "hendrycks2021math",
            "V7b": "hendrycks2021math", "V7c": "hendrycks2021math", "V7d": "hendrycks2021math"}
    rows = {c.id: c for c in c05.claim_rows()}
    assert sorted(rows) == sorted(i for i in VERDICTS if i[-1].islower())
    for cid, c in rows.items():
        if cid in fact:
            assert c.method == "fact-checked", cid
        assert c.fact_source == fact.get(cid, ""), cid
        assert not c.fitted, cid
    assert {r.method for cid, r in rows.items() if cid[:2] in ("V2", "V3") and cid not in fact} == {"recomputed"}
    assert all(ledger.loc[i, "link"] == f"05_o1_pro_voting.html#claim-{i[:2].lower()}" for i in VERDICTS)


def test_published_facts():
    arc = c05.arc_agi_o3()
    assert arc.tokens_per_task == pytest.approx((330e3, 57e6))
    assert arc.token_ratio == pytest.approx(5.7e9 / 33e6) and round(arc.token_ratio, 1) == 172.7
    assert arc.time_ratio == pytest.approx(13.8 / 1.3) and round(arc.time_ratio, 1) == 10.6
    assert arc.samples_ratio == pytest.approx(1024 / 6)
    assert arc.tokens_per_sample == pytest.approx((55_000, 55_664.0625))
    assert arc.samples_in_flight == pytest.approx(1024 / (13.8 / 1.3))
    assert c05.subscription_price_step() == 10.0
    assert c05.fact("ARC_O3_COMPUTE_RATIO") == 172.0                # catalog.row: case-insensitive
    with pytest.raises(ValueError, match="Did you mean"):
        c05.fact("arc_o3_compute_ratios")
    r7 = c05.v7()                                                   # Hendrycks et al. 2021, human baseline
    assert (r7.problems, r7.minutes, r7.problems_per_hour) == (20, 60, 20)
    assert (r7.lowest_pct, r7.highest_pct, r7.imo_golds) == (40, 90, 3)
    r3 = c05.v3()                                                   # Brown et al. 2024, abstract
    assert (r3.pass_at_1, r3.coverage_at_k, r3.k, r3.math_coverage_10k) == (0.159, 0.56, 250, 0.95)


def test_key_recomputed_numbers(ledger):
    r2 = c05.v2()
    assert ledger.loc["V2a", "recomputed"] == pytest.approx(5 * 55_664.0625 / 55_000)
    assert ledger.loc["V2c", "recomputed"] == pytest.approx(3.068, abs=0.01) == float(r2.serving.multiple)
    assert r2.multiple_range == pytest.approx((1.019, 4.472), abs=0.01)
    assert r2.serving.users_served == 11 and r2.single.multiple == pytest.approx(1.02, abs=0.005)
    assert ledger.loc["V2d", "recomputed"] == pytest.approx(0.303, abs=0.005) and r2.serving.bound == "memory"
    assert ledger.loc["V2e", "recomputed"] == pytest.approx((1000 + 5 * 7661) / (1000 + 7661))
    assert r2.kv_ratio_half_shared == pytest.approx(3.0)
    r3 = c05.v3()
    assert ledger.loc["V3a", "recomputed"] == pytest.approx(0.56 / 0.159)
    assert r3.majority == pytest.approx(0.21, abs=0.01) and r3.alpha / (r3.alpha + r3.beta) == pytest.approx(0.159)
    assert r3.majority_one_wrong < r3.pass_at_1 < r3.majority < r3.majority_unique < r3.coverage
    readings = {x["reading"][:20]: x for x in ledger.loc["V3b", "readings"]}
    assert {x["verdict"] for x in readings.values()} == {"reproduced", "disputed"}
    assert ledger.loc["V4a", "recomputed"] == pytest.approx(172.727, abs=1e-3)
    r6 = c05.v6()
    assert r6.chain == pytest.approx(0.998**500) and r6.voted == pytest.approx(0.4528, abs=1e-3)
    assert r6.voted_long < r6.chain_long                            # past the break-even length voting hurts


def _defaults(**kw):
    d = dict(k_max=1000, p_correct=0.6, n_wrong_answers=3, n_votes=5, model="Llama 3.1 405B", hardware="H100 SXM",
             n_gpus=8, weight_precision="fp8", kv_precision="bf16", batch=32, prompt_tokens=1000,
             output_tokens=7661, per_step_error=0.002)
    return params.validate("05", **{**d, **kw})


def test_numbers_cover_every_glue_of_the_notebook():
    nb = json.loads(NOTEBOOK.read_text())
    prose = "".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    used = set(re.findall(r"\{glue:text\}`c05_(\w+)`", prose))
    nums = ch05.numbers(_defaults())
    assert used <= set(nums)
    assert not [k for k, v in nums.items() if re.search(r"\b(inf|nan)\b", v)]
    assert "five streams" not in "".join(x for x in prose.splitlines() if x.startswith("#")).lower()


def test_numbers_at_the_defaults():
    nums = ch05.numbers(_defaults())
    assert nums["maj_votes"] == "81.1%" and nums["maj_votes_binary"] == "68.3%"
    assert nums["threshold"] == "25%" and nums["v6_cross"] == "692"
    assert nums["cost_key"].startswith("5 streams sharing one prompt cost 1.02× the node time of one stream for a "
                                       "lone user but 3.07× at 32 users")
    assert nums["verdicts"] == ("Of the 7 claims: 2 reproduced, 0 consistent, 1 depends on reading, 1 disputed, "
                                "3 unverifiable.")
    assert nums["arc_tokens"] == "172.7" and nums["price_step"] == "10×" and nums["v2_kv"] == "4.54×"
    assert nums["cheap_long"] == "up to 14 users on the node" and nums["dear_long"] == "it reaches 4× from 45 users"


def test_numbers_follow_the_parameters():
    nums = ch05.numbers(_defaults(batch=1, output_tokens=775, p_correct=0.3, n_wrong_answers=1))
    assert nums["p"] == "30%" and nums["threshold"] == "50%" and nums["batch"] == "1"
    assert "for a lone user." in nums["cost_key"] and "users" not in nums["cost_key"]
    assert float(nums["maj_votes"].rstrip("%")) < 30                # below the threshold a vote hurts


def test_a_query_that_does_not_fit_says_why():
    nums = ch05.numbers(_defaults(n_votes=64))
    assert nums["cost_key"] == ("64 streams of one query cannot run on this node at all: one query's 64 KV caches "
                                "need 254 GB; the node has 234 GB beside the weights (640 GB of HBM on 8×H100 SXM, "
                                "406 GB of weights).")
    assert nums["cheap_long"] == "for no batch at all" and "users" not in nums["dear_long"]
    assert "64 streams can cost up to about 64 times one stream" in nums["votes_vs_step"]
    table = ch05.cost_table(_defaults(n_votes=64))
    assert set(table["node-seconds per query, 64 streams"]) == {"does not fit"}
    nothing = ch05.numbers(_defaults(weight_precision="fp32", n_gpus=1))
    assert "the weights alone need 1.6 TB; the node has 80 GB of HBM" in nothing["cost_key"]
    assert not ch05.cost_map(_defaults(weight_precision="fp32", n_gpus=1)).any_fit
    assert "cannot be judged" in nothing["price_phrase"]
    for v in [*nums.values(), *nothing.values()]:
        assert not re.search(r"\b(inf|nan)\b|no users|fits 0", v), v
