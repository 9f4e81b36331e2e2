"""``run_report``: a template run on the analyst's file, written atomically into one output folder.

Order of work, so that a bad file or a failed run leaves nothing behind:

1. check the output folder can be used (new, empty, or a previous report to replace);
2. load and prepare the input (:func:`~ctie_helpers.report.templates.load_input`): a bad file raises
   :class:`~ctie_helpers.data.errors.InputFileError` / :class:`~ctie_helpers.data.mapping.MappingError`
   before any folder exists;
3. build everything in a hidden staging folder next to the output folder (same file system, so the
   final move is a rename): ``mapping.json``, ``cleaning_log.txt``, the template run by papermill (which
   writes ``tables/*.csv``, each gated), and ``report.html``;
4. rename the staging folder into place (a previous report is swapped out, then removed).

Any failure removes the staging folder. The input file and a ``--mapping`` file are only ever read.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from ctie_helpers.errors import InternalError, UserError
from ctie_helpers.io import file_mode, folder_mode
from ctie_helpers.report.templates import load_input, template, template_path

__all__ = ["run_report", "ReportResult", "ReportFailed", "OutputFolderError", "TemplateInputError", "MARKER"]

MARKER = ".ctie-report.json"  # marks a folder ctie report made, so a re-run may replace it


class ReportFailed(InternalError, RuntimeError):
    """The template stopped with an error that is not about the input (a bug, a missing package...).

    An internal failure, not a user error: it is reported as a bug.
    """


class OutputFolderError(UserError, ValueError):
    """``--out`` cannot be used: a file, a folder holding other things, or the folder holding the input.

    A user error: the user chooses another folder.
    """


class TemplateInputError(UserError, ValueError):
    """The template itself found the input unusable (the message names file, row and column).

    A user error: the analyst fixes the file or the mapping.
    """


@dataclass(frozen=True)
class ReportResult:
    """Where everything went, and how long it took."""

    out_dir: Path
    html: Path
    tables: tuple[Path, ...]
    mapping: Path
    cleaning_log: Path
    seconds: float


def run_report(input_path: str | os.PathLike, template_name: str, out_dir: str | os.PathLike, *,
               sheet: str | None = None, mapping: str | os.PathLike | None = None, title: str | None = None,
               boundaries: str | os.PathLike | None = None, xlsform: str | os.PathLike | None = None,
               lang: str | None = None, timeout: int = 900) -> ReportResult:
    """Run template ``template_name`` on ``input_path`` and write the report folder ``out_dir``.

    Parameters
    ----------
    input_path : path
        The analyst's CSV/XLSX file (never modified).
    template_name : str
        A key of :data:`ctie_helpers.report.templates.TEMPLATES` (``"indicators"``, ``"mse"``).
    out_dir : path
        The report folder: ``report.html``, ``tables/*.csv`` (HXL row under the header),
        ``mapping.json``, ``cleaning_log.txt``.
    sheet, mapping, title : optional
        XLSX sheet name; a mapping JSON to reuse; the report title.
    boundaries : path, optional
        Admin boundaries (GeoJSON, e.g. an OCHA COD file): the ``indicators`` template then maps each
        area table whose level the file draws, offline.
    xlsform : path, optional
        The XLSForm behind a KoboToolbox/ODK export whose headers and answers are labels: they are read
        back to question and choice names before mapping.
    lang : str, optional
        ``en``, ``fr`` or ``es``: the language of the report's own text and figures (default: the language
        in force, :func:`ctie_helpers.i18n.current_language`). The data's own words (column names, indicator
        names from the registry) stay as they are.
    timeout : int
        Seconds any one template cell may run.

    Raises
    ------
    InputFileError, MappingError, TemplateInputError
        Bad input (a boundary file whose properties hold none of the table's p-codes too): nothing is written.
    OutputFolderError
        ``out_dir`` cannot be used: nothing is written.
    ReportFailed
        The template failed for another reason: nothing is written.
    """
    # deferred: saves <1 ms at import of ctie_helpers.report.runner (under 20 ms, loaded machine: may move up)
    from ctie_helpers.i18n import current_language, gettext, normalize

    start = time.perf_counter()
    lang = normalize(lang) if lang else current_language()
    spec = template(template_name)
    src = Path(input_path).expanduser().resolve()
    out = Path(out_dir).expanduser().resolve()
    mapping_path = Path(mapping).expanduser().resolve() if mapping else None
    _check_target(out, src)
    xlsform_path = Path(xlsform).expanduser().resolve() if xlsform else None
    table, used = load_input(spec.name, src, sheet=sheet, mapping=mapping_path, xlsform=xlsform_path)
    boundaries_path = Path(boundaries).expanduser().resolve() if boundaries else None
    if boundaries_path:
        if spec.name != "indicators":
            raise TemplateInputError(f"--boundaries draws maps of the indicators template only, not '{spec.name}'")
        # deferred: saves 564 ms at import of ctie_helpers.report.runner
        from ctie_helpers.report.context import match_boundaries

        match_boundaries(boundaries_path, table)  # a file that cannot be drawn fails here, before any folder
    created = _make_parents(out.parent)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.partial-", dir=out.parent))
    try:
        used.save(staging / "mapping.json")
        (staging / "cleaning_log.txt").write_text(_cleaning_log(table.attrs, spec.name), encoding="utf-8")
        (staging / "tables").mkdir()
        title = title or gettext(spec.title, lang)
        # The notebook maps the file again from the same inputs (deterministic), so its mapping table can
        # say how each column was matched (HXL, name, file); mapping.json is the mapping it will find.
        params = {"input_path": str(src), "sheet": sheet, "mapping_path": str(mapping_path) if mapping_path else None,
                  "out_dir": str(staging), "title": title, "lang": lang}
        if xlsform_path:  # passed only when given, like boundaries_path
            params["xlsform_path"] = str(xlsform_path)
        if boundaries_path:  # only the indicators template has this parameter
            params["boundaries_path"] = str(boundaries_path)
        nb = _execute(spec.name, params, staging, timeout)
        # deferred: saves 2368 ms at import of ctie_helpers.report.runner
        from ctie_helpers.report.html import to_html

        (staging / "report.html").write_text(to_html(nb, title, lang), encoding="utf-8")
        (staging / MARKER).write_text(json.dumps({"template": spec.name, "input": src.name, "sheet": sheet,
                                                  "title": title, "lang": lang}, indent=2), encoding="utf-8")
        _share_like_new_files(staging)
        _move_into_place(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        for folder in reversed(created):
            try:
                folder.rmdir()
            except OSError:
                pass
        raise
    tables = tuple(sorted((out / "tables").glob("*.csv")))
    return ReportResult(out, out / "report.html", tables, out / "mapping.json", out / "cleaning_log.txt",
                        time.perf_counter() - start)


def _check_target(out: Path, src: Path) -> None:
    if out.exists() and not out.is_dir():
        raise OutputFolderError(f"--out {out} is a file; give a folder for the report")
    if out == src.parent or out in src.parents:
        raise OutputFolderError(f"--out {out} holds the input file {src.name}; write the report to another folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        raise OutputFolderError(f"--out {out} already holds files that ctie report did not write; "
                                "choose a new folder (nothing was written)")


def _make_parents(folder: Path) -> list[Path]:
    """Create ``folder`` and missing ancestors; return those created, to remove them on failure."""
    missing = [p for p in [folder, *folder.parents] if not p.exists()]
    folder.mkdir(parents=True, exist_ok=True)
    return list(reversed(missing))


def _share_like_new_files(folder: Path) -> None:
    """Give the report the permissions of any new file (temporary files are created private, 0600/0700)."""
    files, folders = file_mode(), folder_mode()
    for path in [folder, *folder.rglob("*")]:
        path.chmod(folders if path.is_dir() else files)


def _cleaning_log(attrs: dict, name: str) -> str:
    src = attrs.get("source", {})
    lines = [f"file: {Path(src.get('file', '')).name}"]
    for key in ("sheet", "encoding", "delimiter", "header_row", "first_row"):
        if src.get(key) not in (None, ""):
            lines.append(f"{key.replace('_', ' ')}: {src[key]!r}" if key == "delimiter" else
                         f"{key.replace('_', ' ')}: {src[key]}")
    lines.append(f"template: {name}")
    lines.append("")
    log = attrs.get("cleaning_log", [])
    lines += [f"- {line}" for line in log] if log else ["- nothing needed cleaning"]
    return "\n".join(lines) + "\n"


def _execute(name: str, parameters: dict, cwd: Path, timeout: int):
    # deferred: saves 2444 ms at import of ctie_helpers.report.runner
    import papermill as pm

    # deferred: saves 5253 ms at import of ctie_helpers.report.runner
    from papermill.exceptions import PapermillExecutionError

    executed = cwd / ".executed.ipynb"
    try:
        return pm.execute_notebook(str(template_path(name)), str(executed), parameters=parameters,
                                   kernel_name="python3", progress_bar=False, log_output=False, cwd=str(cwd),
                                   execution_timeout=timeout, request_save_on_cell_execute=False,
                                   # the kernel's start-up warnings (TCP on localhost) are not the analyst's concern
                                   extra_arguments=["--log-level=ERROR"])
    except PapermillExecutionError as exc:
        if exc.ename in ("InputFileError", "MappingError"):
            raise TemplateInputError(exc.evalue) from None
        raise ReportFailed(f"the '{name}' template stopped at cell {exc.exec_count}: {exc.ename}: {exc.evalue}") from exc
    finally:
        executed.unlink(missing_ok=True)


def _move_into_place(staging: Path, out: Path) -> None:
    """Rename the finished staging folder to ``out``; swap out a previous report rather than merge into it."""
    if out.is_dir() and not any(out.iterdir()):
        out.rmdir()
    if not out.exists():
        os.rename(staging, out)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    old.rmdir()
    os.rename(out, old)
    try:
        os.rename(staging, out)
    except BaseException:
        os.rename(old, out)
        raise
    shutil.rmtree(old, ignore_errors=True)
