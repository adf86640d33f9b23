"""Load and validate the facts in ``data/*.csv``.

Every table has a schema in :data:`SCHEMAS`: its key column, its columns with
their types, which may be empty, and which must be positive. Every row has a
``source`` key that must resolve in ``data/references.bib``. Units are in the
column names (``hbm_bytes``, ``bf16_dense_flop_per_s``), so a unit typo shows
up as an unknown column.

A broken file raises ``ValueError`` naming the file, the row (1-based, the
header being row 1) and the column.

Look-ups by name are case-insensitive and an unknown name gets a "did you mean"
suggestion: ``catalog.model("llama 3.1 405b")``, ``catalog.hardware("H100 SXM")``.
"""

from __future__ import annotations

import csv
import functools
import math
import os
import re
from dataclasses import dataclass, fields
from pathlib import Path

import pandas as pd

from ._checks import suggest

#: Default data directory: ``<repo>/data`` (this file is ``<repo>/lib/llmscale/catalog.py``).
DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / "data"


def data_dir() -> Path:
    """The data directory: ``$LLMSCALE_DATA_DIR`` if set, else the repository's ``data/``."""
    return Path(os.environ.get("LLMSCALE_DATA_DIR", DEFAULT_DATA_DIR))


@dataclass(frozen=True)
class Column:
    """One column: ``kind`` is ``str``, ``float``, ``int``, ``bool`` (0/1) or ``date`` (YYYY-MM-DD)."""

    name: str
    kind: str = "float"
    optional: bool = False
    positive: bool = False
    nonnegative: bool = False
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class TableSchema:
    file: str
    key: str
    columns: tuple[Column, ...]
    unique_key: bool = True


def _c(name, kind="float", **kw):
    return Column(name, kind, **kw)


_MODEL_COLUMNS = (
    _c("name", "str"), _c("family", "str"),
    _c("architecture", "str", choices=("dense", "moe")),
    _c("attention", "str", choices=("mha", "gqa", "mqa", "mla")),
    _c("mlp", "str", choices=("swiglu", "gelu")),
    _c("norm", "str", choices=("rmsnorm", "layernorm")),
    _c("position", "str", choices=("rope", "learned", "relative")),
    _c("biases", "bool"), _c("tied_embeddings", "bool"),
    _c("n_layers", "int", positive=True), _c("d_model", "int", positive=True),
    _c("n_heads", "int", positive=True), _c("n_kv_heads", "int", positive=True),
    _c("head_dim", "int", positive=True), _c("d_ff", "int", positive=True),
    _c("vocab_size", "int", positive=True), _c("context_tokens", "int", positive=True),
    _c("n_experts", "int", optional=True, positive=True),
    _c("n_shared_experts", "int", optional=True, nonnegative=True),
    _c("n_active_experts", "int", optional=True, positive=True),
    _c("d_ff_expert", "int", optional=True, positive=True),
    _c("n_dense_layers", "int", optional=True, nonnegative=True),
    _c("q_lora_rank", "int", optional=True, positive=True),
    _c("kv_lora_rank", "int", optional=True, positive=True),
    _c("qk_rope_head_dim", "int", optional=True, positive=True),
    _c("qk_nope_head_dim", "int", optional=True, positive=True),
    _c("v_head_dim", "int", optional=True, positive=True),
    _c("tokens_trained", optional=True, positive=True),
    _c("reported_params", positive=True),
    _c("reported_active_params", optional=True, positive=True),
    _c("source", "str"), _c("notes", "str", optional=True),
    _c("aliases", "str", optional=True),
)

