"""The data tables: schema, sources, look-ups and corrupt-data errors."""

import re
import shutil

import pytest

from llmscale import catalog


def test_every_table_loads():
    counts = catalog.validate_all()
    assert counts["models"] >= 14
    assert counts["hardware"] >= 8
    for name, n in counts.items():
        assert n > 0, name


def test_every_source_key_resolves():
    keys = catalog.bib_keys()
    for name in catalog.SCHEMAS:
        for src in catalog.table(name)["source"]:
            assert src in keys, (name, src)


def test_units_in_column_names():
    # a numeric column name says its unit or is a dimensionless count
    allowed_suffix = re.compile(r"(_bytes|_per_s|_flop|_usd_per_mtok|_usd|_hours|_tokens|_params|_rank|_dim|_count)$")
    for name in ("hardware", "prices"):
        schema = catalog.SCHEMAS[name]
        for col in schema.columns:
            if col.kind == "float":
                assert allowed_suffix.search(col.name) or col.name in ("tokens", "params"), (name, col.name)


def test_lookup_case_insensitive():
    assert catalog.model("llama 3.1 405b").n_layers == 126
    assert catalog.hardware("h100 sxm").hbm_bytes == 80e9


def test_unknown_names_suggest():
    with pytest.raises(ValueError, match="Did you mean 'H100 SXM'"):
        catalog.hardware("H100 SMX")
    with pytest.raises(ValueError, match="Did you mean 'Llama 3.1 70B'"):
        catalog.model("Llama 3.1 70")
    with pytest.raises(ValueError, match="table='modles'.*Did you mean 'models'"):
        catalog.table("modles")


def test_hardware_ridge_and_precision():
    h = catalog.hardware("H100 SXM")
    assert h.ridge_flop_per_byte("bf16") == pytest.approx(989e12 / 3.35e12)
    with pytest.raises(ValueError, match="precision='fp8'.*A100"):
        catalog.hardware("A100 SXM 80GB").peak_flop_per_s("fp8")
    with pytest.raises(ValueError, match="precision='int3'"):
        h.peak_flop_per_s("int3")


# --- corrupt data: each break must name the file, the row and the column ------------------------

@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    d = tmp_path / "data"
    shutil.copytree(catalog.DEFAULT_DATA_DIR, d)
    monkeypatch.setenv("LLMSCALE_DATA_DIR", str(d))
    catalog.clear_cache()
    yield d
    catalog.clear_cache()


def _edit(path, old, new, count=1):
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, count))


@pytest.mark.parametrize(
    "file, old, new, pattern",
    [
        # a missing column
        ("hardware.csv", ",hbm_bandwidth_bytes_per_s,", ",", r"hardware\.csv, row 1, column 'hbm_bandwidth_bytes_per_s': required column is missing"),
        # a negative value
        ("hardware.csv", "H200,NVIDIA,989e12", "H200,NVIDIA,-989e12", r"hardware\.csv, row 6, column 'bf16_dense_flop_per_s': value '-989e12' must be > 0"),
        # a unit typo in a column name
        ("hardware.csv", "name,vendor,bf16_dense_flop_per_s", "name,vendor,bf16_dense_flops_per_s", r"hardware\.csv, row 1, column 'bf16_dense_flops_per_s': unknown column.*Did you mean 'bf16_dense_flop_per_s'"),
        # a duplicate name
        ("hardware.csv", "H200,NVIDIA", "H100 SXM,NVIDIA", r"hardware\.csv, row 6, column 'name': duplicate name 'H100 SXM' \(first at row 5\)"),
        # an unknown source key
        ("models.csv", ",touvron2023llama2,", ",touvron2023lama2,", r"models\.csv, row 9, column 'source': source key 'touvron2023lama2' is not in references\.bib"),
        # a non-number
        ("models.csv", "GPT-3 175B,GPT-3,dense,mha,gelu,layernorm,learned,1,1,96,", "GPT-3 175B,GPT-3,dense,mha,gelu,layernorm,learned,1,1,nine-six,", r"models\.csv, row 2, column 'n_layers': value 'nine-six' is not a number"),
        # an enum typo
        ("models.csv", "Llama 2 70B,Llama 2,dense,gqa,", "Llama 2 70B,Llama 2,dense,gqaa,", r"models\.csv, row 11, column 'attention': value 'gqaa' is not allowed.*Did you mean 'gqa'"),
    ],
)
def test_corrupt_data_is_named(data_copy, file, old, new, pattern):
    _edit(data_copy / file, old, new)
    before = {p.name: p.read_bytes() for p in data_copy.iterdir()}
    with pytest.raises(ValueError, match=pattern):
        catalog.validate_all()
    assert {p.name: p.read_bytes() for p in data_copy.iterdir()} == before  # loading changes nothing


