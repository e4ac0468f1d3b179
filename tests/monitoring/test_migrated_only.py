"""A portal that has only been migrated: the reference areas and the metric catalogue are there,
no parties, no employment authorities, no demo data. An official imports a whole-country file and
the steering group asks where Lahti and the employment area stand (found by walking the pages)."""

import datetime as dt
import re

import pytest
from django.utils import translation

from monitoring.areas import AreaRegistry, authority_area_codes
from monitoring.models import Metric
from monitoring.services import import_content
from monitoring.standing import where_we_stand
from parties.models import EmploymentAuthority, Party
from tests.factories.statfin import national_12r5

MONTH = dt.date(2026, 10, 1)


@pytest.fixture
def national(db):
    assert not Party.objects.exists() and not EmploymentAuthority.objects.exists()
    registry = AreaRegistry()
    import_content(content=national_12r5(registry, MONTH, months=2), file_name="12r5.json", acting_user=None)
    return registry


def test_the_two_authorities_are_ranked_before_any_party_is_recorded(national):
    standing = where_we_stand(Metric.objects.get(code="unemployment-rate"), MONTH, registry=national)
    assert [p.code for p in standing.authorities] == ["TA398", "TA098"]
    assert all(p.rank and p.of == 45 for p in standing.authorities)
    assert standing.peers  # the default peer group (by the centres' population) has someone to compare with


def test_the_scope_is_the_home_regions_municipalities_then_its_areas():
    codes = authority_area_codes(None, MONTH)
    assert codes[0] == "KU398" and len(codes[:-4]) == 10  # Lahti first, the ten municipalities
    assert codes[-4:] == ["TA398", "TA098", "MK07", "SSS"]


def test_the_metric_page_the_dashboard_and_the_report_name_where_lahti_stands(national, client_for, official):
    from monitoring.reports import report_html

    client = client_for(official)
    page = client.get(f"/monitoring/metrics/unemployment-rate/?month={MONTH:%Y-%m}").content.decode()
    table = page.split('id="standing-table"', 1)[1].split("</table>", 1)[0]
    assert re.search(r"Lahden kaupungin työllisyysalue.*?\d+\./45", table, re.S)
    assert "Päijät-Hämeen työllisyysalue" in table
    assert "Lahti" in page.split('id="standing-table"')[0]  # the chart draws Lahti, not only the region
    # The chart highlights (draws strong and names) Lahti and the employment area, not only grey lines.
    svg = page.split('class="chart-panels"', 1)[1].split("</svg>", 1)[0]
    assert sorted(re.findall(r'class="direct-label">([^<]*)<', svg)) == sorted(
        ["Lahti", "Päijät-Hämeen työllisyysa…", "Koko maa"]), re.findall(r'class="direct-label">([^<]*)<', svg)
    # On a phone the strip chart scrolls sideways at a legible size, as the line charts do (scaled
    # down to 375 px its names were 6 px high).
    assert re.search(r'<div class="chart-panels" tabindex="0" role="region" aria-label="[^"]+"><svg [^>]*'
                     r'class="standing-chart"', page)
    dashboard = client.get("/dashboard/").content.decode()
    assert re.search(r"Lahden kaupungin työllisyysalue \d+\./45, mediaani", dashboard)
    with translation.override("fi"):
        html = report_html(month=MONTH)
    assert re.search(r"Lahden kaupungin työllisyysalue</strong>|Lahden kaupungin työllisyysalue \d+\./45", html)


def test_a_refused_whole_country_file_names_the_cell_as_people_read_it(client_for, official):
    """The importer sees the area, the month and the metric, and the value in Finnish notation;
    never the file's codes (KU005, 2024M11, TYOTOSUUS) nor a decimal point."""
    import json

    dataset = json.loads(national_12r5(AreaRegistry(), MONTH, months=2))
    dataset["value"][2] = 120.5  # the first area's first month, the rate
    dataset["value"][3] = -5  # its second month, the unemployed
    upload = _upload(json.dumps(dataset).encode())
    page = client_for(official).post("/monitoring/import/", {"file": upload}).content.decode()
    assert "Solu 2 (Alajärvi, 09/2026, Työttömien työnhakijoiden osuus työvoimasta): 120,5 on yli 100" in page
    assert "Solu 3 (Alajärvi, 10/2026, Työttömät työnhakijat laskentapäivänä): \u22125 on alle 0" in page
    assert "KU005" not in page and "2026M09" not in page and "TYOTOSUUS" not in page


