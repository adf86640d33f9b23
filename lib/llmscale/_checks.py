"""Argument checks shared by the formula modules (not public API).

Each check converts its argument to a float array, raises ``ValueError`` naming the
argument, the value and what is allowed, and returns the array; :func:`scalar_or_array`
turns a 0-d result back into a Python float so scalar calls return scalars.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

import numpy as np


def suggest(value, options: Iterable[str], cutoff: float = 0.5) -> str:
    """The library's one "did you mean" hint: ``"Did you mean 'X'?"`` or ``""``.

    Matching is case-insensitive (difflib ratio >= ``cutoff``); the hint names the
    option in its catalogued spelling.
    """
    opts = [str(o) for o in options]
    lowered = {o.lower(): o for o in opts}
    hits = difflib.get_close_matches(str(value).strip().lower(), list(lowered), n=1, cutoff=cutoff)
    return f"Did you mean {lowered[hits[0]]!r}?" if hits else ""


def scalar_or_array(a):
    """A Python scalar for 0-d input, the array otherwise."""
    return a.item() if np.ndim(a) == 0 else a


def _array(name: str, x, nonempty: bool):
    try:
        a = np.asarray(x, dtype=float)
    except (TypeError, ValueError):   # numpy's own message names neither the argument nor what is allowed
        raise ValueError(f"{name}={x!r}: allowed: numbers (or arrays of numbers)") from None
    if nonempty and a.size == 0:
        raise ValueError(f"{name}={x!r}: allowed: finite numbers (got an empty array)")
    return a


def finite(name: str, x, nonempty: bool = False):
    """``x`` as a float array of finite values."""
    a = _array(name, x, nonempty)
    if np.any(~np.isfinite(a)):
        raise ValueError(f"{name}={x!r}: allowed: finite numbers")
    return a


def positive(name: str, x, nonempty: bool = False):
    """``x`` as a float array of finite values > 0."""
    a = _array(name, x, nonempty)
    if np.any(~np.isfinite(a)) or np.any(a <= 0):
        raise ValueError(f"{name}={x!r}: allowed: finite values > 0")
    return a


def nonneg(name: str, x, nonempty: bool = False):
    """``x`` as a float array of finite values >= 0."""
    a = _array(name, x, nonempty)
    if np.any(~np.isfinite(a)) or np.any(a < 0):
        raise ValueError(f"{name}={x!r}: allowed: finite values >= 0")
    return a


def fraction(name: str, x, nonempty: bool = False):
    """``x`` as a float array of fractions in (0, 1]."""
    a = _array(name, x, nonempty)
    if np.any(~np.isfinite(a)) or np.any(a <= 0) or np.any(a > 1):
        raise ValueError(f"{name}={x!r}: allowed: a fraction in (0, 1]")
    return a


def probability(name: str, x, open_low: bool = False, open_high: bool = False):
    """``x`` as a float array of probabilities in ``[0, 1]`` (``open_low``/``open_high`` exclude 0/1)."""
    a = np.asarray(x, dtype=float)
    bad = ~np.isfinite(a) | (a < 0) | (a > 1)
    if open_low:
        bad |= a == 0
    if open_high:
        bad |= a == 1
    if np.any(bad):
        lo = "(0" if open_low else "[0"
        hi = "1)" if open_high else "1]"
        raise ValueError(f"{name}={x!r}: allowed: probabilities in {lo}, {hi}")
    return a


def whole(name: str, x, lo: int = 0):
    """``x`` as an int64 array of whole numbers ``>= lo`` (booleans and non-integral floats rejected)."""
    a = np.asarray(x)
    f = np.asarray(a, dtype=float)
    if a.dtype == bool or np.any(~np.isfinite(f)) or np.any(f != np.floor(f)) or np.any(f < lo):
        raise ValueError(f"{name}={x!r}: allowed: whole numbers >= {lo}")
    return f.astype(np.int64)
