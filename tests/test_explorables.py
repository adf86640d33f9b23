"""The explorable figures' grids (llmscale.explorables) and their HTML bundle (llmscale.explore).

Parity: at several selections each grid row equals a direct call of the library for that
selection. Shape: one row per combination of the controls. Determinism: the same call gives
the same bytes. Bad input to ``explore.figure`` raises ValueError naming the argument.
"""

from __future__ import annotations

import json
import re

import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")

from llmscale import (  # noqa: E402
    explorables as X,
)
from llmscale import (  # noqa: E402
    growth,
    laws,
    overtraining,
    prices,
    roofline,
    vote_cost,
    voting,
)
from llmscale.explore import Control, figure, selection_text  # noqa: E402
from llmscale.serving_options import Precision  # noqa: E402


def _row(g, **sel):
    m = np.ones(len(g), dtype=bool)
    for k, v in sel.items():
        m &= (g[k] == v).to_numpy()
    assert m.sum() >= 1, sel
    return g[m]


# --- grids against the library -----------------------------------------------------------------

def test_frontier_grid_parity_and_shape():
    g = X.frontier_grid(band=False)
    assert len(g) == len(X.FRONTIER_PRESETS) * len(X.FRONTIER_FLOP)
    assert not g.duplicated(["preset", "compute_flop"]).any()
    for p, c in [("hoffmann2022", 1e24), ("besiroglu2024", 1e22), ("hoffmann2022_unrounded", 1e26)]:
        r = _row(g, preset=p, compute_flop=c).iloc[0]
        n, d = laws.compute_optimal(c, p)
        assert r.n_params == pytest.approx(n, rel=1e-12)
        assert r.n_tokens == pytest.approx(d, rel=1e-12)
        assert r.tokens_per_param == pytest.approx(laws.tokens_per_param_optimal(c, p), rel=1e-12)
    assert g["tpp_low"].isna().all()
    for c in (1e20, 1e24, 1e27):
        r = _row(g, preset="kaplan2020", compute_flop=c).iloc[0]
        n = laws.kaplan_optimal_params(c)
        assert r.n_params == pytest.approx(n, rel=1e-12)
        assert r.n_tokens == pytest.approx(c / (6 * n), rel=1e-12)
        assert "extrapolates" in X.FRONTIER_TEXT.format(**r)


def test_frontier_band_brackets_the_law():
    lo, hi = X.frontier_band(np.array([1e20, 1e22]), n_resamples=8)
    tpp = laws.tokens_per_param_optimal(np.array([1e20, 1e22]), "besiroglu2024")
    assert np.all(lo < hi)
    assert np.all((lo < tpp * 1.5) & (hi > tpp / 1.5))


def test_lifetime_cost_grid_parity():
    g = X.lifetime_cost_grid()
    assert set(g["budget_flop"]) == set(X.LIFETIME_BUDGETS)
    kw = dict(training_mfu=0.4, inference_mfu=0.25, peak_flop_per_s=989e12, usd_per_gpu_hour=2.0)
    from llmscale import catalog

    kw["peak_flop_per_s"] = catalog.hardware("H100 SXM").peak_flop_per_s("bf16")
    for i in (0, 400, 1000):
        r = g.iloc[i]
        d = overtraining.tokens_for_loss(r.n_params, r.loss, "hoffmann2022")
        assert r.n_tokens == pytest.approx(d, rel=1e-12)
        assert r.lifetime_usd == pytest.approx(overtraining.lifetime_usd(r.n_params, d, r.demand_tokens, **kw), rel=1e-12)
        opt = overtraining.inference_aware_cost_optimum(r.loss, r.demand_tokens, "hoffmann2022", **kw)
        assert f"{float(opt.optimum.tokens_per_param):,.0f} tokens per parameter" in X.LIFETIME_TEXT.format(**r)
    assert np.isfinite(g["lifetime_usd"]).all()


def test_data_wall_grid_parity():
    g = X.data_wall_grid()
    name, c0, y0 = growth.frontier_start("2024-12-31")
    for gr, pol, r in [(4.0, "20 tokens/param", 20.0), (2.5, "200 tokens/param", 200.0),
                       (10.0, "compute-optimal (hoffmann2022)", None)]:
        sub = _row(g, growth_per_year=gr, policy=pol)
        assert len(sub) == len(X.DATA_WALL_YEARS)
        y = sub.year.to_numpy()
        np.testing.assert_allclose(sub.dataset_tokens, growth.dataset_tokens(growth.frontier_flop(y, c0, y0, gr), r),
                                   rtol=1e-12)
        assert sub.wall_year.iloc[0] == pytest.approx(growth.data_wall_year(510e12, c0, y0, gr, r), rel=1e-12)


