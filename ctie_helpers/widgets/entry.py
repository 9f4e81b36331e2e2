"""Typed answers: a number with its unit, a small table, free text with a rubric."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import ipywidgets as w

from ctie_helpers.grading.checks import parse_number
from ctie_helpers.i18n.catalog import N_
from ctie_helpers.i18n.catalog import gettext as _
from ctie_helpers.widgets.base import ExerciseBase, esc

__all__ = ["FreeText", "NumericAnswer", "TableEntry"]


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.10g}"
    return "" if value is None else str(value)


class NumericAnswer(ExerciseBase):
    """One number, right within a tolerance. Canonical value: a ``float`` (``None`` until a number is typed).

    A text box rather than a number box, because a number box always holds a number (0 looks like
    an answer) and rejects "1,250" or "12,5"; the note under the box says when the text is not a
    number.

    Parameters
    ----------
    exercise_id, prompt
        See :class:`~ctie_helpers.widgets.base.ExerciseBase`.
    unit
        Shown after the box and named in hints, e.g. ``"%"`` or ``"people"``.
    abs_tol, rel_tol
        Accepted distance from the key: absolute, or relative (0.01 = 1 %).
    **kwargs
        Passed to :class:`~ctie_helpers.widgets.base.ExerciseBase`.
    """

    kind = "numeric"
    noun_default = N_("numbers")

    def __init__(self, exercise_id: str, prompt: str, *, unit: str = "", abs_tol: float = 0.0,
                 rel_tol: float = 0.0, **kwargs: Any) -> None:
        self.unit = _(unit) if unit else ""  # shown and named in hints: in the language in force
        options = dict(kwargs.pop("check_options", None) or {}, abs_tol=abs_tol, rel_tol=rel_tol, unit=self.unit)
        super().__init__(exercise_id, prompt, check_options=options, **kwargs)

    def _build_body(self) -> list[w.Widget]:
        # A visible label, not only a tooltip: screen readers name the box by it (axe label-title-only).
        self.input = w.Text(placeholder=_("Type a number"), continuous_update=False, description=_("Your answer:"),
                            style={"description_width": "initial"},
                            tooltip=_("Your answer in %(unit)s") % {"unit": self.unit} if self.unit
                            else _("Your answer"),
                            layout=w.Layout(width="12em"))
        self.note = w.HTML()
        self.input.observe(self._inputs_changed, names="value")
        row = w.HBox([self.input, w.HTML(esc(self.unit))],
                     layout=w.Layout(flex_flow="row wrap", align_items="center"))
        return [row, self.note]

    def _read(self) -> float | None:
        text = self.input.value
        number = parse_number(text)
        self.note.value = ("" if number is not None or not text.strip()
                           else "<small>" + esc(_("✗ That is not a number yet: type digits, e.g. 12.5")) + "</small>")
        return number

    def _show(self, value: Any) -> None:
        number = parse_number(value)
        if number is not None or value is None:
            self.input.value = _fmt(number)

    def _missing(self, value: Any) -> str | None:
        return None if value is not None else _("Type a number in the box.")

    def _validate_key(self, key: Any) -> None:
        if parse_number(key) is None:
            raise ValueError(f"{self.exercise_id}: the key must be a number")


class TableEntry(ExerciseBase):
    """Fill in a small table. Canonical value: ``{row: {column: value}}`` with only filled cells;
    numbers in numeric columns, text otherwise (text that is not a number is kept as typed).

    Parameters
    ----------
    exercise_id, prompt
        See :class:`~ctie_helpers.widgets.base.ExerciseBase`.
    rows, columns
        Row and column labels (they are also the keys of the value).
    numeric
        True (all columns), False (all text), or the numeric column labels.
    given
        Cells shown filled in and locked, ``{(row, column): value}``; not part of the answer.
    abs_tol, rel_tol
        Tolerance for numeric cells.
    **kwargs
        Passed to :class:`~ctie_helpers.widgets.base.ExerciseBase`.

    Attributes
    ----------
    cells : dict[tuple[str, str], ipywidgets.Text]
        The input box of every cell that the trainee fills in.
    """

    kind = "table"
    noun_default = N_("cells")

    def __init__(self, exercise_id: str, prompt: str, rows: Sequence[str], columns: Sequence[str], *,
                 numeric: bool | Sequence[str] = True, given: Mapping[tuple[str, str], Any] | None = None,
                 abs_tol: float = 0.0, rel_tol: float = 0.0, **kwargs: Any) -> None:
        self.rows = [str(r) for r in rows]
        self.columns = [str(c) for c in columns]
        self.numeric_columns = set(self.columns if numeric is True else [] if numeric is False else map(str, numeric))
        self.given = dict(given or {})
        options = dict(kwargs.pop("check_options", None) or {}, abs_tol=abs_tol, rel_tol=rel_tol)
        super().__init__(exercise_id, prompt, check_options=options, **kwargs)

    def _build_body(self) -> list[w.Widget]:
        self.cells: dict[tuple[str, str], w.Text] = {}
        grid: list[w.Widget] = [w.HTML("")] + [w.HTML(f"<b>{esc(c)}</b>") for c in self.columns]
        for r in self.rows:
            grid.append(w.HTML(f"<b>{esc(r)}</b>"))
            for c in self.columns:
                if (r, c) in self.given:
                    grid.append(w.Text(value=_fmt(self.given[(r, c)]), disabled=True, tooltip=f"{r}, {c} (given)",
                                       layout=w.Layout(width="auto")))
                    continue
                box = w.Text(continuous_update=False, tooltip=f"{r}, {c}", layout=w.Layout(width="auto"),
                             placeholder="number" if c in self.numeric_columns else "")
                box.observe(self._inputs_changed, names="value")
                self.cells[(r, c)] = box
                grid.append(box)
        table = w.GridBox(grid, layout=w.Layout(
            grid_template_columns=f"minmax(6em, max-content) repeat({len(self.columns)}, minmax(5em, 1fr))",
            grid_gap="0.2em 0.4em", width="100%"))
        # A wide table scrolls sideways in a narrow window instead of squeezing the cells.
        return [w.Box([table], layout=w.Layout(overflow="auto", width="100%"))]

    def _read(self) -> dict[str, dict[str, Any]] | None:
        out: dict[str, dict[str, Any]] = {}
        for (r, c), box in self.cells.items():
            text = box.value.strip()
            if not text:
                continue
            number = parse_number(text) if c in self.numeric_columns else None
            out.setdefault(r, {})[c] = number if number is not None else text
        return out or None

    def _show(self, value: Any) -> None:
        given = value if isinstance(value, Mapping) else {}
        for (r, c), box in self.cells.items():
            row = given.get(r)
            box.value = _fmt(row.get(c)) if isinstance(row, Mapping) else ""

    def _missing(self, value: Any) -> str | None:
        empty = sum(not box.value.strip() for box in self.cells.values())
        return None if not empty else _("%(n)s of %(total)s cells are empty.") % {"n": empty, "total": len(self.cells)}

    def _validate_key(self, key: Any) -> None:
        cells = {(r, c) for r, cols in key.items() for c in cols}
        if cells != set(self.cells):
            raise ValueError(f"{self.exercise_id}: the key must fill exactly the cells the trainee fills")


class FreeText(ExerciseBase):
    """A written answer, graded by hand with a rubric. Canonical value: the text (``str``).

    The rubric is shown above the box so trainees know what a good answer covers. "Check" saves;
    on a practice item it also shows the model answer to compare with. A practice item's model answer
    is its key (what a trainee's answer is compared with, by the trainee, never by a machine), so
    practice free text counts as a practice item with a key like every other kind.

    Parameters
    ----------
    exercise_id, prompt
        See :class:`~ctie_helpers.widgets.base.ExerciseBase`; no ``key``.
    rubric
        The points a good answer covers (a list, or one text).
    min_words
        Fewer words than this counts as not finished.
    model_answer
        Practice only: the answer shown after "Check", to compare with; it becomes the item's ``key``.
    **kwargs
        Passed to :class:`~ctie_helpers.widgets.base.ExerciseBase`.
    """

    kind = "text"
    noun_default = N_("words")
    explanation_label = N_("Model answer:")

    def __init__(self, exercise_id: str, prompt: str, *, rubric: Sequence[str] | str = (), min_words: int = 0,
                 model_answer: str = "", **kwargs: Any) -> None:
        if kwargs.get("key") is not None:
            raise ValueError(f"{exercise_id}: free text has no key; put the model answer in model_answer=")
        if model_answer:
            if kwargs.get("graded"):
                raise ValueError(f"{exercise_id}: a graded free text keeps its model answer out of the widget")
            kwargs["key"] = model_answer
            kwargs.setdefault("explanation", model_answer)
        self.rubric = [rubric] if isinstance(rubric, str) else list(rubric)
        self.min_words = int(min_words)
        options = dict(kwargs.pop("check_options", None) or {}, min_words=self.min_words)
        super().__init__(exercise_id, prompt, check_options=options, **kwargs)

    def _build_body(self) -> list[w.Widget]:
        parts: list[w.Widget] = []
        if self.rubric:
            items = "".join(f"<li>{esc(_(r))}</li>" for r in self.rubric)
            head = esc(_("A good answer covers:"))
            parts.append(w.HTML(f"<div><small><b>{head}</b></small><ul>{items}</ul></div>"))
        self.input = w.Textarea(placeholder=_("Write your answer here. It is saved when you click outside the box."),
                                continuous_update=False, rows=6, layout=w.Layout(width="100%"))
        self.input.observe(self._inputs_changed, names="value")
        return [*parts, self.input]

    def _read(self) -> str | None:
        return self.input.value if self.input.value.strip() else None

    def _show(self, value: Any) -> None:
        self.input.value = value if isinstance(value, str) else ""

    def _missing(self, value: Any) -> str | None:
        words = len(value.split()) if isinstance(value, str) else 0
        if words == 0:
            return _("Write your answer in the box.")
        if words < self.min_words:
            return _("Write at least %(min)s words (you have %(n)s).") % {"min": self.min_words, "n": words}
        return None
