"""(1) Every session notebook run top to bottom in a fresh kernel (target: each < 20 s, course < 90 s).

Each notebook runs with nbclient in a temporary copy of its session folder (so the answers sidecars it
opens and any file it writes land there, never in ``notebooks/``), with the kernel's working folder set
to that copy, as JupyterLab would. The baseline is a one-cell notebook run the same way: the share of
every figure that is kernel start-up, which no notebook can avoid.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_notebook

from benchmarks.common import REPO, Figure

NAME = "notebooks"
TITLE = "execution time of every session notebook"

TIMEOUT = 300  # per cell: far above any target, so a slow notebook is measured instead of killed


def session_notebooks(root: Path = REPO / "notebooks") -> list[Path]:
    """Teaching notebooks ``session*/NN_*.ipynb`` (Voilà ``app_*`` notebooks are measured by ``voila``)."""
    return sorted(p for p in root.glob("session*/[0-9][0-9]_*.ipynb"))


def execute(path: Path, cwd: Path) -> float:
    """Seconds to run ``path`` (already inside ``cwd``) in a fresh kernel; raises if a cell fails."""
    nb = nbformat.read(str(path), as_version=4)
    client = NotebookClient(nb, timeout=TIMEOUT, kernel_name="python3", resources={"metadata": {"path": str(cwd)}})
    t = time.perf_counter()
    client.execute()
    return time.perf_counter() - t


def baseline(tmp: Path) -> float:
    nb = new_notebook(cells=[new_code_cell("1 + 1")])
    path = tmp / "baseline.ipynb"
    nbformat.write(nb, str(path))
    return execute(path, tmp)


def run(quick: bool = False) -> list[Figure]:
    paths = session_notebooks()
    if quick:  # one notebook per session
        firsts: dict[str, Path] = {}
        for p in paths:
            firsts.setdefault(p.parent.name, p)
        paths = list(firsts.values())[:2]
    figures = []
    total = 0.0
    with tempfile.TemporaryDirectory(prefix="ctie-bench-nb-") as tmp_name:
        tmp = Path(tmp_name)
        base = baseline(tmp)
        figures.append(Figure("one-cell notebook: kernel start-up (baseline)", base, "s"))
        copies: dict[str, Path] = {}
        for path in paths:
            session = path.parent.name
            if session not in copies:  # one copy per session; notebooks of a session share its folder
                copies[session] = tmp / session
                shutil.copytree(path.parent, copies[session],
                                ignore=shutil.ignore_patterns("*.answers.json", ".ipynb_checkpoints"))
            try:
                seconds = execute(copies[session] / path.name, copies[session])
            except Exception as exc:  # noqa: BLE001 - a broken notebook is a finding; go on with the others
                figures.append(Figure(f"{session}/{path.name}", None, "s", "< 20 s", False,
                                      note=f"failed: {type(exc).__name__}: {str(exc).splitlines()[0][:120]}"))
                continue
            total += seconds
            figures.append(Figure(f"{session}/{path.name}", seconds, "s", "< 20 s", seconds < 20,
                                  note=f"{seconds / base:.1f}x the kernel start-up"))
    ran = [f for f in figures[1:] if f.value is not None]
    failed = len(figures) - 1 - len(ran)
    figures.append(Figure(f"whole course ({len(ran)} notebooks run one after another)", total, "s",
                          "< 90 s" if not quick else "", (total < 90 and not failed) if not quick else None,
                          note=(f"{failed} failed; " if failed else "") + ("quick: 2 notebooks only" if quick else "")))
    return figures
