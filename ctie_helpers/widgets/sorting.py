"""Dropdown-per-item exercises: sort into bins, match pairs, put steps in order.

A dropdown per item (rather than drag and drop) works with a keyboard and a screen reader, fits a
narrow window (each row wraps) and is simple to drive from a test: ``w.bins["recruitment"].value = "Act"``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import ipywidgets as w

from ctie_helpers.i18n.catalog import N_, ngettext
from ctie_helpers.i18n.catalog import gettext as _
from ctie_helpers.widgets.base import ExerciseBase, esc, labelled

__all__ = ["MatchPairs", "OrderSteps", "SortIntoBins"]

_ROW = w.Layout(flex_flow="row wrap", align_items="center", width="100%")


def _row(dropdown: w.Dropdown, label: str) -> w.HBox:
    return w.HBox([dropdown, w.HTML(esc(label), layout=w.Layout(flex="1 1 16em"))], layout=_ROW)


class _DropdownPerItem(ExerciseBase):
    """Shared body: one row per item, a dropdown of ``self._choices`` and the item's text."""

    placeholder = N_("Choose…")

    def _make_dropdowns(self, items: list[tuple[str, str]], choices: list[tuple[str, Any]],
                        observe: bool = True) -> dict[str, w.Dropdown]:
        self._choice_values = [v for _, v in choices]
        dropdowns = {
            iid: w.Dropdown(options=[(_(self.placeholder), None), *choices], value=None, tooltip=label,
                            layout=w.Layout(width="12em", flex="0 0 auto"))
            for iid, label in items
        }
        for dd in dropdowns.values():
            if observe:
                dd.observe(self._inputs_changed, names="value")
        self._rows = [_row(dropdowns[iid], label) for iid, label in self._ordered(items, "rows")]
        return dropdowns

    def _dropdowns(self) -> dict[str, w.Dropdown]:
        raise NotImplementedError

    def _read(self) -> dict[str, Any] | list[str | None] | None:  # a list in OrderSteps
        placed = {iid: dd.value for iid, dd in self._dropdowns().items() if dd.value is not None}
        return placed or None

    def _show(self, value: Any) -> None:
        given = value if isinstance(value, Mapping) else {}
        for iid, dd in self._dropdowns().items():
            v = given.get(iid)
            dd.value = v if v in self._choice_values else None

    def _missing(self, value: Any) -> str | None:
        n_open = sum(dd.value is None for dd in self._dropdowns().values())
        total = len(self._dropdowns())
        if n_open == 0:
            return None
        return ngettext("%(n)s of %(total)s %(noun)s is not answered yet.",
                        "%(n)s of %(total)s %(noun)s are not answered yet.", n_open) % {
            "n": n_open, "total": total, "noun": self.noun}

    def _explained_parts(self, value: Any, correct: bool, show_right: bool) -> list[tuple[str, str]]:
        if not show_right or not isinstance(self.key, Mapping):
            return []
        given = value if isinstance(value, Mapping) else {}
        labels = dict(self._labels())
        return [(f"{labels.get(iid, iid)}:", iid) for iid in self.key if given.get(iid) != self.key[iid]]

    def _labels(self) -> list[tuple[str, str]]:
        return []

    def _validate_key(self, key: Any) -> None:
        if set(key) != set(self._dropdowns()) or not set(key.values()) <= set(self._choice_values):
            raise ValueError(f"{self.exercise_id}: the key must give one shown choice for every item")


class SortIntoBins(_DropdownPerItem):
    """Sort items into groups (e.g. Act / Means / Purpose). Canonical value: ``{item id: bin}``.

    Parameters
    ----------
    exercise_id, prompt
        See :class:`~ctie_helpers.widgets.base.ExerciseBase`.
    items
        The statements to sort: plain strings, or a mapping id -> text.
    bins
        The group labels.
    **kwargs
        Passed to :class:`~ctie_helpers.widgets.base.ExerciseBase`.

    Attributes
    ----------
    bins : dict[str, ipywidgets.Dropdown]
        One dropdown per item id (the group labels are in ``bin_labels``).
    """

    kind = "bins"
    noun_default = N_("items")
    placeholder = N_("Choose a group…")

    def __init__(self, exercise_id: str, prompt: str, items: Mapping[str, str] | Sequence[str],
                 bins: Sequence[str], **kwargs: Any) -> None:
        self.items = labelled(items)
        self.bin_labels = [str(b) for b in bins]
        super().__init__(exercise_id, prompt, **kwargs)

    def _build_body(self) -> list[w.Widget]:
        # the dropdown shows the group in the language in force; its value stays the English id
        self.bins = self._make_dropdowns(self.items, [(_(b), b) for b in self.bin_labels])
        groups = ", ".join(esc(_(b)) for b in self.bin_labels)
        intro = esc(_("For each statement, choose its group: %(groups)s.") % {"groups": "\x00"})
        return [w.HTML(f"<small>{intro.replace(chr(0), groups)}</small>"), *self._rows]

    def _dropdowns(self) -> dict[str, w.Dropdown]:
        return self.bins

    def _labels(self) -> list[tuple[str, str]]:
        return self.items


