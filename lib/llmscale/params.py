"""Validation of notebook parameters.

Every chapter's first code cell after its ``parameters`` cell calls
:func:`validate` with the chapter's id and its parameters. The chapter's
specification lives here, in :data:`SPECS`, so that the same validator serves
the notebook, papermill runs and the table-driven bad-input tests.

A bad value raises ``ValueError`` whose message names the parameter, the value
and what is allowed, with a "did you mean" suggestion for near names.
"""

from __future__ import annotations

import difflib
import math
import numbers
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Param:
    """Specification of one notebook parameter.

    ``kind`` is one of ``float``, ``int``, ``bool``, ``str``, ``choice``,
    ``hardware``, ``model``, ``float_list``, ``int_list``, ``path``.
    ``lo``/``hi`` are inclusive bounds unless ``lo_open``/``hi_open``.
    ``choices`` (for ``choice``) may be a tuple or a zero-argument callable.
    ``optional`` allows ``None``.
    """

    name: str
    kind: str
    lo: float | None = None
    hi: float | None = None
    lo_open: bool = False
    hi_open: bool = False
    choices: tuple | Callable[[], Sequence[str]] | None = None
    optional: bool = False
    min_len: int = 1
    extra: dict = field(default_factory=dict)

    def allowed(self) -> str:
        """Human description of the allowed values."""
        if self.kind in ("choice", "hardware", "model"):
            return "one of " + ", ".join(repr(c) for c in self._choices())
        if self.kind == "bool":
            return "True or False"
        if self.kind == "str":
            return "a string"
        if self.kind == "path":
            return "a file path string" + (" or None" if self.optional else "")
        what = {"float": "a finite number", "int": "an integer",
                "float_list": "a non-empty list of finite numbers",
                "int_list": "a non-empty list of integers"}[self.kind]
        return what + self._range_text() + (" (or None)" if self.optional else "")

    def _range_text(self) -> str:
        parts = []
        if self.lo is not None:
            parts.append(("> " if self.lo_open else ">= ") + _num(self.lo))
        if self.hi is not None:
            parts.append(("< " if self.hi_open else "<= ") + _num(self.hi))
        return (" " + " and ".join(parts)) if parts else ""

    def _choices(self) -> list[str]:
        if self.kind == "hardware":
            from . import catalog

            return catalog.hardware_names()
        if self.kind == "model":
            from . import catalog

            return catalog.model_names()
        c = self.choices() if callable(self.choices) else self.choices
        return list(c or ())


def _num(x: float) -> str:
    return f"{x:g}"


def _fail(p: Param, value: Any, extra: str = "") -> None:
    msg = f"parameter {p.name!r}: got {value!r}; allowed: {p.allowed()}"
    if extra:
        msg += f". {extra}"
    raise ValueError(msg)


def did_you_mean(value: str, options: Sequence[str]) -> str:
    """Return ``"Did you mean 'X'?"`` for the closest option, or ``""``."""
    lowered = {o.lower(): o for o in options}
    hits = difflib.get_close_matches(str(value).lower(), list(lowered), n=1, cutoff=0.5)
    return f"Did you mean {lowered[hits[0]]!r}?" if hits else ""


def _check_number(p: Param, value: Any, integer: bool) -> float | int:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        _fail(p, value, f"expected {'an integer' if integer else 'a number'}, not {type(value).__name__}")
    if not math.isfinite(float(value)):
        _fail(p, value, "NaN and infinity are not allowed")
    if integer and float(value) != int(value):
        _fail(p, value, "expected a whole number")
    v = int(value) if integer else float(value)
    if p.lo is not None and (v <= p.lo if p.lo_open else v < p.lo):
        _fail(p, value, "out of range")
    if p.hi is not None and (v >= p.hi if p.hi_open else v > p.hi):
        _fail(p, value, "out of range")
    return v


def check(p: Param, value: Any) -> Any:
    """Validate one value against its :class:`Param`; return the normalised value."""
    if value is None:
        if p.optional:
            return None
        _fail(p, value, "None is not allowed")
    if p.kind == "float":
        return _check_number(p, value, integer=False)
    if p.kind == "int":
        return _check_number(p, value, integer=True)
    if p.kind == "bool":
        if not isinstance(value, bool):
            _fail(p, value, f"expected a bool, not {type(value).__name__}")
        return value
    if p.kind in ("str", "path"):
        if not isinstance(value, str) or not value.strip():
            _fail(p, value, "expected a non-empty string")
        return value
    if p.kind in ("choice", "hardware", "model"):
        options = p._choices()
        if not isinstance(value, str):
            _fail(p, value, f"expected a name (str), not {type(value).__name__}")
        for o in options:
            if o.lower() == value.strip().lower():
                return o
        _fail(p, value, did_you_mean(value, options))
    if p.kind in ("float_list", "int_list"):
        if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
            _fail(p, value, f"expected a list, not {type(value).__name__}")
        if len(value) < p.min_len:
            _fail(p, value, f"expected at least {p.min_len} element(s)")
        item = Param(p.name, "int" if p.kind == "int_list" else "float", lo=p.lo, hi=p.hi,
                     lo_open=p.lo_open, hi_open=p.hi_open)
        out = []
        for i, v in enumerate(value):
            try:
                out.append(check(item, v))
            except ValueError as e:
                raise ValueError(f"{e} (element {i} of {list(value)!r}; allowed: {p.allowed()})") from None
        return out
    raise AssertionError(f"unknown parameter kind {p.kind!r}")  # pragma: no cover


#: Parameter specifications, one list per chapter id. Each chapter owns its block.
SPECS: dict[str, list[Param]] = {}

# --- chapter 00: the numbers we use --------------------------------------------
SPECS["00"] = [
    Param("hardware", "hardware"),
    Param("kv_bytes_per_element", "float", lo=0, lo_open=True, hi=4),
    Param("highlight_model", "model"),
]
# --- end chapter 00 ---------------------------------------------------------------


def spec(chapter: str) -> list[Param]:
    """The parameter list of ``chapter`` (e.g. ``"01"``)."""
    if chapter not in SPECS:
        raise ValueError(f"chapter={chapter!r} has no parameter spec; allowed: {sorted(SPECS)}. "
                         + did_you_mean(chapter, sorted(SPECS)))
    return SPECS[chapter]


def validate(chapter: str, **values: Any) -> dict[str, Any]:
    """Validate a chapter's parameters; return them normalised (canonical names).

    Raises ``ValueError`` for a missing or unknown parameter name, or any bad
    value, naming the parameter, the value and what is allowed.
    """
    params = {p.name: p for p in spec(chapter)}
    unknown = [k for k in values if k not in params]
    if unknown:
        k = unknown[0]
        raise ValueError(f"unknown parameter {k!r} for chapter {chapter}; allowed: {sorted(params)}. "
                         + did_you_mean(k, sorted(params)))
    missing = [k for k in params if k not in values]
    if missing:
        raise ValueError(f"chapter {chapter}: parameter(s) {missing} not given; expected {sorted(params)}")
    return {k: check(params[k], v) for k, v in values.items()}
