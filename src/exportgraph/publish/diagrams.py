"""Small diagrams drawn on the server as SVG: the chain of legal bases, a regime's members.

Inline SVG needs no script, works offline and prints; every box is a link to its page and
carries the full label as a <title> tooltip.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping, Sequence
from typing import cast
from xml.sax.saxutils import escape, quoteattr

from exportgraph.publish.sections import ChainStep, Participant, chain_levels
from exportgraph.publish.terms import ResourceDescription, Term

BOX_WIDTH, BOX_HEIGHT, GAP_X, GAP_Y, MARGIN = 250, 58, 24, 46, 8
DETOUR = 44  # room on the left for steps that skip a level
CELL_WIDTH, CELL_HEIGHT, COLUMNS = 58, 34, 10
# A diagram wider than this keeps a minimum width on a phone and scrolls in its own box, so
# its 11-12 px labels are not shrunk below reading size.
NARROW = 400

Link = Callable[[str], str]


def chain_svg(
    levels: Sequence[Sequence[Term]],
    steps: Sequence[ChainStep],
    link: Link,
    relation_names: dict[str, str],
    title: str,
) -> str:
    """Draw the chain of legal bases: the resource on top, each basis a row further down."""
    widest = max((len(row) for row in levels), default=1)
    width = widest * BOX_WIDTH + (widest - 1) * GAP_X + 2 * MARGIN + DETOUR
    height = len(levels) * BOX_HEIGHT + (len(levels) - 1) * GAP_Y + 2 * MARGIN
    depth_of = {node.iri: depth for depth, row in enumerate(levels) for node in row}
    # The target of a step over a level stands first in its row, so the step can come round
    # the left and enter it from the side without crossing a box.
    far = {
        s.target.iri
        for s in steps
        if s.source.iri in depth_of and depth_of.get(s.target.iri, 0) - depth_of[s.source.iri] > 1
    }
    levels = [sorted(row, key=lambda node: node.iri not in far) for row in levels]
    where: dict[str, tuple[float, float]] = {}
    boxes = []
    for depth, row in enumerate(levels):
        row_width = len(row) * BOX_WIDTH + (len(row) - 1) * GAP_X
        x0 = DETOUR + (width - DETOUR - row_width) / 2
        y = MARGIN + depth * (BOX_HEIGHT + GAP_Y)
        for i, node in enumerate(row):
            x = x0 + i * (BOX_WIDTH + GAP_X)
            where[node.iri or ""] = (x, y)
            boxes.append(_box(node, x, y, link, start=depth == 0))
    arrows, labels = [], []
    detours = 0
    for step in steps:
        if step.source.iri not in where or step.target.iri not in where:
            continue
        sx, sy = where[step.source.iri or ""]
        tx, ty = where[step.target.iri or ""]
        if ty <= sy:
            continue  # drawn levels only point down; a same-level step would cross a box
        label = escape(relation_names.get(step.relation, step.relation))
        if ty - sy > BOX_HEIGHT + GAP_Y:
            # A step over a level runs left of every box below its start and enters its
            # target (first in its row) from the side, so it crosses no box.
            passed = [x for x, y in where.values() if sy < y <= ty]
            lane = min([*passed, sx]) - 12 - 8 * detours
            detours += 1
            first = all(x >= sx for x, y in where.values() if y == sy)
            x1, y1 = (sx, sy + BOX_HEIGHT / 2) if first else (sx + BOX_WIDTH / 4, sy + BOX_HEIGHT)
            x2, y2 = tx, ty + BOX_HEIGHT / 2
            start = f"M{x1:.0f},{y1:.0f}" + ("" if first else f" V{y1 + GAP_Y / 4:.0f}")
            arrows.append(
                f'<path d="{start} H{lane:.0f} V{y2:.0f} H{x2 - 2:.0f}" class="edge" '
                'fill="none" marker-end="url(#arrow)"/>'
            )
            # The label stands along the lane, turned, where no box can hide it.
            middle = (y1 + y2) / 2
            labels.append(
                f'<text x="{lane - 4:.0f}" y="{middle:.0f}" class="edge-label" '
                f'text-anchor="middle" transform="rotate(-90 {lane - 4:.0f} {middle:.0f})">'
                f"{label}</text>"
            )
            continue
        x1, y1 = sx + BOX_WIDTH / 2, sy + BOX_HEIGHT
        x2, y2 = tx + BOX_WIDTH / 2, ty
        arrows.append(
            f'<line x1="{x1:.0f}" y1="{y1:.0f}" x2="{x2:.0f}" y2="{y2 - 2:.0f}" '
            f'class="edge" marker-end="url(#arrow)"/>'
        )
        labels.append(
            f'<text x="{(x1 + x2) / 2 + 4:.0f}" y="{(y1 + y2) / 2 + 4:.0f}" class="edge-label">'
            f"{label}</text>"
        )
    wide = " wide" if width > NARROW else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="diagram chain{wide}" role="img" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}">'
        f"<title>{escape(title)}</title>"
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#12355b"/></marker>'
        "</defs>" + "".join(arrows) + "".join(boxes) + "".join(labels) + "</svg>"
    )


def _box(node: Term, x: float, y: float, link: Link, start: bool) -> str:
    lines = textwrap.wrap(node.text, 36)[:3]
    if len(textwrap.wrap(node.text, 36)) > 3:
        lines[-1] = lines[-1][:33] + "…"
    first = y + (BOX_HEIGHT - 15 * len(lines)) / 2 + 12
    text = "".join(
        f'<tspan x="{x + BOX_WIDTH / 2:.0f}" y="{first + 15 * i:.0f}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    shape = (
        f'<rect x="{x:.0f}" y="{y:.0f}" width="{BOX_WIDTH}" height="{BOX_HEIGHT}" rx="6" '
        f'class="{"node start" if start else "node"}"/>'
        f'<text class="node-label" text-anchor="middle">{text}</text>'
    )
    href = quoteattr(link(node.iri)) if node.iri else None
    inner = f"<title>{escape(node.text)}</title>{shape}"
    return f"<a href={href}>{inner}</a>" if href else f"<g>{inner}</g>"


def participants_svg(participants: Sequence[Participant], link: Link, title: str) -> str:
    """Draw a regime's participating states as a grid of ISO 3166 alpha-3 codes."""
    rows = max(1, -(-len(participants) // COLUMNS))
    width = COLUMNS * CELL_WIDTH + 2 * MARGIN
    height = rows * CELL_HEIGHT + 2 * MARGIN
    cells = []
    for i, member in enumerate(participants):
        x = MARGIN + (i % COLUMNS) * CELL_WIDTH
        y = MARGIN + (i // COLUMNS) * CELL_HEIGHT
        tip = member.state.text + (f" ({member.since})" if member.since else "")
        href = quoteattr(link(member.state.iri)) if member.state.iri else '""'
        cells.append(
            f"<a href={href}><title>{escape(tip)}</title>"
            f'<rect x="{x + 2}" y="{y + 2}" width="{CELL_WIDTH - 4}" height="{CELL_HEIGHT - 4}" '
            f'rx="4" class="cell"/>'
            f'<text x="{x + CELL_WIDTH / 2:.0f}" y="{y + CELL_HEIGHT / 2 + 5:.0f}" '
            f'text-anchor="middle" class="cell-label">{escape(member.iso3)}</text></a>'
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="diagram grid wide" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">'
        f"<title>{escape(title)}</title>" + "".join(cells) + "</svg>"
    )


def resource_diagrams(
    description: ResourceDescription, link: Link, words: Mapping[str, str]
) -> dict[str, str]:
    """The diagrams of a resource page: its chain of legal bases, a regime's participants.

    Args:
        description: the page's description (describe.describe).
        link: the URL of a resource's page, from its IRI.
        words: the page's words: the relation names, "chain" and "participants" as titles.
    """
    diagrams = {}
    chain = cast(tuple[ChainStep, ...], description.sections.get("chain", ()))
    if chain:
        levels = chain_levels(chain, description.iri)
        names = {k: words[k] for k in ("based_on", "permitted_by", "part_of")}
        diagrams["chain"] = chain_svg(levels, chain, link, names, words["chain"])
    participants = cast(tuple[Participant, ...], description.sections.get("participants", ()))
    if participants:
        diagrams["participants"] = participants_svg(participants, link, words["participants"])
    return diagrams
