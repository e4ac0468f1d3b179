"""Server-side SVG line charts (no JavaScript), used on the pages and in the PDF report.

A chart answers "how are we doing, against whom and against what": the highlighted series (the
viewer's authority, or the report's scope) are drawn in strong colour, each with its own line
style and point marker and a label at the line's end; the other areas are thin grey context
lines; the whole country is a dashed black line; a target is a broad pale band; decision markers
are thin vertical lines with a small label (a link on the pages). Colour is never the only key:
the direct labels, the line styles and the markers tell the series apart, and the same numbers
are always in a table beside the chart. Every chart has role="img" (role="group" when it holds
links), a <title> and a <desc>.
"""

from __future__ import annotations

import base64
import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from cooperation.base.numbers import format_with_symbol

# Strong colours of the highlighted series (each ≥ 4.5:1 on white) with their line styles and markers.
COLOURS = ["#0b5394", "#b45f06", "#38761d", "#741b47", "#a61c00"]
DASHES = ["", "1.5 2.5", "8 3 2 3", "10 3", ""]
STYLES = ["solid", "dotted", "dashed", "dashed", "solid"]  # the CSS border-style of the table's swatches
MARKERS = ["circle", "square", "triangle", "diamond", "cross"]
MARKER_GLYPHS = ["●", "■", "▲", "◆", "✚"]
# The same line styles as text (box-drawing strokes) for the PDF's legend: one text run per row is
# far cheaper for WeasyPrint than a styled swatch box.
DASH_GLYPHS = ["━━", "┈┈", "╍╍", "╍╍", "━━"]
MAX_HIGHLIGHTED = 5  # more highlighted series than this: small multiples (`line_charts`)
CONTEXT_COLOUR = "#949494"
COUNTRY_COLOUR = "#000000"
COUNTRY_DASH = "6 3"
TARGET_COLOUR = "#2e7d32"
MARKER_COLOUR = "#4d4d4d"
PRINT_FONT = "Portal Sans, DejaVu Sans, sans-serif"  # templates/pdf/fonts.css
LABEL_GAP = 11  # px between two direct labels, at least
LABEL_CHARS = 26


@dataclass(frozen=True)
class Marker:
    """A decision marker: the month of the decision, a short label (e.g. "§ 12") and its address."""

    month: dt.date
    label: str
    href: str


def _marker_path(shape: str, x: float, y: float) -> str:
    """A point marker as path data, so a series' markers are one SVG node."""
    if shape == "circle":
        return f"M{x - 2.4:.1f} {y:.1f}a2.4 2.4 0 1 0 4.8 0a2.4 2.4 0 1 0 -4.8 0Z"
    if shape == "square":
        return f"M{x - 2.2:.1f} {y - 2.2:.1f}h4.4v4.4h-4.4Z"
    if shape == "triangle":
        return f"M{x:.1f} {y - 2.8:.1f}L{x + 2.8:.1f} {y + 2.2:.1f}L{x - 2.8:.1f} {y + 2.2:.1f}Z"
    if shape == "diamond":
        return f"M{x:.1f} {y - 3:.1f}L{x + 3:.1f} {y:.1f}L{x:.1f} {y + 3:.1f}L{x - 3:.1f} {y:.1f}Z"
    return (f"M{x - 0.9:.1f} {y - 3:.1f}h1.8v2.1h2.1v1.8h-2.1v2.1h-1.8v-2.1h-2.1v-1.8h2.1Z")


