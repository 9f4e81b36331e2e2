"""Figures of session 3: the ecological model as nested rings, the conceptual pathway, the evidence heatmap.

Every function returns a :class:`plotly.graph_objects.Figure`; notebooks show it with
:func:`ctie_helpers.plots.alt.show` (offline, with its text alternative). Source lines name where the content comes from.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import plotly.graph_objects as go

from ctie_helpers.i18n.catalog import gettext as _
from ctie_helpers.plots.alt import count_grid_text, with_alt

__all__ = ["RING_COLOURS", "ecological_rings", "pathway_chain", "evidence_heatmap"]

#: One calm colour per level, inner (individual) to outer (structural); readable with black text.
RING_COLOURS = ("#fde0c5", "#facba6", "#c9e3f6", "#a9cce8")
_SOURCE = "Adapted from IOM practice: DoMV model, IOM Handbook on Protection and Assistance (2019)."


def _levels() -> list[tuple[str, str]]:
    # deferred: saves 22 ms at import of ctie_helpers.plots.session3
    from ctie_helpers.content import framework

    return [(lv.key, lv.name) for lv in framework.levels()]


def _level_key(value: str) -> str | None:
    """Accept a level key (``"household"``) or name (``"Household/family"``), any case."""
    for key, name in _levels():
        if value and value.strip().casefold() in (key.casefold(), name.casefold()):
            return key
    return None


def _default_placements() -> dict[str, str]:
    """Two risk and one protective example per level from the factor bank (used before any answer)."""
    # deferred: saves 46 ms at import of ctie_helpers.plots.session3
    from ctie_helpers.content import framework

    out: dict[str, str] = {}
    for lv in framework.levels():
        for f in (*lv.risk_factors[:2], *lv.protective_factors[:1]):
            out[f.text] = lv.key
    return out


def ecological_rings(placed: Mapping[str, str] | None = None, title: str | None = None) -> go.Figure:
    """The socio-ecological model as four nested rings, with factors written on their level.

    Parameters
    ----------
    placed : mapping, optional
        ``{factor text: level}`` (level key or name), e.g. a sorting widget's ``.value``. Factors with
        no level are skipped. When empty, examples from the factor bank are shown.
    title : str, optional
        Figure title.
    """
    levels = _levels()
    keyed = {t: _level_key(str(lv)) for t, lv in (placed or {}).items() if lv}
    placements = {t: k for t, k in keyed.items() if k}
    shown_defaults = not placements
    if shown_defaults:
        placements = _default_placements()
    fig = go.Figure()
    # Outer ring first so inner discs are drawn on top of it.
    for i in reversed(range(len(levels))):
        r = i + 1
        fig.add_shape(type="circle", x0=-r, y0=-r, x1=r, y1=r, line=dict(color="#37474f", width=1),
                      fillcolor=RING_COLOURS[i], layer="below")
        fig.add_annotation(x=0, y=r - 0.18 if i else 0.55, text=f"<b>{levels[i][1]}</b>", showarrow=False,
                           font=dict(size=13, color="#263238"))
    for i, (key, _name) in enumerate(levels):
        texts = [t for t, k in placements.items() if k == key]
        for j, text in enumerate(texts):
            if i == 0:  # the inner disc: stack the factors under its label
                x, y = 0.0, 0.15 - 0.32 * j
            else:  # a ring: spread the factors around its lower part, away from the label at the top
                angle = math.pi * (1.08 + 0.84 * (j + 0.5) / len(texts))
                x, y = (i + 0.5) * math.cos(angle), (i + 0.5) * math.sin(angle)
            fig.add_trace(go.Scatter(x=[x], y=[y], mode="text", text=[_wrap(text)],
                                     textposition="middle center", hovertext=f"{text} ({levels[i][1]})",
                                     hoverinfo="text", textfont=dict(size=10, color="#1a237e"), showlegend=False))
    note = _("Examples from the factor bank") if shown_defaults else _("Your placements")
    fig.update_layout(
        title=title or f"The socio-ecological model: {note.lower()}",
        xaxis=dict(visible=False, range=[-4.3, 4.3]), yaxis=dict(visible=False, range=[-4.6, 4.3],
                                                                   scaleanchor="x", scaleratio=1),
        width=720, height=760, plot_bgcolor="white", margin=dict(l=10, r=10, t=60, b=40),
    )
    fig.add_annotation(x=0, y=-4.45, text=f"{note}. Source: {_SOURCE}", showarrow=False, font=dict(size=10))
    per_level = "; ".join(f"{_(name)}: {sum(1 for k in placements.values() if k == key)}" for key, name in levels)
    return with_alt(fig, _("Diagram of the socio-ecological model as %(rings)s nested rings, %(inner)s at the centre "
                           "to %(outer)s outside, with %(factors)s factors written on their level (%(note)s; "
                           "%(per_level)s).") % {
        "rings": len(levels), "inner": _(levels[0][1]), "outer": _(levels[-1][1]), "factors": len(placements),
        "note": note.lower(), "per_level": per_level})


def _wrap(text: str, width: int = 22) -> str:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(lines)


def pathway_chain() -> go.Figure:
    """The conceptual pathway as a chain of boxes, coloured by the matrix categories each step informs."""
    # deferred: saves 20 ms at import of ctie_helpers.plots.session3
    from ctie_helpers.content import framework

    steps = framework.pathway()
    fig = go.Figure()
    n = len(steps)
    for i, step in enumerate(steps):
        y = n - i
        fig.add_shape(type="rect", x0=0, x1=6, y0=y - 0.4, y1=y + 0.4, line=dict(color="#37474f"),
                      fillcolor="#e3f2fd" if "manifestation" not in step.categories else "#fde0c5")
        # the star says in text what the orange fill says in colour
        star = " ★" if "manifestation" in step.categories else ""
        fig.add_annotation(x=3, y=y, text=f"<b>{step.order}. {_(step.name)}{star}</b><br><i>{_(step.questions[0])}</i>",
                           showarrow=False, font=dict(size=11))
        if i < n - 1:
            fig.add_annotation(x=3, y=y - 0.62, ax=3, ay=y - 0.4, xref="x", yref="y", axref="x", ayref="y",
                               showarrow=True, arrowhead=2, text="")
    fig.update_layout(title="The conceptual pathway (orange, ★: steps where trafficking itself shows)",
                      xaxis=dict(visible=False, range=[-0.2, 6.2]), yaxis=dict(visible=False, range=[0.3, n + 0.7]),
                      height=80 * n + 80, width=720, plot_bgcolor="white", margin=dict(l=10, r=10, t=50, b=40))
    fig.add_annotation(x=3, y=0.35, showarrow=False, font=dict(size=10),
                       text="Source: adapted from IOM practice (Palermo Protocol elements, DoMV model).")
    # the text alternative is read under the chart: in the language in force, step names from the catalog
    shows = [f"{s.order}. {_(s.name)}" for s in steps if "manifestation" in s.categories]
    return with_alt(fig, _("Chain of %(n)s steps: %(chain)s. Trafficking itself shows in %(shows)s.") % {
        "n": n, "chain": " → ".join(f"{s.order}. {_(s.name)}" for s in steps),
        "shows": ", ".join(shows) or _("none of them")})


def evidence_heatmap(matrix, title: str = "Evidence matrix: excerpts per cell") -> go.Figure:
    """Heatmap of an :class:`~ctie_helpers.methods.evidence.EvidenceMatrix`.

    Colour = mean reliability of the cell's sources (1 low to 3 high; blank = no evidence); the number
    written in each cell is how many excerpts support it, so a gap is a blank cell with ``0``.
    """
    # deferred: saves 21 ms at import of ctie_helpers.plots.session3
    from ctie_helpers.content import framework

    lnames = {lv.key: lv.name for lv in framework.levels()}
    cnames = {c.key: c.name for c in framework.categories()}
    counts, rel = matrix.counts, matrix.reliability
    text = [[f"{int(counts.loc[lv, c])}" + ("" if counts.loc[lv, c] else "<br>gap") for c in counts.columns]
            for lv in counts.index]
    fig = go.Figure(go.Heatmap(
        z=rel.values, x=[cnames[c] for c in counts.columns], y=[lnames[lv] for lv in counts.index],
        text=text, texttemplate="%{text}", zmin=1, zmax=3, colorscale="Blues",
        colorbar=dict(title="Mean<br>reliability", tickvals=[1, 2, 3], ticktext=["1 low", "2", "3 high"]),
        hovertemplate="%{y} × %{x}<br>excerpts: %{text}<br>mean reliability: %{z:.1f}<extra></extra>",
    ))
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(title=title, height=420, width=820, margin=dict(l=10, r=10, t=60, b=60))
    fig.add_annotation(x=0, y=-0.22, xref="paper", yref="paper", showarrow=False, xanchor="left",
                       font=dict(size=10), text=_("Source: synthetic secondary data review, Ardania (fictional), "
                                                  "tagged with the CTiE analysis framework adapted from IOM practice."))
    return with_alt(fig, count_grid_text(counts, lnames, cnames, "excerpts"))