_HARDWARE_COLUMNS = (
    _c("name", "str"), _c("vendor", "str"),
    _c("bf16_dense_flop_per_s", positive=True),
    _c("fp8_dense_flop_per_s", optional=True, positive=True),
    _c("hbm_bytes", positive=True),
    _c("hbm_bandwidth_bytes_per_s", positive=True),
    _c("source", "str"), _c("notes", "str", optional=True),
    _c("aliases", "str", optional=True), _c("family", "str"),
    _c("fp4_dense_flop_per_s", optional=True, positive=True),
    _c("hbm_physical_bytes", optional=True, positive=True),
    _c("interconnect_bandwidth_bytes_per_s", optional=True, positive=True),
)

_RUN_COLUMNS = (
    _c("name", "str"), _c("model", "str", optional=True),
    _c("params", positive=True), _c("tokens", positive=True),
    _c("reported_compute_flop", optional=True, positive=True),
    _c("hardware", "str", optional=True),
    _c("gpu_hours", optional=True, positive=True),
    _c("source", "str"), _c("notes", "str", optional=True),
)

_PRICE_COLUMNS = (
    _c("name", "str"), _c("provider", "str"),
    _c("input_usd_per_mtok", positive=True), _c("output_usd_per_mtok", positive=True),
    _c("effective_date", "date"),
    _c("source", "str"), _c("notes", "str", optional=True),
)

# chapter 03: CPU:accelerator ratios of systems, and reported reasoning-training figures
_SYSTEM_COLUMNS = (
    _c("name", "str"), _c("vendor", "str"), _c("accelerator", "str"),
    _c("accelerators", "int", positive=True), _c("cpu_sockets", "int", positive=True),
    _c("cpu_model", "str", optional=True), _c("cpu_cores", "int", optional=True, positive=True),
    _c("source", "str"), _c("notes", "str", optional=True),
)
_REASONING_RUN_COLUMNS = (
    _c("name", "str"), _c("model", "str"), _c("base_model", "str", optional=True),
    _c("stage", "str", choices=("pretrain", "sft", "rl")),
    _c("basis", "str", choices=("reported", "estimate", "bound")),
    _c("n_active_params", positive=True), _c("hardware", "str", optional=True),
    _c("gpus", "int", optional=True, positive=True), _c("gpu_hours", optional=True, positive=True),
    _c("trained_tokens", optional=True, positive=True), _c("generated_tokens", optional=True, positive=True),
    _c("reported_flop", optional=True, positive=True), _c("reported_usd", optional=True, positive=True),
    _c("usd_per_gpu_hour", optional=True, positive=True),
    _c("source", "str"), _c("notes", "str", optional=True),
)

# chapter 02: published scaling facts (compute milestones, cluster sizes, data stock, growth rates)
_FACT_COLUMNS = (
    _c("name", "str"), _c("quantity", "str"), _c("value", positive=True), _c("unit", "str"),
    _c("low", optional=True, positive=True), _c("high", optional=True, positive=True),
    _c("date", "date", optional=True),
    _c("source", "str"), _c("notes", "str", optional=True),
)

# chapter 01: Hoffmann et al. (2022) Table 3 (Approach 1 projections) and Table 2 (exponents)
_CHINCHILLA_TABLE3_COLUMNS = (
    _c("name", "str"), _c("params", positive=True), _c("flop", positive=True),
    _c("flop_gopher_units", positive=True), _c("tokens", positive=True),
    _c("source", "str"), _c("notes", "str", optional=True),
)
_CHINCHILLA_EXPONENT_COLUMNS = (
    _c("name", "str"), _c("a", positive=True), _c("a_p10", optional=True, positive=True),
    _c("a_p90", optional=True, positive=True), _c("b", positive=True),
    _c("b_p10", optional=True, positive=True), _c("b_p90", optional=True, positive=True),
    _c("source", "str"), _c("notes", "str", optional=True),
)

