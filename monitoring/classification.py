"""Loading Statistics Finland's area classifications into `ReferenceArea` and `AreaMembership`.

Three kinds of file, told apart by their header (see monitoring/reference/README.md):
- the municipality–region key file (`KUNTA;KUNTANIMIFI;KUNTANIMISV;MAAKUNTA;…`): municipalities,
  regions and the whole country;
- the employment areas (`TYOLLISYYSALUE;NIMIFI;NIMISV;VASTUUKUNTA;KUNTA;ALKAEN;VARMUUS`);
- the population per municipality (`KUNTA;KUNTANIMIFI;VAKILUKU;VUOSI`), which the default peer
  groups compare (standing.default_peers).

Used by the data migrations (with historical models) and by `manage.py load_classification`.
A file is loaded whole or not at all: every problem is collected and named by its line, an
employment-area file must leave every mainland municipality in exactly one area on its start day,
and a population file must give every mainland municipality in force a population (figures of
different years side by side would make the comparison wrong).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.db.models import Q

REFERENCE_DIR = Path(__file__).resolve().parent / "reference"
MUNICIPALITY_FILE = REFERENCE_DIR / "kunnat_2026.csv"
EMPLOYMENT_AREA_FILE = REFERENCE_DIR / "tyollisyysalueet_2025.csv"
POPULATION_FILE = REFERENCE_DIR / "vaesto_2020.csv"
COUNTRY = "SSS"
ALAND = "MK21"

# Column names as Statistics Finland writes them in the key file and in the classification
# API's CSV export; the first of each list is what the files in reference/ use.
COLUMN_ALIASES = {
    "code": ["kunta", "kuntanro", "kuntakoodi", "sourcecode", "code"],
    "name_fi": ["kuntanimifi", "kunta_nimi", "nimi", "sourcename", "sourcenamefi", "name_fi"],
    "name_sv": ["kuntanimisv", "kunta_namn", "namn", "sourcenamesv", "name_sv"],
    "region": ["maakunta", "maakuntakoodi", "targetcode", "region"],
    "region_fi": ["maakuntanimifi", "maakunta_nimi", "targetname", "targetnamefi", "region_fi"],
    "region_sv": ["maakuntanimisv", "maakunta_namn", "targetnamesv", "region_sv"],
}
# The population column as the portal's file and Statistics Finland's tables (11ra: "Väestö 31.12.",
# perhaps with the year or the variable code around it) name it, compared without spaces and case;
# a header with one is a population file.
POPULATION_COLUMNS = ("vakiluku", "väkiluku", "vaesto", "väestö", "population")
AREA_COLUMNS = ["tyollisyysalue", "nimifi", "nimisv", "vastuukunta", "kunta", "alkaen", "varmuus"]


class ClassificationError(Exception):
    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass
class LoadResult:
    kind: str
    created: int = 0
    updated: int = 0
    ended: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        text = f"{self.kind}: {self.created} new, {self.updated} updated"
        return text + (f", ended: {', '.join(self.ended)}" if self.ended else "")


def _rows(text: str) -> tuple[list[str], list[list[str]]]:
    text = text.lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    if not reader:
        raise ClassificationError(["The file is empty."])
    header = [re.sub(r"[\s\"]", "", h).lower() for h in reader[0]]
    return header, [r for r in reader[1:] if any(c.strip() for c in r)]


def _municipality_code(raw: str) -> str | None:
    raw = raw.strip().upper().removeprefix("KU")
    return f"KU{int(raw):03d}" if raw.isdigit() and len(raw) <= 3 else None


def _region_code(raw: str) -> str | None:
    raw = raw.strip().upper().removeprefix("MK")
    return f"MK{int(raw):02d}" if raw.isdigit() and len(raw) <= 2 else None


def _year_start(name: str) -> dt.date | None:
    match = re.search(r"(20\d\d)", name)
    return dt.date(int(match[1]), 1, 1) if match else None


def load(text: str, *, name: str, area_model=None, membership_model=None) -> LoadResult:
    """Load one classification file (its kind from its header) in one transaction."""
    if area_model is None:
        from .models import AreaMembership as membership_model
        from .models import ReferenceArea as area_model
    header, rows = _rows(text)
    with transaction.atomic():
        if "tyollisyysalue" in header:
            return _load_employment_areas(header, rows, name, area_model, membership_model)
        if _population_column(header) is not None:
            return _load_populations(header, rows, area_model)
        return _load_municipalities(header, rows, name, area_model)


def load_file(path: Path | str, **models) -> LoadResult:
    path = Path(path)
    return load(path.read_text(encoding="utf-8-sig"), name=path.name, **models)


def _columns(header: list[str]) -> dict[str, int]:
    found = {}
    for key, aliases in COLUMN_ALIASES.items():
        for alias in aliases:
            if alias in header:
                found[key] = header.index(alias)
                break
    missing = [COLUMN_ALIASES[k][0].upper() for k in ("code", "name_fi", "region") if k not in found]
    if missing:
        raise ClassificationError([f"The header lacks the column(s) {', '.join(missing)}; expected "
                                   "KUNTA;KUNTANIMIFI;KUNTANIMISV;MAAKUNTA;MAAKUNTANIMIFI;MAAKUNTANIMISV."])
    return found


def _save(area_model, result: LoadResult, code: str, **values) -> None:
    obj, created = area_model.objects.get_or_create(code=code, defaults=values)
    if created:
        result.created += 1
    elif any(getattr(obj, k) != v for k, v in values.items()):
        for k, v in values.items():
            setattr(obj, k, v)
        obj.save()
        result.updated += 1


def _load_municipalities(header, rows, name, area_model) -> LoadResult:
    col = _columns(header)
    errors: list[str] = []
    municipalities: dict[str, dict] = {}
    regions: dict[str, dict] = {}
    for line, row in enumerate(rows, start=2):
        row = row + [""] * (len(header) - len(row))

        def get(key, row=row):
            return row[col[key]].strip() if key in col else ""
        code, region = _municipality_code(get("code")), _region_code(get("region"))
        if code is None:
            errors.append(f"Line {line}: “{get('code')}” is not a municipality code (three digits).")
        if region is None:
            errors.append(f"Line {line}: “{get('region')}” is not a region code (MK01–MK21).")
        if not get("name_fi"):
            errors.append(f"Line {line}: the Finnish name is empty.")
        if code in municipalities:
            errors.append(f"Line {line}: the municipality code {code} appears twice.")
        if code is None or region is None or not get("name_fi"):
            continue
        municipalities[code] = {"name_fi": get("name_fi"), "name_sv": get("name_sv"), "region_code": region}
        if get("region_fi"):
            regions[region] = {"name_fi": get("region_fi"), "name_sv": get("region_sv")}
    if not municipalities and not errors:
        errors.append("The file contains no municipalities.")
    if errors:
        raise ClassificationError(errors)

    result = LoadResult("municipalities")
    in_force = _year_start(name)
    for code, values in sorted(regions.items()):
        _save(area_model, result, code, kind="region", classification=name, valid_until=None, **values)
    for code in {v["region_code"] for v in municipalities.values()} - set(regions):
        if not area_model.objects.filter(code=code).exists():
            raise ClassificationError([f"The region {code} has no name in the file and is not known yet."])
    _save(area_model, result, COUNTRY, kind="country", name_fi="Koko maa", name_sv="Hela landet",
          classification=name, valid_until=None)
    for code, values in sorted(municipalities.items()):
        _save(area_model, result, code, kind="municipality", classification=name, valid_until=None, **values)
    # A municipality missing from a newer classification has ended (merged): its history stays.
    gone = area_model.objects.filter(kind="municipality", valid_until__isnull=True).exclude(code__in=municipalities)
    if in_force:
        result.ended = sorted(gone.values_list("code", flat=True))
        gone.update(valid_until=in_force - dt.timedelta(days=1))
    return result


def _load_employment_areas(header, rows, name, area_model, membership_model) -> LoadResult:
    missing = [c.upper() for c in AREA_COLUMNS[:6] if c not in header]
    if missing:
        raise ClassificationError([f"The header lacks the column(s) {', '.join(missing)}; expected "
                                   + ";".join(c.upper() for c in AREA_COLUMNS) + "."])
    col = {c: header.index(c) for c in AREA_COLUMNS if c in header}
    known = {a.code: a for a in area_model.objects.filter(kind="municipality")}
    errors: list[str] = []
    areas: dict[str, dict] = {}
    members: dict[str, tuple[str, dt.date, bool]] = {}
    for line, row in enumerate(rows, start=2):
        row = row + [""] * (len(header) - len(row))

        def get(key, row=row):
            return row[col[key]].strip() if key in col else ""
        area_code = get("tyollisyysalue").upper()
        municipality = _municipality_code(get("kunta"))
        responsible = _municipality_code(get("vastuukunta"))
        try:
            start = dt.date.fromisoformat(get("alkaen"))
        except ValueError:
            errors.append(f"Line {line}: “{get('alkaen')}” is not a date (YYYY-MM-DD).")
            continue
        if not re.fullmatch(r"TA\d{3}", area_code):
            errors.append(f"Line {line}: “{area_code}” is not an employment-area code (TA + three digits).")
            continue
        if municipality not in known:
            errors.append(f"Line {line}: the municipality “{get('kunta')}” is not in the municipality classification.")
            continue
        if responsible not in known:
            errors.append(f"Line {line}: the responsible municipality “{get('vastuukunta')}” is unknown.")
            continue
        if municipality in members:
            errors.append(f"Line {line}: {known[municipality].name_fi} is already in {members[municipality][0]}.")
            continue
        if not known[municipality].region_code or known[municipality].region_code == ALAND:
            errors.append(f"Line {line}: {known[municipality].name_fi} is in Åland, outside the employment areas.")
            continue
        areas.setdefault(area_code, {"name_fi": get("nimifi"), "name_sv": get("nimisv"),
                                     "responsible_code": responsible, "valid_from": start,
                                     "region_code": known[responsible].region_code})
        members[municipality] = (area_code, start, get("varmuus").lower() in ("varma", "certain", "1"))
    starts = {start for _, start, _ in members.values()}
    if len(starts) > 1:
        errors.append("All rows of one file must start on the same day.")
    if not errors and members:
        start = starts.pop()
        in_force = [c for c, a in known.items() if a.region_code != ALAND
                    and (a.valid_until is None or a.valid_until >= start)
                    and (a.valid_from is None or a.valid_from <= start)]
        outside = sorted(known[c].name_fi for c in in_force if c not in members)
        if outside:
            errors.append(f"Every mainland municipality must belong to an employment area on {start:%d.%m.%Y}; "
                          f"not in the file: {', '.join(outside)}.")
    if not members and not errors:
        errors.append("The file contains no employment areas.")
    if errors:
        raise ClassificationError(errors)

    result = LoadResult("employment areas")
    for code, values in sorted(areas.items()):
        _save(area_model, result, code, kind="area", classification=name, valid_until=None, **values)
    by_code = {a.code: a for a in area_model.objects.filter(kind="area")}
    # The new file replaces memberships from its start day on; earlier ones end the day before.
    membership_model.objects.filter(start__gte=start).delete()
    membership_model.objects.filter(Q(end__isnull=True) | Q(end__gte=start)).update(end=start - dt.timedelta(days=1))
    membership_model.objects.bulk_create([
        membership_model(area=by_code[area_code], municipality=known[code], start=start, certain=certain)
        for code, (area_code, start, certain) in sorted(members.items())])
    # An area without members from this day on has ended.
    alive = {a for a, _, _ in members.values()}
    ended = area_model.objects.filter(kind="area", valid_until__isnull=True).exclude(code__in=alive)
    result.ended = sorted(ended.values_list("code", flat=True))
    ended.update(valid_until=start - dt.timedelta(days=1))
    return result


def _population_column(header: list[str]) -> int | None:
    return next((i for i, h in enumerate(header) if any(name in h for name in POPULATION_COLUMNS)), None)


def _load_populations(header, rows, area_model) -> LoadResult:
    """Set `population` of the municipalities the file names; every mainland municipality in force
    must be in it. A code the classification does not know, a population that is not a whole number
    or a municipality named twice refuses the file, naming the line and the column."""
    count_at = _population_column(header)
    code_at = next((header.index(a) for a in [*COLUMN_ALIASES["code"], "alue"] if a in header), None)
    if code_at is None:
        raise ClassificationError(["The header lacks the column KUNTA; expected KUNTA;KUNTANIMIFI;VAKILUKU;VUOSI."])
    code_column, count_column = header[code_at].upper(), header[count_at].upper()
    known = {a.code: a for a in area_model.objects.filter(kind="municipality")}
    errors: list[str] = []
    populations: dict[str, int] = {}
    for line, row in enumerate(rows, start=2):
        row = row + [""] * (len(header) - len(row))
        raw_code, raw_count = row[code_at].strip(), row[count_at].strip()
        # Statistics Finland's table exports write the area as "KU398 Lahti" or "398 Lahti", and may
        # have the whole country and the regions as well: those rows are no municipality's.
        token = raw_code.split(" ", 1)[0].upper()
        if token == COUNTRY or (token.startswith("MK") and _region_code(token)):
            continue
        code = _municipality_code(token) if raw_code else None
        if code not in known:
            errors.append(f"Line {line}, {code_column}: “{raw_code}” is not a municipality in the classification.")
        elif code in populations:
            errors.append(f"Line {line}, {code_column}: {known[code].name_fi} appears twice.")
        if not re.fullmatch(r"[0-9]+", raw_count):
            errors.append(f"Line {line}, {count_column}: “{raw_count}” is not a population (a whole number).")
        elif code in known and code not in populations:
            populations[code] = int(raw_count)
    if not errors:
        missing = sorted(a.name_fi for c, a in known.items() if a.valid_until is None and a.region_code != ALAND
                         and c not in populations)
        if missing:
            errors.append(f"Every mainland municipality needs a population; not in the file: {', '.join(missing)}.")
    if errors:
        raise ClassificationError(errors)

    result = LoadResult("populations")
    for code, population in sorted(populations.items()):
        if known[code].population != population:
            area_model.objects.filter(pk=known[code].pk).update(population=population)
            result.updated += 1
    return result
