"""Reference areas: Statistics Finland's classification loaded by the migrations, its invariants,
reloading it, the areas API, and a whole-country import on a database that has only been migrated."""

import csv
import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command

from monitoring import classification
from monitoring.areas import AreaRegistry
from monitoring.models import AreaMembership, Observation, ReferenceArea
from monitoring.services import import_content
from tests.factories.statfin import national_12r5

DAYS = [dt.date(2025, 1, 1), dt.date(2025, 6, 30), dt.date(2026, 12, 1)]


def test_the_classification_is_there_after_migrate():
    counts = {kind: ReferenceArea.objects.filter(kind=kind).count() for kind, _ in ReferenceArea.Kind.choices}
    assert counts == {"municipality": 309, "area": 45, "region": 19, "country": 1}
    assert ReferenceArea.objects.get(code="KU398").name_sv == "Lahtis"
    assert ReferenceArea.objects.get(code="KU081").name_sv == "Gustav Adolfs"
    assert ReferenceArea.objects.get(code="MK07").name_sv == "Päijänne-Tavastland"
    assert not ReferenceArea.objects.filter(code="MK03").exists()  # there is no region 03


def test_codes_are_unique_in_the_files_and_names_exist_in_both_languages():
    with open(classification.MUNICIPALITY_FILE, encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter=";"))
    codes = [row["KUNTA"] for row in rows]
    assert len(codes) == len(set(codes)) == 309
    assert all(row["KUNTANIMIFI"] and row["KUNTANIMISV"] for row in rows)
    assert all(row["MAAKUNTANIMIFI"] and row["MAAKUNTANIMISV"] for row in rows)
    assert not ReferenceArea.objects.filter(name_sv="").exists()


@pytest.mark.parametrize("day", DAYS)
def test_every_mainland_municipality_is_in_exactly_one_employment_area(day):
    memberships = list(AreaMembership.objects.on(day).values_list("municipality__code", flat=True))
    mainland = set(ReferenceArea.objects.filter(kind="municipality").exclude(region_code="MK21")
                   .values_list("code", flat=True))
    assert len(mainland) == 293
    assert sorted(memberships) == sorted(mainland)  # each once, none missing, Åland outside


def test_each_employment_area_contains_its_responsible_municipality():
    registry = AreaRegistry()
    for area in ReferenceArea.objects.filter(kind="area"):
        assert area.responsible_code in registry.municipalities_of(area.code, DAYS[1]), area.code


def test_paijat_hame_is_as_in_the_seeds():
    registry = AreaRegistry()
    names = [registry.name(c) for c in registry.municipalities_of("TA098", DAYS[1])]
    assert sorted(names) == ["Asikkala", "Hartola", "Heinola", "Hollola", "Iitti", "Kärkölä", "Orimattila",
                             "Padasjoki", "Sysmä"]
    assert registry.municipalities_of("TA398", DAYS[1]) == ["KU398"]
    assert registry.employment_area_of("KU398", DAYS[1]) == "TA398"
    assert registry.employment_area_of("KU478", DAYS[1]) is None  # Maarianhamina: Åland
    assert len(registry.municipalities_of("MK07", DAYS[1])) == 10
    assert len(registry.municipalities_of("SSS", DAYS[1])) == 309


def test_reloading_the_same_files_changes_nothing(capsys):
    call_command("load_classification", str(classification.MUNICIPALITY_FILE))
    call_command("load_classification", str(classification.EMPLOYMENT_AREA_FILE))
    out = capsys.readouterr().out
    assert "municipalities: 0 new, 0 updated" in out
    assert "employment areas: 0 new, 0 updated" in out
    assert AreaMembership.objects.count() == 293


def _file(tmp_path, name, rows, header):
    path = tmp_path / name
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def test_a_newer_classification_ends_a_merged_municipality_and_keeps_its_history(tmp_path):
    with open(classification.MUNICIPALITY_FILE, encoding="utf-8") as f:
        reader = csv.reader(f, delimiter=";")
        header, *rows = list(reader)
    merged = [r for r in rows if r[0] != "781"]  # say Sysmä merged into Hartola
    path = _file(tmp_path, "kunnat_2027.csv", merged, header)
    call_command("load_classification", str(path))
    sysma = ReferenceArea.objects.get(code="KU781")
    assert sysma.valid_until == dt.date(2026, 12, 31)
    assert AreaRegistry().get("KU781") is not None  # old files still import


