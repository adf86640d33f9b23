"""llmscale.overtraining: fixed-loss geometry, Sardana et al.'s optimum, break-even, de Vries's overhead."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.optimize import minimize_scalar

from llmscale import overtraining as ot
from llmscale.laws import compute_optimal, get_preset, optimal_loss, tokens_for_params

PRESETS = ("hoffmann2022", "hoffmann2022_unrounded", "besiroglu2024")
H100 = 989e12

# --- fixed-loss geometry ------------------------------------------------------------------

@pytest.mark.parametrize("preset", PRESETS)
def test_compute_optimal_for_loss_is_the_chinchilla_frontier(preset):
    C = np.array([1e21, 5.76e23, 3.8e25])
    n, d = compute_optimal(C, preset)
    n2, d2 = ot.compute_optimal_for_loss(optimal_loss(C, preset), preset)
    np.testing.assert_allclose(n2, n, rtol=1e-9)
    np.testing.assert_allclose(d2, d, rtol=1e-9)


@pytest.mark.parametrize("preset", PRESETS)
def test_tokens_for_loss_inverts_the_law(preset):
    law = get_preset(preset)
    n = np.array([1e10, 3e10, 70e9])
    d = ot.tokens_for_loss(n, 2.05, preset)
    np.testing.assert_allclose(law.loss(n, d), 2.05, rtol=1e-12)
    assert ot.tokens_for_loss(1e6, 2.0, preset) == math.inf          # too small ever to reach it
    assert ot.tokens_for_loss(1e9, law.E - 0.1, preset) == math.inf  # below the floor
    assert ot.min_params_for_loss(law.E, preset) == math.inf
    n_min = ot.min_params_for_loss(2.0, preset)
    assert ot.tokens_for_loss(n_min * 0.999, 2.0, preset) == math.inf
    assert np.isfinite(ot.tokens_for_loss(n_min * 1.001, 2.0, preset))


# --- Sardana et al. (2024) ----------------------------------------------------------------

def test_sardana_figure1_published_example():
    # Figure 1: a Chinchilla-optimal 13B model with 2T tokens of lifetime demand is beaten by a 7B model
    # trained on more data, saving 1.7e22 FLOP (17%). Hoffmann's unrounded constants reproduce it to ~5%.
    law = get_preset("hoffmann2022_unrounded")
    loss = law.loss(13e9, tokens_for_params(13e9, law))
    x = ot.inference_aware_optimum(loss, 2e12, "hoffmann2022_unrounded")
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
        d = ot.tokens_for_loss(n, loss, preset)
        return 6 * n * d + 2 * n * d_inf if np.isfinite(d) else 1e60

    lo = math.log(ot.min_params_for_loss(loss, preset)) + 1e-6
    hi = math.log(ot.compute_optimal_for_loss(loss, preset)[0]) + 0.1
    r = minimize_scalar(total, bounds=(lo, hi), method="bounded", options={"xatol": 1e-10})
    x = ot.inference_aware_optimum(loss, d_inf, preset)
    assert x.total_flop == pytest.approx(r.fun, rel=1e-7)
    assert x.n_params == pytest.approx(math.exp(r.x), rel=1e-3)
    assert law.loss(x.n_params, x.n_tokens) == pytest.approx(loss, rel=1e-12)
    assert x.total_flop == pytest.approx(ot.lifetime_flop(x.n_params, x.n_tokens, d_inf), rel=1e-12)


def test_optimum_properties_and_limits():
    loss = optimal_loss(1e23)
    demand = np.logspace(8, 16, 17)
    x = ot.inference_aware_optimum(loss, demand)
    assert np.all(np.diff(x.n_params) < 0)            # more demand, smaller model
    assert np.all(np.diff(x.tokens_per_param) > 0)    # ... trained longer
    assert np.all(x.savings_flop >= 0) and np.all(np.diff(x.savings_fraction) > 0)
    assert np.all(x.n_params > ot.min_params_for_loss(loss))
    zero = ot.inference_aware_optimum(loss, 0.0)      # no demand: Chinchilla's optimum
    n, d = compute_optimal(1e23)
    assert zero.n_params == pytest.approx(n, rel=1e-9) and zero.n_tokens == pytest.approx(d, rel=1e-9)
    assert zero.savings_flop == pytest.approx(0.0, abs=1e-6 * zero.total_flop)
    grid = ot.inference_aware_optimum(np.array([[2.0], [2.2]]), np.array([1e12, 1e14]))
    assert np.shape(grid.n_params) == (2, 2)          # broadcasts


def test_cost_optimum_weights_demand_by_the_mfu_ratio():
    loss = optimal_loss(1e23)
    same = ot.inference_aware_cost_optimum(loss, 1e13, training_mfu=0.4, inference_mfu=0.4,
                                           peak_flop_per_s=H100, usd_per_gpu_hour=2.0)
    flop = ot.inference_aware_optimum(loss, 1e13)
    assert same.optimum.n_params == pytest.approx(flop.n_params, rel=1e-9)
    hours = (6 * flop.n_params * flop.n_tokens + 2 * flop.n_params * 1e13) / (H100 * 0.4 * 3600)
    assert same.total_usd == pytest.approx(2.0 * hours, rel=1e-9)
    slow = ot.inference_aware_cost_optimum(loss, 1e13, training_mfu=0.4, inference_mfu=0.1,
                                           peak_flop_per_s=H100, usd_per_gpu_hour=2.0)
    weighted = ot.inference_aware_optimum(loss, 4e13)      # w = 0.4 / 0.1
    assert slow.optimum.n_params == pytest.approx(weighted.n_params, rel=1e-9)
    assert slow.optimum.n_params < same.optimum.n_params
    assert slow.savings_usd > 0
    assert slow.total_usd == pytest.approx(slow.train_usd + slow.inference_usd)
    o = slow.optimum
    assert slow.total_usd == pytest.approx(ot.lifetime_usd(o.n_params, o.n_tokens, 1e13, training_mfu=0.4,
                                                           inference_mfu=0.1, peak_flop_per_s=H100,
                                                           usd_per_gpu_hour=2.0), rel=1e-12)
    # the dollar optimum is cheaper in dollars than the FLOP optimum under unequal MFUs
    f = ot.inference_aware_optimum(loss, 1e13)
    assert slow.total_usd < ot.lifetime_usd(f.n_params, f.n_tokens, 1e13, training_mfu=0.4, inference_mfu=0.1,
                                            peak_flop_per_s=H100, usd_per_gpu_hour=2.0)


def test_breakeven_demand_equalises_lifetime_compute():
    n, d = 8.03e9, 15e12
    be = ot.breakeven_inference_tokens(n, d)
    assert be == pytest.approx(9.88e12, rel=0.01)
    nc, dc = ot.compute_optimal_for_loss(get_preset("hoffmann2022").loss(n, d))
    assert ot.lifetime_flop(n, d, be) == pytest.approx(ot.lifetime_flop(nc, dc, be), rel=1e-9)
    assert ot.lifetime_flop(n, d, 2 * be) < ot.lifetime_flop(nc, dc, 2 * be)
    assert ot.breakeven_inference_tokens(175e9, 300e9) == math.inf          # GPT-3 is under-trained
    n_opt, d_opt = compute_optimal(1e24)
    assert ot.breakeven_inference_tokens(n_opt, d_opt) == 0.0
    assert ot.breakeven_inference_tokens(n, d, inference_weight=2.0) == pytest.approx(be / 2)


def test_overtraining_table_of_the_llama_line():
    t = ot.overtraining_table().set_index("model")
    assert len(t) == 10
    assert t.loc["Llama 3.1 8B", "serving_ratio"] == pytest.approx(3.26, rel=0.01)
    assert t.loc["Llama 3.1 8B", "train_multiple"] > 1.5
    assert (t["train_multiple"] >= 1 - 1e-9).all()
    # Llama 3.1 405B sits close to the frontier (Meta chose it as near compute-optimal).
    assert 1.0 <= t.loc["Llama 3.1 405B", "train_multiple"] < 1.2


def test_what_overtraining_bought_per_preset():
    # The chapter's prose: which Llama models each preset calls over- or under-trained.
    tabs = {p: ot.overtraining_table(preset=p).set_index("model") for p in PRESETS}
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
    x = ot.inference_aware_optimum(loss, np.logspace(9, 16, 8)[None, :])
    assert np.all(x.total_flop <= x.chinchilla_total_flop * (1 + 1e-12))
    assert np.all(x.n_params <= x.chinchilla_n_params * (1 + 1e-9))
    assert np.all(x.n_tokens >= x.chinchilla_n_tokens * (1 - 1e-9))
    # at high demand the optimum approaches de Vries's critical size from above
    assert np.all(x.n_params / x.chinchilla_n_params > ot.critical_size_fraction())


# --- de Vries (2023) -----------------------------------------------------------------------

def test_overhead_under_hoffmann_and_besiroglu():
    # Hoffmann's rounded law: a 10x smaller model needs ~1e5x the compute; Besiroglu's cannot reach the loss.
    h = ot.fixed_loss_overhead("hoffmann2022", 0.1)
    assert h.possible and 5e4 < h.compute_multiple < 2e5
    b = ot.fixed_loss_overhead("besiroglu2024", 0.1)
    assert not b.possible and b.compute_multiple == math.inf
    assert ot.critical_size_fraction("hoffmann2022") == pytest.approx((0.28 / 0.62) ** (1 / 0.34))
    assert 1 / ot.critical_size_fraction("besiroglu2024") == pytest.approx(6.83, rel=0.01)
    assert ot.fixed_loss_overhead("hoffmann2022", 1.0).compute_multiple == pytest.approx(1.0)


@pytest.mark.parametrize("preset", PRESETS)
def test_overhead_is_budget_free_and_matches_the_law(preset):
    law = get_preset(preset)
    k = np.array([0.2, 0.5, 0.8, 1.5])
    ov = ot.fixed_loss_overhead(preset, k)
    for C in (1e21, 1e25):
        n, d = compute_optimal(C, preset)
        dk = ot.tokens_for_loss(k * n, law.loss(n, d), preset)
        np.testing.assert_allclose(k * dk / d, ov.compute_multiple, rtol=1e-9)
    assert np.all(ov.compute_multiple >= 1 - 1e-12)
    kk = np.linspace(ot.critical_size_fraction(preset) * 1.0001, 1, 200)
    assert np.all(np.diff(ot.fixed_loss_overhead(preset, kk).compute_multiple) < 0)


@pytest.mark.parametrize("preset", PRESETS)
def test_size_fraction_for_overhead_inverts(preset):
    m = np.array([1.0, 2.0, 10.0, 100.0, 1e6])
    k = ot.size_fraction_for_overhead(preset, m)
    np.testing.assert_allclose(ot.fixed_loss_overhead(preset, k).compute_multiple, m, rtol=1e-8)
    assert np.all(k > ot.critical_size_fraction(preset))


def test_what_100x_buys():
    assert 1 / ot.size_fraction_for_overhead("hoffmann2022", 100) == pytest.approx(7.99, rel=0.01)
    assert 1 / ot.size_fraction_for_overhead("besiroglu2024", 100) == pytest.approx(5.95, rel=0.01)
    # 10x smaller with 100x compute misses the compute-optimal loss at 3.8e25 FLOP
    assert ot.overtrained_loss(3.8e25, 0.1, 100) > optimal_loss(3.8e25)
    assert ot.overtrained_loss(3.8e25, 1.0, 1.0) == pytest.approx(optimal_loss(3.8e25), rel=1e-12)


def test_llama_line_reported_flop():
    assert ot.llama_tokens_per_param().set_index("model").loc["Llama 3.1 405B", "train_flop"] == pytest.approx(
        3.8e25, rel=0.01)


# --- bad input ------------------------------------------------------------------------------

@pytest.mark.parametrize("call, fragment", [
    (lambda: ot.inference_aware_optimum(2.0, 1e12, "hofman2022"), "Did you mean 'hoffmann2022'"),
    (lambda: ot.inference_aware_optimum(1.5, 1e12), "loss=1.5"),
    (lambda: ot.inference_aware_optimum(2.0, -1.0), "inference_tokens=-1.0"),
    (lambda: ot.inference_aware_optimum(math.nan, 1e12), "loss=nan"),
    (lambda: ot.inference_aware_cost_optimum(2.0, 1e12, training_mfu=1.5, inference_mfu=0.2,
                                             peak_flop_per_s=H100, usd_per_gpu_hour=2.0), "training_mfu=1.5"),
    (lambda: ot.fixed_loss_overhead("hoffmann2022", 0.0), "size_fraction=0.0"),
    (lambda: ot.size_fraction_for_overhead("hoffmann2022", 0.5), "compute_multiple=0.5"),
    (lambda: ot.breakeven_inference_tokens(-8e9, 15e12), "n_params=-8000000000.0"),
])
def test_bad_input_names_the_argument(call, fragment):
    with pytest.raises(ValueError) as e:
        call()
    assert fragment in str(e.value)
    assert "allowed" in str(e.value)