class MatchPairs(_DropdownPerItem):
    """Match each left item to one right item. Canonical value: ``{left id: right id}``.

    Parameters
    ----------
    exercise_id, prompt
        See :class:`~ctie_helpers.widgets.base.ExerciseBase`.
    left
        The items to match: plain strings, or a mapping id -> text.
    right
        What they match to: plain strings, or a mapping id -> label.
    **kwargs
        Passed to :class:`~ctie_helpers.widgets.base.ExerciseBase`.

    Attributes
    ----------
    pairs : dict[str, ipywidgets.Dropdown]
        One dropdown per left item id.
    """

    kind = "match"
    noun_default = N_("pairs")

    def __init__(self, exercise_id: str, prompt: str, left: Mapping[str, str] | Sequence[str],
                 right: Mapping[str, str] | Sequence[str], **kwargs: Any) -> None:
        self.left = labelled(left)
        self.right = labelled(right)
        super().__init__(exercise_id, prompt, **kwargs)

    def _build_body(self) -> list[w.Widget]:
        self.pairs = self._make_dropdowns(self.left, [(label, rid) for rid, label in self._ordered(self.right, "right")])
        return [w.HTML("<small>" + esc(_("For each item, choose the one that matches it.")) + "</small>"), *self._rows]

    def _dropdowns(self) -> dict[str, w.Dropdown]:
        return self.pairs

    def _labels(self) -> list[tuple[str, str]]:
        return self.left


class OrderSteps(_DropdownPerItem):
    """Put steps in order by giving each a place. Canonical value: a list, index = place,
    ``None`` = empty place, e.g. ``["define", None, "collect"]``.

    Choosing a place that another step holds swaps the two, so two steps never share a place.

    Parameters
    ----------
    exercise_id, prompt
        See :class:`~ctie_helpers.widgets.base.ExerciseBase`.
    steps
        The steps in the order they are shown (not the right order): strings or a mapping id -> text.
    **kwargs
        Passed to :class:`~ctie_helpers.widgets.base.ExerciseBase`; ``key`` is the list of step ids
        in the right order.

    Attributes
    ----------
    positions : dict[str, ipywidgets.Dropdown]
        One dropdown per step id; values are places 1..n.
    """

    kind = "order"
    noun_default = N_("steps")
    placeholder = N_("No place yet")

    def __init__(self, exercise_id: str, prompt: str, steps: Mapping[str, str] | Sequence[str],
                 **kwargs: Any) -> None:
        self.steps = labelled(steps)
        super().__init__(exercise_id, prompt, **kwargs)

    def _build_body(self) -> list[w.Widget]:
        n = len(self.steps)
        self._swapping = False
        self.positions = self._make_dropdowns(self.steps, [(_("Place %(n)s") % {"n": i}, i) for i in range(1, n + 1)],
                                              observe=False)  # _swap must run before the value is read
        for sid, dd in self.positions.items():
            dd.observe(lambda ch, sid=sid: self._swap(sid, ch), names="value")
        return [w.HTML("<small>" + esc(_("Give each step its place: Place 1 happens first.")) + "</small>"),
                *self._rows]

    def _dropdowns(self) -> dict[str, w.Dropdown]:
        return self.positions

    def _swap(self, moved: str, change: Mapping[str, Any]) -> None:
        if self._syncing or self._swapping:
            return
        self._swapping = True
        try:
            for sid, dd in self.positions.items():
                if change["new"] is not None and sid != moved and dd.value == change["new"]:
                    # The step that held this place takes the moved step's old place (maybe none).
                    dd.value = change["old"]
        finally:
            self._swapping = False
        self._inputs_changed()

    def _read(self) -> list[str | None] | None:
        slots: list[str | None] = [None] * len(self.steps)
        for sid, dd in self.positions.items():
            if dd.value is not None:
                slots[dd.value - 1] = sid
        return slots if any(s is not None for s in slots) else None

    def _show(self, value: Any) -> None:
        place = {}
        if isinstance(value, (list, tuple)):
            place = {sid: i + 1 for i, sid in enumerate(value[: len(self.steps)]) if sid in self.positions}
        for sid, dd in self.positions.items():
            dd.value = place.get(sid)

    def _validate_key(self, key: Any) -> None:
        if sorted(key) != sorted(self.positions):
            raise ValueError(f"{self.exercise_id}: the key must list every step exactly once")
