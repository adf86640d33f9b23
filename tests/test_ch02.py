"""Chapter 02: the claim rows L1-L22 (llmscale.claims.ch02) and the chapter's numbers (llmscale.chapters.ch02)."""

from __future__ import annotations

import json
import re

import pytest

from llmscale import catalog, claims, params
from llmscale import overtraining as ot
from llmscale.chapters import ch02
from llmscale.claims import ch02 as c02
from tests.conftest import ROOT

NOTEBOOK = ROOT / "chapters" / "02_llama_overtraining.ipynb"
PRESETS = ("hoffmann2022", "hoffmann2022_unrounded", "besiroglu2024")


# --- the claim rows ---------------------------------------------------------------------------

#: Every verdict of chapter 02, from the analysis in the chapter (not re-derived by the rule).
VERDICTS = {
    "L1": "reproduced", "L1a": "reproduced", "L1b": "unverifiable",
    "L2": "reproduced", "L2a": "reproduced", "L2b": "reproduced", "L2c": "reproduced",
    "L3": "reproduced", "L3a": "reproduced", "L3b": "reproduced",
    "L4": "reproduced", "L4a": "reproduced", "L4b": "reproduced", "L4c": "reproduced",
    "L5": "reproduced", "L5a": "reproduced", "L5b": "reproduced",
    "L6": "reproduced", "L6a": "reproduced", "L6b": "unverifiable", "L6c": "reproduced",
    "L7": "depends on reading", "L7a": "depends on reading", "L7b": "reproduced",
    "L8": "reproduced",
    "L9": "reproduced", "L9a": "reproduced", "L9b": "reproduced",
    "L10": "reproduced", "L10a": "reproduced", "L10b": "reproduced",
    "L11": "depends on reading", "L11a": "depends on reading", "L11b": "reproduced",
    "L12": "depends on reading", "L12a": "depends on reading", "L12b": "consistent",
    "L13": "unverifiable", "L13a": "unverifiable", "L13b": "unverifiable",
    "L14": "depends on reading",
    "L15": "disputed", "L15a": "reproduced", "L15b": "reproduced", "L15c": "disputed",
    "L16": "depends on reading", "L16a": "depends on reading", "L16b": "reproduced", "L16c": "reproduced",
    "L16d": "reproduced",
    "L17": "depends on reading", "L18": "unverifiable", "L19": "unverifiable", "L20": "unverifiable",
    "L21": "reproduced",
    "L22": "reproduced", "L22a": "unverifiable", "L22b": "reproduced",
}

#: Key recomputed values (natural reading) against published or hand-checked numbers.
VALUES = {
    "L1a": 3.26, "L2a": 148.4, "L3b": 296.8, "L4a": 1868, "L5a": 3.80e25, "L5b": 45.9, "L6a": 10_000,
    "L6c": 0.837, "L7a": 8.53e4, "L7b": 7.99, "L8": 15.85, "L9a": 5e25, "L10a": 510e12, "L10b": 18e12,
    "L11a": 1e5, "L12a": 1.831e12, "L12b": 57.2e6, "L14": 5.74, "L15a": 2.83, "L15b": 2.58, "L15c": 2.58,
    "L16a": 16_384, "L16c": 61.7e6, "L17": 1.0, "L21": 16_384, "L22b": 1.0143,
}


def test_every_verdict_of_chapter_02():
    df = claims.ledger("02").set_index("id")
    assert dict(df["verdict"]) == VERDICTS
    for cid, value in VALUES.items():
        assert df.loc[cid, "recomputed"] == pytest.approx(value, rel=0.005), cid
    leaves = df[df["method"] != ""]
    assert (leaves["assumptions"].str.len() > 0).all() and (leaves["note"].str.len() > 0).all()


