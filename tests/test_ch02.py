"""Chapter 02: the claim rows L1-L15 (llmscale.claims.ch02) and the chapter's numbers (llmscale.chapters.ch02)."""

from __future__ import annotations

import json
import math
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

EXPECTED = {
    "L1": ("consistent", 3.26), "L2": ("reproduced", 148.4), "L3": ("reproduced", 296.8),
    "L4": ("reproduced", 1868), "L5": ("reproduced", 45.9), "L6": ("reproduced", 10_000),
    "L7": ("disputed", 8.53e4), "L8": ("reproduced", 15.85), "L9": ("consistent", 5e25),
    "L10": ("reproduced", 28.33), "L11": ("consistent", 1e5), "L12": ("consistent", 57.2e6),
    "L13": ("unverifiable", math.nan), "L14": ("consistent", 6.02), "L15": ("disputed", 2.83),
}


def test_every_row_and_verdict():
    rows = {c.id: c for c in c02.claim_rows()}
    assert sorted(rows, key=lambda s: int(s[1:])) == [f"L{i}" for i in range(1, 16)]
    for cid, (verdict, value) in EXPECTED.items():
        assert rows[cid].verdict == verdict, cid
        if math.isnan(value):
            assert math.isnan(rows[cid].recomputed)
        else:
            assert rows[cid].recomputed == pytest.approx(value, rel=0.005), cid
        assert rows[cid].chapter == "02" and rows[cid].assumptions


def test_ledger_rows_of_chapter_02():
    df = claims.ledger("02")
    assert list(df["id"]) == [f"L{i}" for i in range(1, 16)]
    assert df.set_index("id").loc["L7", "link"] == "02_llama_overtraining.html#claim-l7"
    assert df.set_index("id").loc["L7", "ratio"] > 100


def test_l7_disputed_under_every_preset():
    for p in PRESETS:
        assert claims.verdict(100, ot.fixed_loss_overhead(p, 0.1).compute_multiple, 3.0) == "disputed"
        # ... though 100x buys more than a 5x smaller model under each
        assert 1 / ot.size_fraction_for_overhead(p, 100) > 5


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


def test_claim_results_are_what_the_rows_show():
    rows = c02.rows_by_id()
    assert rows["L1"].recomputed == c02.l1().serving_ratio
    assert [rows[c].recomputed for c in ("L2", "L3", "L4")] == [m.tokens_per_param for m in c02.l2_l4()]
    assert [m.model for m in c02.l2_l4()] == ["LLaMA 7B", "Llama 2 7B", "Llama 3.1 8B"]
    assert rows["L5"].recomputed == c02.l5().ratio and c02.l5().ratio_quoted_tokens == pytest.approx(
        c02.l5().ratio / 0.9)
    assert c02.l6().optimum.n_params == pytest.approx(7e9, rel=0.05)
    assert rows["L7"].recomputed == c02.l7().overhead.compute_multiple and not c02.l7().besiroglu.possible
    assert rows["L8"].recomputed == c02.l8().test_per_10x_train
    assert (rows["L9"].recomputed, c02.l9().name) == (5e25, "Gemini 1.0 Ultra")
    assert rows["L10"].recomputed == c02.l10().stock_tokens / c02.l10().dataset_tokens
    assert c02.l11().flop == 3.8e25 and c02.l11().days == pytest.approx(11.12, rel=1e-3)
    assert rows["L14"].recomputed == c02.l14().ooms_per_decade
    assert rows["L15"].recomputed == c02.l15().per_year == c02.l14().algorithmic_per_year


def test_fact_lookups():
    assert c02.fact("indexed web text stock") == 510e12          # catalog.row: case-insensitive
    assert c02.fact_row("GPT-4 training MFU")["low"] == 0.32


# --- the chapter's numbers --------------------------------------------------------------------

def _defaults():
    return params.validate("02", preset="hoffmann2022", inference_tokens=2e13, training_mfu=0.4, inference_mfu=0.25,
                           gpu="H100 SXM", usd_per_gpu_hour=2.0, compute_growth_per_year=4.0,
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
    P = dict(_defaults(), preset="besiroglu2024", compute_growth_per_year=2.5, training_mfu=0.2, gpu="A100 SXM 80GB")
    nums, base = ch02.numbers(P), ch02.numbers(_defaults())
    assert nums["preset"] == "besiroglu2024" and nums["gpu"] == "A100 SXM 80GB"
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
            "gpu": "h100 sxm", "usd_per_gpu_hour": 2.0, "compute_growth_per_year": 4.0, "data_stock_tokens": 510e12}
    out = params.validate("02", **good)
    assert out["preset"] == "hoffmann2022" and out["gpu"] == "H100 SXM"
    for name, bad, frag in [("preset", "chinchilla", "allowed"), ("gpu", "H100 SMX", "Did you mean"),
                            ("gpu", "H1000", "not catalogued"),
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
