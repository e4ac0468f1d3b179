"""Server-side SVG line charts (no JavaScript), used on the pages and in the PDF report.

Every chart has a <title>/<desc> and role="img"; the same numbers are always shown in a table
beside it, so the chart is never the only way to read a value. Series differ by dash pattern
and marker shape as well as colour, so colour is not needed to tell them apart.
"""

from __future__ import annotations

import base64
import datetime as dt
import math
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

COLOURS = ["#0b5394", "#b45f06", "#38761d", "#741b47", "#444444", "#a61c00", "#134f5c", "#7f6000",
           "#351c75", "#666666", "#0c343d", "#783f04", "#000000"]
DASHES = ["", "6 3", "1.5 2.5"]  # = CSS border-style solid, dashed, dotted (legend swatches)
MARKERS = ["circle", "square", "triangle", "diamond"]
MARKER_GLYPHS = ["●", "■", "▲", "◆"]
# The same line styles as text (box-drawing strokes) for the PDF's legend: one text run per row is
# far cheaper for WeasyPrint than a styled swatch box.
DASH_GLYPHS = ["━━", "╍╍", "┈┈"]
PRINT_FONT = "Portal Sans, DejaVu Sans, sans-serif"  # templates/pdf/fonts.css


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.2" fill="{colour}"/>'
    if shape == "square":
        return f'<rect x="{x - 2:.1f}" y="{y - 2:.1f}" width="4" height="4" fill="{colour}"/>'
    if shape == "triangle":
        return (f'<path d="M{x:.1f} {y - 2.6:.1f}L{x + 2.6:.1f} {y + 2:.1f}L{x - 2.6:.1f} {y + 2:.1f}Z" '
                f'fill="{colour}"/>')
    return (f'<path d="M{x:.1f} {y - 2.8:.1f}L{x + 2.8:.1f} {y:.1f}L{x:.1f} {y + 2.8:.1f}L{x - 2.8:.1f} {y:.1f}Z" '
            f'fill="{colour}"/>')


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


def _fmt(value: float, decimals: int) -> str:
    return f"{value:,.{decimals}f}".replace(",", "\u202f").replace(".", ",")


def legend(count: int) -> list[dict]:
    """Swatches for the legend, which lives in the HTML table beside the chart (SVG text is slow in
    WeasyPrint, and a table row header is what a screen reader reads anyway)."""
    return [{"index": k % len(COLOURS), "style": ("solid", "dashed", "dotted")[k % len(DASHES)],
             "glyph": MARKER_GLYPHS[k % len(MARKERS)],
             "key": DASH_GLYPHS[k % len(DASHES)] + MARKER_GLYPHS[k % len(MARKERS)]} for k in range(count)]


def legend_rows(series: list[tuple[str, list]]) -> list[dict]:
    """The legend of a chart's series for a page's table: each series' name with its swatch."""
    swatches = legend(len(series))
    return [{"name": name, "swatch": swatch} for (name, _values), swatch in zip(series, swatches, strict=True)]


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


def _value_axis(plot: _Plot, step: float, decimals: int, unit: str, right_edge: float) -> list[str]:
    """Grid and value labels; the grid is one path (each SVG node costs WeasyPrint a few ms to draw)."""
    tick = plot.low
    tick_decimals = 0 if step >= 1 else max(1, decimals)
    grid, labels = [], []
    while tick <= plot.high + step / 1000:
        y = plot.y_at(tick)
        grid.append(f"M{plot.left} {y:.1f}H{right_edge}")
        labels.append(f'<text x="{plot.left - 4}" y="{y + 3.5:.1f}" font-size="10" text-anchor="end">'
                      f"{_fmt(tick, tick_decimals)}{escape(unit)}</text>")
        tick += step
    return [f'<path d="{"".join(grid)}" stroke="#cccccc" stroke-width="0.6"/>', *labels]


def _month_axis(plot: _Plot, months: list[dt.date], chart_height: float) -> list[str]:
    """Every sixth month and the last one labelled under the plot."""
    parts = []
    last = len(months) - 1
    for i, month in enumerate(months):
        if i % 6 == 0 or i == last:
            anchor = "end" if i == last else "middle"  # the last label would be cut at the edge
            parts.append(f'<text x="{plot.x_at(i):.1f}" y="{chart_height - 10}" font-size="9.5" '
                         f'text-anchor="{anchor}">{month.month}/{month.year % 100:02d}</text>')
    return parts


def _segments(plot: _Plot, values: list[Decimal | None]) -> list[list[tuple[float, float]]]:
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