# --- the 2026 catalogue: names, aliases, published totals -----------------------------------

@pytest.mark.parametrize("spelling, name", [
    ("H200 SXM", "H200"), ("h200-sxm", "H200"), ("H100 SXM5", "H100 SXM"), ("H100 SXM", "H100 SXM"),
    ("mi300x", "MI300X"), ("TPU v5p", "TPU v5p"), ("Trainium2", "Trainium2"),
])
def test_hardware_common_spellings_resolve(spelling, name):
    assert catalog.hardware(spelling).name == name


def test_ambiguous_name_lists_its_variants():
    with pytest.raises(ValueError, match=r"'H100' is ambiguous.*'H100 SXM', 'H100 PCIe'"):
        catalog.hardware("H100")


@pytest.mark.parametrize("kind, wrong, not_suggested", [
    ("hardware", "H1000", "H100"), ("hardware", "TPU v9", "TPU v5e"), ("models", "Llama 5 Behemoth", "Llama 2 7B"),
    ("models", "gpt-oss-999b", "GPT-3 175B"),
])
def test_no_suggestion_across_product_generations(kind, wrong, not_suggested):
    with pytest.raises(ValueError) as e:
        catalog.resolve(kind, wrong)
    assert "Did you mean" not in str(e.value) and "It is not catalogued" in str(e.value)


def test_suggestion_within_a_generation():
    with pytest.raises(ValueError, match="Did you mean 'Llama 3.1 405B'"):
        catalog.model("Llama 3.1 406B")


@pytest.mark.parametrize("name, total, active, tol", [
    # published totals (model cards); active parameters where the card states them
    ("Qwen3-235B-A22B", 235e9, 22e9, 0.02),
    ("Qwen3-30B-A3B", 30.5e9, 3.3e9, 0.02),
    ("Qwen3-32B", 32.8e9, None, 0.02),
    ("Llama 4 Maverick", 400e9, 17e9, 0.02),
    ("Llama 3.3 70B", 70e9, None, 0.02),
    ("DeepSeek-R1", 671e9, 37e9, 0.02),
    ("Kimi K2", 1.0e12, 32e9, 0.03),
    ("gpt-oss-120b", 116.8e9, None, 0.01),   # OpenAI's 5.1B active leaves out the input embedding
    ("gpt-oss-20b", 20.9e9, None, 0.01),
])
def test_new_models_match_their_published_totals(name, total, active, tol):
    from llmscale import flops

    assert flops.param_count(name) == pytest.approx(total, rel=tol)
    if active is not None:
        assert flops.param_count(name, active=True) == pytest.approx(active, rel=tol)


def test_gpt_oss_active_count_without_the_input_embedding():
    from llmscale import flops

    m = catalog.model("gpt-oss-120b")
    assert flops.param_count(m, active=True) - m.vocab_size * m.d_model == pytest.approx(5.1e9, rel=0.01)


def test_physical_hbm_is_at_least_the_datasheet_figure():
    hw = catalog.table("hardware")
    both = hw.dropna(subset=["hbm_physical_bytes"])
    assert len(both) >= 8
    assert (both["hbm_physical_bytes"] >= both["hbm_bytes"] * 0.999).all()
    assert catalog.hardware("H100 SXM").hbm_physical_bytes == 80 * 2**30
