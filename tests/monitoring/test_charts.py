"""Charts that answer questions: the viewer's areas highlighted and labelled at the lines' ends, the
other areas as grey context, the country as a dashed black line, the target as a band, decision
markers, small multiples beyond five highlighted series, and a table of every series drawn."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from monitoring import charts
from monitoring.areas import AreaRegistry
from monitoring.models import Metric, Observation
from monitoring.reports import DataSet, add_months, metric_series
from parties import roles
from parties.models import Party
from tests.factories.monitoring import TargetFactory

MONTHS = [dt.date(2025, m, 1) for m in range(1, 13)]


def values(start: float, step: float = 0.1) -> list[Decimal]:
    return [Decimal(f"{start + k * step:.1f}") for k in range(12)]


def chart(**options) -> str:
    series = [("Lahti", values(10)), ("Hollola", values(8)), ("Heinola", values(12)), ("Koko maa", values(9))]
    return charts.line_chart(title="Työttömyysaste", months=MONTHS, series=series, decimals=1, unit="%",
                             highlight=["Lahti"], country="Koko maa", **options)


def labels(svg: str) -> list[str]:
    return re.findall(r'class="direct-label">([^<]*)<', svg)


def test_the_highlighted_series_and_the_country_are_labelled_at_their_ends_the_rest_is_grey_context():
    svg = chart()
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert "<title>Työttömyysaste</title>" in svg and "<desc>" in svg
    assert sorted(labels(svg)) == ["Koko maa", "Lahti"]  # direct labels, no distant legend
    highlighted = re.findall(r'<path d="[^"]*" fill="none" stroke="([^"]*)" stroke-width="2.2"[^>]*class="highlight"',
                             svg)
    assert highlighted == [charts.COLOURS[0]]
    country = re.search(r'<path [^>]*stroke="#000000"[^>]*class="country"', svg).group(0)
    assert f'stroke-dasharray="{charts.COUNTRY_DASH}"' in country
    context = re.findall(rf'stroke="{charts.CONTEXT_COLOUR}" stroke-width="0.7" class="context"><title>([^<]*)<', svg)
    assert context == ["Hollola", "Heinola"]
    # Colour is not the only key: each point of a highlighted line has a marker (one path per series).
    assert svg.count(f'fill="{charts.COLOURS[0]}"/>') == 1
    assert "Highlighted: Lahti." in svg and "Dashed black line: Koko maa." in svg


def test_labels_of_lines_ending_close_together_are_nudged_apart_in_their_order():
    placed = charts.spread([100, 101, 102, 300], 10, 200)
    assert placed[0] < placed[1] < placed[2] and placed[1] - placed[0] >= charts.LABEL_GAP
    assert placed[2] - placed[1] >= charts.LABEL_GAP and placed[3] <= 200
    assert charts.spread([195, 199], 10, 200) == [200 - charts.LABEL_GAP, 200]  # pushed up from the bottom
    svg = charts.line_chart(title="t", months=MONTHS, series=[("A", values(10)), ("B", values(10.01, 0.1))],
                            highlight=["A", "B"], decimals=1)
    ys = [float(y) for y in re.findall(r'<text x="[^"]*" y="([^"]*)" font-size="10" fill="[^"]*" class="direct-label"',
                                       svg)]
    assert len(ys) == 2 and abs(ys[0] - ys[1]) >= charts.LABEL_GAP


def test_the_target_is_a_band_and_decision_markers_are_lines_with_a_labelled_link():
    target = [None] * 6 + [Decimal("9.5")] * 6
    svg = chart(target=target, markers=[(dt.date(2025, 4, 1), "§ 12", "/groups/decisions/7/"),
                                        (dt.date(2020, 1, 1), "§ 1", "/outside/")])
    # English notation: tests/monitoring/conftest.py
    assert 'class="target"' in svg and "Target 9.5%" in labels(svg)
    assert 'role="group"' in svg  # it holds links: not an image with presentational children
    assert '<a href="/groups/decisions/7/" class="chart-marker" aria-label="Decision § 12, 4/2025">' in svg
    assert svg.count('class="decision-marker"') == 1  # a decision outside the months is not drawn
    printed = chart(target=target, markers=[(dt.date(2025, 4, 1), "§ 12", "/groups/decisions/7/")], for_print=True)
    assert "<a " not in printed and 'role="img"' in printed and "§ 12" in printed


def test_the_value_axis_writes_numbers_and_units_as_the_language_does():
    """The axis read “10,5%” on a Finnish page: Finnish writes a no-break space before the per cent
    sign (“10,5 %”), English none (“10.5%”), the euro after the amount in Finnish and before it in English."""
    from django.utils import translation

    def ticks(svg: str) -> list[str]:
        return re.findall(r'font-size="10" text-anchor="end">([^<]*)<', svg)

    with translation.override("fi"):
        finnish = ticks(chart())
        euros = ticks(charts.line_chart(title="t", months=MONTHS, series=[("A", values(1000, 100))], unit="€"))
    assert finnish and all(re.fullmatch(r"\d+(,\d)?\u00a0%", tick) for tick in finnish), finnish
    assert all(tick.endswith("\u00a0€") for tick in euros), euros
    english = ticks(chart())
    assert english and all(re.fullmatch(r"\d+(\.\d)?%", tick) for tick in english), english


def test_more_than_five_highlighted_series_become_small_multiples_on_one_scale():
    series = [(f"Alue {k}", values(5 + k)) for k in range(7)]
    panels = charts.line_charts(title="T", months=MONTHS, series=series, highlight=[name for name, _v in series])
    assert [p["highlight"] for p in panels] == [[f"Alue {k}" for k in range(5)], ["Alue 5", "Alue 6"]]
    assert [p["title"] for p in panels] == ["T (part 1 of 2)", "T (part 2 of 2)"]
    axes = [re.findall(r'text-anchor="end">([^<]*)<', p["svg"]) for p in panels]
    assert axes[0] == axes[1]  # the same scale, so the panels compare
    assert len(charts.line_charts(title="T", months=MONTHS, series=series, highlight=["Alue 1"])) == 1


@pytest.fixture
def rates(areas):
    """A rate for every area of the steering group's scope, for 24 months (the country included)."""
    from monitoring.areas import authority_area_codes

    metric = Metric.objects.get(code="unemployment-rate")
    month = dt.date(2025, 10, 1)
    codes = authority_area_codes(None, month)
    Observation.objects.bulk_create([
        Observation(metric=metric, area_code=code, month=add_months(month, -k), value=Decimal(8 + n % 5 + k / 10))
        for n, code in enumerate(codes) for k in range(24)])
    TargetFactory(metric=metric, value=Decimal("9"), period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 12, 31))
    return metric, month, codes


