"""SI constants and human-readable formatting.

All quantities in the library are in SI base units: FLOP, bytes, seconds,
tokens and US dollars. GB means 1e9 bytes and GiB means 2**30 bytes; labels
always say which.
"""

from __future__ import annotations

import math

import numpy as np

# --- bytes -----------------------------------------------------------------
KB = 1e3
MB = 1e6
GB = 1e9
TB = 1e12
KiB = 2.0**10
MiB = 2.0**20
GiB = 2.0**30
TiB = 2.0**40

# --- counts and compute ------------------------------------------------------
THOUSAND = 1e3
MILLION = 1e6
BILLION = 1e9
TRILLION = 1e12
TFLOP = 1e12
PFLOP = 1e15
#: One petaflop/s-day, Kaplan et al. (2020)'s compute unit: 1e15 FLOP/s for 86,400 s.
PF_DAY = 1e15 * 86_400.0

# --- time --------------------------------------------------------------------
SECONDS_PER_HOUR = 3_600.0
SECONDS_PER_DAY = 86_400.0
#: Julian year (365.25 days), the convention for growth rates per year.
SECONDS_PER_YEAR = 365.25 * 86_400.0
DAYS_PER_MONTH = 365.25 / 12.0

#: Bytes per element of the numeric formats used in the book.
BYTES_PER_ELEMENT = {"fp32": 4.0, "bf16": 2.0, "fp16": 2.0, "fp8": 1.0, "int8": 1.0, "fp4": 0.5, "int4": 0.5}

_SI_PREFIXES = [(1e24, "Y"), (1e21, "Z"), (1e18, "E"), (1e15, "P"), (1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")]


def _check_finite(name: str, value: float) -> float:
    v = float(value)
    if not math.isfinite(v):
        raise ValueError(f"{name}={value!r} is not a finite number; pass a finite float")
    return v


def sig(value: float, digits: int = 3) -> str:
    """Format ``value`` with ``digits`` significant digits, without exponent for 1e-3..1e6.

    >>> sig(5.3703)
    '5.37'
    >>> sig(1234567)
    '1.23e+06'
    """
    v = _check_finite("value", value)
    if v == 0:
        return "0"
    if 1e-3 <= abs(v) < 1e6:
        decimals = max(digits - 1 - int(math.floor(math.log10(abs(v)))), 0)
        return f"{v:,.{decimals}f}"
    return f"{v:.{digits - 1}e}"


def format_sci(value: float, unit: str = "", digits: int = 2) -> str:
    """Scientific notation with a unit, e.g. ``format_sci(3.8e25, 'FLOP') == '3.8e25 FLOP'``.

    The mantissa has ``digits`` significant digits and trailing zeros are dropped.
    """
    v = _check_finite("value", value)
    if v == 0:
        s = "0"
    else:
        exp = int(math.floor(math.log10(abs(v))))
        mant = round(v / 10**exp, digits - 1)
        if abs(mant) >= 10:
            mant /= 10
            exp += 1
        m = f"{mant:.{digits - 1}f}".rstrip("0").rstrip(".")
        s = f"{m}e{exp}"
    return f"{s} {unit}".strip()


def format_flop(flop: float, digits: int = 2) -> str:
    """Format a FLOP count, e.g. ``'3.8e25 FLOP'``."""
    return format_sci(flop, "FLOP", digits)


def format_bytes(n_bytes: float, binary: bool = False, digits: int = 3) -> str:
    """Format a byte count with decimal (kB, MB, GB) or binary (KiB, MiB, GiB) prefixes.

    ``format_bytes(516_096) == '516 kB'``; ``format_bytes(2**30, binary=True) == '1 GiB'``.
    """
    v = _check_finite("n_bytes", n_bytes)
    if v < 0:
        raise ValueError(f"n_bytes={n_bytes!r} is negative; byte counts must be >= 0")
    if binary:
        units = [(TiB, "TiB"), (GiB, "GiB"), (MiB, "MiB"), (KiB, "KiB")]
    else:
        units = [(TB, "TB"), (GB, "GB"), (MB, "MB"), (KB, "kB")]
    for scale, name in units:
        if v >= scale:
            return f"{_trim(sig(v / scale, digits))} {name}"
    return f"{_trim(sig(v, digits))} B"


def _trim(s: str) -> str:
    return s.rstrip("0").rstrip(".") if "." in s and "e" not in s else s


def format_usd(usd: float, digits: int = 2) -> str:
    """Format dollars compactly: ``format_usd(1.2e6) == '$1.2M'``, ``format_usd(63e6) == '$63M'``."""
    v = _check_finite("usd", usd)
    sign = "-" if v < 0 else ""
    a = abs(v)
    for scale, suffix in [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")]:
        if a >= scale:
            return f"{sign}${_trim(sig(a / scale, digits))}{suffix}"
    return f"{sign}${a:,.2f}"


def format_si(value: float, unit: str = "", digits: int = 3) -> str:
    """Format with an SI prefix: ``format_si(989e12, 'FLOP/s') == '989 TFLOP/s'``."""
    v = _check_finite("value", value)
    for scale, prefix in _SI_PREFIXES:
        if abs(v) >= scale:
            return f"{_trim(sig(v / scale, digits))} {prefix}{unit}".strip()
    return f"{_trim(sig(v, digits))} {unit}".strip()


def format_count(n: float, digits: int = 3) -> str:
    """Format a count with a word suffix: ``format_count(15.6e12) == '15.6T'``."""
    v = _check_finite("n", n)
    for scale, suffix in [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")]:
        if abs(v) >= scale:
            return f"{_trim(sig(v / scale, digits))}{suffix}"
    return _trim(sig(v, digits))


def orders_of_magnitude(ratio):
    """log10 of a ratio, vectorised: the number of orders of magnitude it spans."""
    r = np.asarray(ratio, dtype=float)
    if np.any(r <= 0):
        raise ValueError(f"ratio={ratio!r} must be > 0 to take orders of magnitude")
    return np.log10(r)
