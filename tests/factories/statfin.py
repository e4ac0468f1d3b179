"""StatFin 12r5-shaped JSON-stat 2.0 datasets for the whole country, with consistent numbers.

Municipalities get a labour force and unemployed count from a seeded generator; employment areas,
regions and the whole country get the sums (as StatFin publishes them), and the rate is always
unemployed / labour force × 100 rounded to one decimal. Used by the tests, the fake PxWeb server
and bench/import_national.py.
"""

from __future__ import annotations

import json
import random

from monitoring.areas import AreaRegistry
from monitoring.reports import add_months

CONTENTS = ["TYOTTOMATLOPUSSA", "TYOVOIMATK", "TYOTOSUUS"]


def national_values(registry: AreaRegistry, months: list, *, seed: int = 12, shift: int = 0) -> dict:
    """{(area, month): (unemployed, labour force)} for every municipality and their aggregates."""
    rng = random.Random(seed)
    base = {code: (rng.randint(400, 60000)) for code in registry.codes_of_kind("municipality")}
    values: dict = {}
    for k, month in enumerate(months):
        for code, force in base.items():
            rate = 0.05 + 0.08 * ((hash((code, seed)) % 97) / 97) + 0.002 * ((k + shift) % 5)
            values[(code, month)] = (round(force * rate), force)
        for kind in ("area", "region", "country"):
            for code in registry.codes_of_kind(kind):
                members = registry.municipalities_of(code, month)
                if members:
                    values[(code, month)] = (sum(values[(m, month)][0] for m in members),
                                             sum(values[(m, month)][1] for m in members))
    return values


def national_12r5(registry: AreaRegistry, last_month, *, months: int = 24, seed: int = 12, shift: int = 0,
                  area_codes: list[str] | None = None, geo_name: str = "Alue", suppress: set | None = None) -> bytes:
    """A whole-country 12r5 dataset: every area × `months` months × 3 contents."""
    month_list = [add_months(last_month, -k) for k in range(months - 1, -1, -1)]
    values = national_values(registry, month_list, seed=seed, shift=shift)
    codes = area_codes or sorted({code for code, _ in values})
    suppress = suppress or set()
    flat, status = [], {}
    for code in codes:
        for month in month_list:
            if (code, month) not in values:  # e.g. an employment area before 2025: no figure, no status
                flat.extend([None] * len(CONTENTS))
                continue
            unemployed, force = values[(code, month)]
            for content in CONTENTS:
                if (code, month) in suppress and content != "TYOVOIMATK":
                    status[str(len(flat))] = "..."
                    flat.append(None)
                    continue
                flat.append({"TYOTTOMATLOPUSSA": unemployed, "TYOVOIMATK": force,
                             "TYOTOSUUS": round(100 * unemployed / force, 1)}[content])
    month_codes = [f"{m:%Y}M{m:%m}" for m in month_list]
    dataset = {
        "version": "2.0", "class": "dataset", "label": "12r5 -- Työttömät työnhakijat ja työttömien osuus työvoimasta",
        "source": "Tilastokeskus, työnvälitystilasto (synthetic test values)", "updated": "2026-11-20T06:00:00Z",
        "id": [geo_name, "Kuukausi", "Tiedot"], "size": [len(codes), len(month_codes), len(CONTENTS)],
        "role": {"geo": [geo_name], "time": ["Kuukausi"], "metric": ["Tiedot"]},
        "dimension": {
            geo_name: {"label": geo_name, "category": {"index": {c: i for i, c in enumerate(codes)},
                                                       "label": {c: registry.name(c) for c in codes}}},
            "Kuukausi": {"label": "Kuukausi", "category": {"index": {m: i for i, m in enumerate(month_codes)},
                                                           "label": {m: m for m in month_codes}}},
            "Tiedot": {"label": "Tiedot", "category": {"index": {c: i for i, c in enumerate(CONTENTS)},
                                                       "label": {c: c for c in CONTENTS}}},
        },
        "value": flat, "status": status,
    }
    return json.dumps(dataset).encode()
