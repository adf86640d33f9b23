"""The layout holds: formula modules never import the claims or the chapters; modules stay small."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

LIB = Path(__file__).resolve().parents[1] / "lib" / "llmscale"
# Not formula modules: the tooling (rerun, nbtools) and ``explorables``, which builds the chapters'
# figure grids and so sits with the chapters (it may read ``llmscale.chapters``).
FORMULA_MODULES = sorted(p.stem for p in LIB.glob("*.py")
                         if p.stem not in ("__init__", "rerun", "nbtools", "explorables"))


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = "." * node.level + (node.module or "")
            out.add(base)
            out.update(f"{base}.{a.name}" if base.endswith(".") is False else base + a.name for a in node.names)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
    return out


@pytest.mark.parametrize("module", FORMULA_MODULES)
def test_formula_modules_do_not_import_claims_or_chapters(module):
    for name in _imports(LIB / f"{module}.py"):
        for banned in ("claims", "chapters"):
            assert not (name.startswith(f".{banned}") or name.startswith(f"..{banned}")
                        or name == f"..{banned}" or f"llmscale.{banned}" in name or name == f".{banned}"), \
                f"llmscale.{module} imports {name}"


@pytest.mark.parametrize("module", ["roofline", "memory", "laws", "voting", "overtraining", "growth", "reasoning"])
def test_importing_a_formula_module_loads_no_claims(module):
    code = (f"import sys, llmscale.{module}; bad = [m for m in sys.modules if m.startswith(('llmscale.claims', "
            f"'llmscale.chapters'))]; print(bad); sys.exit(1 if bad else 0)")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr


def test_no_library_module_is_over_about_600_lines():
    """DESIGN.md: "each small enough to read in one sitting (about 600 lines at most)"; 10 % slack."""
    long = {str(p.relative_to(LIB)): n for p in LIB.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 660}
    assert not long, long
