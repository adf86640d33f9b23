"""Checks of ``data/claims.csv``, the quoted claims table behind the second-edition ledger.

One row per claim ID of ``../shared/CLAIMS.md`` plus one row per checkable part of a
compound claim (``R10a``, ``R10b``, ...; the parent row lists them in ``parts``).

The CSV is the source of truth for the ID list. Two checks need files outside the repo:
the comparison with ``../shared/CLAIMS.md`` and the verbatim-quote check against
``../shared/seeds/``. Each is skipped (``pytest.skip``) only when that file or folder is
absent from the checkout; the seeds are never copied into the repo.
"""
from __future__ import annotations

import csv
import math
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CSV_PATH = ROOT / "data" / "claims.csv"
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
CLAIMS_MD = SHARED / "CLAIMS.md"

COLUMNS = ["id", "parent", "parts", "chapter", "source", "seed", "quote", "translation", "claim",
           "claimed", "unit", "wording", "sense", "readings", "notes"]
# How many claims each chapter has (CLAIMS.md): K1-K7, L1-L22, R1-R13, T1-T9, V1-V7.
ID_COUNTS = {"K": 7, "L": 22, "R": 13, "T": 9, "V": 7}
CHAPTER = {"K": "01", "L": "02", "R": "03", "T": "04", "V": "05"}
SOURCES = {"epoch-reasoning": "000", "wall": "001", "semi": "002", "jonvet": "003"}
WORDINGS = {"exact", "about", "factor", "chart", "qualitative"}
SENSES = {"approx", "upper", "lower"}
ELISION = "[...]"  # joins verbatim fragments of one quote, in the seed's order

# Claimed values that the quote states in words rather than digits, with the reading used.
DIRECT_READINGS = {
    "K4a": (0.5, "同等比例 (scale in equal proportion) with C = 6ND means N and D each grow as C^0.5"),
    "L7a": (100.0, "两个数量级 (two orders of magnitude) more FLOPs = 10^2 x"),
    "L7b": (10.0, "降低一个数量级 (one order of magnitude lower) = 10^1 x"),
    "L15a": (1.5, "减少约三分之一 (cut by about a third): compute x 2/3 per year, i.e. 1 / (1 - 1/3) = 1.5x less"),
    "V2c": (10.0, "the price step of the preceding sentence, 从20美元提高到200美元: 200 / 20 = 10x"),
}


def _rows() -> list[dict[str, str]]:
    with CSV_PATH.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


ROWS = _rows()
BY_ID = {r["id"]: r for r in ROWS}


def _expected_ids() -> set[str]:
    return {f"{p}{i}" for p, n in ID_COUNTS.items() for i in range(1, n + 1)}


def _top_level() -> set[str]:
    return {r["id"] for r in ROWS if not r["parent"]}


def _is_parent(r: dict[str, str]) -> bool:
    return bool(r["parts"])


# ---------------------------------------------------------------- numbers in a quote

_CN_DIGIT = {"零": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
             "八": 8, "九": 9}
_CN_UNIT = {"十": 10, "百": 100, "千": 1e3, "万": 1e4, "萬": 1e4, "亿": 1e8, "億": 1e8}
_SEVERAL = "数數几幾"  # "several": the numeral's lower end, e.g. 数十万 -> 1e5
_SUFFIX = {"K": 1e3, "k": 1e3, "M": 1e6, "B": 1e9, "T": 1e12}
_ARABIC = re.compile(
    r"(\d+(?:,\d{3})*(?:\.\d+)?)"                       # 1,875 / 3.8 / 140000
    r"(?:\s*(?:[eE]([+-]?\d+)|×\s*10\^([+-]?\d+)))?"      # 6e23 / 3.8×10^25
    r"(?:([KkMBT])(?![A-Za-z])|\s*([十百千万萬亿億]+))?"  # 3.5T / 16k / 1750 億 / 1.8万亿
)
_CN_FRACTION = re.compile(r"([一二两兩三四五六七八九十]+)分之([一二两兩三四五六七八九十]+)")
_CN_NUMBER = re.compile(rf"[{_SEVERAL}]?[{''.join(_CN_DIGIT)}{''.join(_CN_UNIT)}]+")


