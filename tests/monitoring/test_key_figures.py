"""Key figures on the dashboard: the latest month of the six headline metrics for the person's
authority (both for the steering group), against hand-computed values."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from monitoring.catalogue import KEY_FIGURES
from monitoring.keyfigures import key_metrics, target_state, viewer_area_codes
from monitoring.models import Metric, Observation
from parties import roles
from parties.models import Party
from tests.factories.monitoring import TargetFactory

MONTH = dt.date(2025, 10, 1)
PREVIOUS, YEAR_AGO = dt.date(2025, 9, 1), dt.date(2024, 10, 1)


@pytest.fixture
def figures(areas):
    """Lahti (KU398) and the employment area (TA098, hosted by Hollola): three months of two metrics."""
    rate = Metric.objects.get(code="unemployment-rate")
    searches = Metric.objects.get(code="searches-ended-in-work")
    rows = {
        (rate, "KU398"): {YEAR_AGO: "12.4", PREVIOUS: "11.9", MONTH: "11.6"},
        (rate, "TA098"): {YEAR_AGO: "9.0", PREVIOUS: "9.3", MONTH: "9.5"},
        (searches, "KU398"): {YEAR_AGO: "500", PREVIOUS: "610", MONTH: "587"},
        (searches, "TA098"): {PREVIOUS: "300", MONTH: "310"},  # no figure a year earlier
    }
    Observation.objects.bulk_create([Observation(metric=metric, area_code=code, month=month, value=Decimal(value))
                                     for (metric, code), by_month in rows.items() for month, value in by_month.items()])
    TargetFactory(metric=rate, value=Decimal("10"), period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 12, 31))
    TargetFactory(metric=rate, area_code="KU398", value=Decimal("11"), period_start=dt.date(2025, 1, 1),
                  period_end=dt.date(2025, 12, 31))
    return rate, searches


def panel_html(client, user) -> str:
    html = client(user).get(reverse("dashboard")).content.decode()
    assert '<ul class="key-figures"' in html, "no key figures on the dashboard"
    start = html.index('<h3 class="h4" id="key-figures-')
    return re.sub(r"[ \t\r\n]+", " ", html[start:html.index('<p class="muted">', start)])


def text_of(html: str) -> str:
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", html))


def test_six_key_figures_are_data_chosen_by_a_migration_and_kept_in_the_admin():
    assert [m.code for m in key_metrics()] == KEY_FIGURES
    Metric.objects.filter(code="youth-unemployment-rate").update(key_figure_order=None)
    Metric.objects.filter(code="activation-rate-long-term").update(key_figure_order=9)
    assert "youth-unemployment-rate" not in [m.code for m in key_metrics()]
    assert [m.code for m in key_metrics()][-1] == "activation-rate-long-term"


def test_an_official_of_lahti_sees_lahtis_figures_against_hand_computed_values(figures, client_for, make_user):
    lahti = make_user(roles.OFFICIAL, party=Party.objects.get(name_fi="Lahden kaupunki"))
    assert viewer_area_codes(lahti) == ["KU398"]
    text = text_of(panel_html(client_for, lahti))
    assert "Lahden kaupungin työvoimaviranomainen, 10/2025" in text and "Päijät-Hämeen" not in text
    # 11.6 − 11.9 = −0.3 pp; 11.6 − 12.4 = −0.8 pp; Lahti's own target 11 (lower is better): not met.
    assert ("Työttömien työnhakijoiden osuus työvoimasta 11,6\xa0% edellisestä kuukaudesta −0,3\xa0%-yks.; "
            "vuodentakaisesta −0,8\xa0%-yks. ✗ tavoite ei toteutunut (11,0\xa0%)") in text
    # 587 − 610 = −23; 587 − 500 = +87; no target.
    assert ("päättyneet työnhaut 587 edellisestä kuukaudesta −23; vuodentakaisesta +87 ei tavoitetta") in text


def test_an_official_of_the_employment_area_sees_its_figures(figures, client_for, make_user):
    hollola = make_user(roles.OFFICIAL, party=Party.objects.get(name_fi="Hollolan kunta"))
    assert viewer_area_codes(hollola) == ["TA098"]
    text = text_of(panel_html(client_for, hollola))
    assert "Päijät-Hämeen työllisyysalue, 10/2025" in text and "Lahden kaupungin" not in text
    # 9.5 − 9.3 = +0.2 pp; 9.5 − 9.0 = +0.5 pp; the target of every area, 10: met.
    assert ("osuus työvoimasta 9,5\xa0% edellisestä kuukaudesta +0,2\xa0%-yks.; vuodentakaisesta +0,5\xa0%-yks. "
            "✓ tavoite toteutui (10,0\xa0%)") in text
    assert "työnhaut 310 edellisestä kuukaudesta +10; vuodentakaisesta – ei tavoitetta" in text


def test_a_steering_group_member_sees_both_authorities_with_links_and_hidden_sparklines(figures, client_for,
                                                                                        steering_member):
    html = panel_html(client_for, steering_member)
    text = text_of(html)
    assert text.index("Lahden kaupungin työvoimaviranomainen") < text.index("Päijät-Hämeen työllisyysalue, 10/2025")
    assert html.count(f'href="{reverse("monitoring:metric", args=["unemployment-rate"])}"') == 2
    assert html.count('class="sparkline"') == 4 and html.count('aria-hidden="true" focusable="false"') == 4


def test_target_state_follows_the_good_direction_in_words():
    rate = Metric(code="x", unit="percent", decimals=1, good_direction="lower")
    assert target_state(rate, Decimal("9.9"), Decimal("10")) == (True, "target met (10.0%)")
    assert target_state(rate, Decimal("10.1"), Decimal("10"))[0] is False
    higher = Metric(code="y", unit="percent", decimals=1, good_direction="higher")
    assert target_state(higher, Decimal("10.1"), Decimal("10"))[0] is True
    assert target_state(rate, Decimal("10.1"), None) == (None, "no target")