# chapter 06: published serving measurements, one row per figure a page states
_SERVING_MEASURED_COLUMNS = (
    _c("id", "str"), _c("publisher", "str"), _c("source", "str"), _c("model", "str"), _c("hardware", "str"),
    _c("n_gpus", optional=True, positive=True), _c("tp", optional=True, positive=True),
    _c("pp", optional=True, positive=True), _c("ep", optional=True, positive=True),
    _c("weight_precision", "str", optional=True), _c("kv_precision", "str", optional=True),
    _c("input_len", optional=True, positive=True), _c("output_len", optional=True, positive=True),
    _c("concurrency", "str", optional=True), _c("engine", "str", optional=True),
    _c("engine_version", "str", optional=True),
    _c("metric", "str", choices=("output_tokens_per_s_total", "total_tokens_per_s_total",
                                 "input_tokens_per_s_per_node", "output_tokens_per_s_per_node",
                                 "output_tokens_per_s_per_gpu", "input_tokens_per_s_per_gpu",
                                 "tokens_per_s_per_user", "output_tokens_per_day_total",
                                 "input_tokens_per_day_total")),
    _c("value", positive=True), _c("unit_as_stated", "str"),
    _c("scenario", "str", optional=True), _c("notes", "str", optional=True),
)

#: Schemas of every table in ``data/``. A chapter that adds a CSV adds its schema here.
SCHEMAS: dict[str, TableSchema] = {
    "chinchilla_table3": TableSchema("chinchilla_table3.csv", "name", _CHINCHILLA_TABLE3_COLUMNS),
    "chinchilla_exponents": TableSchema("chinchilla_exponents.csv", "name", _CHINCHILLA_EXPONENT_COLUMNS),
    "scaling_facts": TableSchema("scaling_facts.csv", "name", _FACT_COLUMNS),
    "systems": TableSchema("systems.csv", "name", _SYSTEM_COLUMNS),
    "reasoning_runs": TableSchema("reasoning_runs.csv", "name", _REASONING_RUN_COLUMNS),
    "models": TableSchema("models.csv", "name", _MODEL_COLUMNS),
    "hardware": TableSchema("hardware.csv", "name", _HARDWARE_COLUMNS),
    "training_runs": TableSchema("training_runs.csv", "name", _RUN_COLUMNS),
    "prices": TableSchema("prices.csv", "name", _PRICE_COLUMNS),
    # chapter 05: ARC-AGI o3 test-time compute, subscription prices, Monkeys coverage (same columns as scaling_facts)
    "test_time_facts": TableSchema("test_time_facts.csv", "name", _FACT_COLUMNS),
    # chapter 06: published serving measurements (names as the pages write them; llmscale.serving_fit maps them)
    "serving_measured": TableSchema("serving_measured.csv", "id", _SERVING_MEASURED_COLUMNS),
}

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def bib_keys(path: Path | None = None) -> set[str]:
    """The citation keys defined in ``references.bib``."""
    p = path or data_dir() / "references.bib"
    text = p.read_text(encoding="utf-8")
    return set(re.findall(r"@\w+\s*\{\s*([^,\s]+)\s*,", text))


def _err(file: str, row: int | None, column: str | None, msg: str) -> ValueError:
    where = file
    if row is not None:
        where += f", row {row}"
    if column is not None:
        where += f", column {column!r}"
    return ValueError(f"{where}: {msg}")


def _parse(file: str, row: int, col: Column, raw: str):
    s = raw.strip()
    if s == "":
        if col.optional:
            return None if col.kind in ("str", "date") else math.nan
        raise _err(file, row, col.name, "is empty but required")
    if col.kind == "str":
        if col.choices and s not in col.choices:
            raise _err(file, row, col.name, f"value {s!r} is not allowed; allowed: {list(col.choices)}. "
                       + _suggest(s, col.choices))
        return s
    if col.kind == "date":
        if not _DATE.match(s):
            raise _err(file, row, col.name, f"value {s!r} is not a date; allowed: YYYY-MM-DD")
        return s
    if col.kind == "bool":
        if s not in ("0", "1"):
            raise _err(file, row, col.name, f"value {s!r} is not a boolean; allowed: 0 or 1")
        return s == "1"
    try:
        v = float(s)
    except ValueError:
        raise _err(file, row, col.name, f"value {s!r} is not a number") from None
    if not math.isfinite(v):
        raise _err(file, row, col.name, f"value {s!r} is not finite")
    if col.kind == "int":
        if v != int(v):
            raise _err(file, row, col.name, f"value {s!r} is not an integer")
        v = int(v)
    if col.positive and v <= 0:
        raise _err(file, row, col.name, f"value {s!r} must be > 0")
    if col.nonnegative and v < 0:
        raise _err(file, row, col.name, f"value {s!r} must be >= 0")
    return v


