"""Reading metric files: StatFin PxWeb JSON-stat 2.0 and the portal's long CSV.

Parsing never writes. It returns validated `Cell`s or raises `ImportRefused` with every
problem found, each naming the cell or row and the reason. `plan()` compares cells with the
database (the preview); `services.import_apply` writes a plan in one transaction.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cached_property

from django.utils.translation import gettext as _

from cooperation.base.query_params import plain_int

from .areas import AreaRegistry
from .models import VALUE_PRECISION, Metric, Observation

SUPPRESSION_MARKS = {".", "..", "...", "-", "x"}
MAX_ERRORS = 30
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class ImportRefused(Exception):
    """The input was refused; `errors` are messages that name the cell or row and the reason."""

    def __init__(self, errors: list[str]):
        self.errors = errors[:MAX_ERRORS]
        if len(errors) > MAX_ERRORS:
            self.errors.append(_("… and %(n)d more problems.") % {"n": len(errors) - MAX_ERRORS})
        super().__init__("\n".join(self.errors))


@dataclass
class Cell:
    metric: Metric
    area_code: str
    month: dt.date
    value: Decimal | None
    suppressed: bool
    status: str
    source: str
    where: str
    breakdown: str = ""

    @property
    def key(self) -> tuple:
        return (self.metric.pk, self.area_code, self.month, self.breakdown)


@dataclass
class Change:
    cell: Cell
    old: Observation | None

    @property
    def kind(self) -> str:
        return "new" if self.old is None else "changed"


@dataclass
class Jump:
    """A value that changed from the previous month by more than the metric's jump threshold."""

    cell: Cell
    previous: Decimal

    @property
    def change(self) -> Decimal:
        return self.cell.value - self.previous


@dataclass
class Plan:
    format: str
    cells: list[Cell]
    new: list[Change] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    unchanged: int = 0
    jumps: list[Jump] = field(default_factory=list)
    batch: object = None  # the ImportBatch once applied

    @property
    def has_changes(self) -> bool:
        return bool(self.new or self.changed)


class Catalogue:
    """Metrics and areas loaded once per file (a constant number of queries per import)."""

    def __init__(self, allowed_areas: set[str] | None = None):
        self.allowed_areas = allowed_areas  # for metrics without a national feed; None = any

    # Loaded on first use, so a file that is not even JSON is refused without touching the database.
    @cached_property
    def metrics(self) -> dict[str, Metric]:
        metrics = {}
        for metric in Metric.objects.filter(is_active=True):
            metrics[metric.code.upper()] = metric
            if metric.source_code:
                metrics[metric.source_code.upper()] = metric
        return metrics

    @cached_property
    def areas(self) -> AreaRegistry:
        return AreaRegistry()

    def metric(self, code: str) -> Metric | None:
        return self.metrics.get((code or "").strip().upper())


def detect_format(content: bytes) -> str:
    head = content.lstrip(b"\xef\xbb\xbf").lstrip()[:1]
    return "jsonstat" if head in (b"{", b"[") else "csv"


def parse(content: bytes, catalogue: Catalogue | None = None) -> tuple[str, list[Cell]]:
    catalogue = catalogue or Catalogue()
    fmt = detect_format(content)
    if not content.strip(b"\xef\xbb\xbf \r\n\t"):
        raise ImportRefused([_("The file is empty.")])
    cells = parse_jsonstat(content, catalogue) if fmt == "jsonstat" else parse_csv(content, catalogue)
    check_duplicates(cells, catalogue.areas)
    if not cells:
        raise ImportRefused([_("The file contains no values.")])
    return fmt, cells


def parse_month(text: str) -> dt.date | None:
    """2025M09 (StatFin), 2025-09 (portal CSV) or 1.9.2025 (as Excel may rewrite it); None if impossible."""
    text = (text or "").strip()
    match = (re.fullmatch(r"(\d{4})M(\d{1,2})", text) or re.fullmatch(r"(\d{4})-(\d{1,2})", text))
    if match:
        year, month = int(match[1]), int(match[2])
    elif match := re.fullmatch(r"0?1\.(\d{1,2})\.(\d{4})", text):
        year, month = int(match[2]), int(match[1])
    else:
        return None
    if not (1 <= month <= 12 and 1900 <= year <= 2100):
        return None
    return dt.date(year, month, 1)


