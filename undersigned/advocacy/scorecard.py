"""A tile-grid scorecard as SVG: one tile per state, grouped by UN regional group.

``render_scorecard`` is a pure function of its arguments (no database, no clock), so
its output can be cached, diffed and tested. Accessibility:

* the picture has a <title> and a <desc> with the totals, and ``role="img"``;
* every tile has its own <title> (state name, status, evidence), shown on hover and
  read by screen readers exploring the graphic;
* colour is never the only cue: each status also has a symbol printed on the tile and
  a fill pattern for the negative ones, and the colours are the Okabe-Ito palette,
  which stays distinguishable with the common colour-vision deficiencies;
* tile text is dark on light fills and white on dark ones (contrast >= 4.5:1).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from html import escape

from undersigned.advocacy.reference import GROUPS, get_state
from undersigned.advocacy.resolver import _fold


@dataclass(frozen=True)
class StatusStyle:
    fill: str
    text: str  # colour of the tile's text
    symbol: str
    pattern: str | None  # "hatch" | "cross" | "dots" | None
    label: str


# Okabe & Ito (2008) colour-blind-safe palette.
STYLES: dict[str, StatusStyle] = {
    "done": StatusStyle("#0072B2", "#FFFFFF", "✓", None, "Done"),
    "committed": StatusStyle("#56B4E9", "#000000", "C", None, "Committed"),
    "considering": StatusStyle("#F0E442", "#000000", "?", None, "Considering"),
    "asked": StatusStyle("#CC79A7", "#000000", "A", None, "Asked"),
    "declined": StatusStyle("#E69F00", "#000000", "D", "cross", "Declined"),
    "not_done": StatusStyle("#D55E00", "#000000", "✗", "hatch", "Did not"),
    "not_asked": StatusStyle("#FFFFFF", "#333333", "·", None, "Not asked yet"),
    "n_a": StatusStyle("#E0E0E0", "#333333", "–", "dots", "Not applicable"),
}
ORDER = ["done", "committed", "considering", "asked", "declined", "not_done", "not_asked", "n_a"]

GROUP_LABELS = dict(GROUPS) | {"NONE": "Not in a regional group"}

TILE_W, TILE_H, GAP = 46, 38, 4
BLOCK_GAP, MARGIN, HEADER_H, GROUP_HEAD_H = 24, 16, 56, 28
LEGEND_W, HEADING_CHAR_W, TITLE_CHAR_W = 230, 7.6, 11.5


def _pattern_defs(prefix: str) -> str:
    return (
        f'<pattern id="{prefix}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" stroke="#FFFFFF" '
        f'stroke-width="2" stroke-opacity="0.55"/></pattern>'
        f'<pattern id="{prefix}-cross" width="7" height="7" patternUnits="userSpaceOnUse">'
        f'<path d="M0 0L7 7M7 0L0 7" stroke="#FFFFFF" stroke-width="1.2" stroke-opacity="0.6"/>'
        f"</pattern>"
        f'<pattern id="{prefix}-dots" width="6" height="6" patternUnits="userSpaceOnUse">'
        f'<circle cx="3" cy="3" r="1" fill="#9E9E9E"/></pattern>'
    )


def _normalise(statuses: Mapping[str, object]) -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for code, value in statuses.items():
        state = get_state(code)  # KeyError for an unknown code
        if isinstance(value, Mapping):
            status, evidence = value.get("status"), value.get("evidence") or ""
        else:
            status, evidence = value, ""
        if status not in STYLES:
            raise ValueError(f"unknown status {status!r} for {code}")
        out[state.iso3] = (str(status), str(evidence))
    return out


def render_scorecard(
    statuses: Mapping[str, object],
    *,
    title: str,
    subtitle: str = "",
    lang: str = "en",
    labels: Mapping[str, str] | None = None,
    group_labels: Mapping[str, str] | None = None,
    symbols: Mapping[str, str] | None = None,
    legend: list[str] | None = None,
    columns: int = 6,
    id_prefix: str = "scorecard",
) -> str:
    """Render ``{iso3: status}`` (or ``{iso3: {"status", "evidence"}}``) as SVG.

    ``labels`` and ``group_labels`` translate the status and group names (English by
    default), ``symbols`` the symbol printed on each tile for a status. State names
    come from the reference data in ``lang``. Only the states given are drawn, grouped
    by regional group in the UN's order, sorted by name. The legend lists ``legend``
    (status keys, in that order) or else the statuses that occur."""
    if columns < 1:
        raise ValueError("columns must be at least 1")
    data = _normalise(statuses)
    status_label = {k: (labels or {}).get(k, s.label) for k, s in STYLES.items()}
    symbol = {k: (symbols or {}).get(k, s.symbol) for k, s in STYLES.items()}
    if legend is not None and (unknown := [k for k in legend if k not in STYLES]):
        raise ValueError(f"unknown status in legend: {unknown}")
    group_label = {k: (group_labels or {}).get(k, v) for k, v in GROUP_LABELS.items()}
    prefix = "".join(c for c in id_prefix if c.isalnum() or c in "-_") or "scorecard"

    blocks: list[tuple[str, list[str]]] = []
    for group in [*GROUPS, "NONE"]:
        codes = [c for c in data if (get_state(c).group or "NONE") == group]
        if codes:
            codes.sort(key=lambda c: _fold(get_state(c).name_in(lang)))
            blocks.append((group, codes))

    grid_w = columns * (TILE_W + GAP) - GAP
    headings = [f"{group_label[g]} ({len(codes)})" for g, codes in blocks]
    # A block is as wide as its tiles or its heading (estimated: 13px bold text).
    block_x: list[int] = []
    x = MARGIN
    for heading in headings:
        block_x.append(x)
        x += max(grid_w, math.ceil(len(heading) * HEADING_CHAR_W)) + BLOCK_GAP
    rows = max((len(codes) + columns - 1) // columns for _, codes in blocks) if blocks else 0
    grid_h = rows * (TILE_H + GAP)
    counts = dict.fromkeys(ORDER, 0)
    for status, _ in data.values():
        counts[status] += 1
    keys = list(legend) if legend is not None else [k for k in ORDER if counts[k]]
    legend_y = MARGIN + HEADER_H + GROUP_HEAD_H + grid_h + 12
    legend_rows = (len(keys) + 3) // 4
    height = legend_y + legend_rows * 26 + MARGIN
    width = max(
        x - BLOCK_GAP + MARGIN,
        MARGIN * 2 + min(len(keys), 4) * LEGEND_W,
        MARGIN * 2 + math.ceil(len(title) * TITLE_CHAR_W),
    )
    summary = ", ".join(f"{status_label[k]}: {counts[k]}" for k in ORDER if counts[k])
    desc = f"{len(data)} states. {summary}." if data else "No states."

    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" lang="{escape(lang)}" '
        f'aria-labelledby="{prefix}-title {prefix}-desc" '
        f"font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif\">",
        f'<title id="{prefix}-title">{escape(title)}</title>',
        f'<desc id="{prefix}-desc">{escape(desc)}</desc>',
        f"<defs>{_pattern_defs(prefix)}</defs>",
        f'<rect width="{width}" height="{height}" fill="#FFFFFF"/>',
        f'<text x="{MARGIN}" y="{MARGIN + 20}" font-size="20" font-weight="700" '
        f'fill="#000000">{escape(title)}</text>',
    ]
    if subtitle:
        out.append(
            f'<text x="{MARGIN}" y="{MARGIN + 42}" font-size="13" fill="#333333">'
            f"{escape(subtitle)}</text>"
        )

    top = MARGIN + HEADER_H
    for b, (group, codes) in enumerate(blocks):
        x0 = block_x[b]
        out.append(f'<g class="group" data-group="{group}">')
        out.append(
            f'<text x="{x0}" y="{top + 16}" font-size="13" font-weight="700" fill="#000000">'
            f"{escape(headings[b])}</text>"
        )
        for n, code in enumerate(codes):
            status, evidence = data[code]
            style = STYLES[status]
            x = x0 + (n % columns) * (TILE_W + GAP)
            y = top + GROUP_HEAD_H + (n // columns) * (TILE_H + GAP)
            name = get_state(code).name_in(lang)
            tip = f"{name}: {status_label[status]}" + (f" — {evidence}" if evidence else "")
            out.append(f'<g class="tile" data-state="{code}" data-status="{status}">')
            out.append(f"<title>{escape(tip)}</title>")
            out.append(
                f'<rect x="{x}" y="{y}" width="{TILE_W}" height="{TILE_H}" rx="4" '
                f'fill="{style.fill}" stroke="#5F5F5F" stroke-width="1"/>'
            )
            if style.pattern:  # below the code, so the code stays on a plain fill
                out.append(
                    f'<rect x="{x + 1}" y="{y + 19}" width="{TILE_W - 2}" height="{TILE_H - 20}" '
                    f'rx="3" fill="url(#{prefix}-{style.pattern})"/>'
                )
            cx = x + TILE_W / 2
            out.append(
                f'<text x="{cx:g}" y="{y + 15}" font-size="12" font-weight="700" '
                f'text-anchor="middle" fill="{style.text}">{code}</text>'
            )
            out.append(
                f'<text x="{cx:g}" y="{y + 32}" font-size="14" text-anchor="middle" '
                f'fill="{style.text}" aria-hidden="true">{escape(symbol[status])}</text>'
            )
            out.append("</g>")
        out.append("</g>")

    out.append(f'<g class="legend" transform="translate({MARGIN},{legend_y})">')
    for n, key in enumerate(keys):
        style = STYLES[key]
        lx, ly = (n % 4) * LEGEND_W, (n // 4) * 26
        out.append(f'<g data-status="{key}">')
        out.append(
            f'<rect x="{lx}" y="{ly}" width="20" height="20" rx="3" fill="{style.fill}" '
            f'stroke="#5F5F5F"/>'
        )
        if style.pattern:
            out.append(
                f'<rect x="{lx}" y="{ly}" width="20" height="20" rx="3" '
                f'fill="url(#{prefix}-{style.pattern})"/>'
            )
        out.append(
            f'<text x="{lx + 10}" y="{ly + 15}" font-size="12" text-anchor="middle" '
            f'fill="{style.text}" aria-hidden="true">{escape(symbol[key])}</text>'
        )
        out.append(
            f'<text x="{lx + 28}" y="{ly + 15}" font-size="13" fill="#000000">'
            f"{escape(status_label[key])} ({counts[key]})</text>"
        )
        out.append("</g>")
    out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)
