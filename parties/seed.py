"""Parties named in the two seed documents, with the facts DESIGN.md section 3 gives.

Idempotent: keyed by the Finnish name, so running it again updates in place. Business IDs
are copied exactly as the documents give them; parties whose ID the documents do not give
are left without one rather than guessed.
"""

import datetime as dt

from django.db import transaction

from .models import (
    EmploymentArea,
    EmploymentAreaMembership,
    EmploymentAuthority,
    Party,
    PartyName,
    PartySuccession,
)

K = Party.Kind
SERVICES_REFORM = dt.date(2025, 1, 1)   # TE services moved to municipalities (laki 380/2023)
STATE_REFORM = dt.date(2026, 1, 1)      # ELY centres → elinvoimakeskukset, KEHA renamed

# Marks a fact the sources do not give: shown as such, never guessed.
TO_BE_COMPLETED = "Täydennettävä"

SRC_PILOT = "Kuntakokeilun yhteistyösopimus, kohta 1 (shared/seeds/003)"
SRC_LOI = "Aiesopimus, luku 1 (shared/seeds/000)"
SRC_REFORM_2025 = ("Laki työvoimapalvelujen järjestämisestä 380/2023, 12 §; aiesopimus, luku 1 (shared/seeds/000); "
                   "DESIGN.md 3")
SRC_REFORM_2026 = "Valtion aluehallinnon uudistus 1.1.2026; DESIGN.md 3"

KEHA_NAME = "Työllisyys-, kehittämis- ja hallintokeskus (KEHA-keskus)"
KEHA_FORMER_NAME = ("Elinkeino-, liikenne- ja ympäristökeskusten sekä työ- ja elinkeinotoimistojen kehittämis- ja "
                    "hallintokeskus")

# name_fi, name_sv, kind, business_id, municipality_code, postal_address, street, postcode, office
PARTIES = [
    ("Lahden kaupunki", "Lahtis stad", K.CITY, "0149669-3", "398", "PL 202", "Harjukatu 31", "15101", "Lahti"),
    ("Orimattilan kaupunki", "Orimattila stad", K.CITY, "0129920-0", "560", "PL 46", "Erkontie 9", "16301",
     "Orimattila"),
    ("Asikkalan kunta", "Asikkala kommun", K.MUNICIPALITY, "0145208-4", "016", "PL 6", "Rusthollintie 2", "17201",
     "Vääksy"),
    ("Hollolan kunta", "Hollola kommun", K.MUNICIPALITY, "0146248-5", "098", "PL 66", "Virastotie 3", "15871",
     "Hollola"),
    ("Kärkölän kunta", "Kärkölä kommun", K.MUNICIPALITY, "0148268-9", "316", "", "Virkatie 1", "16600", "Järvelä"),
    ("Hartolan kunta", "Hartola kommun", K.MUNICIPALITY, "", "081", "", "", "", ""),
    ("Heinolan kaupunki", "Heinola stad", K.CITY, "", "111", "", "", "", ""),
    ("Iitin kunta", "Itis kommun", K.MUNICIPALITY, "", "142", "", "", "", ""),
    ("Padasjoen kunta", "Padasjoki kommun", K.MUNICIPALITY, "", "576", "", "", "", ""),
    ("Sysmän kunta", "Sysmä kommun", K.MUNICIPALITY, "", "781", "", "", "", ""),
    # The pilot agreement gives all three state units the same business ID (one legal entity).
    ("Hämeen TE-toimisto", "Tavastlands arbets- och näringsbyrå", K.STATE_AGENCY, "2296962-1", "", "", "", "", ""),
    ("Hämeen ELY-keskus", "Närings-, trafik- och miljöcentralen i Tavastland", K.STATE_AGENCY, "2296962-1", "",
     "", "", "", ""),
    # Renamed on 1.1.2026, still "KEHA-keskus" with the same business ID: one party, its former
    # name kept in FORMER_NAMES. Its Swedish name after the renaming is not in the sources.
    (KEHA_NAME, "", K.STATE_AGENCY, "2296962-1", "", "", "", "", ""),
    ("Kaakkois-Suomen elinvoimakeskus", "Livskraftscentralen i Sydöstra Finland", K.STATE_AGENCY, "", "", "", "",
     "", ""),
    ("Lupa- ja valvontavirasto", "", K.STATE_AGENCY, "", "", "", "", "", ""),
]

# Other names the seed and the documents use for a party (looked up before creating one).
ALIASES = {KEHA_NAME: ["KEHA-keskus"]}

VALIDITY = {
    "Hämeen TE-toimisto": (None, dt.date(2024, 12, 31)),
    "Hämeen ELY-keskus": (None, dt.date(2025, 12, 31)),
    "Kaakkois-Suomen elinvoimakeskus": (STATE_REFORM, None),
    "Lupa- ja valvontavirasto": (STATE_REFORM, None),
}

NOTES = {
    KEHA_NAME: "Lyhenne edelleen KEHA-keskus; sama Y-tunnus kuin ennen nimenmuutosta 1.1.2026. "
               f"{TO_BE_COMPLETED}: ruotsinkielinen nimi, osoite.",
    "Kaakkois-Suomen elinvoimakeskus": f"{TO_BE_COMPLETED}: Y-tunnus, osoite.",
    "Lupa- ja valvontavirasto": f"{TO_BE_COMPLETED}: Y-tunnus, ruotsinkielinen nimi, osoite.",
    "Hämeen TE-toimisto": "Virallinen nimi: Hämeen työ- ja elinkeinotoimisto (kuntakokeilun yhteistyösopimus, "
                          "kohta 1).",
    "Hämeen ELY-keskus": "Virallinen nimi: Hämeen elinkeino-, liikenne- ja ympäristökeskus (kuntakokeilun "
                         "yhteistyösopimus, kohta 1).",
}

