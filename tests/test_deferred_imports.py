"""Deferred imports (inside functions) only where they pay: each says what it saves or which cycle it breaks.

ctie_helpers/apps/ is outside this rule for now (its app classes import their widgets and charts on
first use; issue 17 covers it separately).
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parents[1] / "ctie_helpers"
EXEMPT = ("apps",)
# One line just above the import, or at its end: "# deferred: saves 120 ms at import of ctie_helpers.x" or
# "# deferred: breaks the cycle ...".
MARK = "# deferred: "


def deferred_imports(package_dir: Path = PACKAGE_DIR) -> list[tuple[Path, int, str]]:
    """Every import statement inside a function: (file, line, the line's text)."""
    found = []
    for path in sorted(package_dir.rglob("*.py")):
        if path.relative_to(package_dir).parts[0] in EXEMPT:
            continue
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        for fn in ast.walk(ast.parse(text)):
            if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
                for node in ast.walk(fn):
                    if isinstance(node, ast.Import | ast.ImportFrom):
                        found.append((path, node.lineno, lines[node.lineno - 1]))
    return found


def _explained(path: Path, lineno: int) -> bool:
    lines = path.read_text(encoding="utf-8").splitlines()
    here, above = lines[lineno - 1], lines[lineno - 2] if lineno > 1 else ""
    return MARK in here or above.strip().startswith(MARK)


def test_every_deferred_import_says_why():
    missing = [f"{p.relative_to(PACKAGE_DIR.parent)}:{n}: {line.strip()}" for p, n, line in deferred_imports()
               if not _explained(p, n)]
    assert not missing, ("imports inside functions without a '# deferred: saves N ms at import of <module>' "
                         "(or '# deferred: breaks the cycle ...') comment; move them to the top of the module "
                         "unless they pay:\n" + "\n".join(missing))


def test_the_check_sees_an_unexplained_import(tmp_path):
    (tmp_path / "mod.py").write_text("def f():\n    import json\n    return json\n\n"
                                     "def g():\n    # deferred: saves 99 ms at import of mod\n    import csv\n",
                                     encoding="utf-8")
    found = deferred_imports(tmp_path)
    assert [(n, _explained(p, n)) for p, n, _ in found] == [(2, False), (7, True)]
