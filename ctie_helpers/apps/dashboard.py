"""Facilitator cohort dashboard: per session and exercise, who attempted and passed, common mistakes, absentees.

For facilitators only: its notebook is ``notebooks/facilitator/app_dashboard.ipynb``, outside every
session folder, so ``ctie release`` never gives it to trainees. The work is done by the pure functions
of :mod:`ctie_helpers.facilitator.dashboard`; this module only wires widgets to them. Every count on the page
(tables and chart) is the suppressed one: a group smaller than the threshold shows as ``"<5"``.
"""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as widgets
import pandas as pd
import plotly.graph_objects as go

from ctie_helpers.apps.ui import Status, guard, header, note, replace_figure, section, table_html
from ctie_helpers.errors import BadValueError
from ctie_helpers.facilitator.course import Course
from ctie_helpers.facilitator.dashboard import (
    Cohort,
    cohort_summary,
    common_wrong_answers,
    learning_gain,
    load_cohort,
    not_submitted,
    publish_gain,
    publish_summary,
    publish_wrong_answers,
)

__all__ = ["CohortDashboard", "build_dashboard"]

# Never below 5: the workbook's default small-cell rule. 11 for case data is our cautious choice
# (CTDC's k = 11 is a record-level k-anonymity rule, not a cell threshold).
THRESHOLDS = (5, 10, 11)
_LABEL = {"description_width": "130px"}


def _defaults(root: str | Path | None) -> dict[str, str]:
    """Where a course keeps its hand-ins, gradebooks and roster (used to pre-fill the path boxes)."""
    try:
        course = Course.at(root) if root is not None else Course.find()
    except FileNotFoundError:
        return {"root": str(root or ""), "submissions": "", "grades": "", "roster": ""}
    return {"root": str(course.root), "submissions": str(course.submitted), "grades": str(course.grades),
            "roster": str(course.root / "roster.csv")}



