"""Facilitator guides and breakout handouts as Markdown, one per live session.

The plan (timing, messages, misconceptions, prompts, breakout) is content data
(:mod:`ctie_helpers.content.facilitation`); every fact the guide shows that another registry owns is read
from it here: the session title and chapters (curriculum), each segment's Guide chapter and sections (its
agenda points), notebook titles and stated minutes (the notebooks themselves), PIM principles, matrix and
process, framework levels and categories, indicator names with their provenance, headline figures with
their source. So a guide cannot disagree with the notebooks.

``guide_markdown`` and ``breakout_handout_markdown`` are the interface the course site and ``ctie guide``
call.
"""

from __future__ import annotations

from pathlib import Path

from ctie_helpers import content
from ctie_helpers.content.agenda import AgendaPoint, agenda_point
from ctie_helpers.content.facilitation import SESSION_MINUTES, Breakout, Plan, Segment, plan
from ctie_helpers.content.outline import Page, pages
from ctie_helpers.errors import BadValueError
from ctie_helpers.paths import NOTEBOOKS_DIR, SESSIONS

__all__ = ["LANGUAGES", "breakout_handout_markdown", "guide_markdown", "notebook_pages", "schedule"]

#: Languages the guides are written in (French and Spanish come with the course's translations).
LANGUAGES = ("en",)

_MODE = {"together": "together, on the shared screen", "alone": "alone", "groups": "in breakout groups"}


def _session(n: object) -> int:
    if not isinstance(n, int) or isinstance(n, bool) or n not in range(1, 6):
        raise BadValueError(f"session must be a number from 1 to 5, not {n!r}")
    return n


def notebook_pages(session: int, root: Path | None = None) -> dict[str, Page]:
    """The session's notebooks by stem, with the title and minutes each states (read from the files)."""
    folder = SESSIONS[_session(session) - 1]
    return {p.stem: p for p in pages(root or NOTEBOOKS_DIR) if p.session == folder}


def schedule(session: int) -> list[tuple[int, int, Segment]]:
    """``(start, end, segment)`` in minutes from the start of the session, in order."""
    out, t = [], 0
    for seg in plan(_session(session)).segments:
        out.append((t, t + seg.minutes, seg))
        t += seg.minutes
    return out


def _clock(minute: int) -> str:
    return f"{minute // 60}:{minute % 60:02d}"


def _chapters(points: tuple[AgendaPoint, ...], n: int) -> str:
    if not points:
        return ", ".join(str(c) for c in content.session(n).chapters)
    chapters = sorted({c for p in points for c in p.chapters})
    sections = sorted({s for p in points for s in p.guide_sections}, key=lambda s: tuple(map(int, s.split("."))))
    text = ", ".join(str(c) for c in chapters)
    if not sections:
        return text
    return text + f" ({'sections' if len(sections) > 1 else 'section'} {', '.join(sections)})"


def _shown(refs: tuple[str, ...]) -> list[str]:
    """Markdown lines for registry entries named in ``show``, read from the registries."""
    lines: list[str] = []
    for ref in refs:
        if ref == "pim_principles":
            lines += [f"{p.number}. **{p.name}**: {p.paraphrase}" for p in content.principles()]
        elif ref == "pim_matrix":
            lines += [f"- **{m.name}**: {m.description}" for m in content.matrix()]
        elif ref == "pim_process":
            lines += [f"{s.order}. **{s.name}**: {s.description}" for s in content.process()]
        elif ref == "framework_levels":
            lines += [f"- **{lv.name}**: {lv.definition}" for lv in content.levels()]
        elif ref == "framework_categories":
            lines += [f"{c.number}. **{c.name}**: {c.description}" for c in content.categories()]
        elif ref.startswith("indicator:"):
            ind = content.indicator(ref.split(":", 1)[1])
            lines.append(f"- {ind.id} {ind.name} (sources: {', '.join(ind.sources)}; {ind.provenance})")
        elif ref.startswith("figure:"):
            lines.append(f"- {content.figure(ref.split(':', 1)[1])}")
    return lines


