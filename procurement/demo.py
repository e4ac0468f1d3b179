"""Demo data: the pilot's transfer plan, a DPS of outcome-based employment services, a quota split.

Idempotent: everything is keyed by a title or business ID; a second run changes nothing.
"""

import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import Group

from parties.models import Party, User

from . import services
from .apps import sync_groups
from .models import (
    Appropriation,
    CostShare,
    DisruptionReport,
    DPSAdmission,
    DPSCategory,
    JointProcurement,
    PaymentMilestone,
    ProcurementContract,
    ProcurementNeed,
    ProcurementStage,
    Quota,
    QuotaEntry,
    StaffTransfer,
    Supplier,
)
from .seed import seed_pilot_transfer_plan

DPS_TITLE = "Tulosperusteiset työllisyyspalvelut – dynaaminen hankintajärjestelmä"
SUPPLIERS = [  # fictitious companies; business IDs pass the check digit
    ("Työpolku Oy", "3141593-8", "reklamaatiot@tyopolku.example"),
    ("Uraverstas Oy", "2718282-8", "asiakaspalvelu@uraverstas.example"),
    ("Osaajasilta Oy", "2236067-2", "palaute@osaajasilta.example"),
]
DEMO_TRANSFERS = [  # fictitious officials
    ("Anna Esimerkki", "Lahden kaupunki", "base", "1.00"),
    ("Pekka Malli", "Lahden kaupunki", "base", "1.00"),
    ("Liisa Koe", "Lahden kaupunki", "temporary", "0.50"),
    ("Matti Testaaja", "Hollolan kunta", "base", "1.00"),
]