def _check_value(metric: Metric, value: Decimal | None, where: str, errors: list[str]) -> tuple[bool, Decimal | None]:
    """The metric's own check (Metric.value_problem), the same the hand-entry form and targets use;
    a usable value comes back with the four decimals the column keeps."""
    if value is None:
        return True, None
    if problem := metric.value_problem(value):
        errors.append(f"{where}: {problem}")
        return False, None
    return True, value.quantize(VALUE_PRECISION)


def _check_area_allowed(metric: Metric, area_code: str, catalogue: Catalogue, where: str, errors: list[str]) -> None:
    if metric.has_national_feed or catalogue.allowed_areas is None or area_code in catalogue.allowed_areas:
        return
    errors.append(_("%(where)s: you may enter “%(metric)s” only for your own area.")
                  % {"where": where, "metric": metric.name})


# --- JSON-stat 2.0 ----------------------------------------------------------------------------

def _position(raw: object) -> object:
    """A category position as an int (JSON numbers are parsed as Decimal); anything else as it is."""
    return int(raw) if isinstance(raw, Decimal) and raw == int(raw) else raw


def _codes_from_index(name: str, index: dict, errors: list[str]) -> list[str] | None:
    """Codes in position order from a {code: position} index; None (with the error) when a position is bad."""
    codes = [""] * len(index)
    for code, raw_position in index.items():
        position = _position(raw_position)
        if not isinstance(position, int) or not 0 <= position < len(index) or codes[position]:
            errors.append(_("Dimension “%(dim)s”: category “%(code)s” has an invalid position %(pos)s.")
                          % {"dim": name, "code": code, "pos": position})
            return None
        codes[position] = str(code)
    return codes


def _category_codes(name: str, dimension: dict, size: int, errors: list[str]) -> list[str]:
    category = dimension.get("category") if isinstance(dimension, dict) else None
    if not isinstance(category, dict):
        errors.append(_("Dimension “%(dim)s” has no category.") % {"dim": name})
        return []
    index = category.get("index")
    if index is None and isinstance(category.get("label"), dict) and len(category["label"]) == 1:
        index = list(category["label"])  # JSON-stat allows a single category without an index
    if isinstance(index, list):
        codes = [str(code) for code in index]
    elif isinstance(index, dict):
        codes = _codes_from_index(name, index, errors)
        if codes is None:
            return []
    else:
        errors.append(_("Dimension “%(dim)s” has no category index.") % {"dim": name})
        return []
    if len(codes) != size:
        errors.append(_("Dimension “%(dim)s” has %(n)d categories but its size is %(size)s.")
                      % {"dim": name, "n": len(codes), "size": size})
        return []
    return codes


def _load_json(content: bytes) -> object:
    try:
        return json.loads(content.decode("utf-8-sig"), parse_float=Decimal, parse_int=Decimal)
    except UnicodeDecodeError as exc:
        raise ImportRefused([_("The file is not UTF-8 text (byte %(pos)d).") % {"pos": exc.start}]) from exc
    except json.JSONDecodeError as exc:
        raise ImportRefused([_("The file is not valid JSON (is it truncated?): line %(line)d, column %(col)d: "
                               "%(msg)s.") % {"line": exc.lineno, "col": exc.colno, "msg": exc.msg}]) from exc


def _is_count(size: object) -> bool:
    return isinstance(size, Decimal) and size == int(size) and size >= 0


def _dataset_shape(data: object) -> tuple[list, list[int], dict]:
    """The dataset's dimension ids, sizes and descriptions, or ImportRefused naming what is wrong."""
    if not isinstance(data, dict) or data.get("class") != "dataset":
        raise ImportRefused([_("The file is JSON but not a JSON-stat 2.0 dataset (class “dataset” is missing).")])
    missing = [key for key in ("id", "size", "dimension", "value") if key not in data]
    if missing:
        raise ImportRefused([_("The JSON-stat dataset lacks: %(keys)s.") % {"keys": ", ".join(missing)}])
    ids, sizes, dimensions = data["id"], data["size"], data["dimension"]
    if (not isinstance(ids, list) or not isinstance(sizes, list) or len(ids) != len(sizes)
            or not all(_is_count(s) for s in sizes) or not isinstance(dimensions, dict)):
        raise ImportRefused([_("The JSON-stat “id” and “size” must be lists of equal length.")])
    return ids, [int(s) for s in sizes], dimensions