def _series(plot: _Plot, k: int, label: str, values: list[Decimal | None], for_print: bool) -> list[str]:
    """One series: its line in its colour and dash pattern, with its marker at the end of each run."""
    colour, dash, shape = COLOURS[k % len(COLOURS)], DASHES[k % len(DASHES)], MARKERS[k % len(MARKERS)]
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    tooltip = "" if for_print else f"<title>{escape(label)}</title>"
    parts = []
    for segment in _segments(plot, values):
        points = " ".join(f"{x:.0f},{y:.0f}" for x, y in segment)
        parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="1.4"{dash_attr}>'
                     f"{tooltip}</polyline>")
        last_x, last_y = segment[-1]
        parts.append(_marker(shape, last_x, last_y, colour))
    return parts


def _decision_markers(parts: list[str], plot: _Plot, months: list[dt.date],
                      markers: list[tuple[dt.date, str, str]], for_print: bool) -> None:
    """Decisions on the time axis: a dotted vertical line at each decision's month with its label (the §),
    on a page each a link to the decision (then the chart is a group, not an image: links inside an image
    are unreachable for assistive technology, axe nested-interactive). Months outside the chart are left out."""
    index = {(m.year, m.month): i for i, m in enumerate(months)}
    shown = [(index[(m.year, m.month)], label, href) for m, label, href in markers if (m.year, m.month) in index]
    if not shown:
        return
    if not for_print:
        parts[0] = parts[0].replace('role="img"', 'role="group"', 1)
    bottom = plot.top + plot.height
    for k, (i, label, href) in enumerate(shown):
        x, y = plot.x_at(i), plot.top + 9 + 11 * (k % 3)  # labels of close months step down, not overlap
        # A label in the last fifth of the chart stands left of its line, so the edge does not cut it.
        late = i > (len(months) - 1) * 0.8
        mark = (f'<line x1="{x:.1f}" y1="{plot.top}" x2="{x:.1f}" y2="{bottom:.1f}" stroke="#1a1a1a" '
                f'stroke-width="1" stroke-dasharray="2 2"/><text x="{x - 3 if late else x + 3:.1f}" y="{y:.1f}" '
                f'font-size="9.5" fill="#1a1a1a"{" text-anchor=" + chr(34) + "end" + chr(34) if late else ""}>'
                f"{escape(label)}</text>")
        # On a page a transparent band around the line widens what the pointer can hit (the label is a target too).
        hit = (f'<rect x="{x - 4:.1f}" y="{plot.top}" width="8" height="{plot.height:.1f}" fill="#ffffff" '
               f'fill-opacity="0"/>')
        parts.append(mark if for_print else f'<a href="{escape(href, {chr(34): "&quot;"})}" class="chart-marker">'
                     f"<title>{escape(label)}</title>{hit}{mark}</a>")


def line_chart(*, title: str, months: list[dt.date], series: list[tuple[str, list[Decimal | None]]],
               decimals: int = 0, unit: str = "", width: int = 640, height: int = 240,
               for_print: bool = False, markers=()) -> str:
    """series: [(label, values per month or None where suppressed/missing)].

    `for_print` makes a standalone SVG image for the PDF (see `image_src`): an intrinsic size, the
    PDF's font, and no per-line <title> tooltips (the table beside the chart names the series).
    """
    left, right, top, bottom = 56, 10, 10, 28
    numbers = [float(v) for _label, values in series for v in values if v is not None]
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
             f'role="img" aria-label="{escape(title, {chr(34): "&quot;"})}" class="chart"'
             + (f' width="{width}" height="{height}" font-family="{PRINT_FONT}">' if for_print else ">"),
             f"<title>{escape(title)}</title>"]
    if not numbers or len(months) < 2:
        parts.append(f'<text x="{left}" y="{top + 20}" font-size="12">–</text></svg>')
        return "".join(parts)
    low, high, step = _nice_range(min(numbers), max(numbers))
    plot = _Plot(left, top, width - left - right, height - top - bottom, len(months), low, high)
    parts += _value_axis(plot, step, decimals, unit, width - right)
    parts += _month_axis(plot, months, height)
    parts.append(f'<line x1="{left}" y1="{top + plot.height}" x2="{width - right}" y2="{top + plot.height}" '
                 f'stroke="#333333"/>')
    for k, (label, values) in enumerate(series):
        parts += _series(plot, k, label, values, for_print)
    _decision_markers(parts, plot, months, list(markers), for_print)
    parts.append("</svg>")
    return "".join(parts)