def test_readings_side_by_side():
    df = claims.ledger("02").set_index("id")

    def readings(cid):
        return {r["reading"].split(":")[0].split(" (")[0]: (r["recomputed"], r["verdict"]) for r in df.loc[cid, "readings"]}

    # L7: premise fixed holds (8.0x under Hoffmann, 5.95x under Epoch's refit); conclusion fixed fails (8.5e4x)
    l7b = {r["reading"]: r for r in df.loc["L7b", "readings"]}
    assert l7b["premise fixed: 100x compute (hoffmann2022)"]["recomputed"] == pytest.approx(7.99, rel=1e-3)
    assert l7b["premise fixed (besiroglu2024)"]["recomputed"] == pytest.approx(5.95, rel=1e-3)
    assert readings("L7a")["conclusion fixed"] == (pytest.approx(8.53e4, rel=1e-3), "disputed")
    # L15: by a third (1.5x) holds only through Ho et al.'s CI; to a third (3x) matches 2.83x
    assert df.loc["L15a", "recomputed_low"] == pytest.approx(2 ** (12 / 14)) and df.loc["L15a", "tolerance"] == 1.25
    to_a_third = next(r for r in df.loc["L15a", "readings"] if r["reading"].startswith("to a third"))
    assert to_a_third["claimed"] == 3.0 and to_a_third["recomputed"] == pytest.approx(2 ** 1.5)
    assert to_a_third["verdict"] == "reproduced"
    # L14: hardware x algorithms and physical compute hold; effective compute (10.5) does not
    assert {k: v[1] for k, v in readings("L14").items()} == {
        "hardware FLOP/$ x algorithmic progress": "reproduced", "physical training compute": "reproduced",
        "effective compute incl. algorithms": "disputed"}
    # L17: Moore 1965 yearly (fails), 1975 every two years (holds)
    assert [r["recomputed"] for r in df.loc["L17", "readings"]] == [1.0, 2.0]


def test_ledger_rows_of_chapter_02():
    df = claims.ledger("02").set_index("id")
    assert len(df) == 58 and df.loc["L7a", "link"] == "02_llama_overtraining.html#claim-l7"
    assert df.loc["L17", "link"] == "02_llama_overtraining.html#claim-l17"


def test_l7_conclusion_fixed_fails_under_every_preset():
    for p in PRESETS:
        assert ot.fixed_loss_overhead(p, 0.1).compute_multiple > 100 * 3.16      # inf where impossible
        # ... while 100x buys more than a 5x smaller model under each (premise fixed holds)
        assert 1 / ot.size_fraction_for_overhead(p, 100) > 5


def test_fact_checks_cite_their_source():
    df = claims.ledger("02").set_index("id")
    rows = c02.rows_by_id()
    for cid in ("L2c", "L3a", "L4c", "L6a", "L8", "L9a", "L9b", "L10a", "L10b", "L11a", "L11b", "L17", "L21", "L22b"):
        assert df.loc[cid, "method"] == "fact-checked" and rows[cid].fact_source, cid
    for cid, c in rows.items():      # no recomputed row copies its claimed value
        if c.method == "recomputed":
            assert df.loc[cid, "recomputed"] != df.loc[cid, "claimed"], cid


def test_gpt4_reconstruction_from_the_leak():
    g = c02.gpt4_reconstruction()
    assert g.total_params == pytest.approx(1.831e12)       # 16 x 111B + 55B ~ the leak's 1.8T
    assert g.active_params == pytest.approx(277e9)         # 2 x 111B + 55B ~ the leak's 280B
    assert g.flop == pytest.approx(2.15e25, rel=0.02)      # the leak's own FLOP figure
    assert g.usd_from_flop == pytest.approx(57.2e6, rel=0.01)
    assert g.usd_low < g.usd_from_flop < g.usd_high < 63e6
    assert g.usd_from_gpu_days == pytest.approx(57e6)
    assert g.days_for_63m == pytest.approx(105)
    assert 90 <= g.implied_days <= 100