def test_catch_up_grid_parity():
    g = X.catch_up_grid()
    assert len(g) == 2 * 6 * 3 * 3 * 25
    for m, f, gap in [(4.0, 4.0, 2.0), (12.0, 5.0, 3.0), (3.0, 3.0, 1.0)]:
        sub = _row(g, months_per_10x=m, frontier_growth_per_year=f, gap_oom=gap)
        r = sub[sub.series == "reasoning RL"]
        rr, fr = growth.trajectory(r.month.to_numpy(), 10.0 ** -gap, 1.0, m, f)
        np.testing.assert_allclose(r.relative_compute, rr, rtol=1e-12)
        np.testing.assert_allclose(sub[sub.series == "frontier pre-training"].relative_compute, fr, rtol=1e-12)
        months = float(growth.catch_up_months(gap, m, f))
        text = X.CATCH_UP_TEXT.format(**r.iloc[0])
        assert (f"in {months:.1f} months" in text) if np.isfinite(months) else ("never" in text)


def test_roofline_grid_parity():
    from llmscale.serving import fitted_efficiency

    g = X.roofline_grid()
    assert len(g) == 4 * 4 * 4 * 2 * 2 * 5
    checked = 0
    for sel in [dict(model="Llama 3.1 70B", hardware="H200", n_gpus=1, weight_precision="fp8", kv_precision="fp8",
                     seq_len=32768),
                dict(model="Llama 3.1 405B", hardware="H100 SXM", n_gpus=8, weight_precision="fp8",
                     kv_precision="bf16", seq_len=4096),
                dict(model="Llama 3.1 8B", hardware="B200", n_gpus=1, weight_precision="bf16", kv_precision="fp8",
                     seq_len=131072),
                dict(model="DeepSeek-V3", hardware="A100 SXM 80GB", n_gpus=1, weight_precision="fp8",
                     kv_precision="bf16", seq_len=1024)]:
        r = _row(g, **sel).iloc[0]
        prec = Precision.named(sel["weight_precision"], sel["kv_precision"], sel["hardware"])
        kw = dict(precision=prec, efficiency=fitted_efficiency(sel["hardware"], sel["weight_precision"]))
        args = (sel["model"], sel["hardware"], sel["n_gpus"])
        lim = roofline.batch_limits(*args, sel["seq_len"], 30.0, **kw)
        assert r.max_batch == float(lim.batch)
        if float(lim.batch) >= 1:
            node = roofline.tokens_per_s_per_node(*args, float(lim.batch), sel["seq_len"], **kw)
            assert r.tokens_per_s_per_gpu == pytest.approx(node / sel["n_gpus"], rel=1e-12)
            assert r.usd_per_mtok == pytest.approx(prices.usd_per_mtok_at_rate(node, sel["n_gpus"], 2.0), rel=1e-12)
            assert r.bound == roofline.decode_step(*args, float(lim.batch), sel["seq_len"], **kw).bound
            assert f"max batch {float(lim.batch):,.0f}" in X.ROOFLINE_TEXT.format(**r)
            checked += 1
        else:
            assert np.isnan(r.tokens_per_s_per_gpu) and "does not fit" in r.result_txt or "too slow" in r.result_txt
    assert checked >= 3


def test_voting_grid_parity():
    g = X.voting_grid(p_correct=(0.4, 0.6), n_wrong_answers=(1, 3), k=(1, 5, 25))
    assert len(g) == 2 * 2 * 3 * 2
    for p, w, k in [(0.6, 3, 5), (0.4, 1, 25), (0.4, 3, 1)]:
        sub = _row(g, p_correct=p, n_wrong_answers=w, k=k)
        maj = sub[sub.method == "majority vote"].accuracy.iloc[0]
        assert maj == pytest.approx(voting.majority_vote_accuracy(p, k, n_wrong_answers=w), rel=1e-12)
        assert sub[sub.method != "majority vote"].accuracy.iloc[0] == pytest.approx(voting.coverage(p, k), rel=1e-12)
    assert (_row(g, k=1).cost_txt == "k streams cost 1.00x one stream").all()
    c = vote_cost.voting_cost("Llama 3.1 405B", "H100 SXM", 5, 1000, 7661, n_gpus=8, users=32,
                              precision=Precision.named("fp8", "bf16", "H100 SXM"))
    assert _row(g, k=5).cost_txt.iloc[0] == f"k streams cost {float(c.multiple):,.2f}x one stream"