def _dimensions_by_role(data: dict, ids: list, errors: list[str]) -> dict[str, str]:
    """Dimensions by their role, not their names (StatFin has renamed dimensions before)."""
    role = data.get("role") if isinstance(data.get("role"), dict) else {}
    by_role: dict[str, str] = {}
    for wanted in ("geo", "time", "metric"):
        names = [n for n in (role.get(wanted) or []) if n in ids]
        if len(names) != 1:
            errors.append(_("The dataset must have exactly one dimension with the role “%(role)s”; it has %(n)d.")
                          % {"role": wanted, "n": len(names)})
        else:
            by_role[wanted] = names[0]
    return by_role


def _dimension_codes(ids: list, sizes: list[int], dimensions: dict, by_role: dict[str, str],
                     errors: list[str]) -> dict[str, list[str]]:
    """Each dimension's category codes in position order."""
    codes: dict[str, list[str]] = {}
    for name, size in zip(ids, sizes, strict=True):
        if name not in dimensions:
            errors.append(_("Dimension “%(dim)s” is listed in “id” but not described.") % {"dim": name})
            continue
        codes[name] = _category_codes(name, dimensions[name], size, errors)
        if name not in by_role.values() and size != 1:
            errors.append(_("Dimension “%(dim)s” has no role the portal knows and %(size)d categories; "
                            "select a single category for it in PxWeb.") % {"dim": name, "size": size})
    return codes


def _values_by_index(values: object, sizes: list[int], total: int) -> dict[int, object]:
    """The dataset's values by flat index, from JSON-stat's array or sparse object form."""
    dims = " × ".join(map(str, sizes))
    if isinstance(values, list):
        if len(values) != total:
            raise ImportRefused([_("The dataset has %(n)d values but its size %(dims)s requires %(total)d.")
                                 % {"n": len(values), "dims": dims, "total": total}])
        return dict(enumerate(values))
    if not isinstance(values, dict):
        raise ImportRefused([_("The JSON-stat “value” must be a list or an object.")])
    values_at = {}
    for key, value in values.items():
        index = plain_int(key)
        if index is None or index >= total:
            raise ImportRefused([_("Value index %(key)s is outside the size %(dims)s.") % {"key": key, "dims": dims}])
        values_at[index] = value
    return values_at


def _status_reader(status: object, total: int):
    """A function giving the status mark of the value at a flat index (one mark, a list or an object)."""
    if isinstance(status, list) and len(status) != total:
        raise ImportRefused([_("The dataset has %(n)d status marks but %(total)d values.")
                             % {"n": len(status), "total": total}])
    if isinstance(status, str):
        return lambda i: status
    if isinstance(status, list):
        return lambda i: str(status[i] or "")
    if isinstance(status, dict):
        return lambda i: str(status.get(str(i)) or "")
    return lambda i: ""


def _resolve(dim: str, codes: list[str], lookup, message: str, errors: list[str]) -> dict[int, object]:
    """Each category of a dimension resolved once, so an unknown code is reported once, naming it."""
    found = {}
    for position, code in enumerate(codes):
        found[position] = lookup(code)
        if found[position] is None:
            errors.append(message % {"dim": dim, "pos": position, "code": code})
    return found


@dataclass
class _Axes:
    """The resolved categories of the geo, time and metric dimensions, by position."""

    geo: str
    time: str
    metric: str
    areas: dict[int, object]
    months: dict[int, dt.date | None]
    metrics: dict[int, Metric | None]


def _resolve_axes(by_role: dict[str, str], codes: dict[str, list[str]], catalogue: Catalogue) -> _Axes:
    geo, time, metric_dim = by_role["geo"], by_role["time"], by_role["metric"]
    errors: list[str] = []
    areas = _resolve(geo, codes[geo], catalogue.areas.get,
                     _("Dimension “%(dim)s”, category %(pos)d: unknown area code “%(code)s”."), errors)
    months = _resolve(time, codes[time], parse_month,
                      _("Dimension “%(dim)s”, category %(pos)d: impossible month “%(code)s” "
                        "(expected e.g. 2025M09)."), errors)
    metrics = _resolve(metric_dim, codes[metric_dim], catalogue.metric,
                       _("Dimension “%(dim)s”, category %(pos)d: unknown metric code “%(code)s”."), errors)
    if errors:
        raise ImportRefused(errors)
    return _Axes(geo, time, metric_dim, areas, months, metrics)


