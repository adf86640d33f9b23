"""The keyword groups that travel together through the memory and roofline formulas.

- :class:`Precision`: bytes per weight element, bytes per KV-cache element, and the
  tensor-core precision the matmuls run at (its peak FLOP/s);
- :class:`Efficiency`: the achieved fractions of peak HBM bandwidth and of peak FLOP/s (MFU).

Fields may hold numpy arrays (a sweep over precisions or efficiencies stays one
vectorised call); they are validated on construction and a bad value raises
``ValueError`` naming the field, the value and what is allowed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from . import catalog
from ._checks import fraction as _fraction
from ._checks import positive as _positive
from .units import BYTES_PER_ELEMENT

FLOP_PRECISIONS = ("bf16", "fp8")


def _check_choice(name: str, x, allowed: tuple[str, ...]) -> None:
    bad = [v for v in np.atleast_1d(np.asarray(x, dtype=object)).ravel() if v not in allowed]
    if bad:
        raise ValueError(f"{name}={bad[0]!r}: allowed: {list(allowed)}")


@dataclass(frozen=True)
class Precision:
    """Number formats of a serving configuration (all fields broadcastable arrays or scalars).

    ``weight_bytes_per_element``: bytes per weight (2 for BF16, 1 for FP8, 0.5 for 4-bit);
    ``kv_bytes_per_element``: bytes per KV-cache element; ``flop_precision``: ``"bf16"``
    or ``"fp8"``, the tensor-core precision whose peak FLOP/s the matmuls reach
    (:func:`matmul_precision` picks it from the weight format).
    """

    weight_bytes_per_element: float | np.ndarray = 2.0
    kv_bytes_per_element: float | np.ndarray = 2.0
    flop_precision: str | np.ndarray = "bf16"

    def __post_init__(self):
        _positive("weight_bytes_per_element", self.weight_bytes_per_element)
        _positive("kv_bytes_per_element", self.kv_bytes_per_element)
        _check_choice("flop_precision", self.flop_precision, FLOP_PRECISIONS)

    @classmethod
    def named(cls, weights: str = "bf16", kv: str = "bf16", hardware=None) -> Precision:
        """From format names (``units.BYTES_PER_ELEMENT``: ``"bf16"``, ``"fp8"``, ``"int4"``, ...).

        The matmul precision is :func:`matmul_precision` of the weight format on
        ``hardware`` (BF16 when no hardware is given).
        """
        for name, v in (("weights", weights), ("kv", kv)):
            if v not in BYTES_PER_ELEMENT:
                raise ValueError(f"{name}={v!r}: allowed: {sorted(BYTES_PER_ELEMENT)}")
        fp = "bf16" if hardware is None else matmul_precision(weights, hardware)
        return cls(BYTES_PER_ELEMENT[weights], BYTES_PER_ELEMENT[kv], fp)

    def replace(self, **changes) -> Precision:
        """A copy with some fields changed."""
        from dataclasses import replace

        return replace(self, **changes)


@dataclass(frozen=True)
class Efficiency:
    """Achieved fractions of peak: ``bandwidth`` (of HBM bytes/s) and ``mfu`` (of dense FLOP/s), each in (0, 1].

    ``Efficiency()`` (both 1) is the ideal roofline. Fields may be arrays.
    """

    bandwidth: float | np.ndarray = 1.0
    mfu: float | np.ndarray = 1.0

    def __post_init__(self):
        _fraction("efficiency.bandwidth", self.bandwidth)
        _fraction("efficiency.mfu", self.mfu)


#: The defaults of every memory and roofline function: BF16 weights, KV cache and matmuls; the ideal roofline.
BF16 = Precision()
IDEAL = Efficiency()


def matmul_precision(weight_precision: str, hardware) -> str:
    """The tensor-core precision the weights' matmuls run at: ``"fp8"`` for FP8 (or narrower) weights
    on hardware with FP8 tensor cores (as Meta's FP8 Llama 3.1 405B and DeepSeek-V3 do), else ``"bf16"``."""
    if weight_precision not in BYTES_PER_ELEMENT:
        raise ValueError(f"weight_precision={weight_precision!r}: allowed: {sorted(BYTES_PER_ELEMENT)}")
    h = catalog.hardware(hardware)
    fp8_ok = not math.isnan(h.fp8_dense_flop_per_s)
    return "fp8" if BYTES_PER_ELEMENT[weight_precision] <= 1.0 and fp8_ok else "bf16"


def as_precision(precision) -> Precision:
    """``precision`` if it is a :class:`Precision`; raises ``ValueError`` otherwise."""
    if not isinstance(precision, Precision):
        raise ValueError(f"precision={precision!r}: allowed: a llmscale.serving_options.Precision")
    return precision


def as_efficiency(efficiency) -> Efficiency:
    """``efficiency`` if it is an :class:`Efficiency`; raises ``ValueError`` otherwise."""
    if not isinstance(efficiency, Efficiency):
        raise ValueError(f"efficiency={efficiency!r}: allowed: a llmscale.serving_options.Efficiency")
    return efficiency