def test_kv_fit_grid_parity():
    from llmscale import catalog, memory

    g = X.kv_fit_grid()
    assert len(g) == 5 * 4 * 2 * 2 * 8
    for m, h, w, k, s in [("Llama 3.1 405B", "H100 SXM", "fp8", "bf16", 32768),
                          ("Llama 3.1 70B", "H200", "bf16", "fp8", 131072),
                          ("DeepSeek-V3", "B200", "fp8", "fp8", 4096),
                          ("Llama 3.1 405B", "H100 SXM", "bf16", "bf16", 1024)]:
        r = _row(g, model=m, hardware=h, weight_precision=w, kv_precision=k, seq_len=s).iloc[0]
        prec = Precision.named(w, k)
        b = float(memory.kv_capacity_batch(m, h, 8, s, precision=prec))
        assert (r.max_batch == b) if b >= 1 else np.isnan(r.max_batch)
        assert r.kv_bytes_per_token == pytest.approx(memory.kv_bytes_per_token(m, prec.kv_bytes_per_element))
        text = X.KV_FIT_TEXT.format(**r)
        if b >= 1:
            assert f"{b:,.0f} sequences of {s:,} tokens fit" in text
        else:
            assert float(memory.weight_bytes(m, 2.0)) > 8 * catalog.hardware(h).hbm_bytes and "do not fit" in text


def test_measured_grid_parity():
    from llmscale import serving_fit
    from llmscale.chapters import ch06

    g = X.measured_grid()
    t = ch06.table().dropna(subset=["held_out"])
    every = _row(g, model="all", hardware="all", publisher="all")
    assert len(every) == len(t) and (every.n == len(t)).all()
    for m, h in [("Llama 3.1 70B", "H200"), ("Llama 3.1 8B", "H100 SXM"), ("Llama 3.1 405B", "all")]:
        sub = _row(g, model=m, hardware=h, publisher="all")
        pts = t[(t.model == m) & ((t.hardware == h) | (h == "all"))]
        assert sorted(sub.measured) == sorted(pts.measured)
        np.testing.assert_allclose(sorted(sub.held_out), sorted(pts.held_out), rtol=1e-12)
        text = X.measured_text(sub.iloc[0])
        assert f"{len(pts)} measurements" in text
        assert f"median error {100 * serving_fit.mdape(pts.ape_held_out):.0f} % held out" in text
    none = g[g.n == 0]
    assert len(none) and none.measured.isna().all()
    assert "no published measurement" in X.measured_text(none.iloc[0])


# --- the HTML bundle ---------------------------------------------------------------------------

def _grid():
    rows = [{"law": law, "c": c, "tpp": float(laws.tokens_per_param_optimal(c, law)), "s": f"{c:.0e}"}
            for law in ("hoffmann2022", "besiroglu2024") for c in (1e22, 1e23, 1e24)]
    return pd.DataFrame(rows)


def _fig(g=None, **kw):
    args = dict(name="t-fig", controls=[Control("law", "Law"), Control("c", "Compute", "FLOP", kind="range",
                                                                       default=1e23)],
                x="c", y="tpp", color="law", text="{law} at {s} FLOP: {tpp:.1f}", caption="Grid: 2 x 3.",
                alt_text="tokens per parameter", x_scale="log")
    args.update(kw)
    return figure(_grid() if g is None else g, **args).data