def _suggest(value: str, options) -> str:
    return suggest(value, options)


@functools.cache
def _load(name: str, directory: str) -> pd.DataFrame:
    schema = SCHEMAS[name]
    path = Path(directory) / schema.file
    file = str(path)
    if not path.exists():
        raise _err(file, None, None, "file not found")
    keys = bib_keys(Path(directory) / "references.bib")
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        try:
            header = next(reader)
        except StopIteration:
            raise _err(file, None, None, "file is empty") from None
        header = [h.strip() for h in header]
        expected = [c.name for c in schema.columns]
        for h in header:
            if h not in expected:
                raise _err(file, 1, h, f"unknown column; allowed: {expected}. " + _suggest(h, expected))
        for c in expected:
            if c not in header:
                raise _err(file, 1, c, "required column is missing")
        if len(set(header)) != len(header):
            raise _err(file, 1, None, "duplicate column names")
        cols = {c.name: c for c in schema.columns}
        records, seen = [], {}
        for i, raw in enumerate(reader, start=2):
            if not raw or all(not x.strip() for x in raw):
                continue
            if len(raw) != len(header):
                raise _err(file, i, None, f"has {len(raw)} fields, the header has {len(header)}")
            rec = {h: _parse(file, i, cols[h], v) for h, v in zip(header, raw)}
            k = str(rec[schema.key]).lower()
            if schema.unique_key and k in seen:
                raise _err(file, i, schema.key, f"duplicate name {rec[schema.key]!r} (first at row {seen[k]})")
            seen[k] = i
            if rec["source"] not in keys:
                raise _err(file, i, "source", f"source key {rec['source']!r} is not in references.bib. "
                           + _suggest(rec["source"], sorted(keys)))
            records.append(rec)
    if "aliases" in expected:
        spelled: dict[str, str] = {}
        for i, rec in enumerate(records, start=2):
            for spelling in [rec[schema.key], *str(rec["aliases"] or "").split(";")]:
                k = _norm(spelling)
                if not k:
                    continue
                if k in spelled and spelled[k] != rec[schema.key]:
                    raise _err(file, i, "aliases", f"{spelling!r} also names {spelled[k]!r}: names and aliases "
                               "must be unique (ignoring case, spaces and hyphens)")
                spelled[k] = rec[schema.key]
    return pd.DataFrame.from_records(records, columns=expected)


def table(name: str) -> pd.DataFrame:
    """A validated table of ``data/`` by schema name (``"models"``, ``"hardware"``, ...). Returns a copy."""
    if name not in SCHEMAS:
        raise ValueError(f"table={name!r} is unknown; allowed: {sorted(SCHEMAS)}. " + _suggest(name, SCHEMAS))
    return _load(name, str(data_dir())).copy()


