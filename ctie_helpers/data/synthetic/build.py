"""Write and verify the committed synthetic files: ``<name>.csv`` plus its data card ``<name>.md``.

Both files are pure functions of the registry entry, seed and scale, so ``verify`` regenerates them in memory
and compares bytes. Writes are atomic (:func:`ctie_helpers.io.atomic_write`), so a reader
never sees half a file and an interrupted run leaves the old file intact.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ctie_helpers.data.registry import DATASETS, Dataset, dataset, generate
from ctie_helpers.data.synthetic.schema import to_csv_bytes
from ctie_helpers.io import atomic_write

__all__ = ["card_text", "dataset_files", "verify", "write_datasets"]


def _fmt_allowed(values) -> str:
    if values is None:
        return ""
    return ", ".join(f"`{v}`" for v in values) if len(values) <= 8 else f"{len(values)} codes"


def card_text(spec: Dataset, seed: int | None = None, scale: float = 1.0, rows: int | None = None) -> str:
    """The data card (Markdown) of ``spec`` generated at ``seed`` and ``scale``."""
    seed = spec.default_seed if seed is None else seed
    lines = [
        f"# `{spec.name}` — {spec.title}",
        "",
        "**Synthetic — not real people or places.** Generated for the CTiE Workbook in the fictional Republic of",
        "Ardania (code XAR); every name, code and figure is invented. Never use it as evidence about any place.",
        "",
        spec.description,
        "",
        "## How it was generated",
        "",
        f"- Generator: `ctie_helpers.data.registry.generate({spec.name!r}, seed={seed}, scale={scale:g})`",
        f"- Seed {seed}, scale {scale:g}" + (f", {rows:,} rows." if rows is not None else "."),
        "- Rebuild with `ctie data generate`; `ctie data verify` checks the committed bytes.",
        f"- Model: {spec.model}",
        "",
        "## Patterns planted on purpose",
        "",
        *(f"- {p}" for p in spec.planted),
        "",
    ]
    if spec.metadata:
        lines += ["## Known answers (registry metadata)", ""]
        lines += [f"- `{k}`: {v if not isinstance(v, tuple) else ', '.join(map(str, v))}"
                  for k, v in spec.metadata.items()]
        lines.append("")
    lines += [
        "## Columns",
        "",
        ("Blank cells are NA, meaning *not reported* or *not asked*, never zero. " if any(
            c.nullable for c in spec.columns) else "")
        + f"`ctie_helpers.data.load({spec.name!r})` reads the columns with these dtypes.",
        "",
        "| Column | Type | HXL | Allowed / range | Description |",
        "|---|---|---|---|---|",
    ]
    for c in spec.columns:
        bounds = _fmt_allowed(c.allowed)
        if c.minimum is not None or c.maximum is not None:
            bounds = f"{'' if c.minimum is None else f'{c.minimum:g}'}–{'' if c.maximum is None else f'{c.maximum:g}'}"
        dtype = c.dtype + (", may be blank" if c.nullable else "")
        lines.append(f"| `{c.name}` | {dtype} | `{c.hxl}` | {bounds} | {c.description.replace('|', '/')} |")
    if spec.key:
        lines += ["", f"Each row is identified by {', '.join(f'`{k}`' for k in spec.key)}."]
    return "\n".join(lines) + "\n"


def dataset_files(name: str, scale: float = 1.0) -> dict[str, bytes]:
    """File name -> bytes for dataset ``name`` at its default seed and ``scale`` (CSV and data card)."""
    spec = dataset(name)
    df = generate(name, scale=scale)
    return {
        spec.file_name: to_csv_bytes(df, spec.columns),
        spec.card_name: card_text(spec, scale=scale, rows=len(df)).encode("utf-8"),
    }


def write_datasets(out: Path, scale: float = 1.0, only: Iterable[str] | None = None) -> list[Path]:
    """Generate the datasets (all, or ``only``) and write them into ``out``; return the paths written."""
    names = list(only) if only else list(DATASETS)
    written = []
    for name in names:
        for file_name, data in dataset_files(name, scale).items():
            atomic_write(out / file_name, data, parents=True)  # follows the umask, like any data file
            written.append(out / file_name)
    return written


def verify(directory: Path, only: Iterable[str] | None = None) -> list[str]:
    """Regenerate in memory and compare with ``directory``; return problems (empty when all match)."""
    names = list(only) if only else list(DATASETS)
    problems = []
    for name in names:
        for file_name, data in dataset_files(name).items():
            path = directory / file_name
            if not path.exists():
                problems.append(f"{path}: missing")
            elif path.read_bytes() != data:
                problems.append(f"{path}: differs from what seed {dataset(name).default_seed} generates")
    return problems