# party, former name fi, former name sv, valid until, source
FORMER_NAMES = [
    (KEHA_NAME, f"{KEHA_FORMER_NAME} (KEHA-keskus)",
     "Utvecklings- och förvaltningscentret för NTM-centralerna och arbets- och näringsbyråerna",
     dt.date(2025, 12, 31), f"{SRC_PILOT}; nimenmuutos 1.1.2026: DESIGN.md 3"),
]

# predecessor, successor, date, duties taken over, source, note
SUCCESSIONS = [
    ("Hämeen TE-toimisto", "Lahden kaupunki", SERVICES_REFORM,
     "Julkisten työvoimapalvelujen järjestäminen Lahdessa; Lahti toimii itsenäisenä työvoimaviranomaisena.",
     SRC_REFORM_2025, ""),
    ("Hämeen TE-toimisto", "Hollolan kunta", SERVICES_REFORM,
     "Julkisten työvoimapalvelujen järjestäminen Päijät-Hämeen työllisyysalueella (Asikkala, Hartola, Heinola, "
     "Hollola, Iitti, Kärkölä, Orimattila, Padasjoki, Sysmä); vastuukuntana Hollola, työvoimaviranomaisena "
     "työllisyysalueen lautakunta (kuntalaki 51 §).",
     SRC_REFORM_2025, f"{TO_BE_COMPLETED}: TE-toimiston seuraajat Päijät-Hämeen ulkopuolella."),
    ("Hämeen ELY-keskus", "Kaakkois-Suomen elinvoimakeskus", STATE_REFORM,
     "ELY-keskuksen tehtävät Päijät-Hämeessä, lupa- ja valvontatehtäviä lukuun ottamatta.",
     SRC_REFORM_2026, f"{TO_BE_COMPLETED}: tarkempi tehtäväjako ja seuraajat Päijät-Hämeen ulkopuolella."),
    ("Hämeen ELY-keskus", "Lupa- ja valvontavirasto", STATE_REFORM,
     "Osa ELY-keskuksen tehtävistä: lupa- ja valvontatehtävät.",
     SRC_REFORM_2026, f"{TO_BE_COMPLETED}: tarkempi tehtäväjako."),
]

AREA_MEMBERS = [
    "Asikkalan kunta", "Hartolan kunta", "Heinolan kaupunki", "Hollolan kunta", "Iitin kunta", "Kärkölän kunta",
    "Orimattilan kaupunki", "Padasjoen kunta", "Sysmän kunta",
]


def _find(name_fi: str) -> Party | None:
    names = [name_fi, *ALIASES.get(name_fi, [])]
    return Party.objects.filter(name_fi__in=names).order_by("pk").first()


@transaction.atomic
def seed_parties() -> dict[str, Party]:
    by_name: dict[str, Party] = {}
    for name_fi, name_sv, kind, business_id, code, postal, street, postcode, office in PARTIES:
        valid_from, valid_until = VALIDITY.get(name_fi, (None, None))
        party = _find(name_fi) or Party(name_fi=name_fi)
        fields = {
            "name_fi": name_fi, "name_sv": name_sv, "kind": kind, "business_id": business_id,
            "municipality_code": code, "postal_address": postal, "street_address": street, "postal_code": postcode,
            "post_office": office, "valid_from": valid_from, "valid_until": valid_until,
            "notes": NOTES.get(name_fi, party.notes),
        }
        for field, value in fields.items():
            setattr(party, field, value)
        party.full_clean()  # a seed that breaks our own validation is a bug, not data to keep
        party.save()
        by_name[name_fi] = party
        for alias in ALIASES.get(name_fi, []):
            by_name[alias] = party

    for name, former_fi, former_sv, until, source in FORMER_NAMES:
        PartyName.objects.update_or_create(
            party=by_name[name], valid_until=until,
            defaults={"name_fi": former_fi, "name_sv": former_sv, "source": source},
        )

    for predecessor, successor, day, duties, source, note in SUCCESSIONS:
        PartySuccession.objects.update_or_create(
            predecessor=by_name[predecessor], successor=by_name[successor],
            defaults={"effective_date": day, "duties": duties, "source": source, "note": note},
        )

    area, _created = EmploymentArea.objects.update_or_create(
        name_fi="Päijät-Hämeen työllisyysalue",
        defaults={
            "name_sv": "Päijänne-Tavastlands sysselsättningsområde",
            "responsible_municipality": by_name["Hollolan kunta"],
            "valid_from": SERVICES_REFORM,
        },
    )
    for name in AREA_MEMBERS:
        EmploymentAreaMembership.objects.get_or_create(
            area=area, municipality=by_name[name], defaults={"start": SERVICES_REFORM}
        )
    EmploymentAuthority.objects.update_or_create(
        name_fi="Lahden kaupungin työvoimaviranomainen",
        defaults={"name_sv": "Lahtis stads arbetskraftsmyndighet", "party": by_name["Lahden kaupunki"],
                  "valid_from": SERVICES_REFORM},
    )
    EmploymentAuthority.objects.update_or_create(
        name_fi="Päijät-Hämeen työllisyysalue",
        defaults={"name_sv": "Päijänne-Tavastlands sysselsättningsområde", "employment_area": area,
                  "valid_from": SERVICES_REFORM},
    )
    return by_name