def test_figure_is_byte_stable_and_complete():
    a, b = _fig(), _fig()
    assert a == b
    assert a.startswith('<div class="explore" id="explore-t-fig">')
    payload = json.loads(re.search(r'<script type="application/json" class="explore-data">(.*?)</script>', a,
                                   re.S).group(1))
    assert payload["n"] == 6
    assert payload["controls"][1]["values"] == [1e22, 1e23, 1e24]
    assert payload["chart"]["groups"] == ["besiroglu2024", "hoffmann2022"]
    assert payload["chart"]["series"] == [] and payload["chart"]["point"] is True
    assert payload["chart"]["x_format"] == ".0e" and payload["chart"]["y_format"] == "~s"
    assert 'aria-live="polite"' in a and '<label for="explore-t-fig-c0">Law</label>' in a
    assert "Compute (FLOP)" in a and 'aria-valuetext="1e+23"' in a
    default = selection_text(_grid(), "{law} at {s} FLOP: {tpp:.1f}", law="besiroglu2024", c=1e23)
    assert f'<p class="explore-readout" aria-live="polite">{default}</p>' in a
    assert "data:image/svg+xml;base64," in a
    assert "http" not in a.replace("http://www.w3.org", "")


@pytest.mark.parametrize("kw, arg", [
    (dict(name="Bad Name"), "name"),
    (dict(x="nope"), "x"),
    (dict(controls=[Control("law", "Law", kind="slider")]), "kind"),
    (dict(controls=[Control("law", "Law", default="kaplan"), Control("c", "Compute")]), "default"),
    (dict(controls=[Control("law", "Law")], text="{law}: {tpp}"), "text"),
    (dict(x_scale="sqrt"), "x_scale"),
    (dict(y_format=".3f"), "y_format"),
])
def test_figure_bad_input(kw, arg):
    with pytest.raises(ValueError, match=arg):
        _fig(**kw)


def test_figure_rejects_duplicated_rows():
    g = pd.concat([_grid(), _grid()], ignore_index=True)
    with pytest.raises(ValueError, match="duplicated"):
        _fig(g)


def test_chapter_figures_build_and_are_stable():
    g = X.catch_up_grid()
    a, b = X.catch_up_figure(g).data, X.catch_up_figure(g).data
    assert a == b and 'class="explore"' in a and len(a) < 300_000
    r = X.roofline_grid()
    h = X.roofline_figure(r, model="Llama 3.1 70B", hardware="H200", n_gpus=1, kv_precision="fp8",
                          seq_len=32768).data
    assert len(h) < 400_000
    assert "Llama 3.1 70B on 1xH200, FP8 weights, FP8 KV, 32k tokens: max batch" in h
    # a value outside the grid opens the figure at its default and says so
    assert "outside the grid" in X.roofline_figure(r, hardware="GB200").data


