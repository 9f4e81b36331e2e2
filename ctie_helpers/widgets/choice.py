"""Pick one option (:class:`SingleChoice`) or several (:class:`MultiSelect`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import ipywidgets as w

from ctie_helpers.i18n.catalog import N_
from ctie_helpers.i18n.catalog import gettext as _
from ctie_helpers.widgets.base import ExerciseBase, labelled

__all__ = ["MultiSelect", "SingleChoice"]


class SingleChoice(ExerciseBase):
    """One right option among several, as radio buttons. Canonical value: the option id (``str``).

    Parameters
    ----------
    exercise_id, prompt
        See :class:`~ctie_helpers.widgets.base.ExerciseBase`, which also takes ``key``, ``graded``,
        ``store``, ``points``, ``explanation`` and the other shared options.
    options
        The options: plain strings, or a mapping id -> label shown to the trainee.
    **kwargs
        Passed to :class:`~ctie_helpers.widgets.base.ExerciseBase`.
    """

    kind = "choice"
    noun_default = N_("options")

    def __init__(self, exercise_id: str, prompt: str, options: Mapping[str, str] | Sequence[str],
                 **kwargs: Any) -> None:
        self.options = labelled(options)
        super().__init__(exercise_id, prompt, **kwargs)

    def _build_body(self) -> list[w.Widget]:
        self.radio = w.RadioButtons(options=[(label, oid) for oid, label in self._ordered(self.options)], value=None,
                                    layout=w.Layout(width="auto", max_width="100%"))
        self.radio.observe(self._inputs_changed, names="value")
        return [self.radio]

    def _read(self) -> str | None:
        return self.radio.value

    def _show(self, value: Any) -> None:
        ids = {oid for oid, _ in self.options}
        self.radio.value = value if value in ids else None

    def _missing(self, value: Any) -> str | None:
        return None if value is not None else _("Pick one option.")

    def _explained_parts(self, value: Any, correct: bool, show_right: bool) -> list[tuple[str, str]]:
        out = [(_("Your answer:"), value)]
        if show_right:
            right = self.key[0] if isinstance(self.key, (list, tuple)) else self.key
            out.append((_("The right answer is “%(answer)s”:") % {"answer": dict(self.options).get(right, right)},
                        right))
        return out

    def _validate_key(self, key: Any) -> None:
        ids = {oid for oid, _ in self.options}
        accepted = key if isinstance(key, (list, tuple, set)) else [key]
        if not set(accepted) <= ids:
            raise ValueError(f"{self.exercise_id}: the key is not one of the options")


class MultiSelect(ExerciseBase):
    """Tick every right option. Canonical value: the ticked option ids in the order the options were
    given (``list``), whatever order this trainee sees them in.

    Credit is (right ticks - wrong ticks) / number of right options, floored at 0, so ticking
    everything earns nothing.

    Parameters
    ----------
    exercise_id, prompt
        See :class:`~ctie_helpers.widgets.base.ExerciseBase`.
    options
        Plain strings, or a mapping id -> label.
    **kwargs
        Passed to :class:`~ctie_helpers.widgets.base.ExerciseBase`.

    Attributes
    ----------
    checkboxes : dict[str, ipywidgets.Checkbox]
        One checkbox per option id.
    """

    kind = "multi"
    noun_default = N_("options")

    def __init__(self, exercise_id: str, prompt: str, options: Mapping[str, str] | Sequence[str],
                 **kwargs: Any) -> None:
        self.options = labelled(options)
        super().__init__(exercise_id, prompt, **kwargs)

    def _build_body(self) -> list[w.Widget]:
        self.checkboxes = {
            oid: w.Checkbox(value=False, description=label, tooltip=label, indent=False,
                            layout=w.Layout(width="auto", max_width="100%"))
            for oid, label in self.options
        }
        for box in self.checkboxes.values():
            box.observe(self._inputs_changed, names="value")
        shown = [self.checkboxes[oid] for oid, _ in self._ordered(self.options)]
        return [w.HTML("<small>Tick all that apply.</small>"), *shown]

    def _read(self) -> list[str] | None:
        # self.checkboxes keeps the given order, so the saved answer does not depend on the shuffle.
        ticked = [oid for oid, box in self.checkboxes.items() if box.value]
        return ticked or None

    def _explained_parts(self, value: Any, correct: bool, show_right: bool) -> list[tuple[str, str]]:
        out = [(_("You ticked:"), oid) for oid in value or []]
        if show_right:
            out += [(_("You did not tick:"), oid) for oid in self.key if oid not in (value or [])]
        return out

    def _show(self, value: Any) -> None:
        chosen = set(value) if isinstance(value, (list, tuple)) else set()
        for oid, box in self.checkboxes.items():
            box.value = oid in chosen

    def _missing(self, value: Any) -> str | None:
        return None if value else _("Tick at least one option.")

    def _validate_key(self, key: Any) -> None:
        if not set(key) <= set(self.checkboxes):
            raise ValueError(f"{self.exercise_id}: the key names options that are not shown")
