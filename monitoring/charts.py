"""Server-side SVG line charts (no JavaScript), used on the pages and in the PDF report.

Every chart has a <title>/<desc> and role="img"; the same numbers are always shown in a table
beside it, so the chart is never the only way to read a value. Series differ by dash pattern
and marker shape as well as colour, so colour is not needed to tell them apart.
"""

from __future__ import annotations

import base64
import datetime as dt
import math
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


def line_chart(*, title: str, months: list[dt.date], series: list[tuple[str, list[Decimal | None]]],
               decimals: int = 0, unit: str = "", width: int = 640, height: int = 240,
               for_print: bool = False) -> str:
    """series: [(label, values per month or None where suppressed/missing)].

    `for_print` makes a standalone SVG image for the PDF (see `image_src`): an intrinsic size, the
    PDF's font, and no per-line <title> tooltips (the table beside the chart names the series).
    """
    left, right, top, bottom = 56, 10, 10, 28
    plot_w, plot_h = width - left - right, height - top - bottom
    numbers = [float(v) for _label, values in series for v in values if v is not None]
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
             f'role="img" aria-label="{escape(title, {chr(34): "&quot;"})}" class="chart"'
             + (f' width="{width}" height="{height}" font-family="{PRINT_FONT}">' if for_print else ">"),
             f"<title>{escape(title)}</title>"]
    if not numbers or len(months) < 2:
        parts.append(f'<text x="{left}" y="{top + 20}" font-size="12">–</text></svg>')
        return "".join(parts)
    low, high, step = _nice_range(min(numbers), max(numbers))
    n = len(months)

    def x_at(i: int) -> float:
        return left + plot_w * i / (n - 1)

    def y_at(v: float) -> float:
        return top + plot_h * (1 - (v - low) / (high - low))

    # Grid and axis labels; the grid is one path (each SVG node costs WeasyPrint a few ms to draw).
    tick = low
    tick_decimals = 0 if step >= 1 else max(1, decimals)
    grid, labels = [], []
    while tick <= high + step / 1000:
        y = y_at(tick)
        grid.append(f"M{left} {y:.1f}H{width - right}")
        labels.append(f'<text x="{left - 4}" y="{y + 3.5:.1f}" font-size="10" text-anchor="end">'
                      f"{_fmt(tick, tick_decimals)}{escape(unit)}</text>")
        tick += step
    parts.append(f'<path d="{"".join(grid)}" stroke="#cccccc" stroke-width="0.6"/>')
    parts.extend(labels)
    for i, month in enumerate(months):
        if i % 6 == 0 or i == n - 1:
            anchor = "end" if i == n - 1 else "middle"  # the last label would be cut at the edge
            parts.append(f'<text x="{x_at(i):.1f}" y="{height - 10}" font-size="9.5" text-anchor="{anchor}">'
                         f"{month.month}/{month.year % 100:02d}</text>")
    parts.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" stroke="#333333"/>')

    for k, (label, values) in enumerate(series):
        colour, dash, shape = COLOURS[k % len(COLOURS)], DASHES[k % len(DASHES)], MARKERS[k % len(MARKERS)]
        # A gap where a value is suppressed or missing: never drawn as zero.
        segments, current = [], []
        for i, value in enumerate(values):
            if value is None:
                if current:
                    segments.append(current)
                current = []
            else:
                current.append((x_at(i), y_at(float(value))))
        if current:
            segments.append(current)
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        for segment in segments:
            points = " ".join(f"{x:.0f},{y:.0f}" for x, y in segment)
            tooltip = "" if for_print else f"<title>{escape(label)}</title>"
            parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="1.4"{dash_attr}>'
                         f"{tooltip}</polyline>")
            last_x, last_y = segment[-1]
            parts.append(_marker(shape, last_x, last_y, colour))
    parts.append("</svg>")
    return "".join(parts)