def _cn_value(text: str) -> float | None:
    """A simple Chinese numeral: an optional leading digit times its units (四 4, 十万 1e5, 数百万亿 1e14)."""
    digit, mult = None, 1.0
    for ch in text.lstrip(_SEVERAL):
        if ch in _CN_DIGIT:
            if digit is not None or mult != 1.0:
                return None  # compound numerals such as 十五 are not needed by any quote
            digit = _CN_DIGIT[ch]
        else:
            mult *= _CN_UNIT[ch]
    return (1 if digit is None else digit) * mult


def numbers_in(quote: str) -> list[float]:
    """Every number the quote states: digits (with , . separators, e-notation, ×10^n, K/M/B/T or
    十/百/千/万/亿 suffixes) and Chinese numerals (七, 两, 数十万, 三分之一)."""
    found: list[float] = []
    for m in _ARABIC.finditer(quote):
        value = float(m.group(1).replace(",", ""))
        exp = m.group(2) or m.group(3)
        if exp:
            value *= 10.0 ** int(exp)
        found.append(value)
        if m.group(4):
            found.append(value * _SUFFIX[m.group(4)])
        if m.group(5):
            found.append(value * math.prod(_CN_UNIT[c] for c in m.group(5)))
    for m in _CN_FRACTION.finditer(quote):
        den, num = _cn_value(m.group(1)), _cn_value(m.group(2))
        if den and num is not None:
            found.append(num / den)
    for m in _CN_NUMBER.finditer(quote):
        value = _cn_value(m.group(0))
        if value is not None:
            found.append(value)
    return found


@pytest.mark.parametrize("text, value", [
    ("1750 億參數", 1.75e11), ("20萬億個tokens", 2e13), ("3.8×10^25 FLOPs", 3.8e25), ("6e23 FLOP", 6e23),
    ("1,875 個", 1875), ("3.5T token", 3.5e12), ("约为16k token", 16000), ("数百万亿个token", 1e14),
    ("数十万张GPU", 1e5), ("超过七个数量级", 7), ("减少约三分之一", 1 / 3), ("1.8万亿参数", 1.8e12),
    ("<0.01%", 0.01), ("4:1的比例", 4),
])
def test_number_reader(text, value):
    assert any(math.isclose(v, value, rel_tol=1e-12) for v in numbers_in(text)), (text, numbers_in(text))


# ---------------------------------------------------------------- (a) the ID list

def test_columns():
    with CSV_PATH.open(encoding="utf-8", newline="") as fh:
        assert next(csv.reader(fh)) == COLUMNS


def test_top_level_ids_are_the_claims_list():
    top = _top_level()
    assert top == _expected_ids(), (sorted(_expected_ids() - top), sorted(top - _expected_ids()))


def test_ids_match_claims_md():
    if not CLAIMS_MD.is_file():
        pytest.skip(f"{CLAIMS_MD} is absent from this checkout; data/claims.csv is the ID list")
    table = {}
    for line in CLAIMS_MD.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^\|\s*([KLRTV]\d+)\s*\|.*\|\s*([a-z-]+)\s*\|\s*$", line)
        if m:
            table[m.group(1)] = m.group(2)
    assert len(table) == sum(ID_COUNTS.values())
    assert set(table) == _top_level(), (sorted(set(table) - _top_level()), sorted(_top_level() - set(table)))
    for cid, source in table.items():
        assert BY_ID[cid]["source"] == source, (cid, BY_ID[cid]["source"], source)


# ---------------------------------------------------------------- (b) verbatim quotes

