"""Import sanity: values checked against the metric's unit (naming the cell), jumps from the previous
month flagged in the preview for the importer to confirm, area names instead of codes."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.translation import ngettext

from monitoring import services
from monitoring.imports import ImportRefused, is_jump
from monitoring.models import Metric, Observation
from tests.factories.monitoring import ObservationFactory

from .conftest import db_snapshot


def _csv(*rows):
    return ("area_code,month,metric,value,status,source\n" + "\n".join(rows) + "\n").encode()


@pytest.mark.parametrize(("row", "message"), [
    ("398,2025-10,TYOTOSUUS,104.2,,", "Row 3, column value: 104.2 is above 100"),
    ("398,2025-10,TYOTOSUUS,-0.5,,", "Row 3, column value: \u22120.5 is below 0"),  # numbers as people write them
    ("398,2025-10,TYOTTOMATLOPUSSA,-3,,", "Row 3, column value: \u22123 is below 0"),
    ("398,2025-10,TYOTTOMATLOPUSSA,12.5,,", "Row 3, column value: 12.5 is not a whole number"),
])
def test_values_impossible_for_the_unit_are_refused_naming_the_cell(row, message):
    before = db_snapshot()
    with pytest.raises(ImportRefused) as refused:
        services.import_content(content=_csv("098,2025-10,TYOTOSUUS,10.9,,", row), file_name="x.csv",
                                acting_user=None)
    assert refused.value.errors[0].startswith(message), refused.value.errors
    assert db_snapshot() == before


def test_a_fractional_count_in_json_stat_is_refused_naming_the_cell():
    dataset = {"version": "2.0", "class": "dataset", "id": ["Alue", "Kuukausi", "Tiedot"], "size": [1, 1, 1],
               "role": {"geo": ["Alue"], "time": ["Kuukausi"], "metric": ["Tiedot"]},
               "dimension": {"Alue": {"category": {"index": {"KU398": 0}}},
                             "Kuukausi": {"category": {"index": {"2025M10": 0}}},
                             "Tiedot": {"category": {"index": {"TYOTTOMATLOPUSSA": 0}}}},
               "value": [10.5]}
    with pytest.raises(ImportRefused) as refused:
        services.import_content(content=json.dumps(dataset).encode(), file_name="x.json", acting_user=None)
    assert refused.value.errors[0].startswith(
        "Cell 0 (Lahti, 10/2025, Unemployed job seekers): 10.5 is not a whole number")


def test_jump_thresholds_follow_the_unit():
    rate = Metric.objects.get(code="unemployment-rate")
    count = Metric.objects.get(code="unemployed-job-seekers")
    assert rate.jump_threshold == 3 and count.jump_threshold == 30
    assert not is_jump(rate, Decimal("10.0"), Decimal("12.9"))
    assert is_jump(rate, Decimal("10.0"), Decimal("13.1"))  # percentage points
    assert not is_jump(count, Decimal(1000), Decimal(1290))
    assert is_jump(count, Decimal(1000), Decimal(1310))  # per cent of the previous value


def test_the_preview_flags_jumps_names_areas_and_applies_only_when_confirmed(client_for, official):
    rate = Metric.objects.get(code="unemployment-rate")
    ObservationFactory(metric=rate, area_code="KU081", month=dt.date(2025, 9, 1), value=Decimal("9.0"))
    content = _csv("081,2025-10,TYOTOSUUS,15.2,,", "098,2025-09,TYOTOSUUS,10.0,,", "098,2025-10,TYOTOSUUS,10.4,,")
    batch, the_plan = services.import_preview(content=content, file_name="jump.csv", acting_user=official)
    assert [(j.cell.area_code, j.previous) for j in the_plan.jumps] == [("KU081", Decimal("9.0000"))]

    client = client_for(official)
    page = client.get(f"/monitoring/import/{batch.pk}/").content.decode()
    assert "Hartola" in page and "Hollola" in page
    assert "KU081" not in page and ">081<" not in page
    with translation.override("fi"):  # the page is in the person's language
        assert ngettext("%(n)s value changes from the previous month more than usual",
                        "%(n)s values change from the previous month more than usual", 1) % {"n": 1} in page
    assert "+6.2" in page or "+6,2" in page

    before = db_snapshot()
    client.post(f"/monitoring/import/{batch.pk}/", {"apply": "1"})
    assert db_snapshot() == before  # not confirmed: nothing saved
    client.post(f"/monitoring/import/{batch.pk}/", {"apply": "1", "confirm_jumps": "1"})
    assert Observation.objects.get(metric=rate, area_code="KU081", month=dt.date(2025, 10, 1)).value == Decimal("15.2")