def seed(stdout=None) -> None:
    sync_groups()
    p = {party.name_fi: party for party in Party.objects.all()}
    lahti, hollola = p["Lahden kaupunki"], p["Hollolan kunta"]
    _demo_people()

    plan = seed_pilot_transfer_plan()
    for name, municipality, resource, person_years in DEMO_TRANSFERS:
        StaffTransfer.objects.get_or_create(
            plan=plan, official_name=name,
            defaults={"consent_date": dt.date(2021, 2, 15), "from_office": "Hämeen TE-toimisto, Lahden toimipiste",
                      "to_municipality": p[municipality], "resource": resource,
                      "person_years": Decimal(person_years), "starts_on": dt.date(2021, 3, 1),
                      "ends_on": dt.date(2021, 12, 31) if resource == "temporary" else dt.date(2023, 6, 30)})

    ProcurementNeed.objects.get_or_create(
        party=hollola, title="Tulosperusteinen työhönvalmennus pitkäaikaistyöttömille",
        defaults={"service_type": "Työhönvalmennus", "cpv_code": "79600000-0",
                  "target_groups": "Yli 12 kuukautta työttömänä olleet", "estimated_volume": "80 asiakasta vuodessa",
                  "estimated_value": Decimal("180000"), "needed_from": dt.date(2026, 3, 1),
                  "justification": "Aiempi hankinta päättyy; tulosperusteisuus tukee työllistymistä."})

    dps, created = JointProcurement.objects.get_or_create(
        title=DPS_TITLE,
        defaults={"description": "Työvoimaviranomaisten yhteinen dynaaminen hankintajärjestelmä "
                                 "tulosperusteisille työllisyyspalveluille (aiesopimus 3 IV).",
                  "lead_party": lahti, "cpv_code": "79600000-0", "contract_type": "other_specific",
                  "estimated_value": Decimal("2400000"), "procedure": JointProcurement.Procedure.DPS,
                  "hilma_notice_number": "2026-012345"})
    if created:
        for party, percent in ((lahti, "62.50"), (hollola, "37.50")):
            CostShare.objects.create(procurement=dps, party=party, percent=Decimal(percent))
        for stage, day, ref in (("need", dt.date(2025, 9, 1), ""),
                                ("planning", dt.date(2025, 10, 15), "Ohjausryhmä 15.10.2025 § 7"),
                                ("notice", dt.date(2026, 1, 12), ""),
                                ("contract", dt.date(2026, 3, 2), "Lahden työllisyysjohtaja 27.2.2026 § 3")):
            ProcurementStage.objects.create(procurement=dps, stage=stage, date=day, decision_reference=ref)
        for seq, (title, amount) in enumerate((("Työsuhde alkanut", "400"),
                                               ("Työllistynyt 6 kuukaudeksi", "1500"),
                                               ("Työllistynyt 12 kuukaudeksi", "1000")), start=1):
            PaymentMilestone.objects.create(procurement=dps, title=title, amount=Decimal(amount), sequence=seq)
    suppliers = []
    for name, business_id, email in SUPPLIERS:
        supplier, _ = Supplier.objects.get_or_create(business_id=business_id, defaults={"name": name, "email": email})
        suppliers.append(supplier)
    categories = {}
    for name in ("Työhönvalmennus", "Nuorten työllistymispalvelut"):
        categories[name], _ = DPSCategory.objects.get_or_create(procurement=dps, name=name)
    for i, supplier in enumerate(suppliers):
        DPSAdmission.objects.get_or_create(category=categories["Työhönvalmennus"], supplier=supplier,
                                           defaults={"admitted_on": dt.date(2026, 2, 1)})
        if i < 2:
            DPSAdmission.objects.get_or_create(category=categories["Nuorten työllistymispalvelut"], supplier=supplier,
                                               defaults={"admitted_on": dt.date(2026, 2, 10)})
        ProcurementContract.objects.get_or_create(
            procurement=dps, supplier=supplier,
            defaults={"title": f"Hankintasopimus: {supplier.name}",
                      "terms": "Maksu tulosmaksuina DPS:n ehtojen mukaan.", "signed_on": dt.date(2026, 3, 2),
                      "starts_on": dt.date(2026, 3, 2), "ends_on": dt.date(2029, 12, 31)})
    contract = ProcurementContract.objects.get(procurement=dps, supplier=suppliers[0])
    DisruptionReport.objects.get_or_create(
        contract=contract, title="Valmennustapaamisia peruttu ilman ilmoitusta",
        defaults={"reporting_party": hollola, "description": "Kolmen asiakkaan tapaamiset peruttiin viikolla 40.",
                  "occurred_on": dt.date(2026, 9, 30), "reported_on": dt.date(2026, 10, 2),
                  "forwarded_on": dt.date(2026, 10, 5), "answer_due": dt.date(2026, 10, 19)})

    appropriation, created = Appropriation.objects.get_or_create(
        year=2026, item=Appropriation.Item.EMPLOYMENT,
        defaults={"amount": Decimal("4250000.00"), "description": "Palkkatuki ja starttiraha"})
    admin = User.objects.filter(is_superuser=True).first()  # parties.demo runs first and creates one
    if admin is not None and not Quota.objects.filter(split__appropriation=appropriation).exists():
        split = services.quota_split_run(appropriation=appropriation, customer_counts={lahti: 9412, hollola: 5873},
                                         counts_on=dt.date(2026, 1, 31), acting_user=admin,
                                         basis="Työnhakija-asiakkaat 31.1.2026 (tyonv 12r5)")
        lahti_amount = split.quotas.get(party=lahti).amount
        QuotaEntry.objects.create(appropriation=appropriation, party=lahti, kind="commitment",
                                  amount=(lahti_amount * Decimal("0.83")).quantize(Decimal("0.01")),
                                  date=dt.date(2026, 10, 31), description="Palkkatukipäätökset 1–10/2026")
        QuotaEntry.objects.create(appropriation=appropriation, party=lahti, kind="spending",
                                  amount=(lahti_amount * Decimal("0.61")).quantize(Decimal("0.01")),
                                  date=dt.date(2026, 10, 31), description="Maksetut tuet 1–10/2026")
    if stdout is not None:
        stdout.write("Procurement: pilot staff transfer plan, DPS of outcome-based employment services, 2026 quotas.")


def _demo_people() -> None:
    """The Orimattila working-group member is in the procurement group; the Lahti official is also HR."""
    for email, group in (("tyoryhma@orimattila.example", "procurement_group"),
                         ("virkailija@lahti.example", "hr_officer")):
        user = User.objects.filter(email=email).first()
        if user is not None:
            user.groups.add(Group.objects.get(name=group))
