"""Statistics Finland's population per municipality (monitoring/reference/vaesto_2020.csv): loaded by
migration 0012 for the default peer groups, reloadable with `manage.py load_classification`, all or
nothing, a refusal naming the line and the column."""

import csv

import pytest
from django.core.management import CommandError, call_command

from monitoring import classification
from monitoring.models import ReferenceArea

HEADER = ["KUNTA", "KUNTANIMIFI", "VAKILUKU", "VUOSI"]


def _shipped_rows() -> list[list[str]]:
    with open(classification.POPULATION_FILE, encoding="utf-8") as f:
        header, *rows = list(csv.reader(f, delimiter=";"))
    assert header == HEADER
    return rows


def _write(tmp_path, rows, header=HEADER, name="vaesto_2021.csv"):
    path = tmp_path / name
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, delimiter=";", lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return str(path)


def _populations() -> dict[str, int | None]:
    return dict(ReferenceArea.objects.values_list("code", "population"))


def test_after_migrate_every_mainland_municipality_has_its_population_of_31_12_2020():
    municipalities = ReferenceArea.objects.filter(kind="municipality", valid_until__isnull=True)
    mainland = municipalities.exclude(region_code="MK21")
    assert mainland.count() == 293 and not mainland.filter(population__isnull=True).exists()
    assert not municipalities.filter(population__isnull=True).exists()  # Åland's too: the source has them
    by_code = _populations()
    assert (by_code["KU398"], by_code["KU098"], by_code["KU091"]) == (119_984, 23_251, 656_920)
    # Statistics Finland's population of the whole country on 31.12.2020.
    assert sum(municipalities.values_list("population", flat=True)) == 5_533_793
    assert not ReferenceArea.objects.exclude(kind="municipality").filter(population__isnull=False).exists()


def test_the_shipped_file_is_the_classification_s_municipalities_once_each():
    rows = _shipped_rows()
    codes = [row[0] for row in rows]
    assert len(codes) == len(set(codes)) == 309
    assert {f"KU{c}" for c in codes} == set(ReferenceArea.objects.filter(kind="municipality")
                                           .values_list("code", flat=True))
    assert {row[3] for row in rows} == {"2020"}


def test_reloading_the_shipped_file_changes_nothing(capsys):
    call_command("load_classification", str(classification.POPULATION_FILE))
    assert "populations: 0 new, 0 updated" in capsys.readouterr().out


def test_a_newer_file_replaces_the_populations(tmp_path, capsys):
    rows = [[code, name, str(int(count) + 1 if code == "398" else count), "2021"]
            for code, name, count, _year in _shipped_rows()]
    call_command("load_classification", _write(tmp_path, rows))
    assert "populations: 0 new, 1 updated" in capsys.readouterr().out
    assert ReferenceArea.objects.get(code="KU398").population == 119_985


def test_statistics_finlands_table_export_is_accepted_with_its_country_and_region_rows(tmp_path):
    """The shape of table 11ra as downloaded (area as "KU398 Lahti", the whole country and regions too)."""
    rows = [["SSS KOKO MAA", "5533793"], ["MK07 Päijät-Häme", "200000"]]
    rows += [[f"KU{code} {name}", str(int(count) * 2 if code == "398" else count)]
             for code, name, count, _year in _shipped_rows()]
    call_command("load_classification", _write(tmp_path, rows, header=["Alue", "Väestö 31.12. (M411)"],
                                               name="11ra.csv"))
    assert ReferenceArea.objects.get(code="KU398").population == 239_968
    assert ReferenceArea.objects.get(code="MK07").population is None


@pytest.mark.parametrize(("line", "cell", "message"), [
    (["999", "Ei ole", "1000", "2021"], 0, r"Line 5, KUNTA: “999” is not a municipality in the classification"),
    (["398", "Lahti", "12 000", "2021"], 2, r"Line 5, VAKILUKU: “12 000” is not a population \(a whole number\)"),
    (["398", "Lahti", "1200.5", "2021"], 2, r"Line 5, VAKILUKU: “1200.5” is not a population"),
    (["398", "Lahti", "-5", "2021"], 2, r"Line 5, VAKILUKU: “-5” is not a population"),
    (["398", "Lahti", "..", "2021"], 2, r"Line 5, VAKILUKU: “..” is not a population"),
])
def test_a_bad_cell_refuses_the_whole_file_naming_the_line_and_the_column(tmp_path, line, cell, message):
    rows = [[code, name, str(int(count) + 7), "2021"] for code, name, count, _year in _shipped_rows()]
    rows = [r for r in rows if r[0] != "398"]
    rows.insert(3, line)  # line 5 of the file: the header is line 1
    before = _populations()
    with pytest.raises(CommandError, match=message) as refused:
        call_command("load_classification", _write(tmp_path, rows))
    assert "nothing was saved" in str(refused.value)
    assert _populations() == before  # not one of the other 308 rows was written


def test_a_file_without_a_mainland_municipality_or_with_one_twice_is_refused(tmp_path):
    before = _populations()
    rows = [[code, name, count, "2021"] for code, name, count, _year in _shipped_rows() if code != "781"]
    with pytest.raises(CommandError, match="needs a population; not in the file: Sysmä"):
        call_command("load_classification", _write(tmp_path, rows))
    rows += [["781", "Sysmä", "3600", "2021"], ["781", "Sysmä", "3601", "2021"]]
    with pytest.raises(CommandError, match=rf"Line {len(rows) + 1}, KUNTA: Sysmä appears twice"):
        call_command("load_classification", _write(tmp_path, rows))
    assert _populations() == before
