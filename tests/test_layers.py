"""The layers of docs/architecture.md hold: import-linter's `layers` contract (pyproject.toml).

The contract runs over the source tree (not an installed copy), and a planted upward
import in a copy of the package under tmp_path shows that it fails when a layer is broken.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"

LINT = (
    "import sys\n"
    "sys.path.insert(0, sys.argv[1])\n"
    "from importlinter.cli import lint_imports\n"
    "sys.exit(lint_imports(config_filename=sys.argv[2], no_cache=True, no_logo=True))\n"
)


def lint(src: Path, config: Path, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", LINT, str(src), str(config)], cwd=cwd,
                          capture_output=True, text=True, timeout=120, env={"PATH": "/usr/bin:/bin"})


def test_layers_contract_is_kept(tmp_path):
    result = lint(SRC, ROOT / "pyproject.toml", tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 1 kept, 0 broken." in result.stdout


def test_layers_are_those_of_the_architecture_page():
    import tomllib
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    (contract,) = [c for c in config["contracts"] if c["id"] == "layers"]
    assert contract["containers"] == ["vetting"]
    assert contract["layers"] == ["cli", "web", "intake", "workflows", "outputs", "text", "decide",
                                  "engine", "rules", "model", "io"]
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    drawn = [line.split()[0] for line in page.split("```")[1].splitlines() if line[:1].isalpha()]
    assert drawn == ["cli", "web", "intake", "workflows", "outputs", "text", "decide", "engine",
                     "rules", "model", "io"]
    # every sub-package of vetting is in a layer
    packages = {p.name for p in (SRC / "vetting").iterdir() if (p / "__init__.py").exists()}
    named = {name.strip() for layer in contract["layers"] for name in layer.split("|")}
    assert packages == named


@pytest.mark.parametrize("planted, message", [
    ("io/atomic.py", "vetting.io is not allowed to import vetting.cli"),
    ("model/terms.py", "vetting.model is not allowed to import vetting.cli"),
    ("intake/base.py", "vetting.intake is not allowed to import vetting.web"),
], ids=["io-imports-cli", "model-imports-cli", "intake-imports-web"])
def test_a_planted_upward_import_breaks_the_contract(tmp_path, planted, message):
    copy = tmp_path / "src"
    shutil.copytree(SRC / "vetting", copy / "vetting",
                    ignore=shutil.ignore_patterns("__pycache__", "static", "templates", "*.yaml"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = copy / "vetting" / planted
    upward = "from ..web import app\n" if planted.startswith("intake") else "from ..cli import common\n"
    target.write_text(target.read_text(encoding="utf-8") + "\n" + upward, encoding="utf-8")
    result = lint(copy, tmp_path / "pyproject.toml", tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert message in result.stdout
    assert "Contracts: 0 kept, 1 broken." in result.stdout


# -- imports inside functions ------------------------------------------------------------------------

def _config() -> dict:
    import tomllib
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["vetting"]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _absolute(module: str, is_package: bool, node) -> list[str]:
    import ast
    if isinstance(node, ast.Import):
        return [a.name for a in node.names]
    if not node.level:
        return [node.module]
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return [".".join(base + ([node.module] if node.module else []))]


def function_imports(src: Path = SRC) -> list[tuple[str, str, int]]:
    """(module, imported module, line) of every import inside a function under src/vetting."""
    import ast
    found = []
    for path in sorted((src / "vetting").rglob("*.py")):
        module = _module_name(path) if src == SRC else ".".join(path.relative_to(src).with_suffix("").parts)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for func in ast.walk(tree):
            if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(func):
                if isinstance(node, (ast.Import, ast.ImportFrom)):
                    for name in _absolute(module, path.name == "__init__.py", node):
                        found.append((module, name, node.lineno))
    return sorted(set(found))


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def unlisted(found) -> list[str]:
    config = _config()
    seams = config["lazy-seams"]
    assert "lazy-imports-pending" not in config  # the import cycles it listed are broken
    out = []
    for module, name, line in found:
        if any(any(_within(module, m) for m in seam["modules"]) and any(_within(name, i) for i in seam["imports"])
               for seam in seams):
            continue
        out.append(f"{module}:{line}: imports {name} inside a function")
    return out


def test_lazy_seams_are_few_and_each_has_a_reason():
    seams = _config()["lazy-seams"]
    assert len(seams) <= 8
    for seam in seams:
        assert seam["reason"].strip() and seam["modules"] and seam["imports"], seam


def test_no_import_inside_a_function_outside_the_lazy_seams():
    assert unlisted(function_imports()) == []


def test_an_import_moved_into_a_function_is_refused():
    found = function_imports()
    planted = found + [("vetting.model.loading", "vetting.io.reading", 1),
                       ("vetting.io.archive", "pandas", 2)]  # a seam's dependency outside its module
    assert unlisted(planted) == ["vetting.model.loading:1: imports vetting.io.reading inside a function",
                                 "vetting.io.archive:2: imports pandas inside a function"]


def test_the_architecture_page_gives_every_module_its_layer():
    import re
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    table = dict(re.findall(r"^\| [^|]+ \| `(vetting\.[\w.]+)` \| (\w+) \|", page, flags=re.M))
    modules = {_module_name(p) for p in (SRC / "vetting").rglob("*.py")
               if "compiled" not in p.relative_to(SRC / "vetting").parts[1:-1]}  # generated: one row for the package
    layered = {m for m in modules if m.count(".") >= 2 and m.split(".")[1] != "cli" and not m.endswith("__main__")}
    assert sorted(layered - set(table)) == []
    assert {m: layer for m, layer in table.items() if m.split(".")[1] != layer} == {}
    assert "not on `main` yet" not in page
    seams = _config()["lazy-seams"]
    assert all(seam["name"].split()[0].lower() in page.lower() for seam in seams)