def test_trends_against_published_values():
    tr = c02.l14_trend()
    assert tr.hardware_per_year == pytest.approx(2 ** (1 / 2.46))          # Hobbhahn & Besiroglu: 2.46-year doubling
    assert tr.algorithmic_per_year == pytest.approx(2 ** 1.5)              # Ho et al.: 8-month halving
    assert tr.physical[0] == pytest.approx(6.02, abs=0.01)                 # Epoch: 4x per year
    du = c02.durations()
    assert du.llama405_days == pytest.approx(30.84e6 / 16_384 / 24)
    assert du.deepseek_v3_days == pytest.approx(2.664e6 / 2048 / 24)        # "less than two months"
    assert du.deepseek_v3_days < 2 * 30.44
    c22 = c02.l22()
    assert c22.before_per_year > 1.3 and c22.after_per_year < 1.02


def test_claim_results_are_what_the_rows_show():
    rows = c02.rows_by_id()
    assert rows["L1a"].recomputed == c02.l1().serving_ratio
    assert [rows[c].recomputed for c in ("L2a", "L3b", "L4a")] == [m.tokens_per_param for m in c02.l2_l4()]
    assert [m.model for m in c02.l2_l4()] == ["LLaMA 7B", "Llama 2 7B", "Llama 3.1 8B"]
    assert rows["L5b"].recomputed == c02.l5().ratio and c02.l5().ratio_quoted_tokens == pytest.approx(
        c02.l5().ratio / 0.9)
    assert c02.l6().optimum.n_params == pytest.approx(7e9, rel=0.05)
    assert rows["L7a"].recomputed == c02.l7().overhead.compute_multiple and not c02.l7().besiroglu.possible
    assert rows["L8"].recomputed == c02.l8().test_per_10x_train
    assert (rows["L9a"].recomputed, c02.l9().name) == (5e25, "Gemini 1.0 Ultra")
    assert rows["L10a"].recomputed == c02.l10().stock_tokens
    assert c02.l11().flop == 3.8e25 and c02.l11().days == pytest.approx(11.12, rel=1e-3)
    assert rows["L14"].recomputed == c02.l14_trend().natural[0]
    assert rows["L15a"].recomputed == c02.l15().per_year == c02.l14().algorithmic_per_year


def test_fact_lookups():
    assert c02.fact("indexed web text stock") == 510e12          # catalog.row: case-insensitive
    assert c02.fact_row("GPT-4 training MFU")["low"] == 0.32


# --- the chapter's numbers --------------------------------------------------------------------

def _defaults():
    return params.validate("02", preset="hoffmann2022", inference_tokens=2e13, training_mfu=0.4, inference_mfu=0.25,
                           hardware="H100 SXM", usd_per_gpu_hour=2.0, compute_growth_per_year=4.0,
                           data_stock_tokens=510e12)


def test_numbers_cover_every_glue_of_the_notebook():
    nb = json.loads(NOTEBOOK.read_text())
    prose = "".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    used = set(re.findall(r"\{glue:text\}`c02_(\w+)`", prose))
    nums = ch02.numbers(_defaults())
    assert used and used <= set(nums)
    assert not [k for k, v in nums.items() if re.search(r"\b(inf|nan)\b", v)]


def test_numbers_at_the_defaults():
    nums = ch02.numbers(_defaults())
    assert nums["l4_max"] == "1,868" and nums["l5_ratio"] == "46" and nums["l5_ratio18"] == "51"
    assert nums["8b_opt_n"] == "26.2B" and nums["8b_breakeven"] == "9.88T" and nums["8b_be_frac"] == "66%"
    assert nums["fig1"] == "a 7.12B model saving 1.6e22 FLOP (16 %)"
    assert nums["l7_hoff"] == "8.5e4" and nums["l7_buys"] == "5.9× to 8.0× smaller models"
    assert nums["under_hoff"] == "LLaMA 33B, LLaMA 65B, Llama 2 70B and Llama 3.1 405B"
    assert nums["colossus_days"] == "11.1" and nums["l15_gpus"] == "18,263–36,526 H100 SXM"
    assert nums["wall_opt"] == "2027.5" and nums["wall_8b"] == "2026.0" and nums["wall_opt_eff"] == "2026.8"
    assert nums["start"] == "Gemini 1.0 Ultra (5e25 FLOP, 2023.9)" and nums["headroom"] == "28"


