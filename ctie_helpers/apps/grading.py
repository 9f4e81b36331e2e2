"""Grading app for free-text answers: one answer at a time, with the question, the rubric and a score box.

For facilitators only (``ctie app grading``; notebook ``notebooks/facilitator/app_grading.ipynb``, outside
every session folder, so never released). It reads and writes the sheet ``ctie grade`` leaves behind,
``build/grades/<session>_manual.csv``: every save rewrites that sheet at once (atomically and under its
lock, :func:`ctie_helpers.facilitator.grade_sheets.save_manual_score`), so closing the tab or a crash never loses
an earlier score, and the next ``ctie grade <session>`` merges the scores into the gradebook CSV.

It opens in its own browser tab because nbgrader's formgrader, the other way to grade by hand, lives in
an iframe that JupyterHub 4.1+ blocks. Names: the card shows whose answer it is (the facilitator's own
list; "Hide names" marks blind); the progress table counts answers per item and names nobody.
"""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as widgets
import pandas as pd

from ctie_helpers.apps.ui import Status, guard, header, note, section, table_html
from ctie_helpers.errors import BadValueError
from ctie_helpers.facilitator.course import Course, item_prompts
from ctie_helpers.facilitator.grade_sheets import ManualEntry, parse_score, read_manual, save_manual_score

__all__ = ["GradingApp", "build_grading"]

SUFFIX = "_manual.csv"
_LABEL = {"description_width": "110px"}


def _course(root: str | Path | None) -> Course:
    return Course.at(root) if root is not None else Course.find()


