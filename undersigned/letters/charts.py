"""The letter page's chart of sign-ons per day by status: geometry for a small SVG drawn by
the server (``templates/manage/_signons_chart.html``), no script and nothing from another
server. Pure functions of the counts (``selectors.signons_per_day``), so they are tested
without a browser. More than ``MAX_BARS`` days are drawn a week per bar."""

import datetime as dt
from dataclasses import dataclass, field

from undersigned.letters.models import SignatureState

# Bottom to top. Colours keep 3:1 contrast against white (WCAG 1.4.11); the legend and the
# table beside the chart say the same without colour.
ORDER = (SignatureState.APPROVED, SignatureState.CONFIRMED, SignatureState.PENDING,
         SignatureState.REJECTED, SignatureState.WITHDRAWN)
COLOURS = {SignatureState.APPROVED: "#1d6b2f", SignatureState.CONFIRMED: "#0b5394",
           SignatureState.PENDING: "#a35200", SignatureState.REJECTED: "#8a1c4a",
           SignatureState.WITHDRAWN: "#6b6b6b"}
MAX_BARS = 90
WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 640, 160, 36, 22, 8


@dataclass
class Bar:
    start: dt.date
    days: int  # 1, or 7 for a week
    counts: dict[str, int]
    x: float = 0
    width: float = 0
    segments: list[dict] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class Chart:
    bars: list[Bar]
    peak: int
    weekly: bool
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    baseline: int = HEIGHT - BOTTOM
    ticks: list[dict] = field(default_factory=list)
    legend: list[dict] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(b.total for b in self.bars)


def _weekly(days):
    weeks: dict[dt.date, dict[str, int]] = {}
    for day, counts in days:
        start = day - dt.timedelta(days=day.weekday())
        bucket = weeks.setdefault(start, {})
        for state, n in counts.items():
            bucket[state] = bucket.get(state, 0) + n
    return [Bar(start=start, days=7, counts=c) for start, c in sorted(weeks.items())]


def chart(days: list[tuple[dt.date, dict[str, int]]], *, labels: dict[str, str]) -> Chart | None:
    """The chart of ``days`` ([(day, {state: n})], as ``signons_per_day`` gives), or None
    when nothing came in yet. ``labels``: each status's name in the interface language."""
    if not days:
        return None
    weekly = len(days) > MAX_BARS
    bars = _weekly(days) if weekly else [Bar(start=d, days=1, counts=c) for d, c in days]
    peak = max(1, max(b.total for b in bars))
    plot_w, plot_h = WIDTH - LEFT - 4, HEIGHT - BOTTOM - TOP
    step = plot_w / len(bars)
    for i, bar in enumerate(bars):
        bar.x = round(LEFT + i * step + step * 0.1, 2)
        bar.width = round(max(step * 0.8, 1), 2)
        y = HEIGHT - BOTTOM
        for state in ORDER:
            n = bar.counts.get(state, 0)
            if not n:
                continue
            h = plot_h * n / peak
            y -= h
            bar.segments.append({"state": state, "n": n, "y": round(y, 2), "h": round(h, 2),
                                 "colour": COLOURS[state], "label": labels.get(state, state)})
    ticks = sorted({0, peak // 2, peak})
    return Chart(bars=bars, peak=peak, weekly=weekly,
                 ticks=[{"value": t, "y": round(HEIGHT - BOTTOM - plot_h * t / peak, 2)}
                        for t in ticks],
                 legend=[{"state": s, "colour": COLOURS[s], "label": labels.get(s, s)}
                         for s in ORDER])
