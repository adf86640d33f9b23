"""Chapter 05: the claim rows V1-V6 (llmscale.claims.ch05) and the chapter's numbers (llmscale.chapters.ch05)."""

import json
import math
import re

import pytest

from llmscale import claims, params
from llmscale.chapters import ch05
from llmscale.claims import ch05 as c05
from tests.conftest import ROOT

NOTEBOOK = ROOT / "chapters" / "05_o1_pro_voting.ipynb"


def test_arc_agi_o3_numbers():
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


def test_claim_rows_verdicts():
    rows = {r.id: r for r in c05.claim_rows()}
    assert sorted(rows) == ["V1", "V2", "V3", "V4", "V5", "V6"]
    assert rows["V1"].verdict == "unverifiable"
    assert rows["V2"].verdict == "consistent"
    assert rows["V2"].claimed == 10.0 and rows["V2"].recomputed == pytest.approx(3.068, abs=0.01)
    assert rows["V3"].verdict == "consistent"
    assert rows["V3"].claimed == 0.56 and rows["V3"].recomputed == pytest.approx(0.21, abs=0.01)
    assert rows["V4"].verdict == "reproduced"
    assert rows["V4"].recomputed == pytest.approx(172.727, abs=1e-3)
    assert rows["V5"].verdict == "unverifiable"
    assert rows["V6"].verdict == "consistent"
    assert rows["V6"].claimed == pytest.approx(0.998**500)
    assert rows["V6"].recomputed == pytest.approx(0.4528, abs=1e-3)
    df = claims.ledger("05")
    assert list(df["id"]) == ["V1", "V2", "V3", "V4", "V5", "V6"]
    assert all(df["link"].str.startswith("05_o1_pro_voting.html#claim-v"))


def test_claim_results_are_what_the_rows_show():
    rows = {r.id: r for r in c05.claim_rows()}
    assert rows["V2"].recomputed == float(c05.v2().serving.multiple)
    assert c05.v2().serving.users_served == 11 and c05.v2().single.multiple == pytest.approx(1.02, abs=0.005)
    r3 = c05.v3()
    assert rows["V3"].recomputed == r3.majority and r3.alpha / (r3.alpha + r3.beta) == pytest.approx(0.159)
    assert r3.majority < r3.coverage < r3.coverage_at_k + 0.01 and r3.majority_unique > r3.majority
    assert rows["V4"].recomputed == c05.v4().run.token_ratio and c05.v4().scores == (0.757, 0.875)
    r6 = c05.v6()
    assert (rows["V6"].claimed, rows["V6"].recomputed) == (r6.chain, r6.voted)
    assert r6.voted_long < r6.chain_long                            # past the break-even length voting hurts


def _defaults():
    return params.validate("05", k_max=1000, p_correct=0.6, n_wrong_answers=3, n_votes=5, model="Llama 3.1 405B",
                           hardware="H100 SXM", n_gpus=8, weight_precision="fp8", kv_precision="bf16", batch=32,
                           prompt_tokens=1000, output_tokens=7661, per_step_error=0.002)


def test_numbers_cover_every_glue_of_the_notebook():
    nb = json.loads(NOTEBOOK.read_text())
    prose = "".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    used = set(re.findall(r"\{glue:text\}`c05_(\w+)`", prose))
    nums = ch05.numbers(_defaults())
    assert used <= set(nums)
    assert not [k for k, v in nums.items() if re.search(r"\b(inf|nan)\b", v)]


def test_numbers_at_the_defaults():
    nums = ch05.numbers(_defaults())
    assert nums["maj_votes"] == "81.1%" and nums["maj_votes_binary"] == "68.3%"
    assert nums["threshold"] == "25%" and nums["v6_cross"] == "692"
    assert nums["mult_single"] == "1.02×" and nums["mult_batch"] == "3.07×" and nums["served"] == "11"
    assert nums["verdicts"] == "Of the six claims: 1 reproduced, 3 consistent, 0 disputed, 2 unverifiable."
    assert nums["arc_tokens"] == "172.7" and nums["price_step"] == "10×"


def test_numbers_follow_the_parameters():
    P = dict(_defaults(), batch=1, output_tokens=775, p_correct=0.3, n_wrong_answers=1)
    nums = ch05.numbers(P)
    assert nums["p"] == "30%" and nums["threshold"] == "50%" and nums["batch"] == "1"
    assert nums["mult_batch"] == nums["mult_single"]
    assert float(nums["maj_votes"].rstrip("%")) < 30                # below the threshold a vote hurts
    assert math.isfinite(float(nums["mult_max"].rstrip("×")))