def _jsonstat_value(raw: object, where: str, errors: list[str]) -> tuple[bool, Decimal | None]:
    """(usable, value) of a cell's raw value; None = suppressed (a status mark without a value)."""
    if raw is None:
        return True, None
    if isinstance(raw, bool) or not isinstance(raw, Decimal):
        errors.append(_("%(where)s: “%(raw)s” is not a number.") % {"where": where, "raw": raw})
        return False, None
    return True, raw


def parse_jsonstat(content: bytes, catalogue: Catalogue) -> list[Cell]:
    """The cells of a StatFin JSON-stat 2.0 dataset: its shape, its dimensions by role, its values,
    then each category resolved against the catalogue, then each cell checked."""
    data = _load_json(content)
    ids, sizes, dimensions = _dataset_shape(data)
    errors: list[str] = []
    by_role = _dimensions_by_role(data, ids, errors)
    codes = _dimension_codes(ids, sizes, dimensions, by_role, errors)
    if errors:
        raise ImportRefused(errors)
    total = math.prod(sizes)
    values_at = _values_by_index(data["value"], sizes, total)
    status_at = _status_reader(data.get("status"), total)
    axes = _resolve_axes(by_role, codes, catalogue)

    source = str(data.get("source") or "StatFin")[:200]
    strides = [math.prod(sizes[i + 1:]) for i in range(len(sizes))]
    # A cell is named as a person reads it (area, month, metric), with its position in the file to find
    # it there; never by the file's codes (KU398, 2025M09, TYOTOSUUS). Translated once, not once a cell.
    cell_label = _("Cell %(i)d (%(area)s, %(month)s, %(metric)s)")
    positions = {name: (strides[k], sizes[k]) for k, name in enumerate(ids)}
    geo_at, time_at, metric_at = positions[axes.geo], positions[axes.time], positions[axes.metric]
    area_names = {pos: area.name for pos, area in axes.areas.items()}  # looked up once a category
    month_names = {pos: f"{month:%m/%Y}" for pos, month in axes.months.items()}
    metric_names = {pos: metric.name for pos, metric in axes.metrics.items()}
    cells: list[Cell] = []
    for i in range(total):
        raw, mark = values_at.get(i), status_at(i).strip()
        if raw is None and not mark:
            continue  # an empty cell without a status: nothing to record
        at_metric, at_area, at_month = ((i // metric_at[0]) % metric_at[1], (i // geo_at[0]) % geo_at[1],
                                        (i // time_at[0]) % time_at[1])
        metric, area, month = axes.metrics[at_metric], axes.areas[at_area], axes.months[at_month]
        where = cell_label % {"i": i, "area": area_names[at_area], "month": month_names[at_month],
                              "metric": metric_names[at_metric]}
        usable, value = _jsonstat_value(raw, where, errors)
        if not usable:
            continue
        usable, value = _check_value(metric, value, where, errors)
        if not usable:
            continue
        _check_area_allowed(metric, area.code, catalogue, where, errors)
        cells.append(Cell(metric=metric, area_code=area.code, month=month, value=value,
                          suppressed=value is None, status=mark[:10], source=source, where=where))
    if errors:
        raise ImportRefused(errors)
    return cells


# --- the portal's long CSV ----------------------------------------------------------------------

CSV_COLUMNS = ("area_code", "month", "metric", "value", "status", "source", "breakdown")
REQUIRED_COLUMNS = ("area_code", "month", "metric", "value")


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel's plain "CSV" in a Finnish Windows is cp1252; "CSV UTF-8" has a BOM (handled above).
        return content.decode("cp1252", errors="strict")


def parse_number(text: str) -> Decimal:
    """12.5, 12,5 (decimal comma), 1 234,5 (spaces as thousands separators)."""
    cleaned = text.strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    if "," in cleaned and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    if not re.fullmatch(r"-?\d+(\.\d+)?", cleaned):
        raise InvalidOperation(text)
    return Decimal(cleaned)


def _csv_text(content: bytes) -> str:
    try:
        text = _decode(content)
    except UnicodeDecodeError as exc:
        raise ImportRefused([_("The file is neither UTF-8 nor Windows-1252 text.")]) from exc
    if "\x00" in text:
        raise ImportRefused([_("The file is not a text file.")])
    return text


def _csv_table(text: str) -> tuple[list[str], dict[str, int], list[list[str]]]:
    """The header, the known columns' positions and the rows; refused when a required column is missing."""
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration as exc:
        raise ImportRefused([_("The file is empty.")]) from exc
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise ImportRefused([_("The header row lacks the column(s) %(cols)s; expected %(expected)s.")
                             % {"cols": ", ".join(missing), "expected": ", ".join(CSV_COLUMNS[:6])}])
    col = {name: header.index(name) for name in CSV_COLUMNS if name in header}
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise ImportRefused([_("Line %(line)d: the CSV is malformed: %(msg)s.")
                             % {"line": reader.line_num, "msg": exc}]) from exc
    return header, col, rows


def _has_formula(row: list[str], col: dict[str, int], where: str, errors: list[str]) -> bool:
    """Refuse spreadsheet formulas in any column (a negative number in the value column is not one)."""
    found = False
    for name in col:
        raw = row[col[name]]
        is_number = name == "value" and re.match(r"-\s*\d", raw.strip())
        if raw.startswith(FORMULA_PREFIXES) and not is_number:
            errors.append(_("%(where)s, column %(col)s: “%(raw)s” looks like a spreadsheet formula; "
                            "formulas are refused.") % {"where": where, "col": name, "raw": raw[:40]})
            found = True
    return found


def _csv_keys(get, catalogue: Catalogue, where: str, errors: list[str]) -> tuple:
    """The row's area, month and metric (None where unknown or impossible, with the error)."""
    area = catalogue.areas.get(get("area_code"))
    if area is None:
        errors.append(_("%(where)s, column area_code: unknown area code “%(code)s”.")
                      % {"where": where, "code": get("area_code")})
    month = parse_month(get("month"))
    if month is None:
        errors.append(_("%(where)s, column month: impossible month “%(month)s” (expected YYYY-MM).")
                      % {"where": where, "month": get("month")})
    metric = catalogue.metric(get("metric"))
    if metric is None:
        errors.append(_("%(where)s, column metric: unknown metric code “%(code)s”.")
                      % {"where": where, "code": get("metric")})
    return area, month, metric


def _csv_value(raw_value: str, suppressed: bool, mark: str, where: str,
               errors: list[str]) -> tuple[bool, Decimal | None]:
    """(usable, value) of the value column; a suppressed row has no value."""
    if suppressed:
        if raw_value:
            errors.append(_("%(where)s: a value is given but the status “%(mark)s” marks it suppressed.")
                          % {"where": where, "mark": mark})
            return False, None
        return True, None
    if not raw_value:
        errors.append(_("%(where)s, column value: the value is empty and there is no suppression mark "
                        "(“...”) in the status column.") % {"where": where})
        return False, None
    try:
        return True, parse_number(raw_value)
    except InvalidOperation:
        errors.append(_("%(where)s, column value: “%(raw)s” is not a number.")
                      % {"where": where, "raw": raw_value[:40]})
        return False, None


def _csv_cell(row: list[str], line_no: int, col: dict[str, int], catalogue: Catalogue,
              errors: list[str]) -> Cell | None:
    """One row as a cell, or None (with its errors) when it cannot be one."""
    def get(name: str) -> str:
        return row[col[name]].strip() if name in col else ""

    where = _("Row %(row)d") % {"row": line_no}
    if _has_formula(row, col, where, errors):
        return None
    area, month, metric = _csv_keys(get, catalogue, where, errors)
    mark = get("status")
    suppressed = mark in SUPPRESSION_MARKS
    usable, value = _csv_value(get("value"), suppressed, mark, where, errors)
    if not usable or area is None or month is None or metric is None:
        return None
    usable, value = _check_value(metric, value, f"{where}, column value", errors)
    if not usable:
        return None
    _check_area_allowed(metric, area.code, catalogue, where, errors)
    return Cell(metric=metric, area_code=area.code, month=month, value=value, suppressed=suppressed,
                status=mark[:10], source=get("source")[:200], where=where, breakdown=get("breakdown")[:40])


def parse_csv(content: bytes, catalogue: Catalogue) -> list[Cell]:
    """The cells of the portal's long CSV: text, header and rows, then each row checked."""
    header, col, rows = _csv_table(_csv_text(content))
    errors: list[str] = []
    cells: list[Cell] = []
    for line_no, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        padded = row + [""] * (len(header) - len(row))
        cell = _csv_cell(padded, line_no, col, catalogue, errors)
        if cell is not None:
            cells.append(cell)
    if errors:
        raise ImportRefused(errors)
    return cells


def check_duplicates(cells: list[Cell], areas: AreaRegistry) -> None:
    seen: dict[tuple, Cell] = {}
    errors = []
    for cell in cells:
        if cell.key in seen:
            errors.append(_("%(where)s repeats %(first)s: %(metric)s, %(area)s, %(month)s appears twice.")
                          % {"where": cell.where, "first": seen[cell.key].where, "metric": cell.metric.name,
                             "area": areas.name(cell.area_code), "month": f"{cell.month:%m/%Y}"})
        else:
            seen[cell.key] = cell
    if errors:
        raise ImportRefused(errors)


def plan(fmt: str, cells: list[Cell]) -> Plan:
    """What applying these cells would change (the preview). Reads only."""
    result = Plan(format=fmt, cells=cells)
    if not cells:
        return result
    existing = {
        (o.metric_id, o.area_code, o.month, o.breakdown): o
        for o in Observation.objects.filter(
            metric_id__in={c.metric.pk for c in cells},
            area_code__in={c.area_code for c in cells},
            month__in={c.month for c in cells},
        )
    }
    for cell in cells:
        old = existing.get(cell.key)
        if old is None:
            result.new.append(Change(cell, None))
        elif (old.value != cell.value or old.suppressed != cell.suppressed or old.status != cell.status):
            result.changed.append(Change(cell, old))
        else:
            result.unchanged += 1
    result.jumps = find_jumps([c.cell for c in result.new + result.changed], cells)
    return result


def _previous_month(month: dt.date) -> dt.date:
    return dt.date(month.year - (month.month == 1), 12 if month.month == 1 else month.month - 1, 1)


def is_jump(metric: Metric, previous: Decimal, value: Decimal) -> bool:
    """Percentages jump by percentage points, everything else by per cent of the previous value."""
    threshold = metric.jump_threshold
    if threshold is None:
        return False
    if metric.unit == Metric.Unit.PERCENT:
        return abs(value - previous) > threshold
    if previous == 0:
        return value != 0 and abs(value) > threshold  # from nothing to something sizeable
    return abs(value - previous) * 100 / abs(previous) > threshold


def find_jumps(changing: list[Cell], cells: list[Cell]) -> list[Jump]:
    """Changing cells whose value differs from the previous month's (in the same file, else in the
    database) by more than the metric's threshold: flagged in the preview for the importer to confirm."""
    candidates = [c for c in changing if c.value is not None and c.metric.jump_threshold is not None]
    if not candidates:
        return []
    in_file = {c.key: c.value for c in cells if c.value is not None}
    wanted = {(c.metric.pk, c.area_code, _previous_month(c.month), c.breakdown) for c in candidates}
    missing = [key for key in wanted if key not in in_file]
    stored = {}
    if missing:
        stored = {(o[0], o[1], o[2], o[3]): o[4] for o in Observation.objects.filter(
            metric_id__in={k[0] for k in missing}, area_code__in={k[1] for k in missing},
            month__in={k[2] for k in missing}, suppressed=False,
        ).values_list("metric_id", "area_code", "month", "breakdown", "value")}
    jumps = []
    for cell in candidates:
        key = (cell.metric.pk, cell.area_code, _previous_month(cell.month), cell.breakdown)
        previous = in_file.get(key, stored.get(key))
        if previous is not None and is_jump(cell.metric, previous, cell.value):
            jumps.append(Jump(cell, previous))
    return jumps
