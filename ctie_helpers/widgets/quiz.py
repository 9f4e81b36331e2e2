"""Several single-choice questions answered and submitted once, together: a knowledge check.

:class:`ChoiceSet` measures rather than practises: the trainee answers every question, clicks "Submit"
once, and the answers are locked, so the saved answer is the one measured. With ``reveal=False`` (a check
at the start of a session) the trainee only reads that the answers are saved; with ``reveal=True`` (the
check at the end) the feedback then lists, per question, whether the answer was right, why the chosen
option is right or a tempting mistake and, when it was wrong, why the right option is right.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import ipywidgets as w

from ctie_helpers.grading.checks import check
from ctie_helpers.i18n.catalog import N_, ngettext
from ctie_helpers.i18n.catalog import gettext as _
from ctie_helpers.widgets.base import _BOX, _COLOURS, ExerciseBase, esc, labelled

__all__ = ["ChoiceSet", "Question"]

#: One question: ``(question id, question text, options)``; options as for :class:`SingleChoice`.
Question = tuple[str, str, Mapping[str, str] | Sequence[str]]

SAVED_MESSAGE = N_("Saved. Thank you: this check is not graded. It shows you and your facilitator where the "
                 "session starts; the check at the end of the session explains its answers.")


class ChoiceSet(ExerciseBase):
    """A set of single-choice questions submitted once. Canonical value: ``{question id: option id}``
    for the questions answered, checked with the ``match`` rule (fraction of questions right).

    Parameters
    ----------
    exercise_id, prompt
        See :class:`~ctie_helpers.widgets.base.ExerciseBase`.
    questions
        ``[(question id, question text, options)]``, shown in this order; each question's options are
        shown in an order shuffled per trainee.
    key
        ``{question id: right option id}``.
    reveal
        After submission, show each question's verdict and explanations (True), or only "saved" (False).
    **kwargs
        Passed to :class:`~ctie_helpers.widgets.base.ExerciseBase`. ``part_explanations`` are keyed
        ``"<question id>/<option id>"``.
    """

    kind = "match"
    noun_default = N_("questions")

    def __init__(self, exercise_id: str, prompt: str, questions: Sequence[Question], *, key: Mapping[str, str],
                 reveal: bool, **kwargs: Any) -> None:
        if kwargs.get("graded"):
            raise ValueError(f"{exercise_id}: a knowledge check is not graded; it keeps its key")
        self.questions = [(str(qid), _(str(text)), labelled(opts)) for qid, text, opts in questions]
        self.reveal = bool(reveal)
        super().__init__(exercise_id, prompt, key=dict(key), **kwargs)
        self.check_button.description = _("Submit check")
        self.check_button.tooltip = _("Submit your answers once; they cannot be changed afterwards")
        if self.attempts:  # submitted before a restart: stay locked, show the same message again
            self._lock()
            self._show_result()

    @property
    def items(self) -> list[tuple[str, str]]:
        """The questions as ``[(question id, question text)]``, in order (one part each, as a sorting
        item's statements are: the course's timing counts parts by this list)."""
        return [(qid, text) for qid, text, _ in self.questions]

    @property
    def submitted(self) -> bool:
        """True once the check was submitted (its answers are then locked)."""
        return self.attempts > 0

    def _build_body(self) -> list[w.Widget]:
        self.radios: dict[str, w.RadioButtons] = {}
        body: list[w.Widget] = []
        for n, (qid, text, options) in enumerate(self.questions, start=1):
            radio = w.RadioButtons(options=[(label, oid) for oid, label in self._ordered(options, salt=qid)],
                                   value=None, layout=w.Layout(width="auto", max_width="100%"))
            radio.observe(self._inputs_changed, names="value")
            self.radios[qid] = radio
            body += [w.HTML(f"<p style='margin:0.6em 0 0.1em'><b>{n}.</b> {esc(text)}</p>"), radio]
        return body

    def _read(self) -> dict[str, str] | None:
        got = {qid: radio.value for qid, radio in self.radios.items() if radio.value is not None}
        return got or None

    def _show(self, value: Any) -> None:
        chosen = value if isinstance(value, Mapping) else {}
        for qid, radio in self.radios.items():
            ids = {oid for _, oid in radio.options}
            radio.value = chosen.get(qid) if chosen.get(qid) in ids else None

    def _missing(self, value: Any) -> str | None:
        open_ = sum(1 for qid in self.radios if not isinstance(value, Mapping) or qid not in value)
        return None if not open_ else ngettext("%(n)s of %(total)s questions has no answer yet.",
                                               "%(n)s of %(total)s questions have no answer yet.", open_) % {
            "n": open_, "total": len(self.radios)}

    def _validate_key(self, key: Any) -> None:
        options = {qid: {oid for oid, _ in opts} for qid, _, opts in self.questions}
        if set(key) != set(options) or any(key[q] not in options[q] for q in options):
            raise ValueError(f"{self.exercise_id}: the key must name one shown option of every question")

    def _prompt_html(self, is_html: bool) -> str:
        text = _(self.prompt) if is_html else esc(_(self.prompt))
        return (f'<div style="font-size:1.05em;margin-bottom:0.3em"><b>{text}</b> '
                "<i>(" + esc(_("knowledge check, not graded")) + ")</i></div>")

    # submitting once ------------------------------------------------------------------------
    def _on_check(self, _button: Any = None) -> None:
        if self.submitted:
            self._show_result()
            return
        missing = self._missing(self.value)
        if missing:
            self._say("warn", _("Not finished yet: %(missing)s What you have so far is saved.") % {"missing": missing})
            return
        if self.reveal:
            result = check(self.kind, self.value, self.key)
            status = "correct" if result.correct else ("partly" if result.n_right else "wrong")
        else:
            status = "saved"
        self._record(status)
        self._lock()
        self._show_result()

    def _lock(self) -> None:
        for radio in self.radios.values():
            radio.disabled = True
        self.check_button.disabled = True

    def _show_result(self) -> None:
        if not self.reveal:
            self._say("neutral", _(SAVED_MESSAGE))
            return
        value = self.value if isinstance(self.value, Mapping) else {}
        right = sum(value.get(qid) == self.key[qid] for qid in self.radios)
        rows = []
        for n, (qid, _text, options) in enumerate(self.questions, start=1):
            labels = dict(options)
            mine, good = str(value.get(qid, "")), self.key[qid]
            ok = mine == good
            mark = esc(_("✓ Right.") if ok else _("✗ Not right."))
            yours = esc(_("Your answer: “%(answer)s”.") % {"answer": labels.get(mine, "—")})
            lines = [f"<b>{n}. {mark}</b> {yours} {esc(self.part_explanations.get(f'{qid}/{mine}', ''))}"]
            if not ok:
                lines.append(esc(_("The right answer is “%(answer)s”:") % {"answer": labels[good]}) + " "
                             + esc(self.part_explanations.get(f"{qid}/{good}", "")))
            rows.append("<li>" + "<br>".join(lines) + "</li>")
        tone = "right" if right == len(self.radios) else "neutral"
        self.feedback.value = (f'<div role="status" aria-live="polite" style="{_BOX.format(c=_COLOURS[tone])}">'
                               + "<p><b>" + esc(_("Submitted: %(n)s of %(total)s right.") % {
                                   "n": right, "total": len(self.radios)})
                               + "</b> " + esc(_("Why each answer is right or a tempting mistake:")) + "</p>"
                               + f"<ul>{''.join(rows)}</ul></div>")
