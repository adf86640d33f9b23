"""Dollars per token: API list prices (``data/prices.csv``) and the cost of serving on rented GPUs.

- list prices: :func:`price_usd_per_mtok`, :func:`query_cost_usd`;
- serving cost: a node of ``n`` GPUs rented at ``p`` dollars per GPU-hour and
  emitting ``r`` tokens/s costs ``n · p / 3600 / r`` dollars per token
  (:func:`usd_per_mtok_at_rate`), with ``r`` from the decode roofline
  (:func:`cost_usd_per_mtok`, :mod:`llmscale.roofline`).
"""

from __future__ import annotations

from . import catalog
from ._checks import nonneg as _nonneg
from ._checks import positive as _positive
from ._checks import scalar_or_array as _out
from .roofline import tokens_per_s_per_node
from .units import SECONDS_PER_HOUR

PRICE_KINDS = ("input", "output")


def price_usd_per_mtok(name: str, kind: str = "output") -> float:
    """List price of ``name`` from ``data/prices.csv`` (``kind`` ``"input"`` or ``"output"``). USD per 1e6 tokens.

    Unknown names raise ``ValueError`` naming ``data/prices.csv``, the names
    allowed and the nearest one (:func:`llmscale.catalog.row`).
    """
    if kind not in PRICE_KINDS:
        raise ValueError(f"kind={kind!r}: allowed: 'input', 'output'")
    try:
        r = catalog.row("prices", name)
    except ValueError as e:
        raise ValueError(f"price name={name!r}: {e}") from None
    return float(r[f"{kind}_usd_per_mtok"])


def query_cost_usd(name: str, output_tokens, input_tokens=0.0):
    """Cost of one API query: ``(input · p_in + output · p_out) / 1e6`` at ``data/prices.csv`` prices. Vectorised."""
    return _out((_nonneg("input_tokens", input_tokens) * price_usd_per_mtok(name, "input")
                 + _nonneg("output_tokens", output_tokens) * price_usd_per_mtok(name, "output")) / 1e6)


def usd_per_mtok_at_rate(tokens_per_s, n_gpus, usd_per_gpu_hour):
    """Dollars per million tokens of ``n_gpus`` rented at ``usd_per_gpu_hour`` producing ``tokens_per_s``.

    ``n_gpus · usd_per_gpu_hour / 3600 / tokens_per_s · 1e6``. Units: USD per 1e6 tokens. Vectorised.
    """
    r = _positive("tokens_per_s", tokens_per_s)
    return _out(_positive("n_gpus", n_gpus) * _nonneg("usd_per_gpu_hour", usd_per_gpu_hour)
                / SECONDS_PER_HOUR / r * 1e6)


def cost_usd_per_mtok(model, hardware, n_gpus, batch, seq_len, usd_per_gpu_hour, **kwargs):
    """Cost per million output tokens of decode at ``batch`` and ``seq_len``, at a GPU-hour price.

    ``n_gpus · usd_per_gpu_hour / 3600 · decode_step_time_s / batch · 1e6``: the
    node's rent spread over the tokens it emits (:func:`usd_per_mtok_at_rate`,
    :func:`llmscale.roofline.tokens_per_s_per_node`). Keyword arguments as
    :func:`llmscale.roofline.decode_step`. Units: USD per 1e6 tokens. Vectorised.
    """
    rate = tokens_per_s_per_node(model, hardware, n_gpus, batch, seq_len, **kwargs)
    return usd_per_mtok_at_rate(rate, n_gpus, usd_per_gpu_hour)
