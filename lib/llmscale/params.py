"""Validation of notebook parameters.

Every chapter's first code cell after its ``parameters`` cell calls
:func:`validate` with the chapter's id and its parameters. The chapter's
specification lives here, in :data:`SPECS`, so that the same validator serves
the notebook, papermill runs and the table-driven bad-input tests.

A bad value raises ``ValueError`` whose message names the parameter, the value
and what is allowed, with a "did you mean" suggestion for near names.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ._checks import suggest


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
            return "a path to an existing file" + (" (empty for none)" if self.optional else "")
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
    if p.kind == "path" and p.optional and value == "":
        return None  # an empty path means "not given"
    if p.kind in ("str", "path"):
        if not isinstance(value, str) or not value.strip():
            _fail(p, value, "expected a non-empty string")
        if p.kind == "path":
            from pathlib import Path

            if not Path(value).expanduser().is_file():
                _fail(p, value, "no such file (relative paths are resolved from chapters/)")
        return value
    if p.kind in ("hardware", "model"):
        from . import catalog

        if not isinstance(value, str):
            _fail(p, value, f"expected a name (str), not {type(value).__name__}")
        try:
            return catalog.resolve("hardware" if p.kind == "hardware" else "models", value)
        except ValueError as e:
            reason = str(e)
            hint = reason[reason.rfind("]. ") + 3:] if "]. " in reason else reason
            if "ambiguous" in reason:
                raise ValueError(f"parameter {p.name!r}: got {value!r}; {reason.split(': ', 1)[-1]}") from None
            _fail(p, value, hint)
    if p.kind == "choice":
        options = p._choices()
        if not isinstance(value, str):
            _fail(p, value, f"expected a name (str), not {type(value).__name__}")
        for o in options:
            if o.lower() == value.strip().lower():
                return o
        _fail(p, value, suggest(value, options))
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
    Param("kv_precision", "choice", choices=("fp32", "bf16", "fp16", "fp8", "int8", "fp4", "int4")),
    Param("model", "model"),
]
# --- end chapter 00 ---------------------------------------------------------------

# --- chapter 03: reasoning RL compute ---------------------------------------------
SPECS["03"] = [
    Param("hardware", "hardware"),
    Param("mfu", "float", lo=0, lo_open=True, hi=1),
    Param("usd_per_gpu_hour", "float", lo=0, lo_open=True, hi=100),
    Param("months_per_10x", "float", lo=0.5, hi=60),  # below 0.5 months the growth per year overflows a float
    Param("frontier_growth_per_year", "float", lo=1, lo_open=True, hi=100),
    Param("gap_orders_of_magnitude", "float", lo=0, hi=8),
    Param("rollouts_per_problem", "int", lo=1, hi=1_000_000),
    Param("tokens_per_rollout", "int", lo=1, hi=10_000_000),
]
# --- end chapter 03 ---------------------------------------------------------------

# --- chapter 04: roofline token economics ------------------------------------------
SPECS["04"] = [
    Param("model", "model"),
    Param("hardware", "hardware"),
    Param("n_gpus", "int", lo=1, hi=4096),
    Param("weight_precision", "choice", choices=("fp32", "bf16", "fp16", "fp8", "int8", "fp4", "int4")),
    Param("kv_precision", "choice", choices=("fp32", "bf16", "fp16", "fp8", "int8", "fp4", "int4")),
    Param("tokens_per_s_per_user", "float", lo=0, lo_open=True, hi=10_000),
    Param("seq_lens", "int_list", lo=1, hi=10_000_000, min_len=2),
    Param("usd_per_gpu_hour", "float", lo=0, lo_open=True, hi=1_000),
    # None: llmscale.serving.fitted_efficiency(hardware, weight_precision), fitted to published measured servers
    Param("bandwidth_efficiency", "float", lo=0, lo_open=True, hi=1, optional=True),
    Param("mfu", "float", lo=0, lo_open=True, hi=1, optional=True),
]
# --- end chapter 04 ---------------------------------------------------------------

# --- chapter 02: Llama over-training, inference-aware scaling, the data wall -------
def _chinchilla_presets() -> list[str]:
    from .laws import PRESETS

    return sorted(PRESETS)


SPECS["02"] = [
    Param("preset", "choice", choices=_chinchilla_presets),
    Param("inference_tokens", "float", lo=0, hi=1e18),
    Param("training_mfu", "float", lo=0, lo_open=True, hi=1),
    Param("inference_mfu", "float", lo=0, lo_open=True, hi=1),
    Param("hardware", "hardware"),
    Param("usd_per_gpu_hour", "float", lo=0, lo_open=True, hi=1_000),
    Param("compute_growth_per_year", "float", lo=1, lo_open=True, hi=100),
    Param("data_stock_tokens", "float", lo=1e12, hi=1e18),
]
# --- end chapter 02 ---------------------------------------------------------------

# --- chapter 05: o1 pro, voting and test-time compute ------------------------------
SPECS["05"] = [
    Param("k_max", "int", lo=2, hi=2000),
    Param("p_correct", "float", lo=0, lo_open=True, hi=1, hi_open=True),
    Param("n_wrong_answers", "int", lo=1, hi=50),
    Param("n_votes", "int", lo=1, hi=64),
    Param("model", "model"),
    Param("hardware", "hardware"),
    Param("n_gpus", "int", lo=1, hi=4096),
    Param("weight_precision", "choice", choices=("fp32", "bf16", "fp16", "fp8", "int8", "fp4", "int4")),
    Param("kv_precision", "choice", choices=("fp32", "bf16", "fp16", "fp8", "int8", "fp4", "int4")),
    Param("batch", "int", lo=1, hi=100_000),
    Param("prompt_tokens", "int", lo=0, hi=10_000_000),
    Param("output_tokens", "int", lo=1, hi=10_000_000),
    Param("per_step_error", "float", lo=0, lo_open=True, hi=0.5),
]
# --- end chapter 05 ---------------------------------------------------------------

# --- chapter 01: Kaplan and Chinchilla ----------------------------------------------
SPECS["01"] = [
    Param("compute_flop", "float", lo=1e18, hi=1e30),
    Param("preset", "choice", choices=("hoffmann2022", "hoffmann2022_unrounded", "besiroglu2024")),
    Param("n_bootstrap", "int", lo=10, hi=5000),
    Param("seed", "int", lo=0, hi=2**32 - 1),
    Param("synthetic_noise", "float", lo=0, hi=0.2),  # above about 0.3 the Approach-3 refit overflows
    Param("points_csv", "path", optional=True),  # the notebook passes None for "" (not given)
]
# --- end chapter 01 ---------------------------------------------------------------

# --- chapter 06: does the roofline match real servers? -----------------------------
SPECS["06"] = [
    Param("model", "model"),
    Param("hardware", "hardware"),
    Param("n_gpus", "int", lo=1, hi=4096),
    Param("weight_precision", "choice", choices=("fp32", "bf16", "fp16", "fp8", "int8", "fp4", "int4")),
    Param("kv_precision", "choice", choices=("fp32", "bf16", "fp16", "fp8", "int8", "fp4", "int4")),
    Param("input_len", "int", lo=1, hi=1_000_000),
    Param("output_len", "int", lo=1, hi=1_000_000),
]
# --- end chapter 06 ---------------------------------------------------------------


def spec(chapter: str) -> list[Param]:
    """The parameter list of ``chapter`` (e.g. ``"01"``)."""
    if chapter not in SPECS:
        raise ValueError(f"chapter={chapter!r} has no parameter spec; allowed: {sorted(SPECS)}. "
                         + suggest(chapter, sorted(SPECS)))
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
                         + suggest(k, sorted(params)))
    missing = [k for k in params if k not in values]
    if missing:
        raise ValueError(f"chapter {chapter}: parameter(s) {missing} not given; expected {sorted(params)}")
    return {k: check(params[k], v) for k, v in values.items()}


def setup(chapter: str, namespace: dict) -> dict[str, Any]:
    """A chapter's whole setup cell: validate its parameters and fix the figure style.

    ``namespace`` is the notebook's ``globals()``: the values of the chapter's
    parameters (``SPECS[chapter]``) are read from it by name, so the setup cell
    repeats no parameter name. Returns the validated, normalised parameters.
    Raises ``ValueError`` as :func:`validate` does.
    """
    from . import plotting

    values = {p.name: namespace[p.name] for p in spec(chapter) if p.name in namespace}
    validated = validate(chapter, **values)
    plotting.setup()
    return validated