def row(table_name: str, name: str) -> dict:
    """The row called ``name`` (case-insensitive, surrounding spaces ignored) of a keyed table, as a dict.

    The one name look-up of ``data/``: a miss raises ``ValueError`` naming the table's
    file, the name, the names allowed and the nearest one ("did you mean").
    """
    if table_name not in SCHEMAS:
        raise ValueError(f"table={table_name!r} is unknown; allowed: {sorted(SCHEMAS)}. "
                         + _suggest(table_name, SCHEMAS))
    schema = SCHEMAS[table_name]
    records, _ = _index(table_name, str(data_dir()))
    if not isinstance(name, str):
        raise ValueError(f"{schema.key}={name!r} must be a string; allowed (data/{schema.file}): {list(records)}")
    rec = records.get(name.strip().lower())
    if rec is None:
        names = [str(r[schema.key]) for r in records.values()]
        raise ValueError(f"{name!r} is not in data/{schema.file}; allowed: {names}. "
                         + suggest(name, names, cutoff=0.4))
    return dict(rec)


@functools.cache
def _index(table_name: str, directory: str) -> tuple[dict[str, dict], tuple[tuple[str, str], ...]]:
    """A keyed table, loaded once: its rows by lower-case name, and every (spelling, name) pair.

    The spellings are each row's name and the ``;``-separated entries of its ``aliases``
    column, where the table has one. Cleared with :func:`clear_cache`.
    """
    df = _load(table_name, directory)
    key = SCHEMAS[table_name].key
    records: dict[str, dict] = {}
    for rec in df.to_dict("records"):
        records.setdefault(str(rec[key]).lower(), rec)
    spellings = [(str(n), str(n)) for n in df[key]]
    if "aliases" in df.columns:
        for n, a in zip(df[key], df["aliases"]):
            spellings += [(x.strip(), str(n)) for x in str(a or "").split(";") if x.strip()]
    return records, tuple(spellings)


def validate_all() -> dict[str, int]:
    """Load every table; return the row count of each. Raises on the first error."""
    return {name: len(table(name)) for name in SCHEMAS}


def clear_cache() -> None:
    """Forget loaded tables (after changing ``$LLMSCALE_DATA_DIR``)."""
    _load.cache_clear()
    _index.cache_clear()


# --- typed records -----------------------------------------------------------------

@dataclass(frozen=True)
class Model:
    """A transformer architecture from ``data/models.csv``. Sizes are counts; see the CSV for sources."""

    name: str
    family: str
    architecture: str
    attention: str
    mlp: str
    norm: str
    position: str
    biases: bool
    tied_embeddings: bool
    n_layers: int
    d_model: int
    n_heads: int
    n_kv_heads: int
    head_dim: int
    d_ff: int
    vocab_size: int
    context_tokens: int
    n_experts: float
    n_shared_experts: float
    n_active_experts: float
    d_ff_expert: float
    n_dense_layers: float
    q_lora_rank: float
    kv_lora_rank: float
    qk_rope_head_dim: float
    qk_nope_head_dim: float
    v_head_dim: float
    tokens_trained: float
    reported_params: float
    reported_active_params: float
    source: str
    notes: str | None
    aliases: str | None = None


@dataclass(frozen=True)
class Hardware:
    """One accelerator (per chip) from ``data/hardware.csv``: FLOP/s, bytes, bytes/s."""

    name: str
    vendor: str
    bf16_dense_flop_per_s: float
    fp8_dense_flop_per_s: float
    hbm_bytes: float
    hbm_bandwidth_bytes_per_s: float
    source: str
    notes: str | None

    aliases: str | None = None
    family: str | None = None
    fp4_dense_flop_per_s: float = math.nan
    hbm_physical_bytes: float = math.nan
    interconnect_bandwidth_bytes_per_s: float = math.nan

    def peak_flop_per_s(self, precision: str = "bf16") -> float:
        """Dense peak FLOP/s at ``precision`` (``"bf16"``, ``"fp8"`` or ``"fp4"``), from the datasheet."""
        peaks = {"bf16": self.bf16_dense_flop_per_s, "fp8": self.fp8_dense_flop_per_s,
                 "fp4": self.fp4_dense_flop_per_s}
        if precision not in peaks:
            raise ValueError(f"precision={precision!r}; allowed: 'bf16', 'fp8', 'fp4'")
        v = peaks[precision]
        if v is None or (isinstance(v, float) and math.isnan(v)):
            have = [p for p, x in peaks.items() if x is not None and not (isinstance(x, float) and math.isnan(x))]
            raise ValueError(f"precision={precision!r} is not supported by hardware {self.name!r} "
                             f"(no {precision.upper()} tensor cores); allowed: {have}")
        return v

    def ridge_flop_per_byte(self, precision: str = "bf16") -> float:
        """Roofline ridge point: peak FLOP/s / HBM bytes/s (FLOP per byte), Williams et al. (2009)."""
        return self.peak_flop_per_s(precision) / self.hbm_bandwidth_bytes_per_s


