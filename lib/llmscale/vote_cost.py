"""What ``k`` self-consistency streams cost on the decode roofline, against one stream.

:func:`voting_cost` prices ``k`` decode streams that share one prompt on the
roofline of :mod:`llmscale.roofline` (prefill once, the streams decode in one
batch, weights read once per step, each stream's own KV plus the shared
prompt's KV read once per step) against one stream, next to the naive ``k×``.
The accuracy the streams buy is :mod:`llmscale.voting`'s.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import memory, roofline
from ._checks import scalar_or_array, whole
from .serving_options import BF16, IDEAL, Efficiency, Precision, as_efficiency, as_precision


@dataclass(frozen=True)
class VotingCost:
    """Cost of answering a query with ``k`` streams against one stream (arrays broadcast).

    ``node_seconds_per_query``: prefill plus this query's share of the decode
    steps, in seconds of the whole ``n_gpus`` node (multiply by
    ``n_gpus · $/GPU-hour / 3600`` for dollars); ``_single`` for one stream.
    ``multiple`` is their ratio, ``naive_multiple`` is ``k``.
    ``users_served``: queries decoded together (the requested ``users``, cut to
    what fits in HBM); ``capacity_limited`` where that cut applies to the
    ``k``-stream case. ``decode_time_s``: the wall time a user waits for the
    answer (the sum of step times), ``bound``: the roofline bound at the last step.
    """

    multiple: np.ndarray
    naive_multiple: np.ndarray
    node_seconds_per_query: np.ndarray
    node_seconds_per_query_single: np.ndarray
    users_served: np.ndarray
    users_served_single: np.ndarray
    capacity_limited: np.ndarray
    decode_time_s: np.ndarray
    decode_time_s_single: np.ndarray
    prefill_time_s: np.ndarray
    bound: np.ndarray
    decode_compute_time_s: np.ndarray


def _sum_max_lines(f1, fT, g1, gT, T, combine):
    """Exact ``Σ_{i=1}^{T} max(f(i), g(i))`` (or ``f + g``) for lines given by their values at 1 and T."""
    T = np.asarray(T, dtype=float)
    span = np.where(T > 1, T - 1.0, 1.0)
    bf = np.where(T > 1, (fT - f1) / span, 0.0)
    bg = np.where(T > 1, (gT - g1) / span, 0.0)
    af, ag = f1 - bf, g1 - bg                    # f(i) = af + bf·i

    def line_sum(a, b, i0, i1):                  # Σ_{i=i0}^{i1} (a + b·i), zero when empty
        cnt = np.maximum(i1 - i0 + 1.0, 0.0)
        return cnt * a + b * cnt * (i0 + i1) / 2.0

    if combine == "sum":
        return line_sum(af, bf, 1.0, T) + line_sum(ag, bg, 1.0, T)
    # h(i) = f(i) - g(i) = dh0 + dh·i ; f is the max where h >= 0
    dh0, dh = af - ag, bf - bg
    with np.errstate(divide="ignore", invalid="ignore"):
        root = np.where(dh != 0, -dh0 / np.where(dh != 0, dh, 1.0), 0.0)
    # rising h: f wins for i >= ceil(root); falling h: f wins for i <= floor(root)
    lo_f = np.where(dh > 0, np.clip(np.ceil(root - 1e-12), 1.0, T + 1.0), 1.0)
    hi_f = np.where(dh < 0, np.clip(np.floor(root + 1e-12), 0.0, T), T)
    flat = dh == 0
    lo_f = np.where(flat, np.where(dh0 >= 0, 1.0, T + 1.0), lo_f)
    hi_f = np.where(flat, T, hi_f)
    f_part = line_sum(af, bf, lo_f, hi_f)
    g_part = line_sum(ag, bg, 1.0, T) - line_sum(ag, bg, lo_f, hi_f)
    return f_part + g_part



def voting_cost(model, hardware, k, prompt_tokens, output_tokens, n_gpus=8, users=1, hbm_usable_fraction=1.0, *,
                precision: Precision = BF16, efficiency: Efficiency = IDEAL, include_attention=True,
                combine="max") -> VotingCost:
    """What ``k`` self-consistency streams sharing one prompt cost on the roofline, against one stream.

    Per query (``P = prompt_tokens``, ``T = output_tokens`` per stream), with
    ``U`` queries decoded together on one ``n_gpus`` node:

    - prefill once: :func:`llmscale.roofline.prefill_time_s` of ``P`` tokens
      (naive voting would prefill ``k`` times);
    - ``T`` decode steps of a batch of ``U · k`` streams, all in lockstep; at
      step ``i`` each stream attends over ``P + i`` tokens. Each step reads
      the weights once for the whole batch, each stream's own ``i`` generated
      tokens of KV, and each query's prompt KV once (shared by its ``k``
      streams): :func:`llmscale.roofline.decode_step` with
      ``shared_prefix_tokens = P`` and ``streams_per_prefix = k``. Both roofline
      terms are linear in ``i``, so ``Σ_i max(t_mem, t_comp)`` is summed exactly;
    - HBM capacity: the batch must hold weights plus ``U · (P + k·T)`` tokens
      of KV at the last step (:func:`llmscale.memory.kv_capacity_batch`); where
      it does not fit, ``U`` drops to what fits (0 if nothing fits: cost ``inf``);
    - ``node_seconds_per_query = prefill + Σ_i step_time / U``.

    ``multiple = node_seconds(k) / node_seconds(1)`` at the same requested ``U``.
    It is close to 1 where weight reads dominate (few users, short contexts) and
    close to ``k`` where the batch is compute-bound or capacity-bound (it can
    exceed ``k`` slightly where whole queries of ``k`` streams pack HBM worse
    than single streams).
    ``precision``, ``efficiency``, ``include_attention`` and ``combine`` go to the roofline. Units: seconds,
    counts. Vectorised over ``k``, ``users``, ``prompt_tokens``, ``output_tokens``.
    """
    kk = whole("k", k, 1).astype(float)
    P = whole("prompt_tokens", prompt_tokens, 0).astype(float)
    T = whole("output_tokens", output_tokens, 1).astype(float)
    U = whole("users", users, 1).astype(float)
    if combine not in ("max", "sum"):
        raise ValueError(f"combine={combine!r}; allowed: 'max', 'sum'")
    precision, efficiency = as_precision(precision), as_efficiency(efficiency)
    roofline_kwargs = dict(precision=precision, efficiency=efficiency, include_attention=include_attention,
                           combine=combine)
    kv_kw = {"precision": precision}
    pre_kw = roofline_kwargs

    def one(kv):
        seq_end = P + T
        streams = np.asarray(memory.kv_capacity_batch(model, hardware, n_gpus, seq_end,
                                                        hbm_usable_fraction=hbm_usable_fraction,
                                                        shared_prefix_tokens=P, streams_per_prefix=kv,
                                                        **kv_kw), dtype=float)
        fit_users = np.floor(streams / kv)
        u = np.minimum(U, fit_users)
        u_safe = np.where(u >= 1, u, 1.0)
        first = roofline.decode_step(model, hardware, n_gpus, u_safe * kv, P + 1.0, shared_prefix_tokens=P,
                                     streams_per_prefix=kv, **roofline_kwargs)
        last = roofline.decode_step(model, hardware, n_gpus, u_safe * kv, P + T, shared_prefix_tokens=P,
                                    streams_per_prefix=kv, **roofline_kwargs)
        decode = _sum_max_lines(np.asarray(first.memory_time_s), np.asarray(last.memory_time_s),
                                np.asarray(first.compute_time_s), np.asarray(last.compute_time_s), T, combine)
        decode = np.where(u >= 1, decode, np.inf)
        comp = _sum_max_lines(np.asarray(first.compute_time_s), np.asarray(last.compute_time_s), 0.0, 0.0, T, "sum")
        comp = np.where(u >= 1, comp, np.inf)
        return u, decode, np.asarray(last.bound), comp

    pre = np.asarray(roofline.prefill_time_s(model, hardware, n_gpus, P, 1.0, **pre_kw), dtype=float)
    u_k, dec_k, bound, comp_k = one(kk)
    u_1, dec_1, _, _ = one(np.ones_like(kk))
    with np.errstate(invalid="ignore", divide="ignore"):
        q_k = pre + dec_k / np.where(u_k >= 1, u_k, 1.0)
        q_1 = pre + dec_1 / np.where(u_1 >= 1, u_1, 1.0)
        mult = q_k / q_1
    shape = np.broadcast_shapes(np.shape(mult), np.shape(kk))
    b = lambda x: scalar_or_array(np.broadcast_to(np.asarray(x), shape).copy())  # noqa: E731
    return VotingCost(multiple=b(mult), naive_multiple=b(kk), node_seconds_per_query=b(q_k),
                      node_seconds_per_query_single=b(q_1), users_served=b(u_k), users_served_single=b(u_1),
                      capacity_limited=b(u_k < U), decode_time_s=b(dec_k), decode_time_s_single=b(dec_1),
                      prefill_time_s=b(pre), bound=b(bound), decode_compute_time_s=b(comp_k))