def test_an_empty_selection_on_log_axes_draws_a_note_not_an_error():
    """A rerun of chapter 06 on B200 opens the measured figure at (Llama 3.1 70B, B200): nobody
    published that pair, and the static drawing used to fail on log axes with nothing to show."""
    import base64

    g = X.measured_grid()
    empty = g[(g.n == 0) & (g.publisher == "all")]
    assert len(empty)
    m, h = empty.iloc[0][["model", "hardware"]]
    html = X.measured_figure(g, model=m, hardware=h).data
    svg = base64.b64decode(re.search(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)", html).group(1)).decode()
    assert "No point for this selection" in svg
    assert "no published measurement" in html
    full = X.measured_figure(g, model="Llama 3.1 70B", hardware="H200").data
    svg = base64.b64decode(re.search(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)", full).group(1)).decode()
    assert "No point for this selection" not in svg


@pytest.mark.parametrize("bad", [np.nan, 0.0, -1.0])
def test_a_selection_with_nothing_to_draw_on_log_axes_is_drawn_as_a_note(bad):
    """NaN (does not fit), zero or negative values cannot sit on a log axis: the static drawing
    says so instead of raising, and the legend keeps only groups with something to draw."""
    import base64

    g = _grid()
    g.loc[g.law == "hoffmann2022", "tpp"] = bad
    html = _fig(g, y_scale="log", controls=[Control("law", "Law", default="hoffmann2022"),
                                            Control("c", "Compute", "FLOP", kind="range", default=1e23)],
                x="c", color=None, text="{law}: {s}")
    svg = base64.b64decode(re.search(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)", html).group(1)).decode()
    assert "No point for this selection" in svg
    payload = json.loads(re.search(r'<script type="application/json" class="explore-data">(.*?)</script>', html,
                                   re.S).group(1))
    assert payload["n"] == 6
    coloured = json.loads(re.search(r'<script type="application/json" class="explore-data">(.*?)</script>',
                                    _fig(g.assign(tpp=g.tpp.where(g.law != "hoffmann2022"))), re.S).group(1))
    assert coloured["chart"]["groups"] == ["besiroglu2024"]


def test_the_roofline_explorer_follows_the_runs_target_efficiencies_and_price():
    """A rerun with its own efficiencies, interactivity target or price gets an explorer computed at
    them (the same numbers as ``roofline_grid`` with those arguments), and its caption says so."""
    from html import unescape

    book = unescape(X.roofline_figure().data)
    assert "at 30 tokens/s per user, each chip's bandwidth efficiency and MFU fitted to published" in book
    assert "$2 per GPU-hour" in book and "cannot reach 30 tokens/s" in book
    own = X.roofline_figure(model="Llama 3.1 70B", hardware="H200", n_gpus=1, seq_len=32768,
                            tokens_per_s_per_user=20, bandwidth_efficiency=0.8, mfu=0.5, usd_per_gpu_hour=3.0).data
    own = unescape(own)
    assert "bandwidth efficiency 0.8 and MFU 0.5 on every chip (this run's values)" in own
    assert "at 20 tokens/s per user" in own and "$3 per GPU-hour" in own
    g = X.roofline_grid(target_tokens_per_s_per_user=20.0, bandwidth_efficiency=0.8, mfu=0.5, usd_per_gpu_hour=3.0)
    row = _row(g, model="Llama 3.1 70B", hardware="H200", n_gpus=1, weight_precision="fp8", kv_precision="bf16",
               seq_len=32768).iloc[0]
    assert selection_text(g, X.ROOFLINE_TEXT, model="Llama 3.1 70B", hardware="H200", n_gpus=1,
                            weight_precision="fp8", kv_precision="bf16", seq_len=32768) in own
    assert row.tokens_per_s_per_gpu != _row(X.roofline_grid(), model="Llama 3.1 70B", hardware="H200", n_gpus=1,
                                            weight_precision="fp8", kv_precision="bf16",
                                            seq_len=32768).iloc[0].tokens_per_s_per_gpu
    mixed = unescape(X.roofline_figure(mfu=0.5).data)
    assert "MFU 0.5 on every chip (this run's) and each chip's bandwidth efficiency fitted" in mixed


def test_the_lifetime_and_voting_explorers_follow_the_runs_set_up():
    """Chapter 02's explorer at the run's law, MFUs, chip and price; chapter 05's cost multiple at the
    run's serving set-up. Same numbers as the grids with those arguments; the captions say which."""
    from html import unescape

    life = unescape(X.lifetime_cost_figure(preset="besiroglu2024", hardware="B200", usd_per_gpu_hour=3.0,
                                           training_mfu=0.5).data)
    assert "the besiroglu2024 law, B200 BF16 peak, 50 % training and 25 % inference MFU, $3 per GPU-hour." in life
    g = X.lifetime_cost_grid(preset="besiroglu2024", gpu="B200", usd_per_gpu_hour=3.0, training_mfu=0.5)
    assert selection_text(g, X.LIFETIME_TEXT, demand_tokens=1e13, budget_flop=1e24) in life
    assert selection_text(g, X.LIFETIME_TEXT, demand_tokens=1e13, budget_flop=1e24) != selection_text(
        X.lifetime_cost_grid(), X.LIFETIME_TEXT, demand_tokens=1e13, budget_flop=1e24)
    assert "the hoffmann2022 law, H100 SXM BF16 peak, 40 % training and 25 % inference MFU, $2" in unescape(
        X.lifetime_cost_figure().data)

    vote = unescape(X.voting_figure(model="Llama 3.1 70B", hardware="H200", n_gpus=1, users=4,
                                    output_tokens=2000, kv_precision="fp8").data)
    assert ("the cost multiple is for 4 queries on 1 H200 serving Llama 3.1 70B (FP8 weights, FP8 KV cache), "
            "1,000 prompt and 2,000 output tokens per stream.") in vote
    v = X.voting_grid(model="Llama 3.1 70B", hardware="H200", n_gpus=1, users=4, output_tokens=2000,
                      kv_precision="fp8")
    assert selection_text(v, X.VOTING_TEXT, p_correct=0.6, n_wrong_answers=3, k=5) in vote
    assert "for 32 queries on 8 H100 SXM serving Llama 3.1 405B (FP8 weights), 1,000 prompt" in unescape(
        X.voting_figure().data)
