"""llmscale.inference_aware: Sardana et al.'s optimum, de Vries's overhead, the data wall, chapter 02's ledger."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.optimize import minimize_scalar

from llmscale import catalog, claims, params
from llmscale import inference_aware as ia
from llmscale.pretraining import compute_optimal, get_preset, optimal_loss, tokens_for_params

PRESETS = ("hoffmann2022", "hoffmann2022_unrounded", "besiroglu2024")
H100 = 989e12


# --- fixed-loss geometry ------------------------------------------------------------------

@pytest.mark.parametrize("preset", PRESETS)
def test_compute_optimal_for_loss_is_the_chinchilla_frontier(preset):
    C = np.array([1e21, 5.76e23, 3.8e25])
    n, d = compute_optimal(C, preset)
    n2, d2 = ia.compute_optimal_for_loss(optimal_loss(C, preset), preset)
    np.testing.assert_allclose(n2, n, rtol=1e-9)
    np.testing.assert_allclose(d2, d, rtol=1e-9)


@pytest.mark.parametrize("preset", PRESETS)
def test_tokens_for_loss_inverts_the_law(preset):
    law = get_preset(preset)
    n = np.array([1e10, 3e10, 70e9])
    d = ia.tokens_for_loss(n, 2.05, preset)
    np.testing.assert_allclose(law.loss(n, d), 2.05, rtol=1e-12)
    assert ia.tokens_for_loss(1e6, 2.0, preset) == math.inf          # too small ever to reach it
    assert ia.tokens_for_loss(1e9, law.E - 0.1, preset) == math.inf  # below the floor
    assert ia.min_params_for_loss(law.E, preset) == math.inf
    n_min = ia.min_params_for_loss(2.0, preset)
    assert ia.tokens_for_loss(n_min * 0.999, 2.0, preset) == math.inf
    assert np.isfinite(ia.tokens_for_loss(n_min * 1.001, 2.0, preset))


# --- Sardana et al. (2024) ----------------------------------------------------------------

def test_sardana_figure1_published_example():
    # Figure 1: a Chinchilla-optimal 13B model with 2T tokens of lifetime demand is beaten by a 7B model
    # trained on more data, saving 1.7e22 FLOP (17%). Hoffmann's unrounded constants reproduce it to ~5%.
    law = get_preset("hoffmann2022_unrounded")
    loss = law.loss(13e9, tokens_for_params(13e9, law))
    x = ia.inference_aware_optimum(loss, 2e12, "hoffmann2022_unrounded")
    assert x.chinchilla_n_params == pytest.approx(13e9, rel=1e-9)
    assert x.n_params == pytest.approx(7e9, rel=0.05)
    assert x.savings_flop == pytest.approx(1.7e22, rel=0.06)
    assert x.savings_fraction == pytest.approx(0.17, abs=0.01)


@pytest.mark.parametrize("preset", PRESETS)
@pytest.mark.parametrize("d_inf", [1e10, 2e12, 1e14, 1e16])
def test_optimum_matches_brute_force(preset, d_inf):
    law = get_preset(preset)
    loss = optimal_loss(1e23, preset)

    def total(log_n):
        n = math.exp(log_n)
        d = ia.tokens_for_loss(n, loss, preset)
        return 6 * n * d + 2 * n * d_inf if np.isfinite(d) else 1e60

    lo = math.log(ia.min_params_for_loss(loss, preset)) + 1e-6
    hi = math.log(ia.compute_optimal_for_loss(loss, preset)[0]) + 0.1
    r = minimize_scalar(total, bounds=(lo, hi), method="bounded", options={"xatol": 1e-10})
    x = ia.inference_aware_optimum(loss, d_inf, preset)
    assert x.total_flop == pytest.approx(r.fun, rel=1e-7)
    assert x.n_params == pytest.approx(math.exp(r.x), rel=1e-3)
    assert law.loss(x.n_params, x.n_tokens) == pytest.approx(loss, rel=1e-12)
    assert x.total_flop == pytest.approx(ia.lifetime_flop(x.n_params, x.n_tokens, d_inf), rel=1e-12)


def test_optimum_properties_and_limits():
    loss = optimal_loss(1e23)
    demand = np.logspace(8, 16, 17)
    x = ia.inference_aware_optimum(loss, demand)
    assert np.all(np.diff(x.n_params) < 0)            # more demand, smaller model
    assert np.all(np.diff(x.tokens_per_param) > 0)    # ... trained longer
    assert np.all(x.savings_flop >= 0) and np.all(np.diff(x.savings_fraction) > 0)
    assert np.all(x.n_params > ia.min_params_for_loss(loss))
    zero = ia.inference_aware_optimum(loss, 0.0)      # no demand: Chinchilla's optimum
    n, d = compute_optimal(1e23)
    assert zero.n_params == pytest.approx(n, rel=1e-9) and zero.n_tokens == pytest.approx(d, rel=1e-9)
    assert zero.savings_flop == pytest.approx(0.0, abs=1e-6 * zero.total_flop)
    grid = ia.inference_aware_optimum(np.array([[2.0], [2.2]]), np.array([1e12, 1e14]))
    assert np.shape(grid.n_params) == (2, 2)          # broadcasts


def test_cost_optimum_weights_demand_by_the_mfu_ratio():
    loss = optimal_loss(1e23)
    same = ia.inference_aware_cost_optimum(loss, 1e13, training_mfu=0.4, inference_mfu=0.4,
                                           peak_flop_per_s=H100, usd_per_gpu_hour=2.0)
    flop = ia.inference_aware_optimum(loss, 1e13)
    assert same.optimum.n_params == pytest.approx(flop.n_params, rel=1e-9)
    hours = (6 * flop.n_params * flop.n_tokens + 2 * flop.n_params * 1e13) / (H100 * 0.4 * 3600)
    assert same.total_usd == pytest.approx(2.0 * hours, rel=1e-9)
    slow = ia.inference_aware_cost_optimum(loss, 1e13, training_mfu=0.4, inference_mfu=0.1,
                                           peak_flop_per_s=H100, usd_per_gpu_hour=2.0)
    weighted = ia.inference_aware_optimum(loss, 4e13)      # w = 0.4 / 0.1
    assert slow.optimum.n_params == pytest.approx(weighted.n_params, rel=1e-9)
    assert slow.optimum.n_params < same.optimum.n_params
    assert slow.savings_usd > 0
    assert slow.total_usd == pytest.approx(slow.train_usd + slow.inference_usd)
    o = slow.optimum
    assert slow.total_usd == pytest.approx(ia.lifetime_usd(o.n_params, o.n_tokens, 1e13, training_mfu=0.4,
                                                           inference_mfu=0.1, peak_flop_per_s=H100,
                                                           usd_per_gpu_hour=2.0), rel=1e-12)
    # the dollar optimum is cheaper in dollars than the FLOP optimum under unequal MFUs
    f = ia.inference_aware_optimum(loss, 1e13)
    assert slow.total_usd < ia.lifetime_usd(f.n_params, f.n_tokens, 1e13, training_mfu=0.4, inference_mfu=0.1,
                                            peak_flop_per_s=H100, usd_per_gpu_hour=2.0)


def test_breakeven_demand_equalises_lifetime_compute():
    n, d = 8.03e9, 15e12
    be = ia.breakeven_inference_tokens(n, d)
    assert be == pytest.approx(9.88e12, rel=0.01)
    nc, dc = ia.compute_optimal_for_loss(get_preset("hoffmann2022").loss(n, d))
    assert ia.lifetime_flop(n, d, be) == pytest.approx(ia.lifetime_flop(nc, dc, be), rel=1e-9)
    assert ia.lifetime_flop(n, d, 2 * be) < ia.lifetime_flop(nc, dc, 2 * be)
    assert ia.breakeven_inference_tokens(175e9, 300e9) == math.inf          # GPT-3 is under-trained
    n_opt, d_opt = compute_optimal(1e24)
    assert ia.breakeven_inference_tokens(n_opt, d_opt) == 0.0
    assert ia.breakeven_inference_tokens(n, d, inference_weight=2.0) == pytest.approx(be / 2)


def test_overtraining_table_of_the_llama_line():
    t = ia.overtraining_table().set_index("model")
    assert len(t) == 10
    assert t.loc["Llama 3.1 8B", "serving_ratio"] == pytest.approx(3.26, rel=0.01)
    assert t.loc["Llama 3.1 8B", "train_multiple"] > 1.5
    assert (t["train_multiple"] >= 1 - 1e-9).all()
    # Llama 3.1 405B sits close to the frontier (Meta chose it as near compute-optimal).
    assert 1.0 <= t.loc["Llama 3.1 405B", "train_multiple"] < 1.2


def test_what_overtraining_bought_per_preset():
    # The chapter's prose: which Llama models each preset calls over- or under-trained.
    tabs = {p: ia.overtraining_table(preset=p).set_index("model") for p in PRESETS}
    for p in PRESETS:
        assert tabs[p]["serving_ratio"].idxmax() == "Llama 3.1 8B"
        # Llama 3.1 8B pays back within less than its own 15T-token training set under every preset
        assert tabs[p].loc["Llama 3.1 8B", "breakeven_inference_tokens"] < 15e12
    big = {"LLaMA 33B", "LLaMA 65B", "Llama 2 70B", "Llama 3.1 405B"}
    for p in ("hoffmann2022", "hoffmann2022_unrounded"):
        assert set(tabs[p].index[tabs[p]["serving_ratio"] < 1]) == big
        assert np.isinf(tabs[p].loc[sorted(big), "breakeven_inference_tokens"]).all()
    assert (tabs["besiroglu2024"]["serving_ratio"] > 1).all()


def test_sardana_ratio_maps_are_bounded():
    # The ratio maps: the optimum never costs more, is never larger, and never trains on fewer tokens.
    loss = np.linspace(optimal_loss(1e26), optimal_loss(1e20), 7)[:, None]
    x = ia.inference_aware_optimum(loss, np.logspace(9, 16, 8)[None, :])
    assert np.all(x.total_flop <= x.chinchilla_total_flop * (1 + 1e-12))
    assert np.all(x.n_params <= x.chinchilla_n_params * (1 + 1e-9))
    assert np.all(x.n_tokens >= x.chinchilla_n_tokens * (1 - 1e-9))
    # at high demand the optimum approaches de Vries's critical size from above
    assert np.all(x.n_params / x.chinchilla_n_params > ia.critical_size_fraction())


# --- de Vries (2023) -----------------------------------------------------------------------

def test_overhead_under_hoffmann_and_besiroglu():
    # Hoffmann's rounded law: a 10x smaller model needs ~1e5x the compute; Besiroglu's cannot reach the loss.
    h = ia.fixed_loss_overhead("hoffmann2022", 0.1)
    assert h.possible and 5e4 < h.compute_multiple < 2e5
    b = ia.fixed_loss_overhead("besiroglu2024", 0.1)
    assert not b.possible and b.compute_multiple == math.inf
    assert ia.critical_size_fraction("hoffmann2022") == pytest.approx((0.28 / 0.62) ** (1 / 0.34))
    assert 1 / ia.critical_size_fraction("besiroglu2024") == pytest.approx(6.83, rel=0.01)
    assert ia.fixed_loss_overhead("hoffmann2022", 1.0).compute_multiple == pytest.approx(1.0)


@pytest.mark.parametrize("preset", PRESETS)
def test_overhead_is_budget_free_and_matches_the_law(preset):
    law = get_preset(preset)
    k = np.array([0.2, 0.5, 0.8, 1.5])
    ov = ia.fixed_loss_overhead(preset, k)
    for C in (1e21, 1e25):
        n, d = compute_optimal(C, preset)
        dk = ia.tokens_for_loss(k * n, law.loss(n, d), preset)
        np.testing.assert_allclose(k * dk / d, ov.compute_multiple, rtol=1e-9)
    assert np.all(ov.compute_multiple >= 1 - 1e-12)
    kk = np.linspace(ia.critical_size_fraction(preset) * 1.0001, 1, 200)
    assert np.all(np.diff(ia.fixed_loss_overhead(preset, kk).compute_multiple) < 0)


@pytest.mark.parametrize("preset", PRESETS)
def test_size_fraction_for_overhead_inverts(preset):
    m = np.array([1.0, 2.0, 10.0, 100.0, 1e6])
    k = ia.size_fraction_for_overhead(preset, m)
    np.testing.assert_allclose(ia.fixed_loss_overhead(preset, k).compute_multiple, m, rtol=1e-8)
    assert np.all(k > ia.critical_size_fraction(preset))


def test_what_100x_buys():
    assert 1 / ia.size_fraction_for_overhead("hoffmann2022", 100) == pytest.approx(7.99, rel=0.01)
    assert 1 / ia.size_fraction_for_overhead("besiroglu2024", 100) == pytest.approx(5.95, rel=0.01)
    # 10x smaller with 100x compute misses the compute-optimal loss at 3.8e25 FLOP
    assert ia.overtrained_loss(3.8e25, 0.1, 100) > optimal_loss(3.8e25)
    assert ia.overtrained_loss(3.8e25, 1.0, 1.0) == pytest.approx(optimal_loss(3.8e25), rel=1e-12)


# --- the data wall --------------------------------------------------------------------------

@pytest.mark.parametrize("r", [None, 20.0, 1868.0])
def test_data_wall_year_is_where_the_dataset_meets_the_stock(r):
    y = ia.data_wall_year(510e12, 5e25, 2023.93, 4.0, tokens_per_param=r)
    c = ia.frontier_flop(y, 5e25, 2023.93, 4.0)
    assert ia.dataset_tokens(c, r) == pytest.approx(510e12, rel=1e-9)


def test_data_policies():
    d = ia.dataset_tokens(3.8e25, 20.0)
    assert d / (3.8e25 / (6 * d)) == pytest.approx(20.0)
    assert ia.dataset_tokens(3.8e25) == pytest.approx(compute_optimal(3.8e25)[1])
    # over-training reaches the wall first; slower growth delays it
    y_opt = ia.data_wall_year(510e12, 5e25, 2023.93, 4.0)
    y_llama8b = ia.data_wall_year(510e12, 5e25, 2023.93, 4.0, tokens_per_param=1868.0)
    assert y_llama8b < y_opt < ia.data_wall_year(510e12, 5e25, 2023.93, 2.5)
    assert 2026 < y_opt < 2030                    # Villalobos et al.: 2026-2032


def test_frontier_start_and_largest_dataset():
    name, flop, year = ia.frontier_start()
    assert name == "Gemini 1.0 Ultra" and flop == 5e25 and year == pytest.approx(2023.93, abs=0.01)
    assert ia.largest_dataset() == ("Qwen2.5", 18e12)
    assert ia.largest_dataset("2024-11-30")[1] == 15.6e12  # before the Qwen2.5 report


# --- compute arithmetic ---------------------------------------------------------------------

def test_compute_arithmetic():
    assert ia.annual_factor_from_ooms(6, 10) == pytest.approx(3.981, rel=1e-3)
    assert ia.ooms_per_decade(4.0) == pytest.approx(6.021, rel=1e-3)
    assert ia.annual_factor_from_halving(8) == pytest.approx(2.828, rel=1e-3)
    assert ia.training_days(3.8e25, 100_000, H100, 0.4) == pytest.approx(11.12, rel=1e-3)
    assert ia.gpus_for_run(3.8e25, 60, H100, 0.4) == pytest.approx(18_529, rel=1e-3)
    assert ia.gpus_for_run(3.8e25, 30, H100, 0.4) == pytest.approx(2 * 18_529, rel=1e-3)
    # Meta: 30.84M H100-hours for 3.8e25 FLOP is 34.6% MFU (paper: 38-43% while running)
    from llmscale.flops import mfu_for
    assert mfu_for(3.8e25, 30.84e6, H100) == pytest.approx(0.346, rel=0.01)


def test_gpt4_reconstruction_from_the_leak():
    g = ia.gpt4_reconstruction()
    assert g.total_params == pytest.approx(1.831e12)       # 16 x 111B + 55B ~ the leak's 1.8T
    assert g.active_params == pytest.approx(277e9)         # 2 x 111B + 55B ~ the leak's 280B
    assert g.flop == pytest.approx(2.15e25, rel=0.02)      # the leak's own FLOP figure
    assert g.usd_from_flop == pytest.approx(57.2e6, rel=0.01)
    assert g.usd_low < g.usd_from_flop < g.usd_high < 63e6
    assert g.usd_from_gpu_days == pytest.approx(57e6)
    assert g.days_for_63m == pytest.approx(105)
    assert 90 <= g.implied_days <= 100


# --- ledger ---------------------------------------------------------------------------------

EXPECTED = {
    "L1": ("consistent", 3.26), "L2": ("reproduced", 148.4), "L3": ("reproduced", 296.8),
    "L4": ("reproduced", 1868), "L5": ("reproduced", 45.9), "L6": ("reproduced", 10_000),
    "L7": ("disputed", 8.53e4), "L8": ("reproduced", 15.85), "L9": ("consistent", 5e25),
    "L10": ("reproduced", 28.33), "L11": ("consistent", 1e5), "L12": ("consistent", 57.2e6),
    "L13": ("unverifiable", math.nan), "L14": ("consistent", 6.02), "L15": ("disputed", 2.83),
}


def test_every_row_and_verdict():
    rows = {c.id: c for c in ia.claim_rows()}
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
        assert claims.verdict(100, ia.fixed_loss_overhead(p, 0.1).compute_multiple, 3.0) == "disputed"
        # ... though 100x buys more than a 5x smaller model under each
        assert 1 / ia.size_fraction_for_overhead(p, 100) > 5


def test_l5_reported_flop():
    assert ia.llama_tokens_per_param().set_index("model").loc["Llama 3.1 405B", "train_flop"] == pytest.approx(
        3.8e25, rel=0.01)


# --- bad input ------------------------------------------------------------------------------

@pytest.mark.parametrize("call, fragment", [
    (lambda: ia.inference_aware_optimum(2.0, 1e12, "hofman2022"), "Did you mean 'hoffmann2022'"),
    (lambda: ia.inference_aware_optimum(1.5, 1e12), "loss=1.5"),
    (lambda: ia.inference_aware_optimum(2.0, -1.0), "inference_tokens=-1.0"),
    (lambda: ia.inference_aware_optimum(math.nan, 1e12), "loss=nan"),
    (lambda: ia.inference_aware_cost_optimum(2.0, 1e12, training_mfu=1.5, inference_mfu=0.2,
                                             peak_flop_per_s=H100, usd_per_gpu_hour=2.0), "training_mfu=1.5"),
    (lambda: ia.fixed_loss_overhead("hoffmann2022", 0.0), "size_fraction=0.0"),
    (lambda: ia.size_fraction_for_overhead("hoffmann2022", 0.5), "compute_multiple=0.5"),
    (lambda: ia.breakeven_inference_tokens(-8e9, 15e12), "n_params=-8000000000.0"),
    (lambda: ia.data_wall_year(510e12, 5e25, 2024, 1.0), "growth_per_year=1.0"),
    (lambda: ia.dataset_tokens(3.8e25, 0.0), "tokens_per_param=0.0"),
    (lambda: ia.training_days(3.8e25, 0, H100, 0.4), "n_gpus=0"),
    (lambda: ia.fact("Gemini Ultra training compute"), "Did you mean 'Gemini 1.0 Ultra training compute'"),
    (lambda: ia.max_tokens_per_param("Llama 4"), "family='Llama 4'"),
    (lambda: ia.decimal_year("December"), "date='December'"),
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
    for name, bad, frag in [("preset", "chinchilla", "allowed"), ("gpu", "H1000", "Did you mean"),
                            ("compute_growth_per_year", 1.0, "out of range"), ("training_mfu", 0.0, "out of range"),
                            ("inference_tokens", -1.0, "out of range")]:
        with pytest.raises(ValueError, match=f"parameter '{name}'.*{frag}"):
            params.validate("02", **{**good, name: bad})


def test_scaling_facts_table():
    df = catalog.table("scaling_facts")
    assert df["name"].is_unique and len(df) >= 20
    ok = df.dropna(subset=["low", "high"])
    assert ((ok["low"] <= ok["value"]) & (ok["value"] <= ok["high"])).all()
    assert ia.fact("Indexed web text stock") == 510e12
    assert ia.fact("Qwen2.5 pre-training tokens") == 18e12