def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("cid", [r["id"] for r in ROWS])
def test_quote_is_verbatim_in_seed(cid):
    if not SEEDS.is_dir():
        pytest.skip(f"{SEEDS} is absent from this checkout (the seeds are not copied into the repo)")
    r = BY_ID[cid]
    seed = SEEDS / r["seed"]
    assert seed.is_file(), f"{cid}: seed {r['seed']} not found in {SEEDS}"
    text = _squash(seed.read_text(encoding="utf-8"))
    pos = 0
    for fragment in r["quote"].split(ELISION):
        frag = _squash(fragment)
        assert frag, f"{cid}: empty quote fragment"
        i = text.find(frag, pos)
        assert i >= 0, f"{cid}: not verbatim in {r['seed']} (whitespace ignored): {fragment.strip()!r}"
        pos = i + len(frag)


# ---------------------------------------------------------------- (c) claimed numbers

@pytest.mark.parametrize("cid", [r["id"] for r in ROWS if r["claimed"]])
def test_claimed_number_is_stated(cid):
    r = BY_ID[cid]
    claimed = float(r["claimed"])
    if cid in DIRECT_READINGS:
        value, reason = DIRECT_READINGS[cid]
        assert math.isclose(claimed, value, rel_tol=1e-12), (cid, claimed, value, reason)
        return
    stated = numbers_in(r["quote"])
    assert any(math.isclose(claimed, v, rel_tol=1e-9) for v in stated), (
        f"{cid}: claimed {claimed:g} is not stated in its quote (found {sorted(set(stated))})")


def test_direct_readings_are_used():
    for cid, (_value, reason) in DIRECT_READINGS.items():
        assert cid in BY_ID and BY_ID[cid]["claimed"], cid
        assert reason
        assert not any(math.isclose(float(BY_ID[cid]["claimed"]), v, rel_tol=1e-9)
                       for v in numbers_in(BY_ID[cid]["quote"])), f"{cid} needs no direct-reading entry"


# ---------------------------------------------------------------- (d) values and structure

def test_ids_unique():
    ids = [r["id"] for r in ROWS]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


@pytest.mark.parametrize("cid", [r["id"] for r in ROWS])
def test_row_values(cid):
    r = BY_ID[cid]
    m = re.fullmatch(r"([KLRTV])(\d+)([a-z]?)", cid)
    assert m, cid
    assert r["chapter"] == CHAPTER[m.group(1)], (cid, r["chapter"])
    assert r["source"] in SOURCES, (cid, r["source"])
    assert re.fullmatch(r"00[0-3]_[0-9a-f]{16}\.txt", r["seed"]), (cid, r["seed"])
    assert r["seed"][:3] == SOURCES[r["source"]], (cid, r["source"], r["seed"])
    for col in ("quote", "translation", "claim"):
        assert r[col].strip(), (cid, col)
    if _is_parent(r):
        assert not (r["claimed"] or r["unit"] or r["wording"] or r["sense"]), f"{cid}: the parts carry the numbers"
        return
    assert r["wording"] in WORDINGS, (cid, r["wording"])
    assert r["sense"] in SENSES, (cid, r["sense"])
    if r["wording"] == "qualitative":
        assert not r["claimed"], f"{cid}: qualitative rows claim no number"
    else:
        assert r["claimed"] and r["unit"], f"{cid}: a {r['wording']} row needs claimed and unit"
        assert math.isfinite(float(r["claimed"]))


@pytest.mark.parametrize("cid", [r["id"] for r in ROWS if r["parent"] or r["parts"]])
def test_parent_and_parts(cid):
    r = BY_ID[cid]
    if r["parent"]:
        assert not r["parts"], f"{cid}: parts nest one level only"
        assert r["parent"] in BY_ID, f"{cid}: parent {r['parent']} missing"
        assert cid[:-1] == r["parent"], (cid, r["parent"])
        assert cid in BY_ID[r["parent"]]["parts"].split(), f"{cid} not listed in {r['parent']}'s parts"
        for col in ("chapter", "source", "seed"):
            assert r[col] == BY_ID[r["parent"]][col], (cid, col)
    if r["parts"]:
        parts = r["parts"].split()
        assert len(parts) >= 2, f"{cid}: a compound claim splits into two or more parts"
        assert parts == sorted(parts), cid
        for p in parts:
            assert p in BY_ID and BY_ID[p]["parent"] == cid, (cid, p)
