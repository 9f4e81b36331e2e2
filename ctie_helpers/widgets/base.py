"""What every exercise widget shares: prompt, Check button, feedback, saving and restoring answers.

A component subclasses :class:`ExerciseBase`, sets ``kind`` and implements four small methods:
``_build_body`` (its input widgets), ``_read`` (inputs -> canonical value, ``None`` when nothing is
answered), ``_show`` (value -> inputs, ignoring anything unknown) and ``_missing`` (what is still
unanswered, in plain words, or ``None``). Everything else lives here, so the components stay short
and behave alike:

- ``.value`` holds the answer in its canonical JSON form (:mod:`ctie_helpers.grading.checks`); setting
  it updates the inputs, and changing an input updates it.
- Each change is saved to the sidecar at once; building the widget again restores the saved answer.
- "Check" on a practice item (``key=``) shows right/wrong, hints and, once right or after
  ``explain_after`` tries, the explanation; retries are allowed and counted. On a graded item
  (``graded=True``) it only checks completeness and saves; it never reveals correctness.
- Practice feedback also explains the parts: the explanation of each option chosen, and after
  ``explain_after`` wrong tries the explanation of the right one (or of each wrong statement).
  Explanations come from ``part_explanations=`` or from :attr:`ExerciseBase.explanation_source`,
  which the course's exercise package sets (widgets know no course content).
- Options and statements are shown in an order shuffled per trainee (:func:`display_order`), so
  neighbours see different orders; answers are stored by option id, so grading does not depend on it.
- Feedback uses words and a mark per tone (:data:`MARKS`: ✓ right, ✗ wrong, ⚠ unfinished, ℹ saved),
  never colour alone, and announces itself to screen readers.
"""

from __future__ import annotations

import getpass
import hashlib
import html
import os
import random
from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar, TypeVar

import ipywidgets as w
import traitlets

from ctie_helpers.grading.checks import check
from ctie_helpers.grading.store import AnswerStore, current_store
from ctie_helpers.i18n.catalog import N_, ngettext
from ctie_helpers.i18n.catalog import gettext as _

__all__ = ["GRADED_MESSAGE", "MARKS", "ExerciseBase", "display_order", "labelled", "trainee_name"]

T = TypeVar("T")

GRADED_MESSAGE = N_("Saved. This item is graded when you submit the notebook.")
_BOX = "margin:0.4em 0;padding:0.4em 0.7em;border-left:4px solid {c};"
_COLOURS = {"right": "#2e7d32", "wrong": "#c62828", "neutral": "#546e7a", "warn": "#ef6c00"}
#: Each tone's mark: the border colour is never the only sign of right, wrong, unfinished or saved.
MARKS = {"right": "✓", "wrong": "✗", "neutral": "ℹ", "warn": "⚠"}


def labelled(items: Mapping[str, str] | Sequence[str]) -> list[tuple[str, str]]:
    """Normalise items to ``[(id, label)]``: a mapping id -> label, or plain strings (id = label).

    The label is shown in the language in force; the id stays the English text the exercise module wrote,
    so the saved answer (and the grade) is the same in every language.
    """
    if isinstance(items, Mapping):
        return [(str(k), _(str(v))) for k, v in items.items()]
    if isinstance(items, str):
        raise TypeError("give a list of items, not one string")
    return [(str(x), _(str(x))) for x in items]


def trainee_name() -> str:
    """The name that seeds the per-trainee option order: ``$JUPYTERHUB_USER`` on the course hub
    (the trainee's hub account), else the operating-system user, so it is stable across restarts."""
    name = os.environ.get("JUPYTERHUB_USER", "").strip()
    if name:
        return name
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user database entry, e.g. some containers
        return "trainee"


def display_order(items: Sequence[T], exercise_id: str, trainee: str, salt: str = "") -> list[T]:
    """``items`` shuffled by a seed from the trainee's name and the exercise id (same on every run)."""
    digest = hashlib.sha256(f"{trainee}\x1f{exercise_id}\x1f{salt}".encode()).hexdigest()
    out = list(items)
    random.Random(int(digest[:16], 16)).shuffle(out)
    return out


