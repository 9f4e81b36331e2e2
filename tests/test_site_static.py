"""Exercises printed as questions for the static course site, and the site's link rewriting (no kernel)."""

from __future__ import annotations

from ctie_helpers.site.render import rewrite_links
from ctie_helpers.widgets import SingleChoice, SortIntoBins
from ctie_helpers.widgets.static import to_markdown


def _bins(**kw):
    return SortIntoBins("s9_demo_bins", "Sort the statements.", {"r": "Recruiting workers", "l": "Lying about wages"},
                        ["Act", "Means"], store=None, **kw)


def test_practice_item_lists_its_statements_and_groups_but_no_answer_for_trainees():
    text = to_markdown(_bins(key={"r": "Act", "l": "Means"}, explanation="Act is what is done."))
    assert "Sort the statements." in text and "**Act**, **Means**" in text
    assert "- Recruiting workers → ______" in text and "- Lying about wages → ______" in text
    assert "Act is what is done" not in text and "s9_demo_bins" in text


def test_facilitator_view_shows_each_statement_in_its_group_and_the_explanation():
    text = to_markdown(_bins(key={"r": "Act", "l": "Means"}, explanation="Act is what is done."), answers=True)
    assert "- Recruiting workers → **Act**" in text and "- Lying about wages → **Means**" in text
    assert "*Why:* Act is what is done." in text


def test_graded_item_takes_its_key_from_the_caller_and_shows_its_points():
    widget = SingleChoice("s9_demo_choice", "Which one?", {"a": "Option A", "b": "Option B"}, graded=True, points=2,
                          store=None)
    assert "(2 points, graded)" in to_markdown(widget)
    assert "✓" not in to_markdown(widget, answers=True)  # no key known: nothing marked
    shown = to_markdown(widget, answers=True, key="b")
    assert "- ○ Option B ✓ **(answer)**" in shown and "- ○ Option A\n" in shown + "\n"


def test_notebook_links_point_at_built_pages_and_unbuilt_ones_lose_their_target():
    built = {"session1_tip_basics/02_b.html", "START_HERE.html"}.__contains__
    page = ('<a href="02_b.ipynb">next</a> <a href="../START_HERE.ipynb#map">map</a> '
            '<a href="app_mse.ipynb">app</a> <a href="https://example.org/x.ipynb">web</a>')
    out = rewrite_links(page, "session1_tip_basics", built)
    assert '<a href="02_b.html">next</a>' in out and '<a href="../START_HERE.html#map">map</a>' in out
    assert "app_mse" not in out and 'data-offline="1">app</a>' in out
    assert 'href="https://example.org/x.ipynb"' in out


def test_site_pages_carry_handouts_for_all_and_guides_for_facilitators_only():
    from ctie_helpers.commands.site import extra_pages

    trainee = extra_pages(facilitator=False)
    assert [p.title for p in trainee] == [f"Session {n} breakout handout" for n in range(1, 6)]
    assert not any("Facilitator guide" in p.markdown or "Debrief" in p.markdown for p in trainee)
    facilitator = extra_pages(facilitator=True)
    guides = [p for p in facilitator if p.title.endswith("facilitator guide")]
    assert len(facilitator) == 10 and len(guides) == 5
    assert all(p.markdown.startswith(f"# Facilitator guide · Session {n}") for n, p in enumerate(guides, 1))


def test_knowledge_check_prints_each_question_with_its_options_and_the_key_only_for_facilitators():
    from ctie_helpers.widgets import ChoiceSet

    check = ChoiceSet("s9_check_before", "Before we start.", [
        ("q1", "Which element is missing?", {"a": "The act", "b": "The means"}),
        ("q2", "Is consent relevant for a child?", {"a": "Yes", "b": "No"}),
    ], key={"q1": "b", "q2": "b"}, reveal=False, store=None)
    trainee = to_markdown(check)
    assert "1. Which element is missing?" in trainee and "2. Is consent relevant for a child?" in trainee
    assert "    - ○ The act" in trainee and "    - ○ The means" in trainee and "✓" not in trainee
    facilitator = to_markdown(check, answers=True)
    assert "    - ○ The means ✓ **(answer)**" in facilitator and "    - ○ No ✓ **(answer)**" in facilitator
    assert "    - ○ The act ✓" not in facilitator
