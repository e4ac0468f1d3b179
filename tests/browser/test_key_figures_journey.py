"""Browser journey: a steering-group member reads the key figures on the dashboard and the metric
page's chart (their authorities highlighted and labelled, the table of every area scrolling in its
own region, its caption whole), at 1280 px and at 375 px wide, with axe."""

from pathlib import Path

import pytest

from monitoring import demo
from monitoring.catalogue import sync_metrics
from tests.browser.conftest import assert_accessible, login

pytestmark = [pytest.mark.browser]
SHOTS = Path(__file__).resolve().parents[2] / "var" / "test-output"


@pytest.mark.parametrize("width", [1280, 375])
def test_member_reads_key_figures_and_the_metric_chart(page, steering_member, seeded_parties, width):
    sync_metrics()
    demo.seed()
    page.set_viewport_size({"width": width, "height": 900})
    login(page, steering_member)

    figures = page.locator("ul.key-figures")
    assert figures.count() == 2  # both authorities
    first = figures.first.locator("li.key-figure")
    assert first.count() == 6
    text = first.first.inner_text()
    # Read in order: the metric, its value, the changes and the target state in words.
    assert "edellisestä kuukaudesta" in text and "vuodentakaisesta" in text
    assert any(word in text for word in ("tavoite toteutui", "tavoite ei toteutunut", "ei tavoitetta"))
    assert figures.first.locator("svg.sparkline[aria-hidden=true]").count() == 6
    assert_accessible(page, f"dashboard with key figures at {width} px")

    first.first.locator("a.key-figure__name").click()
    page.wait_for_url("**/monitoring/metrics/unemployment-rate/")
    chart = page.locator("figure.chart-with-table svg.chart").first
    labels = chart.locator("text.direct-label").all_text_contents()
    assert "Lahti" in labels and "Koko maa" in labels
    assert chart.locator("path.country").count() == 1 and chart.locator("path.context").count() >= 9
    region = page.locator("figure.chart-with-table .table-scroll[role=region][tabindex='0']").first
    assert region.get_attribute("aria-label")
    assert region.locator("thead th").count() == 14  # the month and all 13 areas
    # The caption is whole inside its scrolling box at any width.
    caption, box = region.locator("caption").bounding_box(), region.bounding_box()
    assert caption["x"] >= box["x"] - 1 and caption["x"] + caption["width"] <= box["x"] + box["width"] + 1
    # Nothing but the chart's and the tables' own boxes scrolls sideways (WCAG 1.4.10 reflow).
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    region.focus()
    page.keyboard.press("ArrowRight")
    assert_accessible(page, f"metric page chart at {width} px")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"metric-chart-{width}.png"), full_page=True)
    page.goto("/dashboard/")
    page.screenshot(path=str(SHOTS / f"dashboard-key-figures-{width}.png"), full_page=True)
