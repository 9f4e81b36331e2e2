"""One error type for bad input files: it always names the file, and the sheet, row and column when known."""

from __future__ import annotations

from pathlib import Path

from ctie_helpers.errors import UserError

__all__ = ["InputFileError"]


class InputFileError(UserError, ValueError):
    """A file the workbook cannot use as given (a user error: the user fixes or re-exports the file).

    The message reads ``<file> [sheet 'S'] [row R] [column 'C']: <what is wrong>. <what to do>`` so that a
    protection officer can open the file and find the cell. Rows are counted as a spreadsheet shows them
    (the first line of the file is row 1).
    """

    def __init__(self, path: str | Path, problem: str, *, sheet: str | None = None,
                 row: int | None = None, column: str | None = None, hint: str | None = None):
        self.path = str(path)
        self.sheet, self.row, self.column, self.problem, self.hint = sheet, row, column, problem, hint
        where = [Path(self.path).name]
        if sheet is not None:
            where.append(f"sheet '{sheet}'")
        if row is not None:
            where.append(f"row {row}")
        if column is not None:
            where.append(f"column '{column}'")
        message = f"{', '.join(where)}: {problem}"
        if hint:
            message += f". {hint}"
        super().__init__(message)