_SEP = re.compile(r"[\s_\-/]+")


def _norm(name: str) -> str:
    """A name as compared: lower case, runs of spaces, hyphens, underscores and slashes as one space."""
    return _SEP.sub(" ", str(name).strip().lower()).strip()


def _generation(name: str) -> str:
    """The first token of a name that holds a digit ("3.1" of "Llama 3.1 70B", "h200", "v5p").

    Two names of the same product family share it; a "did you mean" is only offered
    between names that do, so "H100" never suggests the H200, nor "TPU v5p" the v5e.
    """
    return next((t for t in _norm(name).split(" ") if any(ch.isdigit() for ch in t)), "")


def resolve(kind: str, name: str) -> str:
    """The catalogued name that ``name`` denotes in table ``kind`` (``"models"`` or ``"hardware"``).

    Matches a name or an alias (column ``aliases``, ``;``-separated), ignoring case and
    treating spaces, hyphens, underscores and slashes alike ("h200-sxm" is "H200 SXM").
    A name that prefixes several catalogued variants ("H100") is ambiguous: the error
    lists the variants. Otherwise a miss suggests the nearest name of the same product
    generation (:func:`_generation`), or lists the catalogue and how to extend it.
    """
    label = "model" if kind == "models" else kind
    schema = SCHEMAS[kind]
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"{label} name={name!r} must be a non-empty string; allowed: {list(table(kind)['name'])}")
    pairs = _index(kind, str(data_dir()))[1]
    q = _norm(name)
    hits = sorted({n for spelling, n in pairs if _norm(spelling) == q})
    if len(hits) == 1:
        return hits[0]
    names = list(table(kind)["name"])
    variants = sorted({n for spelling, n in pairs if _norm(spelling).startswith(q + " ")}, key=names.index)
    if len(variants) > 1:
        raise ValueError(f"{label} {name!r} is ambiguous in data/{schema.file}: say which variant, one of "
                         f"{variants}")
    if len(variants) == 1:
        return variants[0]
    gen = _generation(name)
    same = {spelling: n for spelling, n in pairs if _generation(spelling) == gen}
    hint = suggest(name, list(same), cutoff=0.6) if gen else ""
    if hint:
        spelled = hint[len("Did you mean '"):-2]
        hint = f"Did you mean {same[spelled]!r}?"
    else:
        hint = (f"It is not catalogued: add a row to data/{schema.file} with its source key in "
                f"data/references.bib (see CONTRIBUTING.md).")
    raise ValueError(f"{label} {name!r} is not in data/{schema.file}; allowed: {names}. {hint}")


def _lookup(kind: str, name: str, cls):
    if isinstance(name, cls):
        return name
    rec = row(kind, resolve(kind, name))
    return cls(**{f.name: rec.get(f.name, f.default) for f in fields(cls)})


def model(name: str | Model) -> Model:
    """The :class:`Model` called ``name`` (case-insensitive)."""
    return _lookup("models", name, Model)


def hardware(name: str | Hardware) -> Hardware:
    """The :class:`Hardware` called ``name`` (case-insensitive)."""
    return _lookup("hardware", name, Hardware)


def model_names() -> list[str]:
    return list(table("models")["name"])


def hardware_names() -> list[str]:
    return list(table("hardware")["name"])
