"""llmscale.growth (chapter 02's section): the data wall, frontier compute growth, compute arithmetic."""

from __future__ import annotations

import pytest

from llmscale import growth
from llmscale.flops import mfu_for
from llmscale.laws import compute_optimal

H100 = 989e12

# --- the data wall --------------------------------------------------------------------------

@pytest.mark.parametrize("r", [None, 20.0, 1868.0])
def test_data_wall_year_is_where_the_dataset_meets_the_stock(r):
    y = growth.data_wall_year(510e12, 5e25, 2023.93, 4.0, tokens_per_param=r)
    c = growth.frontier_flop(y, 5e25, 2023.93, 4.0)
    assert growth.dataset_tokens(c, r) == pytest.approx(510e12, rel=1e-9)


def test_data_policies():
    d = growth.dataset_tokens(3.8e25, 20.0)
    assert d / (3.8e25 / (6 * d)) == pytest.approx(20.0)
    assert growth.dataset_tokens(3.8e25) == pytest.approx(compute_optimal(3.8e25)[1])
    # over-training reaches the wall first; slower growth delays it
    y_opt = growth.data_wall_year(510e12, 5e25, 2023.93, 4.0)
    y_llama8b = growth.data_wall_year(510e12, 5e25, 2023.93, 4.0, tokens_per_param=1868.0)
    assert y_llama8b < y_opt < growth.data_wall_year(510e12, 5e25, 2023.93, 2.5)
    assert 2026 < y_opt < 2030                    # Villalobos et al.: 2026-2032


def test_frontier_start_and_largest_dataset():
    name, flop, year = growth.frontier_start("2024-12-31")
    assert name == "Gemini 1.0 Ultra" and flop == 5e25 and year == pytest.approx(2023.93, abs=0.01)
    assert growth.largest_dataset("2024-12-31") == ("Qwen2.5", 18e12)
    assert growth.largest_dataset("2024-11-30")[1] == 15.6e12  # before the Qwen2.5 report


# --- compute arithmetic ---------------------------------------------------------------------

def test_compute_arithmetic():
    assert growth.annual_factor_from_ooms(6, 10) == pytest.approx(3.981, rel=1e-3)
    assert growth.ooms_per_decade(4.0) == pytest.approx(6.021, rel=1e-3)
    assert growth.annual_factor_from_halving(8) == pytest.approx(2.828, rel=1e-3)
    assert growth.training_days(3.8e25, 100_000, H100, 0.4) == pytest.approx(11.12, rel=1e-3)
    assert growth.gpus_for_run(3.8e25, 60, H100, 0.4) == pytest.approx(18_529, rel=1e-3)
    assert growth.gpus_for_run(3.8e25, 30, H100, 0.4) == pytest.approx(2 * 18_529, rel=1e-3)
    # Meta: 30.84M H100-hours for 3.8e25 FLOP is 34.6% MFU (paper: 38-43% while running)
    assert mfu_for(3.8e25, 30.84e6, H100) == pytest.approx(0.346, rel=0.01)


# --- bad input ------------------------------------------------------------------------------

@pytest.mark.parametrize("call, fragment", [
    (lambda: growth.data_wall_year(510e12, 5e25, 2024, 1.0), "growth_per_year=1.0"),
    (lambda: growth.frontier_flop(2025, 5e25, 2024, 0.5), "growth_per_year=0.5"),
    (lambda: growth.dataset_tokens(3.8e25, 0.0), "tokens_per_param=0.0"),
    (lambda: growth.training_days(3.8e25, 0, H100, 0.4), "n_gpus=0"),
    (lambda: growth.decimal_year("December"), "date='December'"),
    (lambda: growth.frontier_start("Dec 2024"), "date='Dec 2024'"),
])
def test_bad_input_names_the_argument(call, fragment):
    with pytest.raises(ValueError) as e:
        call()
    assert fragment in str(e.value)
    assert "allowed" in str(e.value)


def test_decimal_year():
    assert growth.decimal_year("2024-01-01") == 2024.0
    assert growth.decimal_year("2023-12-06") == pytest.approx(2023.928, abs=1e-3)