class GradingApp(widgets.VBox):
    """The grading app. Controls: ``root`` and ``open_button`` (course folder), ``session``, ``blind``,
    ``score``, ``comment``, ``save_button``, ``prev_button``, ``next_button``, ``next_ungraded``.
    Shown: ``card`` (item, question, rubric, whose), ``answer``, ``progress``, ``status``. State:
    ``entries`` (the sheet's lines in grading order), ``index``, ``points`` by item, ``sheet`` (its path)."""

    def __init__(self, session: str | None = None, root: str | Path | None = None) -> None:
        try:
            start = str(_course(root).root)
        except FileNotFoundError:
            start = str(root or "")
        self.status = Status()
        self.root = widgets.Text(value=start, description="Course folder", style=_LABEL, layout={"width": "600px"})
        self.open_button = widgets.Button(description="Open / reload", button_style="primary")
        self.session = widgets.Dropdown(description="Session", style=_LABEL, layout={"width": "420px"})
        self.blind = widgets.Checkbox(value=False, description="Hide names (mark blind)", indent=False)
        self.card = widgets.HTML()
        self.answer = widgets.HTML()
        self.score = widgets.Text(description="Score", style=_LABEL, layout={"width": "230px"})
        self.comment = widgets.Textarea(description="Comment", placeholder="optional, for the trainee",
                                        style=_LABEL, rows=3, layout={"width": "600px"})
        self.save_button = widgets.Button(description="Save", button_style="success", icon="check")
        self.prev_button = widgets.Button(description="Previous", icon="arrow-left")
        self.next_button = widgets.Button(description="Next", icon="arrow-right")
        self.next_ungraded = widgets.Button(description="Next to grade", icon="forward")
        self.progress = widgets.HTML()
        self.entries: list[ManualEntry] = []
        self.index = 0
        self.points: dict[str, float] = {}
        self.prompts: dict[str, str] = {}
        self.sheet: Path | None = None
        self._course: Course | None = None
        super().__init__([
            header("Grade free-text answers",
                   "One answer at a time, with its question and rubric. Every save goes straight into "
                   "<code>build/grades/&lt;session&gt;_manual.csv</code>; run <code>ctie grade &lt;session&gt;</code> "
                   "again to merge the scores into the gradebook."),
            section("1. Which course and session", widgets.HBox([self.root, self.open_button]),
                    widgets.HBox([self.session, self.blind])),
            section("2. The answer", self.card, self.answer),
            section("3. Your score", self.score, self.comment,
                    widgets.HBox([self.prev_button, self.save_button, self.next_button, self.next_ungraded])),
            self.status,
            section("4. Progress", self.progress,
                    note("Moving to another answer saves the score and comment you typed first.")),
        ], layout={"padding": "4px 12px"})
        self.add_class("ctie-app")
        self._on_open = guard(self.status)(self._open)
        self.open_button.on_click(lambda _: self._on_open())
        self._quiet = False
        self.session.observe(lambda _: None if self._quiet else guard(self.status)(self._load)(), "value")
        self.blind.observe(lambda _: guard(self.status)(self._show)(), "value")
        self.save_button.on_click(lambda _: guard(self.status)(self._save)())
        self.prev_button.on_click(lambda _: guard(self.status)(self._move)(-1))
        self.next_button.on_click(lambda _: guard(self.status)(self._move)(+1))
        self.next_ungraded.on_click(lambda _: guard(self.status)(self._move_to_ungraded)())
        self._wanted = session
        self._on_open()

    @property
    def current(self) -> ManualEntry | None:
        return self.entries[self.index] if self.entries else None

    def _open(self) -> None:
        """Find the sessions that have a free-text sheet in the course folder."""
        if not self.root.value.strip():
            raise BadValueError("give the course folder (the one holding nbgrader_config.py)")
        try:
            self._course = course = _course(Path(self.root.value.strip()).expanduser())
        except FileNotFoundError as exc:
            raise BadValueError(str(exc)) from None
        found = sorted(p.name[: -len(SUFFIX)] for p in course.grades.glob(f"*{SUFFIX}"))
        wanted = self._wanted or self.session.value
        self._wanted = None
        if not found:
            self.session.options = []
            self._clear()
            self.status.show("No free-text answers to grade yet: run `ctie grade <session>` first; it collects "
                             "them into build/grades/<session>_manual.csv.", "warn")
            return
        self._quiet = True  # setting the options moves the value: load once, below, not per change
        try:
            self.session.options = found
            self.session.value = wanted if wanted in found else found[0]
        finally:
            self._quiet = False
        self._load()  # also on a reload of the same session: ctie grade may have rewritten its sheet
        if wanted and wanted not in found:
            self.status.show(f"{wanted} has no free-text sheet yet (run `ctie grade {wanted}`); showing "
                             f"{self.session.value}.", "warn")

    def _load(self) -> None:
        """Read the session's sheet, its items' points and questions; go to the first answer to grade."""
        session = self.session.value
        if not session or self._course is None:
            return
        try:
            sources = self._course.source_notebooks(session)
        except FileNotFoundError:
            self._clear()
            raise BadValueError(f"the source notebooks of {session} are missing, so the points each item is worth "
                             "are unknown; open the course folder that holds notebooks/") from None
        order = {i.exercise_id: n for n, i in enumerate(i for nb in sources for i in nb.items)}
        self.points = {i.exercise_id: i.points for nb in sources for i in nb.items}
        self.prompts = {k: v for nb in sources for k, v in item_prompts(nb.path).items()}
        self.sheet = self._course.grades / f"{session}{SUFFIX}"
        # One item across every trainee, then the next item: the same rubric is applied consistently.
        self.entries = sorted(read_manual(self.sheet).values(),
                              key=lambda e: (order.get(e.item, len(order)), e.item, e.trainee))
        todo = [k for k, e in enumerate(self.entries) if not e.score]
        self.index = todo[0] if todo else 0
        self._show()
        self.status.show(f"{session}: {len(self.entries)} answer(s), {len(todo)} still to grade.")

    def _clear(self) -> None:
        self.entries, self.index, self.sheet = [], 0, None
        self.card.value = self.answer.value = self.progress.value = ""
        self.score.value = self.comment.value = ""

    def _show(self) -> None:
        e = self.current
        if e is None:
            self._clear()
            return
        top = self.points.get(e.item)
        who = f"answer {self.index + 1}" if self.blind.value else html.escape(e.trainee)
        rubric = html.escape(e.rubric) or "<i>no rubric given</i>"
        prompt = html.escape(self.prompts.get(e.item, "")) or "<i>question not found in the source notebook</i>"
        worth = "unknown points" if top is None else f"{top:g} point(s)"
        self.card.value = (f"<div><b>{html.escape(e.item)}</b> ({worth}) &middot; {who} &middot; answer "
                           f"{self.index + 1} of {len(self.entries)}</div><div><b>Question:</b> {prompt}</div>"
                           f"<div><b>Rubric:</b> {rubric}</div>")
        text = (f'<div style="white-space: pre-wrap; border: 1px solid #cfd8dc; padding: 6px">{html.escape(e.answer)}</div>'
                if e.answer.strip() else "<i>No answer handed in.</i>")
        self.answer.value = text
        self.score.placeholder = "" if top is None else f"0 to {top:g}"
        self.score.description = "Score" if top is None else f"Score (of {top:g})"
        self.score.value, self.comment.value = e.score, e.comment
        self.prev_button.disabled = self.index == 0
        self.next_button.disabled = self.index >= len(self.entries) - 1
        self._progress()

    def _progress(self) -> None:
        """Counts per item (no names): how many answers there are and how many are graded."""
        df = pd.DataFrame({"item": [e.item for e in self.entries], "graded": [bool(e.score) for e in self.entries]})
        table = df.groupby("item", sort=False).agg(answers=("graded", "size"), graded=("graded", "sum")).reset_index()
        table["still to grade"] = table["answers"] - table["graded"]
        left = int(table["still to grade"].sum())
        head = "Every answer is graded." if left == 0 else f"{left} of {len(self.entries)} answer(s) still to grade."
        self.progress.value = f"<div><b>{head}</b></div>" + table_html(table)

    def _dirty(self) -> bool:
        e = self.current
        return e is not None and (self.score.value.strip() != e.score or self.comment.value.strip() != e.comment)

    def _save(self) -> bool:
        """Save the typed score and comment; refuse (with a message) a score that is not allowed."""
        e = self.current
        if e is None or self.sheet is None:
            self.status.show("Nothing to save: open a session with free-text answers first.", "warn")
            return False
        top = self.points.get(e.item)
        if top is None:
            self.status.show(f"{e.item} is not a graded item of this session's source notebooks; not saved.", "error")
            return False
        try:
            value = parse_score(self.score.value, top)
        except ValueError as exc:
            self.status.show(f"Not saved: {exc}.", "error")
            return False
        self.entries[self.index] = save_manual_score(self.sheet, e, value, self.comment.value)
        self._show()
        got = "no score (not graded)" if value is None else f"{value:g} of {top:g}"
        self.status.show(f"Saved {got} for {e.item}, {self._who(e)}.")
        return True

    def _who(self, e: ManualEntry) -> str:
        return f"answer {self.index + 1}" if self.blind.value else e.trainee

    def _move(self, step: int) -> None:
        if self._dirty() and not self._save():
            return  # a refused score keeps you on this answer
        if self.entries:
            self.index = min(max(self.index + step, 0), len(self.entries) - 1)
            self._show()

    def _move_to_ungraded(self) -> None:
        if self._dirty() and not self._save():
            return
        n = len(self.entries)
        todo = [(self.index + k) % n for k in range(1, n + 1) if not self.entries[(self.index + k) % n].score]
        if not todo:
            self.status.show("Every answer is graded. Run `ctie grade` for this session to merge the scores.")
            return
        self.index = todo[0]
        self._show()


def build_grading(session: str | None = None, root: str | Path | None = None) -> GradingApp:
    """The free-text grading app, ready to display; ``root`` defaults to the workbook (or ``$CTIE_ROOT``)."""
    return GradingApp(session, root)
