"""Imports: both samples, idempotency, Excel CSV, role mapping, and every bad input refused with a
message naming the cell/row while the database stays as it was."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command

from monitoring.models import ImportBatch, Metric, Observation
from tests.monitoring.conftest import CSV_SAMPLE, JSONSTAT_SAMPLE, db_snapshot

pytestmark = pytest.mark.usefixtures("areas")


def run_import(tmp_path, content, name="data.json"):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    out = __import__("io").StringIO()
    call_command("import_metrics", str(path), stdout=out)
    return out.getvalue()


def sample() -> dict:
    return json.loads(JSONSTAT_SAMPLE.read_text())


def test_statfin_sample_imports_with_suppressed_cell_and_reimport_changes_nothing(tmp_path):
    out = run_import(tmp_path, JSONSTAT_SAMPLE.read_bytes())
    assert "30 new" in out
    rate = Metric.objects.get(code="unemployment-rate")
    lahti = Observation.objects.get(metric=rate, area_code="KU398", month=dt.date(2025, 10, 1))
    assert lahti.value == Decimal("10.2")
    assert lahti.source.startswith("KEHA-keskus")
    assert lahti.batch.format == "jsonstat"
    karkola = Observation.objects.get(metric=rate, area_code="KU316", month=dt.date(2025, 10, 1))
    assert karkola.suppressed and karkola.value is None and karkola.status == "..."
    # Supporting StatFin codes map to catalogue metrics.
    assert Observation.objects.get(metric__source_code="TYOVOIMATK", area_code="KU398",
                                   month=dt.date(2025, 9, 1)).value == 56100

    before, log_before = db_snapshot(), LogEntry.objects.count()
    updated_before = list(Observation.objects.order_by("pk").values_list("updated_at", flat=True))
    out = run_import(tmp_path, JSONSTAT_SAMPLE.read_bytes())
    assert "0 new, 0 changed, 30 unchanged" in out
    assert db_snapshot() == before
    assert LogEntry.objects.count() == log_before
    assert list(Observation.objects.order_by("pk").values_list("updated_at", flat=True)) == updated_before


def test_csv_sample_imports_bare_codes_and_corrections_keep_the_old_value_in_history(tmp_path):
    run_import(tmp_path, JSONSTAT_SAMPLE.read_bytes())
    out = run_import(tmp_path, CSV_SAMPLE.read_bytes(), "metrics_long.csv")
    assert "1 new, 2 changed" in out
    lahti = Observation.objects.get(metric__code="unemployment-rate", area_code="KU398", month=dt.date(2025, 10, 1))
    assert lahti.value == Decimal("16.6")
    assert Observation.objects.get(area_code="KU576").suppressed
    entry = LogEntry.objects.get_for_object(lahti).filter(action=LogEntry.Action.UPDATE).first()
    assert entry.changes_dict["value"][0].startswith("10.2")
    assert entry.changes_dict["value"][1].startswith("16.6")
    before = db_snapshot()
    assert "0 new, 0 changed, 3 unchanged" in run_import(tmp_path, CSV_SAMPLE.read_bytes(), "metrics_long.csv")
    assert db_snapshot() == before


def test_csv_as_finnish_excel_saves_it(tmp_path):
    content = ("\ufeffarea_code;month;metric;value;status;source\r\n"
               "398;2025-10;TYOTOSUUS;12,4;;Excel\r\n"
               "MK07;2025-10;unemployment-rate;11,0;;Excel\r\n"
               "TA098;2025-10;TYOTTOMATLOPUSSA;1 234;;Excel\r\n").encode("utf-8")
    assert "3 new" in run_import(tmp_path, content, "excel.csv")
    assert Observation.objects.get(area_code="KU398").value == Decimal("12.4")
    assert Observation.objects.get(area_code="TA098").value == 1234


def test_jsonstat_is_mapped_by_role_with_array_index_and_renamed_dimensions(tmp_path):
    data = sample()
    # StatFin renamed the dimensions and reordered the ids; index given as arrays.
    renames = {"Alue": "Region", "Kuukausi": "Month", "Tiedot": "Information"}
    data["dimension"] = {renames[k]: v for k, v in data["dimension"].items()}
    data["id"] = [renames[i] for i in data["id"]]
    data["role"] = {"time": ["Month"], "metric": ["Information"], "geo": ["Region"]}
    for dim in data["dimension"].values():
        index = dim["category"]["index"]
        dim["category"]["index"] = sorted(index, key=index.get)
    assert "30 new" in run_import(tmp_path, json.dumps(data))
    assert Observation.objects.get(metric__code="unemployment-rate", area_code="KU098",
                                   month=dt.date(2025, 9, 1)).value == Decimal("14.2")


def _jsonstat(mutate) -> str:
    data = sample()
    mutate(data)
    return json.dumps(data)


def _set(path, value):
    def mutate(data):
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return mutate


BAD_JSONSTAT = {
    "truncated": (JSONSTAT_SAMPLE.read_text()[:700], ["not valid JSON", "line"]),
    "not json-stat": ('{"hello": "world"}', ["not a JSON-stat"]),
    "not json at all": ("<html>oops</html>", ["header row"]),
    "value count": (_jsonstat(lambda d: d["value"].pop()), ["29 values", "5 × 2 × 3", "30"]),
    "unknown area": (_jsonstat(lambda d: d["dimension"]["Alue"]["category"]["index"].update(
        {"KU999": d["dimension"]["Alue"]["category"]["index"].pop("KU316")})), ["Alue", "KU999", "unknown area"]),
    "unknown metric": (_jsonstat(lambda d: d["dimension"]["Tiedot"]["category"]["index"].update(
        {"NOSUCH": d["dimension"]["Tiedot"]["category"]["index"].pop("TYOVOIMATK")})),
        ["Tiedot", "NOSUCH", "unknown metric"]),
    "impossible month": (_jsonstat(lambda d: d["dimension"]["Kuukausi"]["category"]["index"].update(
        {"2025M13": d["dimension"]["Kuukausi"]["category"]["index"].pop("2025M10")})),
        ["Kuukausi", "2025M13", "impossible month"]),
    "text in numeric cell": (_jsonstat(lambda d: d["value"].__setitem__(4, "10,2")),
                             ["Cell 4 (Lahti, 10/2025, Labour force", "not a number"]),
    "no geo role": (_jsonstat(_set(["role", "geo"], [])), ["role “geo”"]),
    "duplicate category": (_jsonstat(lambda d: d["dimension"]["Alue"]["category"].__setitem__(
        "index", ["KU398", "KU098", "KU016", "KU560", "398"])), ["repeats", "Lahti"]),
    # A sparse value object keyed by a digit that is not ASCII ("²".isdigit() is true; int("²") fails).
    "value index not a number": (_jsonstat(_set(["value"], {"0": 1, "²": 2})), ["Value index ²", "outside"]),
}


@pytest.mark.parametrize("case", BAD_JSONSTAT, ids=list(BAD_JSONSTAT))
def test_bad_jsonstat_is_refused_naming_the_cell_and_nothing_is_written(tmp_path, case):
    run_import(tmp_path, JSONSTAT_SAMPLE.read_bytes(), "earlier.json")  # existing data must survive
    before = db_snapshot()
    content, expected = BAD_JSONSTAT[case]
    with pytest.raises(CommandError) as exc:
        run_import(tmp_path, content, "bad.json")
    message = str(exc.value)
    assert "nothing was saved" in message
    for fragment in expected:
        assert fragment in message, message
    assert db_snapshot() == before


HEADER = "area_code,month,metric,value,status,source\n"
BAD_CSV = {
    "unknown area": (HEADER + "398,2025-10,TYOTOSUUS,1,,x\n999,2025-10,TYOTOSUUS,1,,x\n",
                     ["Row 3", "area_code", "999"]),
    "unknown metric": (HEADER + "398,2025-10,NOSUCH,1,,x\n", ["Row 2", "metric", "NOSUCH"]),
    "impossible month": (HEADER + "398,2025-13,TYOTOSUUS,1,,x\n", ["Row 2", "month", "2025-13"]),
    "text in numeric cell": (HEADER + "398,2025-10,TYOTOSUUS,abc,,x\n", ["Row 2", "value", "abc", "not a number"]),
    "duplicate rows": (HEADER + "398,2025-10,TYOTOSUUS,1,,x\n098,2025-10,TYOTOSUUS,2,,x\nKU398,2025-10,"
                       "unemployment-rate,3,,x\n", ["Row 4 repeats Row 2", "Lahti", "10/2025"]),
    "formula": (HEADER + '398,2025-10,TYOTOSUUS,1,,"=HYPERLINK(""http://x"")"\n', ["Row 2", "source", "formula"]),
    "formula in value": (HEADER + "398,2025-10,TYOTOSUUS,=1+2,,x\n", ["Row 2", "value", "formula"]),
    "empty value without mark": (HEADER + "398,2025-10,TYOTOSUUS,,,x\n", ["Row 2", "value", "empty"]),
    "missing column": ("area,month,metric,value\n398,2025-10,TYOTOSUUS,1\n", ["area_code"]),
}


@pytest.mark.parametrize("case", BAD_CSV, ids=list(BAD_CSV))
def test_bad_csv_is_refused_naming_the_row_and_nothing_is_written(tmp_path, case):
    run_import(tmp_path, CSV_SAMPLE.read_bytes(), "earlier.csv")
    before = db_snapshot()
    content, expected = BAD_CSV[case]
    with pytest.raises(CommandError) as exc:
        run_import(tmp_path, content, "bad.csv")
    for fragment in expected:
        assert fragment in str(exc.value), str(exc.value)
    assert db_snapshot() == before


def test_one_bad_row_among_good_ones_writes_nothing(tmp_path):
    content = HEADER + "398,2025-10,TYOTOSUUS,1,,x\n098,2025-10,TYOTOSUUS,2,,x\n016,2025-10,TYOTOSUUS,x,,x\n"
    with pytest.raises(CommandError, match="Row 4"):
        run_import(tmp_path, content, "bad.csv")
    assert Observation.objects.count() == 0
    assert ImportBatch.objects.count() == 0


def test_command_exits_non_zero_on_bad_input(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "bad.json"
    path.write_text('{"version": "2.0", "class": "dataset", "id": [')
    result = subprocess.run([sys.executable, "manage.py", "import_metrics", str(path)], capture_output=True,
                            text=True, cwd=__import__("pathlib").Path(__file__).resolve().parents[2])
    assert result.returncode != 0
    assert "not valid JSON" in result.stderr or "ei ole kelvollista JSONia" in result.stderr


def test_latest_values_reach_the_programme_through_indicator_values(tmp_path):
    from cooperation.base.indicator_values import latest_values

    run_import(tmp_path, JSONSTAT_SAMPLE.read_bytes())
    found = latest_values(["TYOTOSUUS", "unemployed-job-seekers"], "KU398")
    assert found["TYOTOSUUS"].month == "2025-10" and found["TYOTOSUUS"].value == Decimal("10.2")
    assert found["unemployed-job-seekers"].value == 5726
    suppressed = latest_values(["TYOTOSUUS"], "KU316")["TYOTOSUUS"]
    assert suppressed.suppressed and suppressed.value is None
    assert latest_values(["TYOTOSUUS"]) == {}  # default scope MK07: no regional values in the sample
