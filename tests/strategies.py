"""What the chapters' property tests (``tests/test_props_chNN.py``) draw from, written once.

Catalogue names (sorted, so that draws and shrinking do not depend on the CSV's row order),
log-uniform numbers for parameters that span decades, and the pattern of a glued value no
quantity of the book may take: inf, NaN or a negative number.
"""

from __future__ import annotations

import math
import re

from hypothesis import strategies as st

from llmscale import catalog

MODELS = sorted(catalog.model_names())
HARDWARE = sorted(catalog.hardware_names())
#: inf, NaN, or a minus sign before a digit (not a range's en dash, not inside a word such as "GPT-3")
IMPOSSIBLE = re.compile(r"\b(?:inf|nan)\b|(?<![\w–])[-−]\d", re.IGNORECASE)


def log_float(lo: float, hi: float):
    """Floats spread evenly over the decades from ``lo`` to ``hi`` (both > 0)."""
    return st.floats(math.log10(lo), math.log10(hi)).map(lambda x: float(10**x))


def log_int(lo: int, hi: int):
    """Integers spread evenly over the decades from ``max(lo, 1)`` to ``hi``."""
    return st.floats(math.log10(max(lo, 1)), math.log10(hi)).map(lambda x: int(round(10**x)))