def test_the_page_table_holds_every_series_drawn(rates):
    metric, month, codes = rates
    registry = AreaRegistry()
    data = DataSet(month=month, area_codes=codes, metrics=[metric], registry=registry)
    chart = metric_series(data, metric, registry, codes, highlight=["KU398", "TA098"])
    names = [area["name"] for area in chart["areas"]]
    assert sorted(names) == sorted(registry.name(code) for code in codes)  # all 13 areas, the country too
    assert names[:2] == ["Lahti", registry.name("TA098")] and names[-1] == registry.name("SSS")
    assert all(len(row["cells"]) == len(codes) for row in chart["table"]) and len(chart["table"]) == 24
    assert sorted(labels(chart["svg"])) == sorted(["Lahti", registry.name("TA098")[:charts.LABEL_CHARS - 1] + "…",
                                                   registry.name("SSS"), "Target 9.0%"])


def test_the_metric_page_highlights_the_viewers_authority(rates, client_for, make_user):
    metric, _month, codes = rates
    hollola = make_user(roles.OFFICIAL, party=Party.objects.get(name_fi="Hollolan kunta"))
    html = client_for(hollola).get(reverse("monitoring:metric", args=[metric.code]) + "?month=2025-10").content.decode()
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert any(label.startswith("Päijät-Hämeen") for label in labels(svg))  # Hollola's employment area
    assert "Lahti" not in labels(svg) and 'class="country"' in svg and svg.count('class="context"') == len(codes) - 2
    region = re.search(r'<div class="table-scroll" tabindex="0" role="region" aria-label="([^"]*)">', html)
    assert region and "<caption>" in html
    header = re.search(r"<thead>(.*?)</thead>", html[region.end():], re.S).group(1)
    assert header.count('<th scope="col"') == len(codes) + 1  # the month and every area
    member = make_user(roles.STEERING_MEMBER)
    html = client_for(member).get(reverse("monitoring:metric", args=[metric.code]) + "?month=2025-10").content.decode()
    assert "Lahti" in labels(re.search(r"<svg.*?</svg>", html, re.S).group(0))  # both authorities
