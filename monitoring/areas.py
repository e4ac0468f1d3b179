"""Observation areas as StatFin writes them, resolved against the parties registry.

KU398  a municipality (the parties registry must know the municipality code)
TA098  an employment area, named by its responsible municipality (Päijät-Häme: Hollola 098)
MK07   a region (maakunta); Päijät-Häme is 07
SSS    the whole country
A bare three-digit code (as in the portal CSV, "398") means the municipality.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from parties.models import EmploymentArea, EmploymentAuthority, Party

REGION = "MK07"
COUNTRY = "SSS"
REGIONS = {
    "MK01": "Uusimaa", "MK02": "Varsinais-Suomi", "MK04": "Satakunta", "MK05": "Kanta-Häme",
    "MK06": "Pirkanmaa", "MK07": "Päijät-Häme", "MK08": "Kymenlaakso", "MK09": "Etelä-Karjala",
    "MK10": "Etelä-Savo", "MK11": "Pohjois-Savo", "MK12": "Pohjois-Karjala", "MK13": "Keski-Suomi",
    "MK14": "Etelä-Pohjanmaa", "MK15": "Pohjanmaa", "MK16": "Keski-Pohjanmaa", "MK17": "Pohjois-Pohjanmaa",
    "MK18": "Kainuu", "MK19": "Lappi", "MK21": "Ahvenanmaa",
}
REGIONS_SV = {"MK07": "Päijänne-Tavastland", "MK01": "Nyland", "MK05": "Egentliga Tavastland"}
# Municipality names as statistics write them (the parties registry has the organisations' names,
# "Lahden kaupunki"); others fall back to the party's name.
MUNICIPALITY_NAMES = {
    "KU016": ("Asikkala", ""), "KU081": ("Hartola", "Gustav Adolfs"), "KU098": ("Hollola", ""),
    "KU111": ("Heinola", ""), "KU142": ("Iitti", "Itis"), "KU316": ("Kärkölä", ""), "KU398": ("Lahti", "Lahtis"),
    "KU560": ("Orimattila", ""), "KU576": ("Padasjoki", ""), "KU781": ("Sysmä", ""),
}
KIND_ORDER = {"municipality": 0, "area": 1, "region": 2, "country": 3}


@dataclass(frozen=True)
class Area:
    code: str
    kind: str  # municipality | area | region | country
    name_fi: str
    name_sv: str = ""
    party_id: int | None = None

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
    """All known areas, loaded once per import/report (two queries), so lookups cost nothing."""

    def __init__(self):
        self.by_code: dict[str, Area] = {}
        for party in Party.objects.exclude(municipality_code="").only("pk", "name_fi", "name_sv", "municipality_code"):
            name_fi, name_sv = MUNICIPALITY_NAMES.get(party.statfin_code, (party.name_fi, party.name_sv))
            self.by_code[party.statfin_code] = Area(party.statfin_code, "municipality", name_fi, name_sv, party.pk)
        for area in EmploymentArea.objects.select_related("responsible_municipality"):
            code = f"TA{area.responsible_municipality.municipality_code}"
            self.by_code[code] = Area(code, "area", area.name_fi, area.name_sv)
        for code, name in REGIONS.items():
            self.by_code[code] = Area(code, "region", name, REGIONS_SV.get(code, ""))
        self.by_code[COUNTRY] = Area(COUNTRY, "country", "Koko maa", "Hela landet")

    def get(self, code: str) -> Area | None:
        return self.by_code.get(normalise(code))

    def name(self, code: str) -> str:
        """The area's name in the active language; an unknown code stands for itself."""
        area = self.by_code.get(code)
        return area.name if area else code

    def sort_key(self, code: str):
        area = self.by_code.get(code)
        return (KIND_ORDER.get(area.kind, 9), area.name_fi) if area else (9, code)


def authority_area_codes(authority: EmploymentAuthority | None, day: dt.date | None = None) -> list[str]:
    """The municipalities of a report's scope, then the area, the region and the country.

    None is the steering group's scope: both authorities (Lahti and the employment area).
    """
    day = day or timezone.localdate()
    authorities = [authority] if authority else list(
        EmploymentAuthority.objects.select_related("party", "employment_area__responsible_municipality"))
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