def test_the_preview_and_the_result_write_counts_as_finns_do(national, client_for, official):
    """“26 658 uutta”, not “26658 uutta”, in the preview, the saved result and the list of imports."""
    client = client_for(official)
    content = national_12r5(AreaRegistry(), MONTH, months=3, seed=5)
    response = client.post("/monitoring/import/", {"file": _upload(content)})
    page = client.get(response["Location"]).content.decode()
    summary = page.split('id="import-summary"', 1)[1].split("</p>", 1)[0]
    assert re.search(r"\d\u00a0\d{3} muuttunutta", summary), summary
    # The table shows 200 of the changes and says so, rather than passing for the whole file.
    left_out = page.split('id="changes-left-out">', 1)[1].split("</p>", 1)[0]
    assert re.fullmatch(r"Taulukossa on ensimmäiset 200 muutosta; \d\u00a0\d{3} muuta ei näytetä\. "
                        r"Tallennus tallentaa ne kaikki\.", left_out), left_out
    listing = client.get("/monitoring/import/").content.decode()
    assert not re.search(r">\d{4,}<", listing)
    applied = client.post(response["Location"], {"apply": "1", "confirm_jumps": "1"}, follow=True).content.decode()
    assert re.search(r"Tuotu: [\d\u00a0]+ uutta, \d\u00a0\d{3} muuttunutta", applied)
    assert re.search(r"Tallennettu: [\d\u00a0]+ uutta, \d\u00a0\d{3} muuttunutta", applied)


