"""The version pins hold: requirements.lock agrees with pyproject.toml and requirements.in,
pins every transitive dependency, and is what the virtual environment actually runs."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from tests.conftest import ROOT


def _lock() -> dict[str, Version]:
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        m = re.fullmatch(r"([A-Za-z0-9_.\-]+)==([^\s;]+)", line)
        assert m, f"requirements.lock line is not an exact pin: {line!r}"
        pins[canonicalize_name(m.group(1))] = Version(m.group(2))
    return pins


def _requirements_in() -> list[Requirement]:
    out = []
    for line in (ROOT / "requirements.in").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(Requirement(line))
    return out


def test_lock_satisfies_pyproject_and_requirements_in():
    pins = _lock()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    for spec in [*map(Requirement, project["dependencies"]), *_requirements_in()]:
        name = canonicalize_name(spec.name)
        assert name in pins, f"{spec} is not pinned in requirements.lock"
        assert pins[name] in spec.specifier, f"requirements.lock pins {name}=={pins[name]}, outside {spec}"


def test_key_pins():
    pins = _lock()
    assert Version("1.0.4.post1") <= pins["jupyter-book"] < Version("2")
    assert pins["sphinx"] < Version("8")
    assert pins["matplotlib"] >= Version("3.10")
    for name in ("sphinx-book-theme", "sphinxcontrib-bibtex", "myst-nb", "nbval", "papermill", "pytest",
                 "pytest-xdist", "ruff", "numpy", "pandas", "scipy", "playwright"):
        assert name in pins, name


def test_lock_is_closed_under_dependencies():
    """Every dependency of every pinned package is pinned too (pip-tools style, nothing floats)."""
    pins = _lock()
    env = default_environment()
    missing = []
    for name in pins:
        try:
            requires = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            continue  # checked by test_venv_matches_lock
        for r in map(Requirement, requires):
            if r.marker and not r.marker.evaluate({**env, "extra": ""}):
                continue
            if canonicalize_name(r.name) not in pins:
                missing.append(f"{name} needs {r}")
    assert not missing, missing


def test_venv_matches_lock():
    pins = _lock()
    wrong = []
    for name, version in pins.items():
        try:
            installed = Version(metadata.version(name))
        except metadata.PackageNotFoundError:
            wrong.append(f"{name} is not installed")
            continue
        if installed != version:
            wrong.append(f"{name}: installed {installed}, locked {version}")
    assert not wrong, wrong
