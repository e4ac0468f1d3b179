"""Parties named in the two seed documents, with the facts DESIGN.md section 3 gives.

Idempotent: keyed by the Finnish name, so running it again updates in place. Business IDs
are copied exactly as the documents give them; parties whose ID the documents do not give
are left without one rather than guessed.
"""

import datetime as dt

from django.db import transaction

from .models import EmploymentArea, EmploymentAreaMembership, EmploymentAuthority, Party, PartySuccession

K = Party.Kind
SERVICES_REFORM = dt.date(2025, 1, 1)   # TE services moved to municipalities (laki 380/2023)
STATE_REFORM = dt.date(2026, 1, 1)      # ELY centres → elinvoimakeskukset

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
    ("KEHA-keskus", "Utvecklings- och förvaltningscentret för NTM-centralerna och arbets- och näringsbyråerna",
     K.STATE_AGENCY, "2296962-1", "", "", "", "", ""),
    ("Kaakkois-Suomen elinvoimakeskus", "Livskraftscentralen i Sydöstra Finland", K.STATE_AGENCY, "", "", "", "",
     "", ""),
    ("Elinvoimakeskusten kehittämis- ja hallintokeskus", "Utvecklings- och förvaltningscentret för "
     "livskraftscentralerna", K.STATE_AGENCY, "", "", "", "", "", ""),
]

VALIDITY = {
    "Hämeen TE-toimisto": (None, dt.date(2024, 12, 31)),
    "Hämeen ELY-keskus": (None, dt.date(2025, 12, 31)),
    "KEHA-keskus": (None, dt.date(2025, 12, 31)),
    "Kaakkois-Suomen elinvoimakeskus": (STATE_REFORM, None),
    "Elinvoimakeskusten kehittämis- ja hallintokeskus": (STATE_REFORM, None),
}

SUCCESSIONS = [
    ("Hämeen ELY-keskus", "Kaakkois-Suomen elinvoimakeskus", STATE_REFORM,
     "ELY-keskusten tehtävät siirtyivät elinvoimakeskuksille; "
     "Päijät-Häme kuuluu Kaakkois-Suomen elinvoimakeskukseen."),
    ("KEHA-keskus", "Elinvoimakeskusten kehittämis- ja hallintokeskus", STATE_REFORM,
     "KEHA-keskus nimettiin uudelleen."),
]

AREA_MEMBERS = [
    "Asikkalan kunta", "Hartolan kunta", "Heinolan kaupunki", "Hollolan kunta", "Iitin kunta", "Kärkölän kunta",
    "Orimattilan kaupunki", "Padasjoen kunta", "Sysmän kunta",
]


@transaction.atomic
def seed_parties() -> dict[str, Party]:
    by_name: dict[str, Party] = {}
    for name_fi, name_sv, kind, business_id, code, postal, street, postcode, office in PARTIES:
        valid_from, valid_until = VALIDITY.get(name_fi, (None, None))
        party, _created = Party.objects.update_or_create(
            name_fi=name_fi,
            defaults={
                "name_sv": name_sv, "kind": kind, "business_id": business_id, "municipality_code": code,
                "postal_address": postal, "street_address": street, "postal_code": postcode,
                "post_office": office, "valid_from": valid_from, "valid_until": valid_until,
            },
        )
        party.full_clean()  # a seed that breaks our own validation is a bug, not data to keep
        by_name[name_fi] = party

    for predecessor, successor, day, note in SUCCESSIONS:
        PartySuccession.objects.update_or_create(
            predecessor=by_name[predecessor], successor=by_name[successor],
            defaults={"effective_date": day, "note": note},
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
