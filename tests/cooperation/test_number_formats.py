"""Numbers as people write them: one rule (cooperation.base.numbers) per language, in Python,
templates ({% load numbers %}), monitoring values and file names."""

import datetime as dt
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from cooperation.base import numbers
from cooperation.base.filenames import content_disposition, file_name

NB = "\u00a0"


@pytest.mark.parametrize(("lang", "money", "percent", "count", "htv"), [
    ("fi", f"1{NB}416{NB}666,67{NB}€", f"10,3{NB}%", f"3{NB}960{NB}674", "50,6"),
    ("sv", f"1{NB}416{NB}666,67{NB}€", f"10,3{NB}%", f"3{NB}960{NB}674", "50,6"),
    ("en", "€1,416,666.67", "10.3%", "3,960,674", "50.6"),
])
def test_each_language_writes_numbers_its_own_way(lang, money, percent, count, htv):
    with translation.override(lang):
        assert numbers.format_money(Decimal("1416666.67")) == money
        assert numbers.format_percent(Decimal("10.3000")) == percent  # four stored decimals, one shown
        assert numbers.format_count(3960674) == count
        assert numbers.format_person_years(Decimal("50.60")) == htv


def test_rounding_signs_and_empty_values():
    assert numbers.format_number(Decimal("2.345"), 2, lang="fi") == "2,35"  # half up, as people round
    assert numbers.format_number(Decimal("-1234.5"), 1, lang="fi") == f"\u22121{NB}234,5"
    assert numbers.format_number(Decimal("-0.04"), 1, lang="fi") == "0,0"
    assert numbers.format_person_years(Decimal("4.00"), lang="fi") == "4"
    assert numbers.format_money(None) == "" and numbers.format_percent("abc") == ""
    assert numbers.format_number(Decimal("10.3000"), None, lang="fi") == "10,3"


@pytest.mark.parametrize(("lang", "expected"), [
    ("fi", f"1{NB}416{NB}666,67{NB}€ | 10,3{NB}% | 3{NB}960{NB}674 | 41,2 | 216{NB}000{NB}€ | –"),
    ("en", "€1,416,666.67 | 10.3% | 3,960,674 | 41.2 | €216,000 | –"),
])
def test_template_filters(lang, expected):
    template = Template("{% load numbers %}{{ m|money }} | {{ p|percent }} | {{ c|count }} | {{ h|person_years }}"
                        " | {{ t|money:0 }} | {{ none|money }}")
    context = Context({"m": Decimal("1416666.67"), "p": Decimal("10.3000"), "c": 3960674, "h": Decimal("41.20"),
                       "t": 216000, "none": None})
    with translation.override(lang):
        assert template.render(context) == expected


@pytest.mark.django_db
def test_metric_values_take_unit_and_decimals_from_the_catalogue():
    from tests.factories.monitoring import MetricFactory

    rate = MetricFactory(unit="percent", decimals=1)
    people = MetricFactory(unit="count", decimals=0)
    with translation.override("fi"):
        assert rate.format(Decimal("10.3000")) == f"10,3{NB}%"
        assert people.format(Decimal("3960674.0000")) == f"3{NB}960{NB}674"
    with translation.override("en"):
        assert rate.format(Decimal("10.3000")) == "10.3%"


@pytest.mark.django_db
@pytest.mark.parametrize(("lang", "expected"), [
    ("fi", "raportti-ohjausryhma-2026-11-v1.pdf"),
    ("sv", "rapport-styrgruppen-2026-11-v1.pdf"),
    ("en", "report-steering-group-2026-11-v1.pdf"),
])
def test_report_file_names_are_words_in_the_reports_language(lang, expected):
    from monitoring.models import ReportRequest

    report = ReportRequest(month=dt.date(2026, 11, 1), language=lang, version=1)
    with translation.override("fi"):  # the person's UI language does not matter, the report's does
        assert report.download_name() == expected


def test_content_disposition_is_ascii_with_an_utf8_name():
    name = file_name("minutes", "Työllisyyslautakunta", "2026-11-03", extension="pdf", language="fi")
    assert name == "poytakirja-tyollisyyslautakunta-2026-11-03.pdf"
    header = content_disposition("pöytäkirja ä.pdf", attachment=True)
    assert header == "attachment; filename=\"poytakirja-a.pdf\"; filename*=UTF-8''p%C3%B6yt%C3%A4kirja%20%C3%A4.pdf"
    assert header.isascii()
