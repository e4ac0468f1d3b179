"""The pilot agreement's staff transfer plan (yhteistyösopimus 3.6), exactly as the document gives it.

The document says 50,6 person-years in all, of which 44,3 base and 6,4 temporary (until
31.12.2021): 44,3 + 6,4 = 50,7. The figures are stored as given; TransferPlan.mismatches() shows
the difference as a warning.
"""

import datetime as dt
from decimal import Decimal

from django.db import transaction

from parties.models import Party

from .models import TransferAllocation, TransferPlan

PILOT_PLAN_TITLE = "Kuntakokeilu: TE-toimistosta siirtyvä henkilöstö (yhteistyösopimus 3.6)"
PILOT_ALLOCATIONS = [
    ("Lahden kaupunki", Decimal("41.2")),
    ("Hollolan kunta", Decimal("4")),
    ("Kärkölän kunta", Decimal("1.1")),
    ("Orimattilan kaupunki", Decimal("3.1")),
    ("Asikkalan kunta", Decimal("1.2")),
]


@transaction.atomic
def seed_pilot_transfer_plan() -> TransferPlan:
    plan, _created = TransferPlan.objects.update_or_create(
        title=PILOT_PLAN_TITLE,
        defaults={
            "sending_party": Party.objects.get(name_fi="Hämeen TE-toimisto"),
            "total_person_years": Decimal("50.6"),
            "base_person_years": Decimal("44.3"),
            "temporary_person_years": Decimal("6.4"),
            "temporary_until": dt.date(2021, 12, 31),
            "source": "Työllisyyden edistämisen kuntakokeilun yhteistyösopimus 2021, kohta 3.6",
        },
    )
    for name, person_years in PILOT_ALLOCATIONS:
        TransferAllocation.objects.update_or_create(
            plan=plan, municipality=Party.objects.get(name_fi=name), defaults={"person_years": person_years})
    return plan