def _nice_range(low: float, high: float) -> tuple[float, float, float]:
    if low == high:
        low, high = low - 1, high + 1
    span = high - low
    raw_step = span / 4
    magnitude = 10 ** math.floor(math.log10(raw_step))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw_step)
    start = (low // step) * step
    end = -((-high) // step) * step
    return start, end, step


def _attr(text: str) -> str:
    return escape(text, {'"': "&quot;"})


def _short(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[:LABEL_CHARS - 1].rstrip() + "…"


def legend(count: int) -> list[dict]:
    """Swatches of highlighted series for the table beside the chart: colour, line style, marker."""
    return [{"index": k % len(COLOURS), "style": STYLES[k % len(STYLES)], "glyph": MARKER_GLYPHS[k % len(MARKERS)],
             "role": "highlight", "key": DASH_GLYPHS[k % len(DASH_GLYPHS)] + MARKER_GLYPHS[k % len(MARKERS)]}
            for k in range(count)]


COUNTRY_SWATCH = {"index": "country", "style": "dashed", "glyph": "", "role": "country", "key": "╍╍"}
CONTEXT_SWATCH = {"index": "context", "style": "solid", "glyph": "", "role": "context", "key": "──"}


def roles(labels: Sequence[str], highlight: Sequence[str] | None, country: str | None) -> dict[str, dict]:
    """Each series' swatch by label: highlighted (strong colour, in the order given), the country, or context."""
    chosen = [label for label in labels if label != country] if highlight is None else \
        [label for label in highlight if label in labels and label != country]
    swatches = dict(zip(chosen, legend(len(chosen)), strict=True))
    return {label: swatches.get(label) or (COUNTRY_SWATCH if label == country else CONTEXT_SWATCH)
            for label in labels}


def legend_rows(series: list[tuple[str, list]], highlight: Sequence[str] | None = None,
                country: str | None = None) -> list[dict]:
    """Every series of a chart for a page's table: its name and swatch (highlighted ones first)."""
    by_label = roles([label for label, _values in series], highlight, country)
    rank = {"highlight": 0, "country": 2, "context": 1}
    rows = [{"name": label, "swatch": by_label[label], "values": values} for label, values in series]
    return sorted(rows, key=lambda row: rank[row["swatch"]["role"]])


def image_src(svg: str) -> str:
    """The chart as a data: URL for an <img> in the PDF. WeasyPrint then parses it once as XML,
    instead of running every SVG node through the HTML parser and the CSS cascade as it does for
    inline SVG (about 8 % of the report's render time)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")


@dataclass(frozen=True)
class _Plot:
    """The plotting area of a chart and the scale of its values."""

    left: float
    top: float
    width: float  # of the plot, not the chart
    height: float
    months: int
    low: float
    high: float

    def x_at(self, i: int) -> float:
        return self.left + self.width * i / (self.months - 1)

    def y_at(self, v: float) -> float:
        return self.top + self.height * (1 - (v - self.low) / (self.high - self.low))

    @property
    def bottom(self) -> float:
        return self.top + self.height


def _value_axis(plot: _Plot, step: float, decimals: int, unit: str) -> list[str]:
    """Grid and value labels; the grid is one path (each SVG node costs WeasyPrint a few ms to draw)."""
    tick = plot.low
    tick_decimals = 0 if step >= 1 else max(1, decimals)
    grid, labels = [], []
    while tick <= plot.high + step / 1000:
        y = plot.y_at(tick)
        grid.append(f"M{plot.left} {y:.1f}H{plot.left + plot.width}")
        labels.append(f'<text x="{plot.left - 4}" y="{y + 3.5:.1f}" font-size="10" text-anchor="end">'
                      f"{escape(format_with_symbol(tick, tick_decimals, unit))}</text>")
        tick += step
    return [f'<path d="{"".join(grid)}" stroke="#dddddd" stroke-width="0.6"/>', *labels]


def _month_axis(plot: _Plot, months: list[dt.date], chart_height: float) -> list[str]:
    """Every sixth month and the last one labelled under the plot."""
    parts = []
    last = len(months) - 1
    for i, month in enumerate(months):
        if i % 6 == 0 or i == last:
            anchor = "end" if i == last and last % 6 else "middle"
            parts.append(f'<text x="{plot.x_at(i):.1f}" y="{chart_height - 8}" font-size="9.5" '
                         f'text-anchor="{anchor}">{month.month}/{month.year % 100:02d}</text>')
    return parts


def _segments(plot: _Plot, values: Sequence[Decimal | float | None]) -> list[list[tuple[float, float]]]:
    """The runs of consecutive values: a gap where a value is suppressed or missing, never a zero."""
    segments, current = [], []
    for i, value in enumerate(values):
        if value is None:
            if current:
                segments.append(current)
            current = []
        else:
            current.append((plot.x_at(i), plot.y_at(float(value))))
    if current:
        segments.append(current)
    return segments


def _path(segments: list[list[tuple[float, float]]]) -> str:
    return "".join("M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in segment) for segment in segments)


def _last_point(plot: _Plot, values: Sequence) -> tuple[float, float] | None:
    for i in range(len(values) - 1, -1, -1):
        if values[i] is not None:
            return plot.x_at(i), plot.y_at(float(values[i]))
    return None


def spread(wanted: list[float], low: float, high: float, gap: float = LABEL_GAP) -> list[float]:
    """Label positions as near the wanted ones as can be, at least `gap` apart and within low–high
    (labels of lines that end close together are nudged apart, keeping their order)."""
    order = sorted(range(len(wanted)), key=lambda i: wanted[i])
    placed = [min(max(wanted[i], low), high) for i in order]
    for k in range(1, len(placed)):
        placed[k] = max(placed[k], placed[k - 1] + gap)
    overflow = placed[-1] - high if placed else 0
    if overflow > 0:
        placed[-1] -= overflow
        for k in range(len(placed) - 2, -1, -1):
            placed[k] = min(placed[k], placed[k + 1] - gap)
    result = [0.0] * len(wanted)
    for k, i in enumerate(order):
        result[i] = placed[k]
    return result


def _decision_markers(plot: _Plot, months: list[dt.date], markers: Sequence, for_print: bool) -> list[str]:
    """Thin vertical lines at the decisions' months, each with a small label (a link on the pages)."""
    index = {(m.year, m.month): i for i, m in enumerate(months)}
    parts = []
    shown = 0
    for month, label, href in (tuple(m) if not isinstance(m, Marker) else (m.month, m.label, m.href)
                               for m in markers):
        i = index.get((month.year, month.month))
        if i is None:
            continue
        x = plot.x_at(i)
        y = plot.top + 2 + (shown % 2) * 11  # alternate rows: markers of nearby months do not overprint
        shown += 1
        mark = (f'<line x1="{x:.1f}" y1="{plot.top}" x2="{x:.1f}" y2="{plot.bottom:.1f}" stroke="{MARKER_COLOUR}" '
                f'stroke-width="0.8" class="decision-marker"/>'
                f'<path d="M{x:.1f} {y + 5:.1f}l-3.5 -5h7Z" fill="{MARKER_COLOUR}"/>'
                f'<text x="{x + 5:.1f}" y="{y + 6:.1f}" font-size="9" fill="#1a1a1a">{escape(label)}</text>')
        if for_print or not href:
            parts.append(mark)
        else:
            name = _("Decision %(label)s, %(month)s") % {"label": label, "month": f"{month.month}/{month.year}"}
            parts.append(f'<a href="{_attr(href)}" class="chart-marker" aria-label="{_attr(name)}">{mark}</a>')
    return parts


def line_chart(*, title: str, months: list[dt.date], series: list[tuple[str, list[Decimal | None]]],
               decimals: int = 0, unit: str = "", width: int = 720, height: int = 260,
               for_print: bool = False, highlight: Sequence[str] | None = None, country: str | None = None,
               target: Sequence[Decimal | None] | None = None, markers: Sequence = (),
               value_range: tuple[float, float] | None = None, desc: str = "") -> str:
    """series: [(label, values per month or None where suppressed/missing)].

    highlight: the labels drawn strong and labelled at their ends (None = every series but the
    country); the rest are grey context lines. country: the label of the whole country's series
    (a dashed black line). target: the target per month (None where there is none), drawn as a band.
    markers: decision markers, (month, label, href) each. value_range: a fixed scale (small multiples).
    `for_print` makes a standalone SVG image for the PDF (see `image_src`): an intrinsic size, the
    PDF's font, no tooltips and no links.
    """
    by_label = roles([label for label, _values in series], highlight, country)
    target = list(target) if target and any(v is not None for v in target) else None
    left, right, top, bottom = 50, 170, 28 if markers else 10, 24
    numbers = [float(v) for _label, values in series for v in values if v is not None]
    numbers += [float(v) for v in target or () if v is not None]
    strong = [(label, values) for label, values in series if by_label[label]["role"] == "highlight"]
    desc = desc or describe(strong=[label for label, _v in strong], country=country if country in by_label else None,
                            context=sum(1 for s in by_label.values() if s["role"] == "context"),
                            target=target is not None, markers=len(markers))
    links = bool(markers) and not for_print and any(m[2] if not isinstance(m, Marker) else m.href for m in markers)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
             f'role="{"group" if links else "img"}" aria-label="{_attr(title)}" class="chart"'
             + (f' width="{width}" height="{height}" font-family="{PRINT_FONT}">' if for_print else ">"),
             f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>"]
    if not numbers or len(months) < 2:
        parts.append(f'<text x="{left}" y="{top + 20}" font-size="12">–</text></svg>')
        return "".join(parts)
    low, high, step = _nice_range(*(value_range or (min(numbers), max(numbers))))
    plot = _Plot(left, top, width - left - right, height - top - bottom, len(months), low, high)
    parts += _value_axis(plot, step, decimals, unit)
    parts += _month_axis(plot, months, height)
    parts.append(f'<path d="M{left} {plot.bottom:.1f}H{left + plot.width}" stroke="#333333"/>')
    labels: list[tuple[float, str, str]] = []  # (y of the line's end, text, colour)
    if target:
        parts.append(f'<path d="{_path(_segments(plot, target))}" fill="none" stroke="{TARGET_COLOUR}" '
                     f'stroke-opacity="0.3" stroke-width="7" class="target"/>')
        end = _last_point(plot, target)
        value = next(v for v in reversed(target) if v is not None)
        shown = format_with_symbol(value, decimals, unit)
        labels.append((end[1], _("Target %(value)s") % {"value": shown},
                       TARGET_COLOUR))
    context = [(label, values) for label, values in series if by_label[label]["role"] == "context"]
    if for_print and context:
        path = "".join(_path(_segments(plot, values)) for _label, values in context)
        parts.append(f'<path d="{path}" fill="none" stroke="{CONTEXT_COLOUR}" stroke-width="0.7" class="context"/>')
    else:
        for label, values in context:
            parts.append(f'<path d="{_path(_segments(plot, values))}" fill="none" stroke="{CONTEXT_COLOUR}" '
                         f'stroke-width="0.7" class="context"><title>{escape(label)}</title></path>')
    for label, values in series:
        if label != country or by_label[label]["role"] != "country":
            continue
        tooltip = "" if for_print else f"<title>{escape(label)}</title>"
        parts.append(f'<path d="{_path(_segments(plot, values))}" fill="none" stroke="{COUNTRY_COLOUR}" '
                     f'stroke-width="1.3" stroke-dasharray="{COUNTRY_DASH}" class="country">{tooltip}</path>')
        if end := _last_point(plot, values):
            labels.append((end[1], label, COUNTRY_COLOUR))
    for label, values in strong:
        swatch = by_label[label]
        k = swatch["index"]
        colour, dash, shape = COLOURS[k], DASHES[k], MARKERS[k]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        tooltip = "" if for_print else f"<title>{escape(label)}</title>"
        segments = _segments(plot, values)
        parts.append(f'<path d="{_path(segments)}" fill="none" stroke="{colour}" stroke-width="2.2"{dash_attr} '
                     f'class="highlight">{tooltip}</path>')
        points = "".join(_marker_path(shape, x, y) for segment in segments for x, y in segment)
        parts.append(f'<path d="{points}" fill="{colour}"/>')
        if end := _last_point(plot, values):
            labels.append((end[1], label, colour))
    parts += _decision_markers(plot, months, markers, for_print)
    # Direct labels at the lines' ends, nudged apart where lines end close together.
    label_x = left + plot.width + 6
    for (_y, text, colour), y in zip(labels, spread([y for y, _t, _c in labels], top + 4, plot.bottom),
                                      strict=True):
        parts.append(f'<text x="{label_x:.1f}" y="{y + 3.5:.1f}" font-size="10" fill="{colour}" '
                     f'class="direct-label">{escape(_short(text))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def describe(*, strong: list[str], country: str | None, context: int, target: bool, markers: int) -> str:
    """The chart in words for its <desc>."""
    words = []
    if strong:
        words.append(_("Highlighted: %(names)s.") % {"names": ", ".join(strong)})
    if country:
        words.append(_("Dashed black line: %(name)s.") % {"name": country})
    if context:
        words.append(_("Thin grey lines: the other areas (%(count)d).") % {"count": context})
    if target:
        words.append(_("The pale green band is the target."))
    if markers:
        words.append(_("Vertical lines mark decisions."))
    words.append(_("Every value is in the table beside the chart."))
    return " ".join(words)


def line_charts(*, title: str, series: list[tuple[str, list]], highlight: Sequence[str] | None = None,
                country: str | None = None, **options) -> list[dict]:
    """One chart, or small multiples when more than MAX_HIGHLIGHTED series would be highlighted:
    charts of at most MAX_HIGHLIGHTED highlighted series each, on the same scale, the rest as context.
    Returns [{"svg", "title", "highlight"}]."""
    labels = [label for label, _values in series]
    chosen = [label for label in (labels if highlight is None else highlight) if label in labels and label != country]
    if len(chosen) <= MAX_HIGHLIGHTED:
        return [{"svg": line_chart(title=title, series=series, highlight=chosen, country=country, **options),
                 "title": title, "highlight": chosen}]
    numbers = [float(v) for _label, values in series for v in values if v is not None]
    numbers += [float(v) for v in options.get("target") or () if v is not None]
    scale = (min(numbers), max(numbers)) if numbers else None
    groups = [chosen[k:k + MAX_HIGHLIGHTED] for k in range(0, len(chosen), MAX_HIGHLIGHTED)]
    found = []
    for n, group in enumerate(groups, start=1):
        part_title = _("%(title)s (part %(n)d of %(total)d)") % {"title": title, "n": n, "total": len(groups)}
        found.append({"svg": line_chart(title=part_title, series=series, highlight=group, country=country,
                                        value_range=scale, **options), "title": part_title, "highlight": group})
    return found
