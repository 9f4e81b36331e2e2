"""Facilitator guides: two hours each, only real notebooks and items, a full breakout, facts from the data."""

from __future__ import annotations

import dataclasses
import importlib
import json
import re
from pathlib import Path

import pytest

from ctie_helpers import cli, content
from ctie_helpers.content import facilitation
from ctie_helpers.content.facilitation import plan
from ctie_helpers.errors import BadValueError
from ctie_helpers.facilitator import guides
from ctie_helpers.facilitator.guides import breakout_handout_markdown, guide_markdown
from ctie_helpers.paths import NOTEBOOKS_DIR, SESSIONS

SESSION_NUMBERS = (1, 2, 3, 4, 5)
TWO_HOURS = 120  # the curriculum: five 2-hour sessions


def _factories(n: int) -> set[str]:
    """Exercise ids with a factory in ctie_helpers.exercises.session<n> (the one place ids are defined)."""
    module = importlib.import_module(f"ctie_helpers.exercises.session{n}")
    return {name for name in dir(module) if re.fullmatch(rf"s{n}_[a-z0-9_]+", name) and callable(getattr(module, name))}


def _cited(n: int) -> set[str]:
    """Every exercise id the guide's plan cites, in segments and in the after-session list."""
    p = plan(n)
    ids = {e for s in p.segments for e in s.exercises}
    ids |= {e for items in p.after_session.values() for e in items}
    return ids


@pytest.mark.parametrize("n", SESSION_NUMBERS)
def test_minutes_add_up_to_two_hours(n):
    assert sum(s.minutes for s in plan(n).segments) == TWO_HOURS
    # and the rendered plan says so: the table's minutes column adds up, and the last row ends at 2:00
    rows = re.findall(r"^\| (\d:\d\d)–(\d:\d\d) \| (\d+) \|", guide_markdown(n), flags=re.MULTILINE)
    assert sum(int(m) for _, _, m in rows) == TWO_HOURS
    assert rows[0][0] == "0:00" and rows[-1][1] == "2:00"


@pytest.mark.parametrize("n", SESSION_NUMBERS)
def test_every_cited_notebook_exists(n):
    p = plan(n)
    stems = {s.notebook for s in p.segments if s.notebook} | set(p.after_session)
    for stem in stems:
        assert (NOTEBOOKS_DIR / SESSIONS[n - 1] / f"{stem}.ipynb").is_file(), stem


@pytest.mark.parametrize("n", SESSION_NUMBERS)
def test_every_cited_exercise_exists_and_belongs_to_its_notebook(n):
    factories = _factories(n)
    missing = sorted(_cited(n) - factories)
    assert not missing, f"session {n} guide cites exercise ids with no factory: {missing}"
    # One module per notebook (exercises/session<N>/<topic>.py for NN_<topic>.ipynb): an item cited with a
    # notebook must be defined in that notebook's module.
    module = importlib.import_module(f"ctie_helpers.exercises.session{n}")
    p = plan(n)
    cited = [(s.notebook, e) for s in p.segments for e in s.exercises]
    cited += [(stem, e) for stem, items in p.after_session.items() for e in items]
    for stem, exercise_id in cited:
        defined_in = getattr(module, exercise_id).__module__.rsplit(".", 1)[-1]
        if defined_in == "_measuring":  # the checks and the reflection: one shared builder, placed by notebook
            (path,) = (NOTEBOOKS_DIR / SESSIONS[n - 1]).glob(f"{stem}.ipynb")
            assert f"ex.{exercise_id}()" in path.read_text(encoding="utf-8"), (exercise_id, stem)
            continue
        assert stem.split("_", 1)[1] == defined_in, (exercise_id, stem, defined_in)


@pytest.mark.parametrize("n", SESSION_NUMBERS)
def test_knowledge_checks_are_the_exercises_issue_ids_and_exist_once_written(n):
    # The one exception to "every id has a factory": the before/after checks, declared in the plan under
    # the ids the exercises issue fixes. Once their factories exist they are checked like the others.
    p = plan(n)
    assert p.knowledge_checks == {"before": f"s{n}_check_before", "after": f"s{n}_check_after"}
    checks = [s.check for s in p.segments if s.kind == "check"]
    assert checks == ["before", "after"]
    text = guide_markdown(n)
    for exercise_id in p.knowledge_checks.values():
        assert f"`{exercise_id}`" in text
        if exercise_id in _factories(n):  # written by now: nothing more to allow
            assert callable(getattr(importlib.import_module(f"ctie_helpers.exercises.session{n}"), exercise_id))


def test_every_id_in_a_guide_is_cited_from_the_plan():
    # Nothing in the Markdown names an exercise id the plan does not hold (so the tests above see them all).
    for n in SESSION_NUMBERS:
        in_text = set(re.findall(rf"`(s{n}_[a-z0-9_]+)`", guide_markdown(n)))
        assert in_text <= _cited(n) | set(plan(n).knowledge_checks.values())