def _upload(content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("12r5.json", content, content_type="application/json")


@pytest.mark.xfail(strict=False, reason=(
    "Order-dependent, cause not found yet (2026-12-01): in one full run out of three, and once when run "
    "alone, the metric page showed no corrections section after the correction import."))
def test_a_correction_is_named_by_area_and_month_in_helsinki_time(national, client_for, official):
    """The metric page's corrections said “Havainto: unemployment-rate KU398 2026-10” and named the
    import by its UTC time; the official reads the area, the month and the time on their clock."""
    from django.utils import timezone

    from monitoring.models import ImportBatch
    from monitoring.services import import_preview

    correction = national_12r5(AreaRegistry(), MONTH, months=2, seed=7, area_codes=["KU398"])
    batch, _plan = import_preview(content=correction, file_name="korjaus.json", acting_user=official)
    client = client_for(official)
    client.post(f"/monitoring/import/{batch.pk}/", {"apply": "1", "confirm_jumps": "1"})
    page = client.get(f"/monitoring/metrics/unemployment-rate/?month={MONTH:%Y-%m}").content.decode()
    corrections = page.split("Korjaukset (vanha arvo säilyy)", 1)[1]
    assert "Muutettu: Lahti, 10/2026" in corrections
    assert "KU398" not in corrections and "unemployment-rate" not in corrections
    created = timezone.localtime(ImportBatch.objects.get(pk=batch.pk).created_at)
    assert f"korjaus.json ({created.day}.{created.month}.{created.year} {created:%H.%M})" in corrections
    assert created.utcoffset()  # Helsinki is never UTC, so a UTC time would not match


def test_the_jump_table_heads_its_column_change_not_switch(national, client_for, official):
    """The column of the jumps was headed “Vaihda” (the language switcher's button) in Finnish."""
    import json

    dataset = json.loads(national_12r5(AreaRegistry(), MONTH, months=2))
    areas = dataset["dimension"]["Alue"]["category"]["index"]
    newest_rate = (areas["KU398"] * 2 + 1) * 3 + 2
    dataset["value"][newest_rate] += 6  # six percentage points in a month
    client = client_for(official)
    response = client.post("/monitoring/import/", {"file": _upload(json.dumps(dataset).encode())})
    page = client.get(response["Location"]).content.decode()
    jumps = page.split('id="jumps-heading"', 1)[1].split("</table>", 1)[0]
    assert '<th scope="col" class="num">Muutos</th>' in jumps and "Vaihda" not in jumps
    assert "Lahti" in jumps


def test_computed_and_suppressed_ranks_say_so(client_for, official):
    """Municipalities only, Sysmä's newest month suppressed: every employment area is computed from
    its municipalities and the Päijät-Häme area is suppressed. The rank table said “–” for the area
    and nothing about the computation; the chart's note listed the country's three hundred names."""
    from monitoring.reports import report_html

    registry = AreaRegistry()
    content = national_12r5(registry, MONTH, months=2, area_codes=registry.codes_of_kind("municipality"),
                            suppress={("KU781", MONTH)})
    import_content(content=content, file_name="kunnat.json", acting_user=None)
    client = client_for(official)
    page = client.get(f"/monitoring/metrics/unemployment-rate/?month={MONTH:%Y-%m}").content.decode()
    table = page.split('id="standing-table"', 1)[1].split("</table>", 1)[0]
    assert re.search(r"Lahden kaupungin työllisyysalue</strong></th><td class=\"num\">[\d,]+\u00a0% \*</td>", table)
    assert re.search(r"Päijät-Hämeen työllisyysalue</strong></th><td class=\"num\">salattu \*</td>", table)
    notes = page.split('id="standing-table"', 1)[1].split("</section>", 1)[0]
    assert "Laskettu kunnista" in notes
    assert "Päijät-Hämeen työllisyysalue: Asikkala, Hartola, Heinola, Hollola, Iitti, Kärkölä, Orimattila, " \
           "Padasjoki, Sysmä" in notes
    chart_notes = page.split('class="derived-notes"', 1)[1].split("</div>", 1)[0]
    assert re.search(r"Koko maa: kaikki \d+ kuntaa", chart_notes) and "Alajärvi" not in chart_notes
    dashboard = client.get("/dashboard/").content.decode()
    assert "Päijät-Hämeen työllisyysalue: salattu" in dashboard
    with translation.override("fi"):
        html = report_html(month=MONTH)
    assert "Päijät-Hämeen työllisyysalue: salattu" in html
    assert "sijat on laskettu niiden kunnista" in html and "Lahden kaupungin työllisyysalue: Lahti" in html


def test_a_preview_left_waiting_can_be_found_again_from_the_import_page(national, client_for, official, make_user):
    """The recent imports listed a preview “waiting for confirmation” without a way back to it (and
    with 0 new, 0 changed); the uploader gets a link, another official does not."""
    from monitoring.services import import_preview
    from parties import roles

    batch, _plan = import_preview(content=national_12r5(AreaRegistry(), MONTH, months=1, seed=9),
                                  file_name="kesken.json", acting_user=official)
    own = client_for(official).get("/monitoring/import/").content.decode()
    row = own.split("kesken.json", 1)[0].rsplit("<tr>", 1)[1] + own.split("kesken.json", 1)[1].split("</tr>", 1)[0]
    assert f'<a href="/monitoring/import/{batch.pk}/">' in row
    assert row.count('<td class="num">–</td>') == 2  # nothing saved yet: no counts
    other = client_for(make_user(roles.OFFICIAL)).get("/monitoring/import/").content.decode()
    assert "kesken.json" in other and f'href="/monitoring/import/{batch.pk}/"' not in other


def test_re_importing_the_same_file_says_there_is_nothing_to_save(national, client_for, official):
    client = client_for(official)
    response = client.post("/monitoring/import/", {"file": _upload(national_12r5(AreaRegistry(), MONTH, months=2))})
    page = client.get(response["Location"]).content.decode()
    assert re.search(r"0 uutta, 0 muuttunutta ja \d\u00a0\d{3} muuttumatonta", page)
    assert 'id="import-nothing-new"' in page and "Ei tallennettavaa" in page
    assert 'name="apply"' not in page and 'name="discard"' in page


def test_the_month_box_shows_the_month_the_page_shows(national, client_for, official):
    client = client_for(official)
    for url in ("/monitoring/", "/monitoring/metrics/unemployment-rate/"):
        page = client.get(url).content.decode()
        assert re.search(r'<input type="month" name="month" value="2026-10"', page), url
