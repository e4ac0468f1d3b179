"""The monthly report's summary page leads with the key figures; no table row is split across pages
(checked on the rendered PDF: every row's cells stand on one page)."""

import io
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from pypdf import PdfReader

from cooperation.base.pdf import html_to_pdf
from monitoring import reports
from monitoring.models import Metric, Observation
from monitoring.reports import add_months
from tests.factories.monitoring import TargetFactory

pytestmark = pytest.mark.usefixtures("areas")


def squeeze(text: str) -> str:
    """Text without any white space: a cell wrapped over lines still reads as one."""
    return re.sub(r"\s+", "", text)


def pages_of(document) -> list[str]:
    reader = PdfReader(io.BytesIO(html_to_pdf(document.html, document.attachments)))
    return [page.extract_text() for page in reader.pages]


def test_the_summary_page_leads_with_the_key_figures_of_both_authorities(demo_data):
    month = add_months(timezone.localdate().replace(day=1), -1)
    rate = Metric.objects.get(code="unemployment-rate")
    TargetFactory(metric=rate, area_code="KU398", value=Decimal("30"), period_start=add_months(month, -2),
                  period_end=add_months(month, 2))
    document = reports.report_document(month=month, language="fi")
    pages = pages_of(document)
    summary = pages[1]  # after the cover
    assert summary.lstrip().startswith("Yhteenveto")
    assert summary.index("Tunnusluvut") < summary.index("Lahden kaupungin työvoimaviranomainen")
    assert summary.index("Lahden kaupungin työvoimaviranomainen") < summary.index("Päijät-Hämeen työllisyysalue")
    now = Observation.objects.get(metric=rate, area_code="KU398", month=month).value
    before = Observation.objects.get(metric=rate, area_code="KU398", month=add_months(month, -1)).value
    change = now - before
    sign = "+" if change > 0 else ("−" if change < 0 else "±")
    expected = f"{rate.format(now)}{sign}{abs(change):.1f}".replace(".", ",") + "%-yks."
    assert squeeze(f"Työttömien työnhakijoiden osuus työvoimasta {expected}") in squeeze(summary)
    assert "tavoite toteutui (30,0 %)" in summary.replace("\xa0", " ")  # Lahti's own target, lower is better


def test_no_table_row_is_split_across_pages(areas, monkeypatch):
    """60 municipalities with long names make the comparison tables run over pages; each row (name and
    value) must stand whole on one page."""
    from monitoring.areas import Area, AreaRegistry

    month = add_months(timezone.localdate().replace(day=1), -1)
    extra = [f"KU{900 + k:03d}" for k in range(60)]
    names = {code: f"Pitkänimisen kuvitteellisen kunnan {code} yhteistoiminta-alueen tilastoalue numero {k}"
             for k, code in enumerate(extra)}
    real_codes, real_init = reports.authority_area_codes, AreaRegistry.__init__

    def with_extra(self):
        real_init(self)
        self.by_code.update({code: Area(code, "municipality", name) for code, name in names.items()})

    monkeypatch.setattr(AreaRegistry, "__init__", with_extra)
    monkeypatch.setattr(reports, "authority_area_codes", lambda authority, day=None: real_codes(authority, day) + extra)
    metrics = list(Metric.objects.filter(is_active=True, number__isnull=False)[:2])
    Metric.objects.exclude(pk__in=[m.pk for m in metrics]).update(is_active=False)  # a shorter report
    Observation.objects.bulk_create([Observation(metric=metric, area_code=code, month=month, value=Decimal(k))
                                     for metric in metrics for k, code in enumerate(extra)])
    document = reports.report_document(month=month, language="fi")
    pages = [squeeze(text) for text in pages_of(document)]
    rows = [squeeze(names[code]) + str(k) for k, code in enumerate(extra)]
    where = []
    for row in rows:
        found = [n for n, text in enumerate(pages) if row in text]
        assert found, f"a row's cells are split across pages (or missing): {row}"
        where.append(found[0])
    # The test means something only if the tables do run over more than one page.
    assert len(set(where)) > 1