@pytest.mark.parametrize("n", SESSION_NUMBERS)
def test_each_breakout_has_roles_handout_and_debrief(n):
    b = plan(n).breakout
    assert len(b.roles) >= 2 and all(r.name and r.brief for r in b.roles)
    assert b.handout and b.debrief and b.task
    assert "Ardania" in b.situation
    handout, guide = breakout_handout_markdown(n), guide_markdown(n)
    for role in b.roles:
        assert role.name in handout
    # the trainees' handout never carries the facilitator's debrief; the guide does
    assert "Debrief" not in handout and all(d not in handout for d in b.debrief)
    assert all(d in guide for d in b.debrief)


@pytest.mark.parametrize("n", SESSION_NUMBERS)
def test_segments_carry_messages_chapters_and_prompts(n):
    p = plan(n)
    taught = [s for s in p.segments if s.kind in ("presentation", "discussion")]
    assert all(s.key_messages or s.prompts for s in taught)
    assert any(s.misconceptions for s in taught)
    assert sum(len(s.prompts) for s in p.segments) >= 3
    text = guide_markdown(n)
    assert content.session(n).title in text
    assert text.count("**Guide chapter:**") == len(p.segments)


def test_session_two_guide_lists_the_principles_from_the_pim_registry():
    text = guide_markdown(2)
    for principle in content.principles():
        assert f"**{principle.name}**" in text


def test_indicators_are_labelled_as_adapted_in_session_four():
    text = guide_markdown(4)
    line = next(row for row in text.splitlines() if row.startswith("- IND-10 "))
    assert content.indicator("IND-10").name in line and "adapted from IOM practice" in line


def test_notebook_titles_and_minutes_come_from_the_notebooks(monkeypatch):
    # Read by hand from the notebook file: its first heading and its "about N minutes".
    nb = json.loads((NOTEBOOKS_DIR / SESSIONS[1] / "01_ethics_and_pim.ipynb").read_text(encoding="utf-8"))
    first = "".join(next(c for c in nb["cells"] if c["cell_type"] == "markdown")["source"])
    title = next(row for row in first.splitlines() if row.startswith("#")).lstrip("#").strip()
    stated = int(re.search(r"about\s+\**(\d+)\s+minutes", first).group(1))
    assert f"*{title}*; about {stated} minutes" in guide_markdown(2)
    # and a changed notebook changes the guide: nothing is retyped in the plan
    real = guides.pages

    def renamed(root):
        return [dataclasses.replace(p, title="Renamed for the test") if p.stem == "01_ethics_and_pim" else p
                for p in real(root)]

    monkeypatch.setattr(guides, "pages", renamed)
    assert "*Renamed for the test*" in guide_markdown(2)


def _raw(n: int) -> dict:
    return json.loads((facilitation.load_json.__globals__["DATA_DIR"] / f"facilitator/session{n}.json").read_text())


@pytest.mark.parametrize(("change", "message"), [
    (lambda r: r["segments"][0].update(minutes=0), "minutes must be a positive whole number"),
    (lambda r: r["segments"][0].update(kind="lecture"), "kind 'lecture'"),
    (lambda r: r["segments"][0].update(exercise=["s2_x"]), "unknown key(s) exercise"),
    (lambda r: r["knowledge_checks"].update(before="s2_pretest"), "before must be s2_check_before"),
    (lambda r: r["breakout"].update(roles=r["breakout"]["roles"][:1]), "at least two roles"),
])
def test_a_broken_plan_names_file_and_entry(monkeypatch, change, message):
    raw = _raw(2)
    change(raw)
    monkeypatch.setattr(facilitation, "load_json", lambda name: raw)
    with pytest.raises(ValueError, match=re.escape(message)) as exc:
        plan.__wrapped__(2)
    assert str(exc.value).startswith("facilitator/session2.json: ")


@pytest.mark.parametrize("bad", [0, 6, "2", True])
def test_guide_of_an_unknown_session_is_a_user_error(bad):
    with pytest.raises(BadValueError, match="1 to 5"):
        guide_markdown(bad)


def test_only_languages_written_are_offered():
    with pytest.raises(BadValueError, match="'fr'"):
        guide_markdown(1, lang="fr")


def test_ctie_guide_writes_the_markdown_atomically(tmp_path, capsys):
    out = tmp_path / "guides" / "session3.md"
    assert cli.main(["guide", "3", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == guide_markdown(3)
    assert [p.name for p in out.parent.iterdir()] == ["session3.md"]  # no temporary file left behind
    assert cli.main(["guide", "3", "--handout"]) == 0
    assert capsys.readouterr().out.endswith(breakout_handout_markdown(3))
    assert cli.main(["guide", "7"]) == 2
    assert "1 to 5" in capsys.readouterr().err


def test_outline_still_importable_from_course_mode():
    from ctie_helpers.content import outline as moved
    from ctie_helpers.course import outline

    assert outline.pages is moved.pages and Path(moved.__file__).parent.name == "content"