def esc(text: Any) -> str:
    """HTML-escape text written by course authors or trainees."""
    return html.escape(str(text))


class ExerciseBase(w.VBox):
    """Base for the exercise components (see the module docstring for the contract).

    Parameters
    ----------
    exercise_id
        The ``s<N>_<slug>`` id; also the sidecar key and the nbgrader ``grade_id``.
    prompt
        The question in plain text (escaped), or HTML when ``prompt_is_html=True``.
    key
        The right answer (practice item), in the canonical form of ``kind``.
    graded
        True for a graded item: no key here, "Check" only saves and checks completeness.
    store
        Where answers are saved; default: the store the notebook's first cell opened.
    points
        Shown beside the prompt of a graded item.
    explanation
        Why the answer is right; shown with practice feedback (never for graded items).
    explain_after
        Show the explanation after this many tries even if still wrong (default 2).
    reveal_where
        Practice hints may name where to look again (a group, a row); never the answer itself.
    noun
        Plural word for the parts in hints, e.g. ``"statements"``.
    check_options
        Extra options for :func:`~ctie_helpers.grading.checks.check` (tolerances, units).
    prompt_is_html
        Treat ``prompt`` as trusted HTML.
    part_explanations
        Why each option or statement is right or a tempting mistake, by part id; default: from
        :attr:`explanation_source`. Shown with practice feedback only.
    shuffle
        Show options and statements in an order shuffled per trainee (default True).
    trainee
        The name that seeds the shuffle; default :func:`trainee_name`.
    """

    kind: ClassVar[str] = ""
    #: ``exercise id -> {part id: explanation}``; set by the course's exercise package.
    explanation_source: ClassVar[Callable[[str], Mapping[str, Any]] | None] = None
    noun_default: ClassVar[str] = N_("items")
    #: The label of the explanation in practice feedback (free text shows a model answer instead).
    explanation_label: ClassVar[str] = N_("Why:")
    value = traitlets.Any(None, allow_none=True)

    def __init__(
        self,
        exercise_id: str,
        prompt: str,
        *,
        key: Any = None,
        graded: bool = False,
        store: AnswerStore | None = None,
        points: float | None = None,
        explanation: str = "",
        explain_after: int = 2,
        reveal_where: bool = True,
        noun: str | None = None,
        check_options: Mapping[str, Any] | None = None,
        prompt_is_html: bool = False,
        part_explanations: Mapping[str, Any] | None = None,
        shuffle: bool = True,
        trainee: str | None = None,
    ) -> None:
        if graded and key is not None:
            raise ValueError(f"{exercise_id}: a graded item keeps its key in the hidden test, not in the widget")
        if not graded and key is None and self.kind != "text":
            raise ValueError(f"{exercise_id}: a practice item needs key=; use graded=True for graded items")
        self.exercise_id = exercise_id
        self.prompt = prompt
        self.key = key
        self.graded = bool(graded)
        self.points = points
        self.explanation = explanation
        self.explain_after = max(1, int(explain_after))
        self.noun = _(noun or self.noun_default)  # shown in hints, so in the language in force
        self.check_options = dict(check_options or {})
        self.check_options.setdefault("reveal_where", bool(reveal_where) and not self.graded)
        self.check_options.setdefault("noun", self.noun)
        self.store = store if store is not None else current_store()
        self.attempts = 0
        self.shuffle = bool(shuffle)
        self.trainee = trainee if trainee is not None else trainee_name()
        source = type(self).explanation_source
        if part_explanations is None and source is not None:
            part_explanations = source(exercise_id)
        self.part_explanations = {str(k): _(str(v)) for k, v in (part_explanations or {}).items()}
        self._syncing = False
        self._restoring = False

        body = self._build_body()
        if key is not None:
            self._validate_key(key)
        self.check_button = w.Button(
            description=_("Save answer") if self.graded else _("Check answer"),
            tooltip=_("Save this answer") if self.graded else _("Check this answer and get feedback"),
            layout=w.Layout(width="auto", min_width="9em"),
        )
        self.attempts_label = w.HTML()
        self.feedback = w.HTML()
        children: list[w.Widget] = [w.HTML(self._prompt_html(prompt_is_html)), *body]
        children += [w.HBox([self.check_button, self.attempts_label],
                            layout=w.Layout(flex_flow="row wrap", align_items="center")),
                     self.feedback,
                     w.HTML('<small style="color:#555">' + esc(_("Exercise id:"))
                            + f" <code>{esc(exercise_id)}</code></small>")]
        super().__init__(children=children, layout=w.Layout(width="100%", max_width="56em", margin="0.5em 0"))
        self.add_class("ctie-exercise")
        self._restore()
        self.observe(self._on_value, names="value")
        self.check_button.on_click(self._on_check)
        if self.store is None:
            self._warn_unsaved()

    def _warn_unsaved(self) -> None:
        self._say("warn", _("Your answers are not being saved yet: run the first code cell of this notebook, "
                            "then run this cell again."))

    # hooks for the components ----------------------------------------------------------------
    def _build_body(self) -> list[w.Widget]:
        raise NotImplementedError

    def _read(self) -> Any:
        raise NotImplementedError

    def _show(self, value: Any) -> None:
        raise NotImplementedError

    def _missing(self, value: Any) -> str | None:
        raise NotImplementedError

    def _validate_key(self, key: Any) -> None:
        """Raise ``ValueError`` if a practice key does not fit the items (an authoring mistake)."""

    def _explained_parts(self, value: Any, correct: bool, show_right: bool) -> list[tuple[str, str]]:
        """``[(heading, part id)]`` whose explanations practice feedback shows (default: none)."""
        return []

    def _ordered(self, items: Sequence[T], salt: str = "") -> list[T]:
        """``items`` in this trainee's display order (unchanged when ``shuffle=False``)."""
        return display_order(items, self.exercise_id, self.trainee, salt) if self.shuffle else list(items)

    # syncing inputs, value and sidecar ----------------------------------------------------
    def _inputs_changed(self, change: Any = None) -> None:
        """Observer for the components' input widgets: recompute ``.value``."""
        if not self._syncing:
            self.value = self._read()

    def _on_value(self, change: Mapping[str, Any]) -> None:
        new = change["new"]
        self._syncing = True
        try:
            self._show(new)
            canonical = self._read()
        finally:
            self._syncing = False
        if canonical != new:  # e.g. an unknown item dropped: store what the inputs really show
            self.value = canonical
            return
        if not self._restoring and self._save(canonical):
            self.feedback.value = ""  # old feedback would describe an answer that no longer exists
        elif self.store is None:
            self._warn_unsaved()

    def _restore(self) -> None:
        if self.store is None:
            return
        rec = self.store.get(self.exercise_id)
        if rec is None or rec.get("kind") != self.kind:
            return
        self.attempts = int(rec.get("attempts", 0))
        self._restoring = True
        try:
            self.value = rec.get("value")
            self._on_value({"new": self.value})  # the observer is not attached yet during __init__
        finally:
            self._restoring = False
        self._show_attempts()

    def _save(self, value: Any) -> bool:
        if self.store is None:
            return False
        try:
            self.store.set(self.exercise_id, value, self.kind, graded=self.graded)
        except (OSError, TypeError, ValueError) as exc:
            self._say("wrong", _("✗ Your answer could not be saved (%(error)s). Tell your facilitator.")
                      % {"error": exc})
            return False
        return True

    def _record(self, status: str) -> None:
        self.attempts += 1
        if self.store is not None:
            try:
                if self.store.get(self.exercise_id) is None:
                    self.store.set(self.exercise_id, self.value, self.kind, graded=self.graded)
                self.store.record_attempt(self.exercise_id, status=status)
            except OSError as exc:
                self._say("wrong", _("✗ Your answer could not be saved (%(error)s). Tell your facilitator.")
                          % {"error": exc})
                return
        self._show_attempts()

    # the Check button ----------------------------------------------------------------------
    def _on_check(self, _button: Any = None) -> None:
        value = self.value
        if value is None:
            self._say("warn", (_("Nothing is answered yet.") + " " + (self._missing(None) or "")).strip())
            return
        missing = self._missing(value)
        if self.graded:
            self._record("incomplete" if missing else "saved")
            if missing:
                self._say("warn", _("Not finished yet: %(missing)s What you have so far is saved.")
                          % {"missing": missing})
            else:
                self._say("neutral", _(GRADED_MESSAGE))
            return
        result = check(self.kind, value, self.key, **self.check_options)
        if result.score is None:  # free text: nothing to mark, show the rubric's model answer
            self._record("saved" if not missing else "incomplete")
            if missing:
                self._say("warn", _("Not finished yet: %(missing)s What you have so far is saved.")
                          % {"missing": missing})
            else:
                self._say("neutral", _("Saved. Compare your answer with the points above and the model answer below.")
                          if self.explanation else _("Saved. Compare your answer with the points above."),
                          explain=True)
            return
        status = "correct" if result.correct else ("partly" if result.score > 0 else "wrong")
        self._record(status)
        show_right = not result.correct and self.attempts >= self.explain_after
        why = [(head, self.part_explanations[pid]) for head, pid in
               self._explained_parts(value, result.correct, show_right) if pid in self.part_explanations]
        if result.correct:
            self._say("right", _("✓ Correct."), [], explain=True, why=why)
        else:
            if result.n_total > 1:
                headline = _("✗ Not quite yet. %(right)s of %(total)s right. Change your answer and check again.") % {
                    "right": result.n_right, "total": result.n_total}
            else:
                headline = _("✗ Not quite yet. Change your answer and check again.")
            self._say("wrong", headline, result.hints, explain=show_right, why=why)

    def _say(self, tone: str, headline: str, hints: Sequence[str] = (), explain: bool = False,
             why: Sequence[tuple[str, str]] = ()) -> None:
        mark = MARKS[tone]
        if not headline.startswith(mark):
            headline = f"{mark} {headline}"
        parts = [f'<div role="status" aria-live="polite" style="{_BOX.format(c=_COLOURS[tone])}">',
                 f"<p><b>{esc(headline)}</b></p>"]
        if hints:
            parts.append("<ul>" + "".join(f"<li>{esc(h)}</li>" for h in hints) + "</ul>")
        if why and not self.graded:
            parts.append("<ul>" + "".join(f"<li><i>{esc(head)}</i> {esc(text)}</li>" for head, text in why)
                         + "</ul>")
        if explain and self.explanation and not self.graded:
            parts.append("<p><b>" + esc(_(self.explanation_label)) + f"</b> {esc(_(self.explanation))}</p>")
        parts.append("</div>")
        self.feedback.value = "".join(parts)

    def _show_attempts(self) -> None:
        n = self.attempts
        if not n:
            self.attempts_label.value = ""
            return
        text = (ngettext("Saved %(n)s time", "Saved %(n)s times", n) if self.graded
                else ngettext("Checked %(n)s time", "Checked %(n)s times", n))
        self.attempts_label.value = f"<small>{esc(text % {'n': n})}</small>"

    def _prompt_html(self, is_html: bool) -> str:
        text = _(self.prompt) if is_html else esc(_(self.prompt))
        points = ""
        if self.graded and self.points is not None:
            count = int(self.points) if float(self.points).is_integer() else 2  # 1.5 points: the plural form
            label = ngettext("%(points)s point, graded", "%(points)s points, graded", count)
            points = f" <i>({esc(label % {'points': f'{self.points:g}'})})</i>"
        elif not self.graded:
            points = " <i>(" + esc(_("practice")) + ")</i>"
        return f'<div style="font-size:1.05em;margin-bottom:0.3em"><b>{text}</b>{points}</div>'