class CohortDashboard(widgets.VBox):
    """The dashboard. Controls: ``root``, ``submissions``, ``grades``, ``roster`` (paths), ``read`` (button),
    ``session``, ``threshold``, ``top``. Results: ``cohort`` (the last read), ``summary`` (published table,
    also as ``summary_table``), ``figure``, ``wrong``, ``missing``, ``gain`` (before/after knowledge checks of
    every session, also as ``gain_table``), ``problems``, ``status``."""

    def __init__(self, root: str | Path | None = None, submissions: str | Path | None = None,
                 grades: str | Path | None = None, roster: str | Path | None = None) -> None:
        d = _defaults(root)
        self.status = Status()
        self.root = widgets.Text(value=d["root"], description="Course folder", style=_LABEL,
                                 layout={"width": "640px"})
        self.submissions = widgets.Text(value=str(submissions) if submissions is not None else d["submissions"],
                                        description="Hand-ins folder", style=_LABEL, layout={"width": "640px"})
        self.grades = widgets.Text(value=str(grades) if grades is not None else d["grades"],
                                   description="Grades folder", style=_LABEL, layout={"width": "640px"})
        self.roster = widgets.Text(value=str(roster) if roster is not None else d["roster"],
                                   description="Roster CSV", style=_LABEL, layout={"width": "640px"})
        self.read = widgets.Button(description="Read hand-ins", button_style="primary")
        self.session = widgets.Dropdown(description="Session", style=_LABEL, layout={"width": "420px"})
        self.threshold = widgets.Dropdown(options=list(THRESHOLDS), value=5, description="Hide counts under",
                                          style=_LABEL)
        self.top = widgets.IntSlider(value=3, min=1, max=10, description="Mistakes shown", style=_LABEL)
        self.summary = widgets.HTML()
        self.figure = go.FigureWidget(layout=dict(height=340, margin=dict(l=10, r=10, t=50, b=120),
                                                  barmode="group"))
        self.wrong = widgets.HTML()
        self.missing = widgets.HTML()
        self.gain = widgets.HTML()
        self.problems = widgets.HTML()
        self.cohort: Cohort | None = None
        self.summary_table: pd.DataFrame | None = None
        self.wrong_table: pd.DataFrame | None = None
        self.missing_table: pd.DataFrame | None = None
        self.gain_table: pd.DataFrame | None = None
        super().__init__([
            header("Cohort dashboard (facilitators)",
                   "How the cohort is doing, exercise by exercise: how many attempted and passed, the most "
                   "common mistakes to discuss in plenary, and who has not handed in yet. Groups smaller than "
                   "the threshold are hidden, as in any table that leaves the workbook."),
            section("1. Where the cohort's work is",
                    widgets.VBox([self.root, self.submissions, self.grades, self.roster, self.read]),
                    note("Hand-ins: &lt;trainee&gt;/&lt;session&gt;/ folders or &lt;trainee&gt;.zip files (or one "
                         "folder per session of them). Grades: the CSVs written by <code>ctie grade</code>. "
                         "Roster: a CSV with a trainee (user name) column. Leave a box empty to skip it.")),
            section("2. What to show", widgets.HBox([self.session, self.threshold]), self.top), self.status,
            section("3. Attempted and passed", self.figure, self.summary),
            section("4. Most common mistakes", self.wrong),
            section("5. Not handed in", self.missing),
            section("6. Knowledge checks: before and after, every session", self.gain), self.problems,
        ], layout={"padding": "4px 12px"})
        self.add_class("ctie-app")
        self._on_read = guard(self.status)(self._load)
        self._on_change = guard(self.status)(self._show)
        self.read.on_click(lambda _: self._on_read())
        for w in (self.session, self.threshold, self.top):
            w.observe(lambda _: self._on_change(), "value")
        if any(Path(p).exists() for p in (self.submissions.value, self.grades.value) if p.strip()):
            self._on_read()
        else:
            self.status.show("Give the folders of the cohort's hand-ins or grades, then press 'Read hand-ins'.")

    @staticmethod
    def _path(text: str) -> Path | None:
        return Path(text.strip()).expanduser() if text.strip() else None

    def _load(self) -> None:
        subs, grades, roster = (self._path(w.value) for w in (self.submissions, self.grades, self.roster))
        if subs is None and grades is None:
            raise BadValueError("give a hand-ins folder or a grades folder")
        # A default path that does not exist yet (no grading run so far) is skipped, not an error.
        skipped = [str(p) for p in (subs, grades, roster) if p is not None and not p.exists()]
        subs, grades, roster = (p if p is not None and p.exists() else None for p in (subs, grades, roster))
        self.cohort = cohort = load_cohort(self._path(self.root.value), submissions=subs, grades=grades, roster=roster)
        sessions = cohort.sessions
        with self.hold_trait_notifications():
            self._updating = True
            keep = self.session.value
            self.session.options = sessions
            self.session.value = keep if keep in sessions else (sessions[0] if sessions else None)
            self._updating = False
        problems = list(cohort.problems) + [f"not found, skipped: {p}" for p in skipped]
        self.problems.value = note("<br>".join(html.escape(p) for p in problems)).value if problems else ""
        self._show()

    def _show(self) -> None:
        if getattr(self, "_updating", False) or self.cohort is None:
            return

        session, threshold = self.session.value, int(self.threshold.value)
        if session is None:
            self.status.show("No session with graded items or hand-ins was found there.", "warn")
            return
        summary = cohort_summary(self.cohort)
        shown = publish_summary(summary[summary["session"] == session], threshold)
        self.summary_table = shown.drop(columns=["session"]).reset_index(drop=True)
        self.summary.value = table_html(self.summary_table, caption=f"'<{threshold}': fewer than {threshold}; "
                                        "'x': hidden so that a small group cannot be worked out by subtraction.")
        self._chart(shown, session, threshold)
        wrong = common_wrong_answers(self.cohort, top=int(self.top.value))
        wrong = publish_wrong_answers(wrong[wrong["session"] == session], threshold)
        self.wrong_table = wrong.drop(columns=["session"]).reset_index(drop=True)
        self.wrong.value = (table_html(self.wrong_table) if len(wrong)
                            else note("No wrong answers recorded for this session.").value)
        missing = not_submitted(self.cohort)
        self.missing_table = missing[missing["session"] == session].drop(columns=["session"]).reset_index(drop=True)
        if self.cohort.roster is None:
            self.missing.value = note("Give a roster CSV to see who has not handed in.").value
        elif self.missing_table.empty:
            self.missing.value = note("Everyone on the roster has handed in.").value
        else:
            self.missing.value = table_html(self.missing_table)
        self.gain_table = publish_gain(learning_gain(self.cohort), threshold)
        self.gain.value = table_html(self.gain_table, caption=(
            "Mean questions right out of 5 at the opening and the closing check, over the n trainees who submitted "
            f"both; gain = after - before. '<{threshold}': fewer than {threshold} trainees, means not shown."))
        n = len(self.cohort.handed_in.get(session, set()))
        self.status.show(f"{session}: {n} hand-in(s) read; {len(summary[summary['session'] == session])} "
                         f"exercise(s). Counts under {threshold} are hidden.", "info")

    def _chart(self, shown: pd.DataFrame, session: str, threshold: int) -> None:
        from ctie_helpers.plots.apps import cohort_bars

        fig = cohort_bars(shown, session, threshold)
        replace_figure(self.figure, fig)


def build_dashboard(root: str | Path | None = None, submissions: str | Path | None = None,
                    grades: str | Path | None = None, roster: str | Path | None = None) -> CohortDashboard:
    """The facilitator cohort dashboard, ready to display (paths default to the course's ``build/``)."""
    return CohortDashboard(root, submissions, grades, roster)