def test_an_employment_area_file_that_leaves_a_municipality_out_is_refused(tmp_path):
    with open(classification.EMPLOYMENT_AREA_FILE, encoding="utf-8") as f:
        header, *rows = list(csv.reader(f, delimiter=";"))
    rows = [r for r in rows if r[4] != "781"]
    path = _file(tmp_path, "tyollisyysalueet_2027.csv", [[*r[:5], "2027-01-01", *r[6:]] for r in rows], header)
    before = list(AreaMembership.objects.values_list("pk", "end"))
    with pytest.raises(CommandError, match="not in the file: Sysmä"):
        call_command("load_classification", str(path))
    assert list(AreaMembership.objects.values_list("pk", "end")) == before


def test_an_employment_area_file_cannot_put_a_municipality_in_two_areas(tmp_path):
    with open(classification.EMPLOYMENT_AREA_FILE, encoding="utf-8") as f:
        header, *rows = list(csv.reader(f, delimiter=";"))
    rows.append(["TA398", "Lahden kaupungin työllisyysalue", "", "398", "781", "2025-01-01", ""])
    path = _file(tmp_path, "tyollisyysalueet_x.csv", rows, header)
    with pytest.raises(CommandError, match=r"Line \d+: Sysmä is already in TA098"):
        call_command("load_classification", str(path))


def test_a_broken_municipality_file_is_refused_naming_the_line(tmp_path):
    path = _file(tmp_path, "kunnat_bad.csv", [["398", "Lahti", "Lahtis", "07", "Päijät-Häme", ""],
                                              ["39x", "Lahti", "", "07", "Päijät-Häme", ""]],
                 ["KUNTA", "KUNTANIMIFI", "KUNTANIMISV", "MAAKUNTA", "MAAKUNTANIMIFI", "MAAKUNTANIMISV"])
    with pytest.raises(CommandError, match="Line 3: “39x” is not a municipality code"):
        call_command("load_classification", str(path))
    assert ReferenceArea.objects.get(code="MK07").name_sv == "Päijänne-Tavastland"  # nothing written


def test_a_whole_country_file_imports_on_a_migrated_database_without_parties():
    """No parties, no demo data: only what `migrate` leaves (the metric catalogue and the areas)."""
    from parties.models import Party

    assert not Party.objects.exists()
    content = national_12r5(AreaRegistry(), dt.date(2026, 10, 1), months=2)
    result = import_content(content=content, file_name="12r5.json", acting_user=None)
    areas = ReferenceArea.objects.count()
    assert len(result.new) == areas * 2 * 3
    assert Observation.objects.filter(area_code="KU091").count() == 6  # Helsinki is no party
    again = import_content(content=content, file_name="12r5.json", acting_user=None)
    assert (len(again.new), len(again.changed), again.unchanged) == (0, 0, areas * 2 * 3)


def _all_pages(client, url):
    rows = []
    while url:
        page = client.get(url).json()
        rows += page["results"]
        url = page["next"]
    return rows


def test_the_areas_api_lists_every_area_with_its_employment_area(api_client_for, official):
    client = api_client_for(official)
    rows = _all_pages(client, "/api/v1/monitoring/areas/?on=2025-06-01&page_size=200")
    assert len(rows) == ReferenceArea.objects.count()
    by_code = {row["code"]: row for row in rows}
    assert by_code["KU081"] == {**by_code["KU081"], "kind": "municipality", "name_fi": "Hartola",
                                "name_sv": "Gustav Adolfs", "region_code": "MK07", "employment_area": "TA098"}
    assert by_code["KU478"]["employment_area"] is None
    assert by_code["TA098"]["responsible_code"] == "KU098"
    assert by_code["SSS"]["kind"] == "country"
    before_reform = _all_pages(client, "/api/v1/monitoring/areas/?on=2024-06-01&kind=municipality")
    assert {row["employment_area"] for row in before_reform} == {None}
    assert client.get("/api/v1/monitoring/areas/?on=2025-13-01").status_code == 400


def test_the_areas_api_needs_a_login(api_client_for):
    assert api_client_for(None).get("/api/v1/monitoring/areas/").status_code == 401


