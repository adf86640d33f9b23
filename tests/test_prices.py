"""API list prices and the dollar cost of serving (llmscale.prices)."""

import pytest

from llmscale import prices, roofline
from llmscale.serving_options import Precision

L405 = "Llama 3.1 405B"
H100 = "H100 SXM"


def test_cost_per_mtok():
    c = prices.cost_usd_per_mtok(L405, H100, 8, 64, 2048, 2.0, precision=Precision(weight_bytes_per_element=1))
    rate = roofline.tokens_per_s_per_node(L405, H100, 8, 64, 2048, precision=Precision(weight_bytes_per_element=1))
    assert c == pytest.approx(16.0 / 3600 / rate * 1e6)
    assert prices.usd_per_mtok_at_rate(1e6 / 3600, 1, 1.0) == pytest.approx(1.0)


def test_list_prices_and_query_cost():
    assert prices.price_usd_per_mtok("o1-mini") / prices.price_usd_per_mtok("GPT-4o mini") == pytest.approx(20)
    assert prices.price_usd_per_mtok(" O1 ", "input") == prices.price_usd_per_mtok("o1", "input")
    q = prices.query_cost_usd("o1", 1000, input_tokens=500)
    assert q == pytest.approx((500 * prices.price_usd_per_mtok("o1", "input")
                               + 1000 * prices.price_usd_per_mtok("o1")) / 1e6)


def test_bad_price_input():
    with pytest.raises(ValueError, match="price name.*Did you mean"):
        prices.price_usd_per_mtok("o1 pro max")
    with pytest.raises(ValueError, match="kind"):
        prices.price_usd_per_mtok("o1", "cached")
    with pytest.raises(ValueError, match="output_tokens"):
        prices.query_cost_usd("o1", -1)
    with pytest.raises(ValueError, match="tokens_per_s"):
        prices.usd_per_mtok_at_rate(0.0, 1, 1.0)