def _segment_lines(start: int, end: int, seg: Segment, p: Plan, nbs: dict[str, Page]) -> list[str]:
    n = p.session
    points = tuple(agenda_point(pid) for pid in seg.points)
    head = f"### {_clock(start)}–{_clock(end)} · {seg.title} ({seg.minutes} min)"
    lines = [head, ""]
    if seg.mode:
        lines.append(f"- **How:** {_MODE[seg.mode]}")
    lines.append(f"- **Guide chapter:** {_chapters(points, n)}")
    if points:
        lines.append("- **Agenda points:** " + "; ".join(f"{pt.id} {pt.title}" for pt in points))
    if seg.check:
        lines.append(f"- **Knowledge check:** exercise `{p.knowledge_checks[seg.check]}`; every trainee answers alone")
    if seg.notebook:
        page = nbs.get(seg.notebook)
        title = page.title if page else seg.notebook
        stated = f"; about {page.minutes} minutes when worked alone" if page and page.minutes else ""
        lines.append(f"- **Notebook:** `{seg.notebook}`, *{title}*{stated}")
        if seg.exercises:
            lines.append("- **Items:** " + ", ".join(f"`{e}`" for e in seg.exercises))
    if seg.kind == "breakout":
        lines.append(f"- **Breakout:** *{p.breakout.title}*; see the breakout section below and its handout")
    for title, items in (("Key messages", seg.key_messages), ("Discussion prompts", seg.prompts)):
        if items:
            lines += ["", f"**{title}**", ""] + [f"- {m}" for m in items]
    if seg.misconceptions:
        lines += ["", "**Common misconceptions, and how to answer them**", ""]
        lines += [f"- *\"{m.claim}\"* {m.answer}" for m in seg.misconceptions]
    if seg.show:
        lines += ["", "**On the slide** (from the course registries)", "", *_shown(seg.show)]
    return [*lines, ""]


def _breakout_lines(b: Breakout, *, facilitator: bool) -> list[str]:
    lines = ["**Situation.** " + b.situation, "", "**Your task**", ""]
    lines += [f"{i}. {t}" for i, t in enumerate(b.task, start=1)]
    lines += ["", "**Roles**", ""] + [f"- **{r.name}**: {r.brief}" for r in b.roles]
    lines += ["", "**Steps**", ""] + [f"{i}. {t}" for i, t in enumerate(b.handout, start=1)]
    if b.show:
        lines += ["", "**Reference**", "", *_shown(b.show)]
    if facilitator:
        lines += ["", "**Debrief (facilitator only)**", ""] + [f"- {d}" for d in b.debrief]
    return [*lines, ""]


def _check_lang(lang: str) -> None:
    if lang not in LANGUAGES:
        raise BadValueError(f"the guides are written in {', '.join(LANGUAGES)} for now, not {lang!r}")


def guide_markdown(session: int, lang: str = "en") -> str:
    """The facilitator guide of live session ``session`` (1-5) as Markdown.

    Raises
    ------
    BadValueError
        For a session outside 1-5 or a language the guides are not written in.
    """
    n = _session(session)
    _check_lang(lang)
    p, s = plan(n), content.session(n)
    nbs = notebook_pages(n)
    total = sum(seg.minutes for seg in p.segments)
    lines = [f"# Facilitator guide · Session {n}: {s.title}", "",
             f"Guide chapter(s) {', '.join(map(str, s.chapters))} · {total} minutes live "
             f"(a session is {SESSION_MINUTES}) · knowledge checks `{p.knowledge_checks['before']}` and "
             f"`{p.knowledge_checks['after']}`", "",
             "Scenarios are set in the Republic of Ardania, a fictional country; all data in the notebooks are "
             "synthetic. Reconstructed lists are marked as adapted from IOM practice.", "",
             "## Plan at a glance", "", "| Time | Minutes | Segment | Notebook |", "|---|---|---|---|"]
    for start, end, seg in schedule(n):
        nb = f"`{seg.notebook}`" if seg.notebook else ""
        lines.append(f"| {_clock(start)}–{_clock(end)} | {seg.minutes} | {seg.title} | {nb} |")
    lines += ["", "## Segment by segment", ""]
    for start, end, seg in schedule(n):
        lines += _segment_lines(start, end, seg, p, nbs)
    lines += [f"## Breakout: {p.breakout.title}", "", *_breakout_lines(p.breakout, facilitator=True)]
    lines += ["## After the session: items to do alone", ""]
    for stem, items in p.after_session.items():
        page = nbs.get(stem)
        stated = f" (about {page.minutes} minutes)" if page and page.minutes else ""
        lines.append(f"- `{stem}`, *{page.title if page else stem}*{stated}: " + ", ".join(f"`{e}`" for e in items))
    return "\n".join(lines).rstrip() + "\n"


def breakout_handout_markdown(session: int) -> str:
    """The trainees' handout for session ``session``'s breakout: situation, task, roles, steps; no debrief."""
    n = _session(session)
    p = plan(n)
    lines = [f"# Session {n} breakout: {p.breakout.title}", "",
             f"*{content.session(n).title}* · Ardania is a fictional country.", ""]
    return "\n".join([*lines, *_breakout_lines(p.breakout, facilitator=False)]).rstrip() + "\n"