def test_the_45_areas_follow_the_sources_noted_beside_the_file():
    """The memberships that monitoring/reference/README.md cites a source for (marked certain)."""
    registry = AreaRegistry()

    def names(area):
        return sorted(registry.name(c) for c in registry.municipalities_of(area, DAYS[1]))

    assert ReferenceArea.objects.filter(kind="area", valid_until__isnull=True).count() == 45
    assert names("TA092") == ["Vantaa"]  # one of the four that organise alone
    assert names("TA245") == ["Kerava", "Sipoo"]  # the area the first file lacked
    assert ReferenceArea.objects.get(code="TA245").responsible_code == "KU245"
    assert names("TA257") == ["Kirkkonummi", "Siuntio", "Vihti"]
    assert names("TA694") == ["Hausjärvi", "Janakkala", "Loppi", "Riihimäki"]
    assert names("TA109") == ["Forssa", "Hattula", "Humppila", "Hämeenlinna", "Jokioinen", "Tammela", "Ypäjä"]
    assert names("TA233") == ["Alajärvi", "Alavus", "Evijärvi", "Kauhava", "Kuortane", "Lappajärvi", "Lapua",
                              "Soini", "Vimpeli", "Ähtäri"]
    assert names("TA743") == ["Ilmajoki", "Isokyrö", "Seinäjoki"]
    assert "Kristiinankaupunki" in names("TA232") and "Kaskinen" in names("TA905")
    assert registry.employment_area_of("KU908", DAYS[1]) == "TA837"  # Valkeakoski in Tampere's area
    certain = set(AreaMembership.objects.on(DAYS[1]).filter(certain=True)
                  .values_list("area__code", flat=True).distinct())
    assert {"TA245", "TA257", "TA694", "TA109", "TA233", "TA743", "TA232", "TA272", "TA186", "TA638"} <= certain
    assert "TA915" not in certain  # Varkaus's area: no source names its members


def test_the_second_pass_follows_its_sources():
    """The corrections of migration 0013 (monitoring/reference/README.md, "second pass")."""
    registry = AreaRegistry()

    def names(area):
        return sorted(registry.name(c) for c in registry.municipalities_of(area, DAYS[1]))

    assert names("TA734") == ["Koski Tl", "Marttila", "Salo", "Somero"]
    turku = names("TA853")
    assert len(turku) == 23 and "Kemiönsaari" in turku and not {"Koski Tl", "Marttila"} & set(turku)
    assert names("TA179") == ["Jyväskylä", "Muurame"]
    assert ReferenceArea.objects.get(code="TA179").name_fi == "Jyväskylä-Muuramen työllisyysalue"
    assert len(names("TA992")) == 13 and {"Hankasalmi", "Laukaa", "Uurainen"} <= set(names("TA992"))
    assert names("TA678") == ["Haapajärvi", "Haapavesi", "Kärsämäki", "Oulainen", "Pyhäjoki", "Pyhäjärvi",
                              "Pyhäntä", "Raahe", "Reisjärvi", "Siikajoki", "Siikalatva"]
    assert names("TA977") == ["Alavieska", "Kalajoki", "Merijärvi", "Nivala", "Sievi", "Ylivieska"]
    assert {"Kuusamo", "Taivalkoski"} <= set(names("TA205")) and "Kuusamo" not in names("TA564")
    assert len(names("TA564")) == 11
    assert "Heinävesi" in names("TA167") and len(names("TA167")) == 13
    assert names("TA049") == ["Espoo", "Kauniainen"]
    assert ReferenceArea.objects.get(code="TA049").name_fi == "Espoon ja Kauniaisten työllisyysalue"
    certain = set(AreaMembership.objects.on(DAYS[1]).filter(certain=True)
                  .values_list("area__code", flat=True).distinct())
    assert {"TA734", "TA853", "TA179", "TA992", "TA678", "TA977", "TA564", "TA167", "TA049"} <= certain


def test_reloading_the_corrected_file_ends_the_areas_it_no_longer_has(tmp_path):
    """A database migrated with the first file (44 areas) ends up with the 45 after migration 0007."""
    area = ReferenceArea.objects.create(code="TA895", kind="area", name_fi="Vakka-Suomen työllisyysalue",
                                        name_sv="Nystadsregionens sysselsättningsområde",
                                        responsible_code="KU895", valid_from=DAYS[0])
    AreaMembership.objects.filter(municipality__code="KU895").update(area=area)
    result = classification.load_file(classification.EMPLOYMENT_AREA_FILE)
    assert result.ended == ["TA895"]
    assert AreaRegistry().employment_area_of("KU895", DAYS[1]) == "TA853"
