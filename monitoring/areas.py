"""Observation areas as StatFin writes them, resolved against the reference areas (monitoring/reference/).

KU398  a municipality (Statistics Finland's classification; not necessarily a party)
TA098  an employment area, named by its responsible municipality (Päijät-Häme: Hollola 098)
MK07   a region (maakunta); Päijät-Häme is 07
SSS    the whole country
A bare three-digit code (as in the portal CSV, "398") means the municipality.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass

from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from parties.models import EmploymentArea, EmploymentAuthority

from .models import AreaMembership, ReferenceArea

REGION = "MK07"
LAHTI = "KU398"
LAHTI_AREA = "TA398"  # Lahti is an employment authority on its own
COUNTRY = "SSS"
KIND_ORDER = {"municipality": 0, "area": 1, "region": 2, "country": 3}


@dataclass(frozen=True)
class Area:
    code: str
    kind: str  # municipality | area | region | country
    name_fi: str
    name_sv: str = ""
    region_code: str = ""

    @property
    def name(self) -> str:
        if translation.get_language() == "sv" and self.name_sv:
            return self.name_sv
        if self.kind == "country":
            return str(_("Whole country"))
        return self.name_fi


def normalise(code: str) -> str:
    code = (code or "").strip().upper()
    if re.fullmatch(r"\d{3}", code):
        return f"KU{code}"
    return code


class AreaRegistry:
    """All known areas and the employment areas' memberships, loaded once per import/report/page
    (two queries), so lookups cost nothing."""

    def __init__(self):
        self.by_code: dict[str, Area] = {
            code: Area(code, kind, name_fi, name_sv, region)
            for code, kind, name_fi, name_sv, region in ReferenceArea.objects.values_list(
                "code", "kind", "name_fi", "name_sv", "region_code")}
        self._memberships = list(AreaMembership.objects.values_list(
            "area__code", "municipality__code", "start", "end"))
        # Per day: a report asks for the same few days thousands of times (every area × month of
        # every metric; 0.5 s of a report at ten years of use went to scanning the memberships).
        self._members_by_day: dict[dt.date, dict[str, list[str]]] = {}
        self._area_by_day: dict[dt.date, dict[str, str]] = {}
        self._codes_by_kind: dict[str, list[str]] = {}

    def get(self, code: str) -> Area | None:
        return self.by_code.get(normalise(code))

    def name(self, code: str) -> str:
        """The area's name in the active language; an unknown code stands for itself."""
        area = self.by_code.get(code)
        return area.name if area else code

    def sort_key(self, code: str):
        area = self.by_code.get(code)
        return (KIND_ORDER.get(area.kind, 9), area.name_fi) if area else (9, code)

    def codes_of_kind(self, kind: str) -> list[str]:
        if kind not in self._codes_by_kind:
            self._codes_by_kind[kind] = sorted((c for c, a in self.by_code.items() if a.kind == kind),
                                               key=self.sort_key)
        return list(self._codes_by_kind[kind])

    def _members_on(self, day: dt.date) -> dict[str, list[str]]:
        if day not in self._members_by_day:
            members: dict[str, list[str]] = defaultdict(list)
            for area, municipality, start, end in self._memberships:
                if (start is None or start <= day) and (end is None or end >= day):
                    members[area].append(municipality)
            self._members_by_day[day] = {area: sorted(codes) for area, codes in members.items()}
            self._area_by_day[day] = {m: area for area, codes in members.items() for m in codes}
        return self._members_by_day[day]

    def employment_area_of(self, municipality: str, day: dt.date) -> str | None:
        self._members_on(day)
        return self._area_by_day[day].get(municipality)

    def municipalities_of(self, code: str, day: dt.date) -> list[str]:
        """The municipalities an employment area, a region or the country consists of on a day."""
        area = self.by_code.get(code)
        if area is None:
            return []
        if area.kind == "municipality":
            return [code]
        if area.kind == "area":
            return list(self._members_on(day).get(code, []))
        municipalities = self.codes_of_kind("municipality")
        if area.kind == "region":
            return [c for c in municipalities if self.by_code[c].region_code == code]
        return municipalities


def authority_area_codes(authority: EmploymentAuthority | None, day: dt.date | None = None) -> list[str]:
    """The municipalities of a report's scope, then the area, the region and the country.

    None is the steering group's scope: both authorities (Lahti and the employment area).
    """
    day = day or timezone.localdate()
    authorities = [authority] if authority else list(
        EmploymentAuthority.objects.select_related("party", "employment_area__responsible_municipality"))
    if not authorities:
        return home_region_scope(day)
    municipalities: list[str] = []
    areas: list[str] = []
    for auth in authorities:
        for party in auth.municipalities_on(day).order_by("name_fi"):
            if party.municipality_code:
                municipalities.append(party.statfin_code)
        if auth.employment_area_id:
            areas.append(f"TA{auth.employment_area.responsible_municipality.municipality_code}")
    # Lahti first, then the others alphabetically (the registry's Finnish names).
    return list(dict.fromkeys(municipalities)) + areas + [REGION, COUNTRY]


def home_region_scope(day: dt.date) -> list[str]:
    """The steering group's scope from the reference data alone, for a portal whose parties and
    authorities are not recorded yet (a database that has only been migrated): the municipalities of
    the employment areas of the home region (Päijät-Häme, REGION), Lahti first, then those areas,
    the region and the country. The same areas the two authorities cover once they are recorded."""
    areas = home_region_areas(day)
    members = (AreaMembership.objects.on(day).filter(area__code__in=areas)
               .order_by("municipality__name_fi").values_list("municipality__code", flat=True))
    municipalities = sorted(dict.fromkeys(members), key=lambda code: code != LAHTI)
    return municipalities + areas + [REGION, COUNTRY]


def home_region_areas(day: dt.date) -> list[str]:
    """The employment areas of the home region in force on the day (Lahti's first): the two
    authorities' areas as Statistics Finland classifies them."""
    codes = ReferenceArea.objects.filter(kind=ReferenceArea.Kind.EMPLOYMENT_AREA, region_code=REGION,
                                         members__in=AreaMembership.objects.on(day)).distinct()
    return sorted(codes.values_list("code", flat=True), key=lambda code: (code != LAHTI_AREA, code))


def home_region_headline_codes(day: dt.date) -> list[str]:
    """The home region's authorities' headline areas: a one-municipality area (Lahti) reads its
    municipality's own figures, as `keyfigures.headline_code` does for a recorded authority."""
    members = AreaMembership.objects.on(day).filter(area__code__in=home_region_areas(day))
    by_area: dict[str, list[str]] = defaultdict(list)
    for area, municipality in members.values_list("area__code", "municipality__code"):
        by_area[area].append(municipality)
    return [by_area[area][0] if len(by_area[area]) == 1 else area for area in home_region_areas(day)]


def user_area_codes(user) -> set[str] | None:
    """Areas a person may enter figures for by hand: their own municipality (and the employment
    area it hosts). None = every area (administrators)."""
    if user.is_superuser or user.has_perm("monitoring.change_metric"):
        return None
    party = getattr(user, "party", None)
    if party is None or not party.municipality_code:
        return set()
    codes = {party.statfin_code}
    if EmploymentArea.objects.filter(responsible_municipality=party).exists():
        codes.add(f"TA{party.municipality_code}")
    return codes