def test_numbers_follow_the_parameters():
    P = dict(_defaults(), preset="besiroglu2024", compute_growth_per_year=2.5, training_mfu=0.2, hardware="A100 SXM 80GB")
    nums, base = ch02.numbers(P), ch02.numbers(_defaults())
    assert nums["preset"] == "besiroglu2024" and nums["hardware"] == "A100 SXM 80GB"
    assert float(nums["wall_opt"]) > float(base["wall_opt"])     # slower growth, later wall
    assert float(nums["colossus_days"]) > float(base["colossus_days"])
    assert nums["l4_max"] == base["l4_max"]                      # claim numbers do not depend on P


def test_tables_of_the_chapter():
    P = _defaults()
    assert list(ch02.llama_table(P).index)[:1] == ["LLaMA 7B"] and len(ch02.llama_table(P)) == 10
    assert ch02.overtraining_view().shape == (10, 10)
    assert list(ch02.overhead_table().index) == list(PRESETS)
    assert ch02.overhead_table().loc["besiroglu2024", "compute for 10x smaller"] == "impossible"
    cands = ch02.candidates_table(P)
    assert cands.loc["Chinchilla-optimal of equal loss", "saving vs Chinchilla"] == "0.0%"
    assert len(ch02.arithmetic_table(P)) == 9
    assert ch02.data_wall_table(P).shape == (4, 3)
    years, datasets, wall = ch02.data_wall_curves(P)
    assert set(datasets) == set(wall) and len(years) == 45
    assert ch02.l7_claim_point() == (10.0, 100.0)


# --- bad input ------------------------------------------------------------------------------

@pytest.mark.parametrize("call, fragment", [
    (lambda: c02.fact("Gemini Ultra training compute"), "Did you mean 'Gemini 1.0 Ultra training compute'"),
    (lambda: c02.max_tokens_per_param("Llama 4"), "family='Llama 4'"),
])
def test_bad_input_names_the_argument(call, fragment):
    with pytest.raises(ValueError) as e:
        call()
    assert fragment in str(e.value)
    assert "allowed" in str(e.value)


def test_parameters_of_chapter_02():
    good = {"preset": "Hoffmann2022", "inference_tokens": 2e13, "training_mfu": 0.4, "inference_mfu": 0.25,
            "hardware": "h100 sxm", "usd_per_gpu_hour": 2.0, "compute_growth_per_year": 4.0, "data_stock_tokens": 510e12}
    out = params.validate("02", **good)
    assert out["preset"] == "hoffmann2022" and out["hardware"] == "H100 SXM"
    for name, bad, frag in [("preset", "chinchilla", "allowed"), ("hardware", "H100 SMX", "Did you mean"),
                            ("hardware", "H1000", "not catalogued"),
                            ("compute_growth_per_year", 1.0, "out of range"), ("training_mfu", 0.0, "out of range"),
                            ("inference_tokens", -1.0, "out of range")]:
        with pytest.raises(ValueError, match=f"parameter '{name}'.*{frag}"):
            params.validate("02", **{**good, name: bad})


def test_scaling_facts_table():
    df = catalog.table("scaling_facts")
    assert df["name"].is_unique and len(df) >= 20
    ok = df.dropna(subset=["low", "high"])
    assert ((ok["low"] <= ok["value"]) & (ok["value"] <= ok["high"])).all()
    assert c02.fact("Indexed web text stock") == 510e12
    assert c02.fact("Qwen2.5 pre-training tokens") == 18e12
